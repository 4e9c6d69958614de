"""``-j 4`` builds equal serial ones: links, inventory and warnings (design notes P1, P13)."""

from __future__ import annotations

from pathlib import Path

from helpers import assert_parallel_matches_serial

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
