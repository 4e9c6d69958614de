"""``-j 4`` builds equal serial ones: links, inventory and warnings (design notes P1, P13)."""

from __future__ import annotations

from pathlib import Path

from helpers import assert_jobs_agree, assert_parallel_matches_serial

ROOTS = Path(__file__).parent / "roots"


def test_parallel_build_matches_serial(tmp_path: Path) -> None:
    serial, _ = assert_parallel_matches_serial(ROOTS / "test-parallel", tmp_path, jobs=4)
    assert len(serial.pages) >= 24
    # not vacuous: every document links, and placement follows sorted docnames
    links = {page: hrefs for page, hrefs in serial.pages.items() if page.startswith("doc")}
    assert all(links.values())
    assert ("attention sink", "doc17.html#aiterm-attention-sink") in serial.pages["index.html"]
    assert ("KV cache", "doc05.html#aiterm-kv-cache") in serial.pages["doc01.html"]
    assert ("the rag one", "doc17.html#aiterm-def-attribution-rag") in serial.pages["doc04.html"]
    terms = serial.inventory["aiterms:term"]
    assert terms["kv cache"] == "doc05.html#aiterm-kv-cache"  # shown by doc05 and doc17
    assert terms["kaizen"] == "doc17.html#aiterm-kaizen"
    assert serial.warnings == ""


def test_jobs_1_2_4_agree_with_and_without_the_extension(tmp_path: Path) -> None:
    """33 documents (rST and MyST), roles, auto-links, two overlapping glossary
    pages: links, card data and objects.inv are equal for -j 1, 2 and 4; page
    bodies too, wherever Sphinx's own output (the same builds without the
    extension) is stable."""
    comparison = assert_jobs_agree(
        ROOTS / "test-parallel-full",
        tmp_path,
        jobs=(1, 2, 4),
        baseline_overrides={"extensions": "myst_parser,stubs"},
    )
    serial = comparison.results[1]
    assert serial.warnings == ""
    pages = serial.pages
    assert len([p for p in pages if p.startswith("doc")]) == 30
    # not vacuous: explicit links, auto-links and cards on every document
    for page, record in pages.items():
        if page.startswith("doc"):
            assert record["links"], page
            assert record["cards"], page
    links = dict(pages["doc07.html"]["links"])
    assert links["label smoothing"] == "glossary_a.html#aiterm-label-smoothing"  # a role
    # auto-links: the prose there says these, without a role anywhere on the page
    assert links["layer normalization"].endswith("#aiterm-layer-normalization")
    assert links["anomaly detection"].endswith("#aiterm-anomaly-detection")
    # a term both glossary pages show lives on the first in sorted order
    terms = serial.inventory["aiterms:term"]
    assert terms["kv cache"] == "glossary_a.html#aiterm-kv-cache"
    assert terms["atpg"] == "glossary_b.html#aiterm-atpg"
    # Sphinx's own pages are stable here too, so every page body was compared
    base = comparison.baseline
    assert all(not r.warnings for r in base.values())
    assert all(base[1].pages[p]["body"] == base[4].pages[p]["body"] for p in base[1].pages)
