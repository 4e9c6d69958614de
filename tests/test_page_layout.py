"""Glossary pages in the built HTML, without a browser (issue 16, items 4, 6, 8, 9).

Which static files each page links, and what they weigh gzipped: ordinary
pages only the hover cards' files, within 4 KB; glossary pages (the generated
page, pages with an ``ai-glossary`` directive) the glossary's own files too,
within 6 KB in all. Entries show their title and categories once, titled by the
term's name; readers see citations, never repository paths; the filter's
placeholder is in the HTML navigation only.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup, Tag
from helpers import BuildResult, build_project

from sphinxcontrib_aiterms.directive import BUNDLED_GLOSSARY, bundled_pages, citations
from sphinxcontrib_aiterms.glossary.loader import load_glossary
from sphinxcontrib_aiterms.html.assets import CARDS_CSS, CARDS_JS, GLOSSARY_CSS, GLOSSARY_JS

if TYPE_CHECKING:
    from collections.abc import Callable

TESTS = Path(__file__).parent
ROOT = TESTS / "roots" / "test-page-layout"
ZEROCONF = TESTS / "roots" / "test-zeroconf"
GLOSSARY = load_glossary((), packs=("seeds",))
CARDS = {CARDS_JS, CARDS_CSS}
GLOSSARY_FILES = {GLOSSARY_JS, GLOSSARY_CSS}
#: The budgets, gzipped (each file is served and compressed on its own).
ORDINARY_BUDGET = 4 * 1024
GLOSSARY_BUDGET = 6 * 1024


def soup_of(soup: BeautifulSoup) -> BeautifulSoup:
    return soup


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., BuildResult]:
    cache: dict[tuple[Path, str], BuildResult] = {}

    def get(root: Path = ROOT, builder: str = "html") -> BuildResult:
        if (root, builder) not in cache:
            result = build_project(
                root, tmp_path_factory.mktemp(f"layout-{builder}"), builder=builder, extract=soup_of
            )
            assert result.status == 0, result.warnings
            cache[root, builder] = result
        return cache[root, builder]

    return get


def linked(soup: BeautifulSoup) -> set[str]:
    """The extension's static files a page links (names without query or path)."""
    urls = [
        str(t.get("src") or t.get("href") or "") for t in soup.select("script[src], link[href]")
    ]
    names = {url.split("?")[0].rsplit("/", 1)[-1] for url in urls}
    return {name for name in names if name.startswith("aiterms")}


def gzipped(outdir: Path, names: set[str]) -> int:
    return sum(
        len(gzip.compress((outdir / "_static" / name).read_bytes(), compresslevel=9))
        for name in names
    )


# --- item 9: the asset budget ----------------------------------------------------------


def test_ordinary_pages_link_only_the_card_files(build: Callable[..., BuildResult]) -> None:
    result = build()
    for page in ("index.html", "plain.html", "genindex.html", "search.html", "aiterms-index.html"):
        assert linked(result.pages[page]) == CARDS, page


def test_glossary_pages_also_link_their_own_files(build: Callable[..., BuildResult]) -> None:
    result = build()
    soup = result.pages["glossary.html"]
    assert linked(soup) == CARDS | GLOSSARY_FILES
    script = soup.find("script", src=re.compile(GLOSSARY_JS))
    assert isinstance(script, Tag) and script.has_attr("defer")
    # The generated page (no directive anywhere) gets them too.
    generated = build(ZEROCONF).pages["aiterms-glossary.html"]
    assert linked(generated) == CARDS | GLOSSARY_FILES
    assert linked(build(ZEROCONF).pages["index.html"]) == CARDS


def test_asset_budgets_gzipped(build: Callable[..., BuildResult]) -> None:
    result = build()
    ordinary = gzipped(result.outdir, linked(result.pages["index.html"]))
    glossary = gzipped(result.outdir, linked(result.pages["glossary.html"]))
    assert ordinary <= ORDINARY_BUDGET, ordinary
    assert glossary <= GLOSSARY_BUDGET, glossary


@pytest.mark.parametrize("builder", ["singlehtml", "dirhtml"])
def test_other_html_builders(builder: str, build: Callable[..., BuildResult]) -> None:
    result = build(builder=builder)
    if builder == "singlehtml":  # one page holding every document, the glossary too
        assert linked(result.pages["index.html"]) == CARDS | GLOSSARY_FILES
    else:
        assert linked(result.pages["index.html"]) == CARDS
        assert linked(result.pages["glossary/index.html"]) == CARDS | GLOSSARY_FILES


def test_epub_gets_the_style_but_no_script(build: Callable[..., BuildResult]) -> None:
    result = build(builder="epub")
    assert not list(result.outdir.rglob(GLOSSARY_JS))
    page = (result.outdir / "glossary.xhtml").read_text(encoding="utf-8")
    assert GLOSSARY_CSS in page and GLOSSARY_JS not in page
    assert GLOSSARY_CSS not in (result.outdir / "plain.xhtml").read_text(encoding="utf-8")


