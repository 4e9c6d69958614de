"""Hover cards in the built HTML: one card per distinct term on a page, the right
content and links in every HTML builder, escaped glossary text, nothing elsewhere.

Each build of ``tests/roots/test-cards`` is made once per module and asserted
many ways; the browser behaviour is tested in ``test_cards_browser.py``.
"""

from __future__ import annotations

import gzip
import posixpath
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from helpers import BuildResult, assert_parallel_matches_serial, build_project, html_pages

from sphinxcontrib_aiterms.glossary.loader import load_glossary
from sphinxcontrib_aiterms.html.assets import CARDS_CSS as CSS_FILE
from sphinxcontrib_aiterms.html.assets import CARDS_JS as JS_FILE
from sphinxcontrib_aiterms.html.assets import STATIC_DIR
from sphinxcontrib_aiterms.html.cards import (
    CardData,
    card_id,
    describe_links,
    render_card,
)

ROOT = Path(__file__).parent / "roots" / "test-cards"
#: The same sources with non-default card options (``-c`` to its conf.py).
OPTIONS_CONF = Path(__file__).parent / "roots" / "test-cards-options"
GLOSSARY = load_glossary((ROOT / "terms.yaml",), packs=("seeds",), base_dir=ROOT)
PAYLOAD_TERM = "payload <script>window.__xss=1</script> term"

Build = Callable[..., BuildResult]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """``build(builder, **confoverrides)``, each distinct build made once."""
    cache: dict[tuple[str, tuple[tuple[str, str], ...]], BuildResult] = {}

    def run(builder: str = "html", *, options: bool = False, **overrides: str) -> BuildResult:
        key = (builder, options, tuple(sorted(overrides.items())))
        if key not in cache:
            workdir = tmp_path_factory.mktemp(f"cards-{builder}")
            result = build_project(
                ROOT,
                workdir,
                builder=builder,
                confoverrides=overrides,
                extract=lambda s: s,
                extra_args=("-c", str(OPTIONS_CONF)) if options else (),
            )
            assert result.status == 0, result.warnings
            cache[key] = result
        return cache[key]

    return run


def cards_of(soup: BeautifulSoup) -> dict[str, Tag]:
    return {str(card["id"]): card for card in soup.select(".aiterms-cards .aiterm-card")}


def text(tag: Tag | None) -> str:
    return tag.get_text() if tag is not None else ""


def settings(box: Tag) -> tuple[str, ...]:
    return tuple(str(box[f"data-aiterms-{name}"]) for name in ("open", "close", "touch"))


def target_exists(outdir: Path, page: str, href: str) -> bool:
    """True when ``href`` (relative to ``page``) names an existing file and id."""
    path, _, fragment = href.partition("#")
    if path:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if resolved.endswith("/") or not resolved.endswith(".html"):
            resolved = posixpath.join(resolved, "index.html")
    else:
        resolved = page
    file = outdir / resolved
    if not file.is_file():
        return False
    return (
        BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").find(id=fragment) is not None
    )


# --- markup ---------------------------------------------------------------------------


def test_one_card_per_distinct_term_with_unique_ids(build: Build) -> None:
    soup = build().pages["index.html"]
    containers = soup.select(".aiterms-cards")
    assert len(containers) == 1
    ids = [str(c["id"]) for c in soup.select(".aiterm-card")]
    assert len(ids) == len(set(ids)) == 6  # attention is linked twice, carded once
    all_ids = [str(tag["id"]) for tag in soup.find_all(id=True)]
    assert len(all_ids) == len(set(all_ids))
    links = soup.select("a.aiterm")
    assert len(links) == 7
    assert {str(a["data-aiterms-card"]) for a in links} == set(ids)


def test_links_point_at_their_card(build: Build) -> None:
    soup = build().pages["index.html"]
    for link in soup.select("a.aiterm"):
        anchor = str(link["href"]).partition("#")[2]
        cid = card_id(anchor)
        assert link["data-aiterms-card"] == cid
        # The accessible description is the short definition (no JS needed).
        described = soup.find(id=str(link["aria-describedby"]))
        assert isinstance(described, Tag)
        assert described.parent is not None and described.parent["id"] == cid
        assert "aiterm-card-def" in described["class"]
        # No-JS mouse users keep the browser tooltip.
        assert link["title"] == described.get_text()


def test_card_markup_is_a_hidden_non_focusable_tooltip(build: Build) -> None:
    for card in cards_of(build().pages["index.html"]).values():
        assert card["role"] == "tooltip"
        assert card["popover"] == "manual"
        assert card.has_attr("hidden")
        focusable = card.select("a, button, input, [tabindex]")
        assert [str(a.get("tabindex")) for a in focusable] == ["-1"]


