"""Hover cards in a real browser (Playwright driving Chromium, headless).

The ``test-cards`` sources are built once per theme (alabaster, furo,
pydata-sphinx-theme, sphinx-rtd-theme, sphinx-book-theme) and opened from
``file://``; one browser serves the whole module. Screenshots of an open card in
each theme go to ``$AITERMS_ARTIFACTS`` (default ``tests/.artifacts/``).

Skipped only when the ``CI`` variable is unset and no Chromium is installed; in
CI a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser import launch, require_chromium
from helpers import build_project
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_aiterms.glossary.loader import load_glossary

require_chromium()

from playwright.sync_api import Browser, Page, expect  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Request

TESTS = Path(__file__).parent
ROOT = TESTS / "roots" / "test-cards"
PRODUCER = TESTS / "roots" / "test-external-producer"
CONSUMER = TESTS / "roots" / "test-external-consumer"
OPTIONS_CONF = TESTS / "roots" / "test-cards-options"
ARTIFACTS = Path(os.environ.get("AITERMS_ARTIFACTS") or TESTS / ".artifacts")
GLOSSARY = load_glossary((ROOT / "terms.yaml",), bundled=True, base_dir=ROOT)
SINK = GLOSSARY.terms["attention sink"]
THEMES = {
    "alabaster": "alabaster",
    "furo": "furo",
    "pydata": "pydata_sphinx_theme",
    "rtd": "sphinx_rtd_theme",
    "book": "sphinx_book_theme",
}
#: Link to the "attention sink" card (two definitions; its primary one has no
#: category, so the card shows none).
SINK_LINK = 'a.aiterm[data-aiterms-card="aiterm-card-attention-sink"]'
#: Link to the "attribution (rag)" card: every field shows, a category too.
EVERY_FIELD_LINK = 'a.aiterm[data-aiterms-card="aiterm-card-def-attribution-rag"]'
OPEN = ".aiterm-card:popover-open"

Site = Callable[..., Path]


# --- fixtures -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """``site(theme, options=False)`` → the built HTML folder, built once each."""
    cache: dict[tuple[str, bool], Path] = {}

    def get(theme: str = "alabaster", *, options: bool = False) -> Path:
        if (theme, options) not in cache:
            result = build_project(
                ROOT,
                tmp_path_factory.mktemp(f"browser-{theme}"),
                confoverrides={"html_theme": THEMES[theme]},
                extract=lambda soup: None,
                extra_args=("-c", str(OPTIONS_CONF)) if options else (),
            )
            assert result.status == 0, result.warnings
            cache[theme, options] = result.outdir
        return cache[theme, options]

    return get


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launch()


class Watch:
    """What a page did besides rendering: console errors, requests, dialogs."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", self._request)
        page.on("dialog", self._dialog)

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(str(dialog.message))
        dialog.dismiss()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1100, "height": 800})
    yield ctx
    ctx.close()


def open_page(ctx: BrowserContext, outdir: Path, page: str = "index.html") -> tuple[Page, Watch]:
    tab = ctx.new_page()
    watch = Watch(tab)
    tab.goto((outdir / page).as_uri())
    tab.wait_for_load_state("load")
    return tab, watch


def open_card_id(page: Page) -> str | None:
    result: str | None = page.evaluate(
        "document.querySelector('.aiterm-card:popover-open')?.id ?? null"
    )
    return result