# --- items 4 and 6: titles, badges and citations once ---------------------------------


def entries(soup: BeautifulSoup) -> list[tuple[Tag, Tag]]:
    found = []
    for dt in soup.select("dl.aiterms-entries > dt"):
        dd = dt.find_next_sibling("dd")
        assert isinstance(dd, Tag)
        found.append((dt, dd))
    return found


def test_entries_are_titled_by_the_terms_name(build: Callable[..., BuildResult]) -> None:
    soup = build().pages["glossary.html"]
    titles = {str(dt["id"]): dt.get_text(strip=True) for dt, _dd in entries(soup)}
    for anchor, title in titles.items():
        term = next(t for t in GLOSSARY if t.anchor == anchor)
        assert title == term.display, anchor
    assert titles[GLOSSARY.terms["kv cache"].anchor] == "KV cache"
    # A definition's own headline may follow in its header (several definitions).
    sink = GLOSSARY.terms["attention sink"]
    dt = soup.find(id=sink.anchor)
    assert isinstance(dt, Tag)
    dd = dt.find_next_sibling("dd")
    assert isinstance(dd, Tag)
    headers = [h.get_text(" ", strip=True) for h in dd.select(".aiterms-definition-header")]
    assert headers[0] == f"1. {sink.definitions[0].title}"
    assert headers[1].startswith("2.")


def test_cards_are_titled_by_the_terms_name(build: Callable[..., BuildResult]) -> None:
    soup = build().pages["index.html"]
    titles = [t.get_text() for t in soup.select(".aiterm-card-title")]
    assert "attention sink" in titles and "KV cache" in titles
    assert not [t for t in titles if "StreamingLLM" in t]


def test_each_entry_shows_its_title_and_badges_once(build: Callable[..., BuildResult]) -> None:
    soup = build(ZEROCONF).pages["aiterms-glossary.html"]
    pairs = entries(build().pages["glossary.html"]) + entries(soup)
    assert pairs
    for dt, dd in pairs:
        badges = Counter(b.get_text() for b in dd.select(".aiterms-badge"))
        assert all(n == 1 for n in badges.values()), (dt.get_text(), badges)
        lines = [
            p.get_text(" ", strip=True)
            for p in dd.select("p")
            if not p.find_parent(class_="aiterms-body")
        ]
        repeated = [line for line, n in Counter(lines).items() if n > 1]
        assert not repeated, (dt.get_text(), repeated)
        # The title is the dt; no line of the entry repeats it on its own.
        assert dt.get_text(strip=True) not in lines


def test_readers_see_citations_not_paths(build: Callable[..., BuildResult]) -> None:
    soup = build().pages["glossary.html"]
    cited = [s.get_text() for s in soup.select(".aiterms-source")]
    assert cited
    assert all(c.startswith(f"{BUNDLED_GLOSSARY}, entry “") for c in cited), cited
    assert "AI Factory Glossary, entry “kaizen”, page 36" in cited
    text = soup.get_text()
    assert not re.search(r"seeds/|\.txt\b|:\d+\b", text.split("Glossary", 1)[1])


def test_packs_are_cited_by_title_and_project_files_by_name(tmp_path: Path) -> None:
    core = load_glossary((), packs=("core",))
    for definition in core.definitions:
        for text in citations(definition):
            assert text.startswith("Core ML vocabulary"), text
            assert "/" not in text and ".yaml" not in text, text
    own = tmp_path / "glossary" / "ml.yaml"
    own.parent.mkdir()
    own.write_text("version: 1\nterms:\n  - term: widget\n    definition: A widget.\n")
    mine = load_glossary(("glossary/ml.yaml",), packs=(), base_dir=tmp_path)
    assert citations(mine.terms["widget"].primary) == ["glossary/ml.yaml"]


def test_bundled_pages_numbers() -> None:
    pages = bundled_pages()
    assert len(pages) == 5
    assert sorted(n for n in pages.values() if n) == [36]


# --- item 8: the filter's placeholder ---------------------------------------------------


def test_filter_placeholder_in_the_navigation(build: Callable[..., BuildResult]) -> None:
    soup = build().pages["glossary.html"]
    boxes = soup.select(".aiterms-nav .aiterms-filter")
    assert len(boxes) == 1
    box = boxes[0]
    assert box.get_text() == ""  # nothing without JavaScript; nothing indexed
    assert box["role"] == "search"
    assert {k for k in box.attrs if k.startswith("data-")} == {
        "data-label",
        "data-all",
        "data-category",
        "data-count",
        "data-none",
    }
    assert "{shown}" in str(box["data-count"]) and "{total}" in str(box["data-count"])
    assert not build().pages["index.html"].select(".aiterms-filter")


def test_filter_only_in_html(build: Callable[..., BuildResult]) -> None:
    result = build(builder="text")
    text = (result.outdir / "glossary.txt").read_text(encoding="utf-8")
    assert "Filter terms" not in text and "data-label" not in text
