"""Real-browser tests: Playwright driving Debian's Chromium (never downloaded).

A browser test module calls :func:`require_chromium` before importing
Playwright: without Chromium (or Playwright) it is skipped, unless ``CI`` is
set, where it fails instead. Its ``browser`` fixture is :func:`launch`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")


def require_chromium() -> None:
    """Skip the calling module without a browser to drive (outside CI only)."""
    if not os.environ.get("CI"):
        if CHROMIUM is None:
            pytest.skip("no Chromium (in CI this fails instead)", allow_module_level=True)
        pytest.importorskip("playwright.sync_api")


def launch() -> Iterator[Browser]:
    """A headless Chromium for the length of a fixture."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()
