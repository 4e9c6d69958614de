"""The generated glossary page in the navigation (a toctree may list
``aiterms-glossary``), and which page a term's links go to when several show
it (the first in toctree order)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import assert_parallel_matches_serial, build_project, term_links

ROOTS = Path(__file__).parent / "roots"


def nav_links(soup: BeautifulSoup) -> list[str]:
    """Hrefs of the navigation's toctree entries (alabaster's sidebar)."""
    return [str(a.get("href", "")) for a in soup.select(".sphinxsidebar a.reference.internal")]


@pytest.mark.parametrize(
    ("builder", "page"),
    [
        ("html", "aiterms-glossary.html"),
        ("dirhtml", "aiterms-glossary/index.html"),
        ("singlehtml", "aiterms-glossary.html"),
        ("epub", "aiterms-glossary.xhtml"),
    ],
)
def test_toctree_lists_the_generated_page_without_warnings(
    tmp_path: Path, builder: str, page: str
) -> None:
    built = build_project(
        ROOTS / "test-page-toctree",
        tmp_path,
        builder=builder,
        extract=nav_links,
        extra_args=("-W", "--keep-going"),
    )
    assert built.status == 0 and built.warnings == "", built.warnings
    assert (built.outdir / page).is_file()
    if builder == "epub":
        nav = (built.outdir / "nav.xhtml").read_text("utf-8")
        assert 'href="aiterms-glossary.xhtml"' in nav and "AI glossary" in nav
        return
    index = "index.html"
    text = (built.outdir / index).read_text("utf-8")
    soup = BeautifulSoup(text, "html.parser")
    hrefs = [str(a.get("href", "")) for a in soup.select("a.reference.internal")]
    target = {"dirhtml": "aiterms-glossary/", "singlehtml": "aiterms-glossary.html"}.get(
        builder, "aiterms-glossary.html"
    )
    assert target in hrefs, hrefs
    assert "AI glossary" in soup.get_text()


def test_the_page_in_navigation_lists_the_terms_used(tmp_path: Path) -> None:
    built = build_project(ROOTS / "test-page-toctree", tmp_path)
    soup = BeautifulSoup((built.outdir / "aiterms-glossary.html").read_text("utf-8"), "html.parser")
    ids = {str(tag.get("id")) for tag in soup.select("[id]")}
    assert "aiterm-kv-cache" in ids
    for page in ("index.html", "usage.html"):
        for _text, href in built.pages[page]:
            assert href.startswith("aiterms-glossary.html#")
            assert href.split("#")[1] in ids
    # The page itself has the project's navigation, with the page in it.
    assert soup.select_one('a[href="usage.html"]') is not None


def test_listing_the_page_beside_a_directive_warns(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-page-toctree", src)
    (src / "usage.rst").write_text("Usage\n=====\n\n.. ai-glossary::\n   :terms: kv cache\n")
    built = build_project(src, tmp_path / "out")
    assert "the toctree lists aiterms-glossary" in built.warnings
    assert "index.md" in built.warnings and "(on usage)" in built.warnings


def test_links_go_to_the_first_page_in_toctree_order(tmp_path: Path) -> None:
    built = build_project(ROOTS / "test-target-order", tmp_path)
    assert built.status == 0 and built.warnings == ""
    hrefs = {href for _text, href in built.pages["index.html"]}
    assert hrefs == {"zeta.html#aiterm-kv-cache"}  # zeta comes first, alpha sorts first


def test_reordering_the_toctree_moves_the_links(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-target-order", src)
    build_project(src, tmp_path / "out")
    index = src / "index.rst"
    index.write_text(index.read_text().replace("   zeta\n   alpha\n", "   alpha\n   zeta\n"))
    again = build_project(src, tmp_path / "out", fresh=False)
    assert {href for _t, href in again.pages["index.html"]} == {"alpha.html#aiterm-kv-cache"}
    clean = build_project(src, tmp_path / "clean")
    assert again.pages == clean.pages


def test_order_is_the_same_under_parallel_builds(tmp_path: Path) -> None:
    serial, _parallel = assert_parallel_matches_serial(
        ROOTS / "test-target-order", tmp_path, jobs=2, extract=term_links
    )
    assert serial.pages["index.html"]
