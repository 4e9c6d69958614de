"""In a real browser: a reader finds the generated glossary page in the
navigation of the themes, at desktop and phone widths, and follows it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import launch, require_chromium

require_chromium()

from helpers import build_project  # noqa: E402
from playwright.sync_api import Browser, expect  # noqa: E402

ROOT = Path(__file__).parent / "roots" / "test-page-toctree"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launch()


@pytest.fixture(scope="module", params=["alabaster", "furo"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    theme = str(request.param)
    built = build_project(ROOT, tmp_path_factory.mktemp(theme), confoverrides={"html_theme": theme})
    assert built.status == 0 and built.warnings == "", built.warnings
    return built.outdir


@pytest.mark.parametrize("width", [1280, 320])
def test_the_navigation_leads_to_the_glossary_page(
    browser: Browser, site: Path, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto((site / "usage.html").as_uri())
    nav = ".sidebar-tree" if site.parent.name.startswith("furo") else ".sphinxsidebar"
    link = page.locator(f'{nav} a.reference.internal[href="aiterms-glossary.html"]')
    drawer = page.locator("label.nav-overlay-icon")  # furo's phone layout: a menu button
    if drawer.count() and drawer.first.is_visible():
        drawer.first.click()
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url((site / "aiterms-glossary.html").as_uri())
    expect(page.locator("h1").first).to_contain_text("AI glossary")
    expect(page.locator("#aiterm-kv-cache")).to_be_attached()
    page.close()