def test_card_content(build: Build) -> None:
    cards = cards_of(build().pages["index.html"])
    sink = GLOSSARY.terms["attention sink"]
    card = cards["aiterm-card-attention-sink"]
    # Titled by the term's name as its sources case it, not a headline.
    assert text(card.select_one(".aiterm-card-title")) == sink.display == "attention sink"
    # The shown definition's own category: the primary has none, so none is
    # shown (not the term's, which come from its other definitions).
    assert sink.primary.category is None
    assert sink.categories
    assert card.select_one(".aiterm-card-category") is None
    assert text(card.select_one(".aiterm-card-def")) == sink.primary.concise
    assert text(card.select_one(".aiterm-card-count")) == "2 definitions"
    assert text(card.select_one(".aiterm-card-more")) == "Go to definition"
    distillation = cards["aiterm-card-knowledge-distillation"]
    assert text(distillation.select_one(".aiterm-card-count")) == "5 definitions"
    # One definition: no count; no category in the glossary: none shown.
    attention = cards["aiterm-card-attention"]
    assert attention.select_one(".aiterm-card-count") is None
    assert attention.select_one(".aiterm-card-category") is None
    # A qualified reference shows that definition.
    found = GLOSSARY.lookup("attribution (rag)")
    assert found is not None
    rag = cards["aiterm-card-def-attribution-rag"]
    assert text(rag.select_one(".aiterm-card-category")) == "Retrieval & RAG"
    assert text(rag.select_one(".aiterm-card-def")) == found[1].concise
    # A user glossary term.
    house = cards["aiterm-card-widget-tuning"]
    assert text(house.select_one(".aiterm-card-title")) == "widget tuning"
    assert text(house.select_one(".aiterm-card-category")) == "house rules"


def test_settings_reach_the_script(build: Build) -> None:
    box = build().pages["index.html"].select_one(".aiterms-cards")
    assert box is not None
    assert (box["data-aiterms-open"], box["data-aiterms-close"], box["data-aiterms-touch"]) == (
        "350",
        "200",
        "preview",
    )


def test_options_change_fields_delays_and_touch(build: Build) -> None:
    result = build(options=True)
    soup = result.pages["index.html"]
    box = soup.select_one(".aiterms-cards")
    assert box is not None
    assert (box["data-aiterms-open"], box["data-aiterms-close"], box["data-aiterms-touch"]) == (
        "100",
        "0",
        "navigate",
    )
    card = cards_of(soup)["aiterm-card-attention-sink"]
    classes = [str(child["class"][0]) for child in card.find_all(recursive=False)]
    assert classes == ["aiterm-card-title", "aiterm-card-def"]


def test_invalid_option_warns_and_uses_default(build: Build) -> None:
    result = build(aiterms_card_touch="sometimes")
    assert "aiterms_card_touch" in result.warnings
    assert "[aiterms.config]" in result.warnings
    box = result.pages["index.html"].select_one(".aiterms-cards")
    assert box is not None and box["data-aiterms-touch"] == "preview"


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_card_links_resolve_in_every_html_builder(build: Build, builder: str) -> None:
    result = build(builder)
    pages = {page: soup for page, soup in result.pages.items() if soup.select("a.aiterm")}
    assert pages, "no page with term links"
    for page, soup in pages.items():
        cards = cards_of(soup)
        for link in soup.select("a.aiterm"):
            card = cards[str(link["data-aiterms-card"])]
            more = card.select_one("a.aiterm-card-more")
            assert more is not None
            assert more["href"] == link["href"]
            assert target_exists(result.outdir, page, str(more["href"])), (page, more["href"])
    if builder == "singlehtml":
        # Every page in one: one container, every term once.
        assert len(pages) == 1
        soup = next(iter(pages.values()))
        assert len(soup.select(".aiterms-cards")) == 1
        assert "aiterm-card-kaizen" in cards_of(soup)


def test_no_cards_on_pages_without_terms(build: Build) -> None:
    pages = build().pages
    for page in ("plain.html", "genindex.html", "search.html"):
        assert not pages[page].select(".aiterms-cards, [data-aiterms-card]"), page
    deep = cards_of(pages["sub/deep.html"])
    assert set(deep) == {"aiterm-card-kaizen", "aiterm-card-attention-sink"}


def test_one_script_and_stylesheet_for_the_site(build: Build) -> None:
    result = build()
    static = result.outdir / "_static"
    assert (static / JS_FILE).read_bytes() == (STATIC_DIR / JS_FILE).read_bytes()
    assert (static / CSS_FILE).read_bytes() == (STATIC_DIR / CSS_FILE).read_bytes()
    for page, prefix in (("index.html", ""), ("sub/deep.html", "../"), ("plain.html", "")):
        soup = result.pages[page]
        scripts = [s for s in soup.find_all("script", src=True) if JS_FILE in s["src"]]
        assert len(scripts) == 1 and scripts[0].has_attr("defer")
        assert str(scripts[0]["src"]).startswith(f"{prefix}_static/{JS_FILE}")
        sheets = [s for s in soup.find_all("link", href=True) if CSS_FILE in s["href"]]
        assert len(sheets) == 1
    # No per-page generated files.
    assert sorted(p.name for p in static.glob("aiterms*")) == sorted(
        ["aiterms-glossary.css", "aiterms-glossary.js", CSS_FILE, JS_FILE]
    )