def box_of(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return dict(box)


# --- behaviour ------------------------------------------------------------------------


def test_hover_shows_the_right_card_after_a_delay(context: BrowserContext, site: Site) -> None:
    page, watch = open_page(context, site())
    page.hover(SINK_LINK)
    assert open_card_id(page) is None  # not at once: 350 ms
    card = page.locator(OPEN)
    expect(card).to_be_visible()
    assert card.get_attribute("id") == "aiterm-card-attention-sink"
    expect(card.locator(".aiterm-card-title")).to_have_text(SINK.display)
    expect(card.locator(".aiterm-card-def")).to_have_text(SINK.primary.concise)
    expect(card.locator(".aiterm-card-count")).to_have_text("2 definitions")
    # Below the link, left-aligned with it.
    link, shown = box_of(page, SINK_LINK), box_of(page, OPEN)
    assert shown["y"] >= link["y"] + link["height"]
    assert abs(shown["x"] - link["x"]) < 2
    # The browser's own tooltip would duplicate the card.
    assert page.locator(SINK_LINK).get_attribute("title") is None
    assert watch.errors == []


def test_moving_onto_the_card_keeps_it_and_leaving_closes_it(
    context: BrowserContext, site: Site
) -> None:
    page, _ = open_page(context, site())
    page.hover(SINK_LINK)
    expect(page.locator(OPEN)).to_be_visible()
    card = box_of(page, OPEN)
    page.mouse.move(card["x"] + card["width"] / 2, card["y"] + card["height"] / 2, steps=8)
    page.wait_for_timeout(600)
    assert open_card_id(page) == "aiterm-card-attention-sink"
    page.mouse.move(5, 790, steps=4)
    expect(page.locator(OPEN)).to_have_count(0)


def test_leaving_before_the_delay_opens_nothing(context: BrowserContext, site: Site) -> None:
    page, _ = open_page(context, site())
    page.hover(SINK_LINK)
    page.mouse.move(5, 790)
    page.wait_for_timeout(600)
    assert open_card_id(page) is None


def test_escape_dismisses_without_moving_the_pointer(context: BrowserContext, site: Site) -> None:
    page, _ = open_page(context, site())
    page.hover(SINK_LINK)
    expect(page.locator(OPEN)).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(OPEN)).to_have_count(0)
    page.wait_for_timeout(500)
    assert open_card_id(page) is None  # the pointer still rests on the link


