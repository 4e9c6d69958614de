"""The full-feature project in every builder: no warnings, full text, and a PDF.

tests/roots/test-builders: the bundled glossary page plus a project glossary
file, roles in reStructuredText and MyST (alias, plural, qualified definition),
an index entry and a toctree. One build per builder (module-scoped,
parametrised), so each project is built once however many tests look at it.
gettext must not put the glossary's text into the user's catalog; linkcheck
has nothing external to check (and must not reach the network).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import BUILDERS, HTML_BUILDERS, load_seeds
from sphinx.testing.util import SphinxTestApp

#: Builders that write the glossary text (gettext and linkcheck write reports).
DOCUMENT_BUILDERS = BUILDERS[:8]
NON_HTML_BUILDERS = ("latex", "text", "man", "texinfo")


def builders(*names: str) -> pytest.MarkDecorator:
    """Run a test on these builders' outputs (one module-wide build each)."""
    return pytest.mark.parametrize("built", names, indirect=True)


#: Where each builder writes the page.
OUTPUT = {
    "html": "index.html",
    "dirhtml": "index.html",
    "singlehtml": "index.html",
    "epub": "index.xhtml",
    "latex": "aiterms.tex",
    "text": "index.txt",
    "man": "aiterms.7",
    "texinfo": "aiterms.texi",
    "gettext": "index.pot",
    "linkcheck": "output.txt",
}
#: Terms in the project's own glossary file (terms.yaml).
USER_TERMS = 1
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Built:
    builder: str
    outdir: Path
    warnings: str

    @property
    def text(self) -> str:
        return (self.outdir / OUTPUT[self.builder]).read_text("utf-8")


