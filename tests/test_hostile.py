"""Hostile glossary content and broken configuration.

tests/roots/test-hostile has a project glossary whose terms, aliases,
categories, titles and bodies hold HTML, quotes, ``</script>``, ``</template>``,
``javascript:`` URLs, RTL overrides, combining marks, roff/texinfo/LaTeX
commands, a 10,000-character term and four terms whose slugs collide
(``hostile.yaml``), and math that styles, links or runs TeX commands, a name
that is only a right-to-left mark, terminal escapes, ``;`` in a name and
unclosed blocks (``more.yaml``). Every builder must write it without crashing,
warning only about the second file's located problems, as inert text: no
element, attribute, URL or script comes from the glossary in HTML; no request
in man pages, no command in texinfo or LaTeX. (Browser-side checks are in
test_cards_browser.py and test_math_security.py.)

Broken configuration (wrong types, unknown categories and terms in filters,
missing glossary files) gives one warning naming each option, and the build
goes on with the default or the valid rest.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import BUILDERS, HTML_BUILDERS, strip_colors
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"
#: Attributes holding URLs.
URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data")
#: Script types a browser executes.
JS_TYPES = (None, "", "text/javascript", "application/javascript", "module")


@dataclass
class Built:
    builder: str
    outdir: Path
    warnings: str

    def files(self, *suffixes: str) -> dict[str, str]:
        return {
            str(p.relative_to(self.outdir)): p.read_text("utf-8")
            for p in sorted(self.outdir.rglob("*"))
            if p.suffix in suffixes and "_static" not in p.parts
        }


#: One build per builder per test process, shared by every test that needs it.
_BUILT: dict[str, Built] = {}


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Built]:
    def get(builder: str) -> Built:
        if builder not in _BUILT:
            src = tmp_path_factory.mktemp(f"hostile-{builder}") / "src"
            shutil.copytree(ROOTS / "test-hostile", src)
            warning = StringIO()
            app = SphinxTestApp(builder, srcdir=src, status=StringIO(), warning=warning)
            try:
                app.build()
            finally:
                app.cleanup()
            _BUILT[builder] = Built(builder, app.outdir, strip_colors(warning.getvalue()))
        return _BUILT[builder]

    return get


#: The warnings every builder gives: more.yaml's located problems, nothing else.
EXPECTED_WARNINGS = [
    "more.yaml:16: WARNING: an alias has no visible characters (only U+200F RIGHT-TO-LEFT "
    "MARK); it is ignored (terms[3].aliases[0]) [aiterms.glossary]",
    "more.yaml:18: WARNING: control characters removed from the term: U+001B ESC "
    "(terms[4].term) [aiterms.glossary]",
    "more.yaml:19: WARNING: control characters removed from the category: U+001B ESC "
    "(terms[4].category) [aiterms.glossary]",
    "more.yaml:21: WARNING: the term 'alpha; beta' contains ';', which Sphinx's general index "
    "reads as 'entry; sub-entry' (there is no escape for it); this entry is skipped "
    "(terms[5].term) [aiterms.glossary]",
    "more.yaml:27: WARNING: unclosed ``` code fence; the rest of the definition (or of its "
    "list item) is shown as code (terms[6].definition) [aiterms.glossary]",
    "more.yaml:33: WARNING: unclosed $$ display math (no closing $$); it is shown as text "
    "(terms[7].definition) [aiterms.glossary]",
    "more.yaml:4: WARNING: math in the definition of 'cover math' (more.yaml:4) could not be "
    "rendered: \\style is not an allowed command",
    "more.yaml:7: WARNING: math in the definition of 'leak math' (more.yaml:7) could not be "
    "rendered: \\style is not an allowed command",
    "more.yaml:7: WARNING: math in the definition of 'leak math' (more.yaml:7) could not be "
    "rendered: \\href is not an allowed command",
    "more.yaml:10: WARNING: math in the definition of 'tex math' (more.yaml:10) could not be "
    "rendered: \\input is not allowed in a text argument",
    "more.yaml:10: WARNING: math in the definition of 'tex math' (more.yaml:10) could not be "
    "rendered: \\def is not an allowed command",
    "more.yaml:10: WARNING: math in the definition of 'tex math' (more.yaml:10) could not be "
    "rendered: \\immediate is not allowed in a text argument",
]


@pytest.mark.parametrize("builder", BUILDERS)
def test_only_the_located_problems_warn(build: Callable[[str], Built], builder: str) -> None:
    """No crash, and no warning but more.yaml's problems, each at its line."""
    built = build(builder)
    lines = [line.split("/src/", 1)[-1] for line in built.warnings.splitlines()]
    assert len(lines) == len(EXPECTED_WARNINGS), built.warnings
    for line, expected in zip(lines, EXPECTED_WARNINGS, strict=True):
        assert line.startswith(expected), (line, expected)