def tab_to_term(page: Page, limit: int = 60) -> str:
    """Press Tab until a term link has focus; its card id."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        card: str | None = page.evaluate("document.activeElement?.dataset?.aitermsCard ?? null")
        if card:
            return card
    raise AssertionError("no term link reached with Tab")


def test_keyboard_focus_opens_at_once_and_blur_closes(context: BrowserContext, site: Site) -> None:
    page, _ = open_page(context, site())
    first = tab_to_term(page)
    assert open_card_id(page) == first  # no delay for keyboard focus
    second = tab_to_term(page)
    assert second != first
    assert open_card_id(page) == second
    page.keyboard.press("Escape")
    assert open_card_id(page) is None
    page.keyboard.press("Shift+Tab")
    assert open_card_id(page) == first
    page.evaluate("document.activeElement.blur()")
    assert open_card_id(page) is None


def touch_context(browser: Browser, width: int = 390) -> BrowserContext:
    return browser.new_context(
        viewport={"width": width, "height": 740}, has_touch=True, is_mobile=True
    )


def test_touch_first_tap_previews_second_tap_navigates(browser: Browser, site: Site) -> None:
    ctx = touch_context(browser)
    try:
        page, watch = open_page(ctx, site())
        start = page.url
        page.tap(SINK_LINK)
        card = page.locator(OPEN)
        expect(card).to_be_visible()
        assert page.url == start
        more = card.locator(".aiterm-card-more")
        expect(more).to_be_visible()
        assert "aiterm-card--touch" in (card.get_attribute("class") or "")
        # At least 44 px tall: a comfortable tap target.
        assert box_of(page, f"{OPEN} .aiterm-card-more")["height"] >= 40
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.wait_for_timeout(250)  # the fade-in
        page.screenshot(path=ARTIFACTS / "card-touch-preview.png")
        # Tapping elsewhere closes; the next tap previews again.
        page.tap("h1")
        expect(page.locator(OPEN)).to_have_count(0)
        page.tap(SINK_LINK)
        expect(page.locator(OPEN)).to_be_visible()
        page.tap(SINK_LINK)
        page.wait_for_url("**/glossary.html#aiterm-attention-sink")
        assert watch.errors == []
    finally:
        ctx.close()


def test_enter_after_a_tap_follows_the_link(browser: Browser, site: Site) -> None:
    ctx = touch_context(browser)
    try:
        page, _ = open_page(ctx, site())
        page.tap("h1")
        page.focus(SINK_LINK)
        page.keyboard.press("Enter")
        page.wait_for_url("**/glossary.html#aiterm-attention-sink")
    finally:
        ctx.close()


def test_touch_card_link_navigates(browser: Browser, site: Site) -> None:
    ctx = touch_context(browser)
    try:
        page, _ = open_page(ctx, site())
        page.tap(SINK_LINK)
        page.tap(f"{OPEN} .aiterm-card-more")
        page.wait_for_url("**/glossary.html#aiterm-attention-sink")
    finally:
        ctx.close()


def test_touch_navigate_option(browser: Browser, site: Site) -> None:
    ctx = touch_context(browser)
    try:
        page, _ = open_page(ctx, site(options=True))
        page.tap(SINK_LINK)
        page.wait_for_url("**/glossary.html#aiterm-attention-sink")
    finally:
        ctx.close()


@pytest.mark.parametrize("theme", ["alabaster", "furo"])
def test_320px_viewport_keeps_every_card_on_screen(
    browser: Browser, site: Site, theme: str
) -> None:
    ctx = browser.new_context(viewport={"width": 320, "height": 568})
    try:
        page, _ = open_page(ctx, site(theme))
        seen = set()
        for link in page.locator("a.aiterm[data-aiterms-card]").all():
            link.scroll_into_view_if_needed()
            link.focus()
            card_id = open_card_id(page)
            assert card_id == link.get_attribute("data-aiterms-card")
            box = box_of(page, OPEN)
            assert box["x"] >= 0 and box["x"] + box["width"] <= 320, (card_id, box)
            assert box["y"] >= 0 and box["y"] + box["height"] <= 568, (card_id, box)
            seen.add(card_id)
        assert len(seen) == 6
    finally:
        ctx.close()


def test_card_flips_above_near_the_bottom(context: BrowserContext, site: Site) -> None:
    page, _ = open_page(context, site())
    # Push the link down, then scroll so it sits near the bottom edge.
    page.evaluate(
        """sel => { document.body.style.paddingTop = "900px";
        const a = document.querySelector(sel);
        window.scrollBy(0, a.getBoundingClientRect().bottom - innerHeight + 20); }""",
        SINK_LINK,
    )
    page.hover(SINK_LINK)
    expect(page.locator(OPEN)).to_be_visible()
    link, card = box_of(page, SINK_LINK), box_of(page, OPEN)
    assert card["y"] + card["height"] <= link["y"]
    assert page.locator(OPEN).get_attribute("data-side") == "top"


def test_card_escapes_overflow_hidden_containers(context: BrowserContext, site: Site) -> None:
    page, _ = open_page(context, site())
    # Clip the paragraph, as themes' scrolling panels do.
    page.evaluate(
        """sel => { const p = document.querySelector(sel).closest("p");
        p.style.cssText = "overflow: hidden; height: 3em; position: relative; z-index: 1"; }""",
        SINK_LINK,
    )
    page.hover(SINK_LINK)
    expect(page.locator(OPEN)).to_be_visible()
    box = box_of(page, OPEN)
    # The card's lower part, outside the clipped paragraph, is on top.
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.closest('.aiterm-card')?.id ?? null",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] - 6],
    )
    assert hit == "aiterm-card-attention-sink"


def test_fallback_without_popover_support(browser: Browser, site: Site) -> None:
    ctx = browser.new_context(viewport={"width": 320, "height": 568})
    ctx.add_init_script("delete HTMLElement.prototype.showPopover")
    try:
        page, watch = open_page(ctx, site())
        page.focus(SINK_LINK)
        card = page.locator("#aiterm-card-attention-sink")
        expect(card).to_be_visible()
        box = box_of(page, "#aiterm-card-attention-sink")
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320
        page.keyboard.press("Escape")
        expect(card).to_be_hidden()
        assert watch.errors == []
    finally:
        ctx.close()


def test_reduced_motion_turns_off_the_fade(browser: Browser, site: Site) -> None:
    for motion, expected in (("no-preference", "aiterms-in"), ("reduce", "none")):
        ctx = browser.new_context(reduced_motion=motion)  # type: ignore[arg-type]
        try:
            page, _ = open_page(ctx, site())
            page.focus(SINK_LINK)
            name = page.evaluate(
                "getComputedStyle(document.querySelector('.aiterm-card:popover-open')).animationName"
            )
            assert name == expected, motion
        finally:
            ctx.close()


def test_without_javascript_links_navigate_and_describe(browser: Browser, site: Site) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page, _ = open_page(ctx, site())
        link = page.locator(SINK_LINK)
        expect(link).to_have_accessible_description(SINK.primary.concise)
        expect(page.locator(".aiterm-card").first).to_be_hidden()
        link.click()
        page.wait_for_url("**/glossary.html#aiterm-attention-sink")
    finally:
        ctx.close()


def test_accessible_description_with_javascript(context: BrowserContext, site: Site) -> None:
    page, _ = open_page(context, site())
    expect(page.locator(SINK_LINK)).to_have_accessible_description(SINK.primary.concise)


# --- safety ---------------------------------------------------------------------------


def test_xss_payloads_do_not_execute(context: BrowserContext, site: Site) -> None:
    for name in ("index.html", "glossary.html"):
        page, watch = open_page(context, site())
        page.goto((site() / name).as_uri())
        for link in page.locator("a.aiterm[data-aiterms-card]").all():
            link.focus()
        hostile = page.locator('a.aiterm[data-aiterms-card^="aiterm-card-payload"]')
        if name == "index.html":  # the page that links the hostile term
            assert hostile.count() > 0
            hostile.first.hover()
            expect(page.locator(OPEN)).to_contain_text("window.__xss=5</script>")
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert watch.dialogs == []
        assert page.locator("img[src='x']").count() == 0


@pytest.mark.parametrize("theme", ["alabaster", "furo"])
@pytest.mark.parametrize("name", ["index.html", "glossary.html"])
def test_no_console_errors_and_no_request_leaves_the_origin(
    context: BrowserContext, site: Site, theme: str, name: str
) -> None:
    page, watch = open_page(context, site(theme), name)
    links = page.locator("a.aiterm[data-aiterms-card]")
    if name == "index.html":  # a page with term links (the glossary page may have none)
        assert links.count() > 0
        links.first.hover()
        expect(page.locator(OPEN)).to_be_visible()
    if name == "glossary.html":
        assert page.locator("math").count() > 0  # MathML, no script or font from a CDN
    assert watch.requests, "no request seen"
    assert all(url.startswith("file://") for url in watch.requests), watch.requests
    assert watch.errors == []


# --- themes and contrast --------------------------------------------------------------

#: [[r, g, b, a] of the text, of the card background] for every text part of the card.
COLOURS_JS = """card => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number).concat([1]).slice(0, 4);
  const bg = parse(getComputedStyle(card).backgroundColor);
  return [card, ...card.querySelectorAll('span, a')]
    .filter(el => el.childNodes.length && [...el.childNodes].some(n => n.nodeType === 3))
    .map(el => [el.className, parse(getComputedStyle(el).color), bg]);
}"""


def luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: list[float], bg: list[float]) -> float:
    alpha = fg[3]
    mixed = [fg[i] * alpha + bg[i] * (1 - alpha) for i in range(3)]
    light, dark = sorted((luminance(mixed), luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def card_colours(page: Page) -> list[tuple[str, list[float], list[float]]]:
    handle = page.locator(OPEN).element_handle()
    result: list[tuple[str, list[float], list[float]]] = page.evaluate(COLOURS_JS, handle)
    return result


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    link, card = box_of(page, SINK_LINK), box_of(page, OPEN)
    left = max(0, min(link["x"], card["x"]) - 24)
    top = max(0, min(link["y"], card["y"]) - 24)
    right = max(link["x"] + link["width"], card["x"] + card["width"]) + 24
    bottom = max(link["y"] + link["height"], card["y"] + card["height"]) + 24
    page.screenshot(
        path=ARTIFACTS / f"card-{name}.png",
        clip={"x": left, "y": top, "width": right - left, "height": bottom - top},
    )


#: (theme, mode, how the mode is chosen): "dark"/"light" through the theme's own
#: stored choice, "auto" through the system preference.
APPEARANCES = [
    ("alabaster", "light", None),
    ("rtd", "light", None),
    ("furo", "light", "light"),
    ("furo", "dark", "dark"),
    ("furo", "dark", "auto"),
    ("pydata", "light", "light"),
    ("pydata", "dark", "dark"),
    ("pydata", "dark", "auto"),
    ("book", "dark", "dark"),
    ("book", "light", "light"),
]


@pytest.mark.parametrize(("theme", "mode", "choice"), APPEARANCES)
def test_theme_appearance_and_wcag_aa_contrast(
    browser: Browser, site: Site, theme: str, mode: str, choice: str | None
) -> None:
    ctx = browser.new_context(
        viewport={"width": 1100, "height": 800},
        color_scheme="dark" if choice == "auto" else "light",
    )
    try:
        if choice is not None:
            # furo stores "theme", pydata and book store "mode".
            ctx.add_init_script(
                f"localStorage.setItem('theme', '{choice}');"
                f"localStorage.setItem('mode', '{choice}');"
            )
        page, watch = open_page(ctx, site(theme))
        page.hover(EVERY_FIELD_LINK)
        expect(page.locator(OPEN)).to_be_visible()
        page.wait_for_timeout(250)  # the fade-in
        colours = card_colours(page)
        assert {c[0] for c in colours} >= {
            "aiterm-card-title",
            "aiterm-card-def",
            "aiterm-card-category",
            "aiterm-card-count",
            "aiterm-card-more",
        }
        background = colours[0][2]
        assert background[3] == 1, "the card background must be opaque"
        is_dark = luminance(background) < 0.2
        assert is_dark == (mode == "dark"), (theme, mode, background)
        for name, fg, bg in colours:
            ratio = contrast(fg, bg)
            assert ratio >= 4.5, (theme, mode, name, fg, bg, round(ratio, 2))
        screenshot(page, f"{theme}-{mode}" + ("-auto" if choice == "auto" else ""))
        assert watch.errors == []
    finally:
        ctx.close()


# --- another project's terms ----------------------------------------------------------


def test_cards_for_another_projects_terms_work_offline(
    context: BrowserContext, tmp_path: Path
) -> None:
    producer = build_project(PRODUCER, tmp_path / "p")
    assert producer.status == 0, producer.warnings
    src = tmp_path / "consumer"
    shutil.copytree(CONSUMER, src)
    mapping = {"proj": ("https://example.org/proj/", str(producer.outdir / "objects.inv"))}
    app = SphinxTestApp("html", srcdir=src, confoverrides={"intersphinx_mapping": mapping})
    try:
        app.build()
    finally:
        app.cleanup()
    page, watch = open_page(context, Path(app.outdir))
    page.hover("a.aiterm-external >> nth=0")
    card = page.locator(OPEN)
    expect(card).to_be_visible()
    expect(card.locator(".aiterm-card-title")).to_have_text("widget tuning")  # its name as written
    expect(card.locator(".aiterm-card-more")).to_have_attribute(
        "href", "https://example.org/proj/glossary.html#aiterm-widget-tuning"
    )
    assert all(url.startswith("file://") for url in watch.requests), watch.requests
    assert watch.errors == []