def test_cards_off(build: Build) -> None:
    result = build(aiterms_cards="0")
    for page, soup in result.pages.items():
        assert not soup.select(".aiterms-cards, [data-aiterms-card], [aria-describedby]"), page
        assert not soup.find_all("script", src=re.compile(JS_FILE)), page
    assert result.pages["index.html"].select("a.aiterm")  # links stay
    assert not (result.outdir / "_static" / JS_FILE).exists()


@pytest.mark.parametrize(("builder", "output"), [("text", "index.txt"), ("latex", "python.tex")])
def test_nothing_in_non_html_builders(build: Build, builder: str, output: str) -> None:
    result = build(builder)
    files = [p for p in result.outdir.rglob("*") if p.is_file() and p.suffix in {".txt", ".tex"}]
    assert files
    for file in files:
        content = file.read_text(encoding="utf-8")
        assert "aiterm-card" not in content and "Go to definition" not in content
    assert not list(result.outdir.rglob(JS_FILE))


def test_epub_has_no_cards(build: Build) -> None:
    result = build("epub")
    assert not list(result.outdir.rglob(JS_FILE))
    for page in result.outdir.rglob("*.xhtml"):
        assert "aiterm-card" not in page.read_text(encoding="utf-8"), page


# --- escaping -------------------------------------------------------------------------


def test_hostile_glossary_text_is_inert(build: Build) -> None:
    result = build()
    soup = result.pages["index.html"]
    term = GLOSSARY.resolve(PAYLOAD_TERM)
    assert term is not None
    card = cards_of(soup)[card_id(term.anchor)]
    # Shown as text, exactly as written in the glossary.
    assert text(card.select_one(".aiterm-card-title")) == term.display
    assert text(card.select_one(".aiterm-card-category")) == term.primary.category
    assert term.primary.category == "<img src=x onerror=window.__xss=3>"
    assert text(card.select_one(".aiterm-card-def")) == term.primary.concise
    assert "</template></script><script>window.__xss=5</script>" in term.primary.concise
    # Glossary text is bidi-isolated: an RTL override cannot reorder the page.
    for field in ("title", "category", "def"):
        assert card.select_one(f".aiterm-card-{field}")["dir"] == "auto"  # type: ignore[index]
    # No element, attribute or URL came out of the payloads.
    for page_soup in html_pages(result.outdir).values():
        for tag in page_soup.find_all(True):
            assert tag.name != "template", tag
            assert tag.name != "img" or tag.get("src") != "x", tag
            for name, value in tag.attrs.items():
                assert not name.startswith("on"), tag
                if name in {"href", "src", "action", "formaction"}:
                    assert not str(value).strip().lower().startswith("javascript:"), tag
        scripts = page_soup.find_all("script")
        assert all(s.has_attr("src") or "__xss" not in s.get_text() for s in scripts)
    raw = (result.outdir / "index.html").read_text(encoding="utf-8")
    assert "<script>window.__xss" not in raw
    assert "</template>" not in raw


# --- size -----------------------------------------------------------------------------


def test_script_and_stylesheet_fit_in_4_kb_gzipped() -> None:
    # Each file is served (and compressed) on its own.
    sizes = [
        len(gzip.compress((STATIC_DIR / name).read_bytes(), compresslevel=9))
        for name in (JS_FILE, CSS_FILE)
    ]
    assert sum(sizes) <= 4096, sizes


# --- parallel builds ------------------------------------------------------------------


def page_cards(soup: BeautifulSoup) -> list[str]:
    """Each card and each term link's card attributes, as written."""
    links = [
        f"{a.get('data-aiterms-card')} {a.get('aria-describedby')}" for a in soup.select("a.aiterm")
    ]
    return links + [str(card) for card in soup.select(".aiterm-card")]


def test_parallel_build_writes_the_same_cards(tmp_path: Path) -> None:
    serial, _ = assert_parallel_matches_serial(ROOT, tmp_path, jobs=2, extract=page_cards)
    assert serial.pages["index.html"]


def test_rebuild_replaces_an_old_script_without_warning(tmp_path: Path) -> None:
    first = build_project(ROOT, tmp_path, extract=lambda soup: None)
    stale = first.outdir / "_static" / JS_FILE
    stale.write_text("// an older version\n", encoding="utf-8")
    second = build_project(ROOT, tmp_path, fresh=False, extract=lambda soup: None)
    assert second.status == 0
    assert JS_FILE not in second.warnings
    assert stale.read_bytes() == (STATIC_DIR / JS_FILE).read_bytes()


def test_without_the_definition_field_links_describe_with_the_whole_card() -> None:
    card = CardData("aiterm-card-x", "g.html#aiterm-x", "X", "", "An x.", 1)
    body = '<p><a class="reference internal aiterm" href="g.html#aiterm-x">x</a></p>'
    html = describe_links(body, {card.href: card}, ("title", "link"))
    assert 'data-aiterms-card="aiterm-card-x" aria-describedby="aiterm-card-x">' in html
    rendered = render_card(card, ("title", "link"))
    assert "An x." not in rendered and "aiterm-card-category" not in rendered
    # Links of other classes are left alone.
    other = '<a class="reference internal aiterms-x" href="g.html#aiterm-x">x</a>'
    assert describe_links(other, {card.href: card}, ("title",)) == other
