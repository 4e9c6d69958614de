"""The static files HTML pages use: hover cards' script and style, the glossary
page's style. Plain hand-written files (``static/``), no build step, no CDN;
added on ``builder-inited`` for HTML builders only (house style §9)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from .cards import wants_cards

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
CARDS_JS = "aiterms.js"
CARDS_CSS = "aiterms.css"
GLOSSARY_CSS = "aiterms-glossary.css"


def _copy(app: Sphinx, *names: str) -> None:
    # Copied now, not at build-finished: the EPUB builder packs its files
    # before that. Always overwritten, so an upgraded extension never leaves an
    # old copy (Sphinx's copy_asset_file keeps it, with a warning).
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(STATIC_DIR / name, static / name)


def add_assets(app: Sphinx) -> None:
    """``builder-inited``: the files this build's pages link to."""
    if app.builder.format != "html":
        return
    app.add_css_file(GLOSSARY_CSS)
    _copy(app, GLOSSARY_CSS)
    if wants_cards(app):
        app.add_css_file(CARDS_CSS)
        app.add_js_file(CARDS_JS, loading_method="defer")
        _copy(app, CARDS_CSS, CARDS_JS)
