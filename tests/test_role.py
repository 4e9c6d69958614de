"""The :term-ai: role: lookup forms, rST and MyST, unknown terms, recorded references."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from docutils import nodes
from helpers import build_project, soup_of, strip_colors

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"
SINK = "glossary.html#aiterm-attention-sink"


def _links(app: SphinxTestApp, page: str) -> list[tuple[str, str]]:
    soup = soup_of(app.outdir / page)
    return [(a.get_text(), str(a["href"])) for a in soup.select("a.aiterm")]


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_rst_role_lookup_forms(app: SphinxTestApp) -> None:
    app.build()
    assert _links(app, "usage.html") == [
        ("attention sink", SINK),  # key
        ("sinks", SINK),  # explicit title
        ("Attention Sink", SINK),  # any case
        ("attention sinks", SINK),  # plural
        ("AOT", "glossary.html#aiterm-aot-compilation"),  # alias
        ("attribution", "glossary.html#aiterm-def-attribution-rag"),  # one definition
        ("attribution", "glossary.html#aiterm-attribution"),  # :aiterms:term:
    ]


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_myst_role(app: SphinxTestApp) -> None:
    app.build()
    assert _links(app, "myst.html") == [
        ("attention sink", SINK),
        # kv cache is shown only by zz_second: it lives there
        ("the cache", "zz_second.html#aiterm-kv-cache"),
    ]


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_reference_carries_term_and_definition(app: SphinxTestApp) -> None:
    app.build()
    doctree = app.env.get_doctree("usage")
    app.env.apply_post_transforms(doctree, "usage")
    refs = [r for r in doctree.findall(nodes.reference) if "aiterm" in r["classes"]]
    assert [(r["aiterms_term"], r["aiterms_definition"]) for r in refs][-2:] == [
        ("attribution", "attribution-rag"),
        ("attribution", "attribution-evaluation"),
    ]
    # the plain-text summary (title attribute) is the definition's concise text
    soup = soup_of(app.outdir / "usage.html")
    rag = soup.select("a.aiterm")[5]
    assert str(rag["title"]).startswith("Attribution traces which retrieved sources")


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_references_recorded_per_document(app: SphinxTestApp) -> None:
    app.build()
    domain = app.env.get_domain("aiterms")
    usage = domain.data["references"]["usage"]
    # each role's own line, not its paragraph's first line (4)
    assert [line for *_, line in usage] == [4, 4, 5, 5, 6, 6, 7]
    assert usage[0] == ("attention sink", "attention-sink", 4)
    assert ("attribution", "attribution-rag", 6) in usage
    assert len(usage) == 7  # the unknown term is not a reference
    assert [ref[0] for ref in domain.data["references"]["myst"]] == ["attention sink", "kv cache"]


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_unknown_term_warning(app: SphinxTestApp) -> None:
    app.build()
    warnings = strip_colors(app.warning.getvalue())
    lines = [line for line in warnings.splitlines() if "WARNING" in line]
    assert len(lines) == 1, warnings
    assert re.search(
        r"usage\.rst:9: WARNING: unknown AI term 'attention snk' "
        r"\(did you mean: attention sink\b.*\); not in packs seeds: to add it, see "
        r"'aiterms\.unknown_term' in the warnings page of the docs \[aiterms\.unknown_term\]$",
        lines[0],
    ), lines[0]
    assert "reference target not found" not in warnings
    # the text is kept, unlinked
    soup = soup_of(app.outdir / "usage.html")
    assert soup.select_one("span.aiterm-unknown").get_text() == "attention snk"  # type: ignore[union-attr]


@pytest.mark.sphinx("html", testroot="domain", freshenv=True, confoverrides={"nitpicky": True})
def test_unknown_term_no_extra_nitpicky_warning(app: SphinxTestApp) -> None:
    app.build()
    warnings = strip_colors(app.warning.getvalue())
    assert warnings.count("WARNING") == 1, warnings
    assert "[aiterms.unknown_term]" in warnings


@pytest.mark.sphinx(
    "html",
    testroot="domain",
    freshenv=True,
    confoverrides={"suppress_warnings": ["aiterms.unknown_term"]},
)
def test_unknown_term_warning_can_be_suppressed(app: SphinxTestApp) -> None:
    app.build()
    assert "WARNING" not in app.warning.getvalue()


def test_unknown_term_fails_with_W(tmp_path: Path) -> None:
    failed = build_project(ROOTS / "test-domain", tmp_path / "strict", extra_args=("-W",))
    assert failed.status != 0
    assert "unknown AI term 'attention snk'" in strip_colors(failed.warnings)
    passed = build_project(
        ROOTS / "test-domain",
        tmp_path / "suppressed",
        extra_args=("-W",),
        confoverrides={"suppress_warnings": "aiterms.unknown_term"},
    )
    assert passed.status == 0, passed.warnings


def test_spellings_keywords_and_a_name_no_glossary_has(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["sphinxcontrib_aiterms"]\naiterms_glossaries = ["terms.yaml"]\n'
    )
    (src / "terms.yaml").write_text(
        "terms:\n  - term: zorp tuning\n    definition: Tuning zorps until they behave.\n"
    )
    (src / "index.rst").write_text(
        "Roles\n=====\n\n"
        ":term-ai:`KV-cache`, :term-ai:`self attention`, :term-ai:`CAS`,\n"
        ":term-ai:`flux capacitor` and :term-ai:`compare and swp`.\n"
    )
    built = build_project(src, tmp_path / "out")
    hrefs = [href for _text, href in built.pages["index.html"]]
    assert hrefs == [
        "aiterms-glossary.html#aiterm-kv-cache",  # a hyphen is a space
        "aiterms-glossary.html#aiterm-self-attention",
        "aiterms-glossary.html#aiterm-atomic-operation",  # a keyword of one term only
    ]
    warnings = strip_colors(built.warnings).splitlines()
    assert len(warnings) == 2, warnings
    assert "unknown AI term 'flux capacitor'" in warnings[0]
    # What the glossary is made of, and where to read how to add a term.
    assert (
        "not in packs core, seeds; terms.yaml: to add it, see 'aiterms.unknown_term'"
        in (warnings[0])
    )
    # A keyword close to the name is suggested with its term.
    assert "(did you mean: compare and swap (atomic operation)" in warnings[1]
    # Keywords never become objects of the domain (objects.inv).
    names = set(built.inventory.get("aiterms:term", {}))
    assert "kv cache" in names and "cas" not in names and "compare and swap" not in names