def _build(
    root: Path, dest: Path, builder: str, confoverrides: dict[str, object] | None = None
) -> Built:
    src = dest / "src"
    shutil.copytree(root, src)
    warning = StringIO()
    app = SphinxTestApp(
        builder, srcdir=src, status=StringIO(), warning=warning, confoverrides=confoverrides
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Built(builder, app.outdir, ANSI.sub("", warning.getvalue()))


@pytest.fixture(scope="module")
def built(
    request: pytest.FixtureRequest, rootdir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Built:
    builder = str(request.param)
    return _build(rootdir / "test-builders", tmp_path_factory.mktemp(builder), builder)


@pytest.fixture(scope="module")
def latex(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(rootdir / "test-builders", tmp_path_factory.mktemp("pdf"), "latex")


def _words(text: str) -> str:
    """Text with markup-independent spacing (builders wrap and re-space lines)."""
    return " ".join(text.split())


def _plain_sentences() -> list[str]:
    """Sentences from the middle and the end of long definitions, free of
    Markdown, math and characters that builders escape, so every output format
    must contain them verbatim when the definitions are rendered in full."""
    label = load_seeds().by_definition_id("label-smoothing")
    assert label is not None
    last = label.body.rsplit("\n\n", 1)[1]
    assert last.startswith("Label smoothing is ")
    return [
        "When label noise is already high (smoothing adds more uncertainty).",
        "Standard since Inception v2",  # a table cell
        "making it a default inclusion in most modern training recipes.",
    ]


@builders(*BUILDERS)
def test_builds_without_warnings(built: Built) -> None:
    assert built.warnings == ""


@builders(*DOCUMENT_BUILDERS)
def test_every_definition_is_written_in_full(built: Built) -> None:
    text = built.text
    if built.builder == "man":
        text = text.replace("\\-", "-").replace("\\(aq", "'")
    words = _words(text)
    for sentence in _plain_sentences():
        assert sentence in words, (built.builder, sentence)
    # ...and every term's name (which no builder escapes), in every builder.
    plain = [t.display for t in load_seeds() if re.fullmatch(r"[A-Za-z ]+", t.display)]
    assert len(plain) > 50
    for title in plain:
        assert title in words, (built.builder, title)


@builders(*HTML_BUILDERS)
def test_html_builders_have_every_anchor(built: Built) -> None:
    soup = BeautifulSoup(built.text, "html.parser")
    all_ids = [str(t["id"]) for t in soup.find_all(id=True)]
    term_ids = {i for i in all_ids if re.match(r"aiterm-(?!def-|card-)", i)}
    assert {t.anchor for t in load_seeds()} <= term_ids
    legacy = {a for t in load_seeds() for a in t.legacy_anchors}
    assert legacy <= term_ids  # 0.1's anchors still arrive
    assert len(term_ids - legacy) == 138 + USER_TERMS
    assert len([i for i in all_ids if i.startswith("aiterm-def-")]) == 165 + USER_TERMS
    assert soup.select(".aiterms-jumpbar")
    assert soup.find_all("math")


@builders(*NON_HTML_BUILDERS)
def test_non_html_builders_get_a_definition_list(built: Built) -> None:
    text = built.text
    if built.builder == "latex":
        assert "\\begin{description}" in text
        assert "\\sphinxlineitem{" in text
        # Real math for the PDF, not MathML and not escaped TeX.
        assert "\\frac{\\text{Detected Faults}}{\\text{Total Testable Faults}}" in text
        assert "<math" not in text
        # No HTML-only navigation, and no emoji (no PDF font can draw them).
        assert "aiterms-letter" not in text and "Terms starting with" not in text
        assert not re.search("[\U0001f300-\U0001faff]", text)
    elif built.builder == "texinfo":
        assert "@table" in text
    elif built.builder == "man":
        assert ".TP" in text
    else:
        assert built.builder == "text"
        # A definition list: the term flush left, its definition indented.
        assert re.search(r"^label smoothing\n {3}\S", text, re.MULTILINE)
        assert "Terms starting with" not in text


def _have_latex() -> bool:
    return bool(shutil.which("xelatex") and shutil.which("latexmk"))


@pytest.mark.slow
@pytest.mark.skipif(
    not _have_latex() and not os.environ.get("CI"),
    reason="xelatex/latexmk not installed (required when CI is set)",
)
def test_pdf_builds_with_xelatex(latex: Built) -> None:
    assert _have_latex(), "CI must install latexmk and texlive-xetex (see .ci/run)"
    assert latex.warnings == ""
    result = subprocess.run(
        [
            "latexmk",
            "-pdfxe",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "aiterms.tex",
        ],
        cwd=latex.outdir,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    log_file = latex.outdir / "aiterms.log"
    log = log_file.read_text("utf-8", errors="replace") if log_file.exists() else ""
    assert result.returncode == 0, (result.stdout[-3000:], log[-3000:])
    pdf = latex.outdir / "aiterms.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 100_000
    # Every glyph of the seeds is in the configured fonts.
    assert "Missing character" not in log


@builders("gettext")
def test_gettext_catalog_has_the_users_text_only(built: Built) -> None:
    catalogs = {p.name: p.read_text("utf-8") for p in built.outdir.glob("*.pot")}
    assert set(catalogs) == {"index.pot", "usage.pot", "notes.pot"}
    everything = "\n".join(catalogs.values())
    # the user's prose, with its roles, is extracted...
    assert 'msgid "Plain prose about attention sinks and RAG pipelines."' in everything
    assert ":term-ai:`widget tuning`" in everything
    assert "{term-ai}`KV cache`" in everything
    # ...the glossary's own text is not (neither bundled nor the project's file)
    assert "Label smoothing" not in everything
    assert "adjusting widgets until they behave" not in everything
    assert everything.count("msgid ") < 20


@builders("linkcheck")
def test_linkcheck_finds_nothing_to_fetch(built: Built) -> None:
    assert built.text == ""  # output.txt lists broken and redirected links
    # Term links are same-page anchors: reported "unchecked", never fetched.
    entries = [
        json.loads(line)
        for line in (built.outdir / "output.json").read_text("utf-8").splitlines()
        if line.strip()
    ]
    assert entries
    assert {e["status"] for e in entries} == {"unchecked"}
    # (Sphinx 7.3 reports a :doc: link's uri as "", later versions as "#anchor")
    assert all(e["uri"] == "" or e["uri"].startswith("#") for e in entries), entries
    assert any(e["uri"].startswith("#aiterm-") for e in entries)


def _all_output(built: Built) -> str:
    suffix = Path(OUTPUT[built.builder]).suffix
    return "\n".join(p.read_text("utf-8") for p in sorted(built.outdir.rglob(f"*{suffix}")))


@builders(*DOCUMENT_BUILDERS)
def test_role_links_in_every_builder(built: Built) -> None:
    """References link where they can, and degrade to plain text elsewhere."""
    if built.builder in HTML_BUILDERS:
        soup = BeautifulSoup(_all_output(built), "html.parser")
        hrefs = [str(a["href"]) for a in soup.select("a.aiterm")]
        assert any(h.endswith("#aiterm-def-attribution-rag") for h in hrefs), hrefs
        assert any(h.endswith("#aiterm-kv-cache") for h in hrefs), hrefs
        assert any(h.endswith("#aiterm-widget-tuning") for h in hrefs), hrefs
    else:
        words = _words(_all_output(built).replace("\\-", "-"))
        assert "the RAG one" in words and "widget tuning" in words


def test_gettext_opt_in_extracts_the_glossary(rootdir: Path, tmp_path: Path) -> None:
    """``aiterms_translate_glossary = True``: the glossary's text is the project's
    to translate too, so its definitions reach the catalogs."""
    built = _build(
        rootdir / "test-builders", tmp_path, "gettext", {"aiterms_translate_glossary": True}
    )
    everything = "\n".join(p.read_text("utf-8") for p in built.outdir.glob("*.pot"))
    assert "adjusting widgets until they behave" in everything
    assert everything.count("msgid ") > 100