def _html_problems(raw: str) -> list[str]:
    """Everything in a page that a browser would act on and that came from the glossary."""
    soup = BeautifulSoup(raw, "html.parser")
    problems = []
    for tag in soup.find_all(True):
        for attr, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attr.lower().startswith("on"):
                problems.append(f"event handler {attr} on <{tag.name}>")
            if attr in URL_ATTRS and re.sub(r"\s", "", text).lower().startswith("javascript:"):
                problems.append(f"javascript: URL on <{tag.name}>")
        if tag.name in ("img", "svg", "iframe", "object", "embed") and "alert" in str(tag):
            problems.append(f"<{tag.name}> from the glossary")
    for math in soup.find_all("math"):
        for element in [math, *math.find_all(True)]:
            for attr in ("style", "href", "class", "id"):
                if element.has_attr(attr):
                    problems.append(f"{attr} on <{element.name}> inside math")
    for script in soup.find_all("script"):
        if script.get("type") in JS_TYPES and "alert(" in (script.string or ""):
            problems.append("glossary text inside an executable <script>")
    if raw.count("<template") != raw.count("</template>"):
        problems.append("a </template> broke out of its element")
    ids = [str(t["id"]) for t in soup.find_all(id=True)]
    problems += [f"duplicate id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    return problems


@pytest.mark.parametrize("builder", HTML_BUILDERS)
def test_html_is_inert(build: Callable[[str], Built], builder: str) -> None:
    built = build(builder)
    pages = built.files(".html", ".xhtml")
    assert pages
    for name, raw in pages.items():
        assert _html_problems(raw) == [], name
    text = BeautifulSoup("\n".join(pages.values()), "html.parser").get_text()
    text = text.replace("\u2018", "'").replace("\u2019", "'")  # SmartQuotes
    # the hostile strings are shown, as text
    assert "<script>alert('term')</script>" in text
    assert "onerror=alert('img')" in text
    assert "x" * 10_000 in text  # the long term, in full


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_colliding_anchors_are_distinct_and_linked(
    build: Callable[[str], Built], builder: str
) -> None:
    built = build(builder)
    page = "usage.html" if built.builder == "html" else "usage/index.html"
    soup = BeautifulSoup((built.outdir / page).read_text("utf-8"), "html.parser")
    hrefs = {a.get_text(): str(a["href"]) for a in soup.select("a.aiterm")}
    anchors = [hrefs[name].split("#")[1] for name in ("a b", "a-b", "a_b", "a.b")]
    assert len(set(anchors)) == 4
    index = "index.html"
    glossary = BeautifulSoup((built.outdir / index).read_text("utf-8"), "html.parser")
    for anchor in anchors:
        assert glossary.find(id=anchor) is not None


def test_man_page_has_no_injected_requests(build: Callable[[str], Built]) -> None:
    built = build("man")
    text = (built.outdir / "hostile.7").read_text("utf-8")
    assert not re.search(r"^[.']\s*sh\b", text, re.MULTILINE)
    assert "sh rm" in text  # the line is there, escaped


def test_texinfo_has_no_injected_commands(build: Callable[[str], Built]) -> None:
    built = build("texinfo")
    text = (built.outdir / "hostile.texi").read_text("utf-8")
    assert not re.search(r"(?<!@)@verbatiminclude", text)
    assert "@@verbatiminclude" in text


def test_latex_has_no_injected_commands(build: Callable[[str], Built]) -> None:
    built = build("latex")
    text = (built.outdir / "hostile.tex").read_text("utf-8")
    assert "\\input{/etc/passwd}" not in text
    assert "passwd" in text
    for payload in ("\\def\\sphinxstyleemphasis", "\\immediate\\write18", "\\style{"):
        assert payload not in text, payload
    assert "\\textbackslash{}def\\textbackslash{}sphinxstyleemphasis" in text  # shown


def test_text_output_shows_the_hostile_strings(build: Callable[[str], Built]) -> None:
    built = build("text")
    text = "\n".join(built.files(".txt").values())
    assert "<script>alert('term')</script>" in text
    assert "e\u0301\u0301\u0301" in text


def test_gettext_and_linkcheck_ignore_glossary_content(build: Callable[[str], Built]) -> None:
    catalogs = "\n".join(build("gettext").files(".pot").values())
    assert "alert" not in catalogs
    assert ":term-ai:`evil script`" in catalogs
    # the javascript: "link" in a definition is neither a link nor checked
    linkcheck = build("linkcheck").outdir
    assert (linkcheck / "output.txt").read_text("utf-8") == ""
    assert "javascript" not in (linkcheck / "output.json").read_text("utf-8")


# --- broken configuration ---------------------------------------------------------------

BROKEN_CONF = """
aiterms_bundled = "yes"
aiterms_glossaries = ["hostile.yaml", "more.yaml", "missing.yaml", "_static"]
aiterms_autolink = 1
aiterms_autolink_density = "weird"
aiterms_autolink_categories = ["nonexistent-cat", "House"]
aiterms_autolink_exclude_categories = ["alsonot"]
aiterms_autolink_terms = ["nosuchterm", "evil script", "A B"]
aiterms_card_open_delay = "soon"
aiterms_cards = None
"""


def test_broken_configuration_warns_and_builds(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-hostile", src)
    (src / "_static").mkdir()
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(BROKEN_CONF)
    warning = StringIO()
    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=warning)
    try:
        app.build()
        config = app.config
        assert config.aiterms_bundled is True  # the default
        assert config.aiterms_autolink is True
        assert config.aiterms_autolink_density == "page"
        assert config.aiterms_cards is True
        assert list(config.aiterms_glossaries) == ["hostile.yaml", "more.yaml"]  # the valid rest
        assert list(config.aiterms_autolink_categories) == []
        assert list(config.aiterms_autolink_terms) == ["evil script", "A B"]
    finally:
        app.cleanup()
    warnings = strip_colors(warning.getvalue())
    expected = [
        r"aiterms_bundled should be a boolean, not the string 'yes'; using True",
        r"invalid value for aiterms_autolink: 1 ",
        r"invalid value for aiterms_autolink_density: 'weird'",
        r"invalid value for aiterms_card_open_delay: 'soon'",
        r"invalid value for aiterms_cards: None",
        r"aiterms_glossaries: glossary file 'missing.yaml' not found",
        r"aiterms_glossaries: glossary file '_static' is a directory",
        r"aiterms_autolink_categories: unknown category 'nonexistent-cat'",
        r"aiterms_autolink_categories: unknown category 'House'",
        r"aiterms_autolink_exclude_categories: unknown category 'alsonot'",
        r"aiterms_autolink_terms: unknown term 'nosuchterm'",
    ]
    for pattern in expected:
        assert re.search(r"WARNING: " + pattern + r".*\[aiterms\.config\]$", warnings, re.M), (
            pattern,
            warnings,
        )
    # (more.yaml's own problems are test_only_the_located_problems_warn's)
    lines = [
        line for line in warnings.splitlines() if "WARNING" in line and "more.yaml" not in line
    ]
    assert len(lines) == len(expected), warnings
    # the build went on: pages with links exist
    assert 'class="aiterm' in (app.outdir / "usage.html").read_text("utf-8")
