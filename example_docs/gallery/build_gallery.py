"""Build the theme gallery: one sample page in five themes, screenshotted.

Builds ``sample/`` (a one-page project using the role and the ``ai-glossary``
directive) with each theme into a temporary directory, opens each page in
headless Chromium through Playwright (network requests blocked: the page must
work offline) and saves a 1000×640 PNG to ``../_static/gallery/<theme>.png``,
which the gallery page of the documentation shows. The first term link is
hovered first, so a hover card, when the extension shows one, is in the picture.

Run it by hand after a visible change (it is not part of the docs build)::

    .venv/bin/python example_docs/gallery/build_gallery.py
    .venv/bin/python example_docs/gallery/build_gallery.py --themes furo alabaster

Needs the themes (``pip install -e ".[themes,test]"``), Playwright and a
Chromium (``--chromium``, default ``/usr/bin/chromium``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "sample"
OUTPUT = HERE.parent / "_static" / "gallery"

#: Gallery name → Sphinx ``html_theme`` value.
THEMES = {
    "alabaster": "alabaster",
    "furo": "furo",
    "pydata": "pydata_sphinx_theme",
    "rtd": "sphinx_rtd_theme",
    "book": "sphinx_book_theme",
}
WIDTH, HEIGHT = 1000, 640
#: The gallery page warns (in review) when a screenshot grows beyond this.
MAX_BYTES = 150_000


def build(theme: str, outdir: Path) -> Path:
    """Build the sample with ``theme``; return its index.html."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            "-E",
            "-D",
            f"html_theme={THEMES[theme]}",
            str(SAMPLE),
            str(outdir),
        ],
        check=True,
    )
    return outdir / "index.html"


def screenshot(pages: dict[str, Path], output: Path, chromium: str) -> dict[str, int]:
    """One PNG per theme; returns the file sizes."""
    from playwright.sync_api import Route, sync_playwright

    def offline(route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            print(f"  blocked {route.request.url}", file=sys.stderr)
            route.abort()

    sizes: dict[str, int] = {}
    output.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True)
        try:
            for theme, index in pages.items():
                context = browser.new_context(
                    viewport={"width": WIDTH, "height": HEIGHT},
                    device_scale_factor=1,
                    color_scheme="light",
                )
                page = context.new_page()
                page.route("**/*", offline)
                page.goto(index.as_uri(), wait_until="load")
                link = page.locator("a.aiterm").first
                if link.count():
                    link.hover()
                    time.sleep(0.8)  # the card opens after a short delay
                target = output / f"{theme}.png"
                page.screenshot(path=str(target), type="png", animations="disabled")
                sizes[theme] = target.stat().st_size
                context.close()
        finally:
            browser.close()
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--themes", nargs="+", choices=sorted(THEMES), default=list(THEMES))
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="aiterms-gallery-") as tmp:
        pages = {theme: build(theme, Path(tmp) / theme) for theme in args.themes}
        sizes = screenshot(pages, args.output, args.chromium)
    status = 0
    for theme, size in sizes.items():
        flag = "" if size <= MAX_BYTES else f"  (over {MAX_BYTES // 1000} KB)"
        print(f"{args.output / (theme + '.png')}: {size / 1000:.1f} KB{flag}")
        status = status or int(size > MAX_BYTES)
    return status


if __name__ == "__main__":
    sys.exit(main())
