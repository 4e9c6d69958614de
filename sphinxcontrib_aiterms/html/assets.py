"""The static files HTML pages use. Plain hand-written files (``static/``), no
build step, no CDN, added for HTML builders only (house style §9):

* every page with term links: the hover cards' script and style
  (``aiterms.js``, ``aiterms.css``), linked from every page of the site;
* glossary pages only (the generated page and pages with an ``ai-glossary``
  directive): the page's style and script (``aiterms-glossary.css``,
  ``aiterms-glossary.js``: filter, jump offsets), linked from those pages alone.

Sphinx resets the builder's file lists before each page's ``html-page-context``
event, so a file added to the builder there reaches that page only (Sphinx 7.3
to 9.0).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain import get_domain
from .cards import wants_cards

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
CARDS_JS = "aiterms.js"
CARDS_CSS = "aiterms.css"
GLOSSARY_CSS = "aiterms-glossary.css"
GLOSSARY_JS = "aiterms-glossary.js"


def _copy(app: Sphinx, *names: str) -> None:
    # Copied now, not at build-finished: the EPUB builder packs its files
    # before that. Always overwritten, so an upgraded extension never leaves an
    # old copy (Sphinx's copy_asset_file keeps it, with a warning).
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(STATIC_DIR / name, static / name)


def _scripts(app: Sphinx) -> bool:
    """Scripts for this build's pages: HTML builders but EPUB (readers' script
    support is unreliable)."""
    from sphinx.builders.epub3 import Epub3Builder

    return not isinstance(app.builder, Epub3Builder)


def add_assets(app: Sphinx) -> None:
    """``builder-inited``: the files this build's pages link to, copied; the
    cards' files linked from every page."""
    if app.builder.format != "html":
        return
    _copy(app, GLOSSARY_CSS, *((GLOSSARY_JS,) if _scripts(app) else ()))
    if wants_cards(app):
        app.add_css_file(CARDS_CSS)
        app.add_js_file(CARDS_JS, loading_method="defer")
        _copy(app, CARDS_CSS, CARDS_JS)


def shows_glossary(app: Sphinx, pagename: str) -> bool:
    """Whether the HTML page ``pagename`` holds glossary entries: the generated
    page, a document with an ``ai-glossary`` directive or (singlehtml) the one
    page holding every document."""
    domain = get_domain(app.env)
    if domain.shows_glossary(pagename):
        return True
    return (
        app.builder.name == "singlehtml"
        and pagename == app.config.root_doc
        and any(domain.shows_glossary(doc) for doc in app.env.found_docs)
    )


def add_page_assets(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context``: a glossary page's own style and script."""
    builder: Any = app.builder
    if builder.format != "html" or not shows_glossary(app, pagename):
        return
    # StandaloneHTMLBuilder.add_css_file/add_js_file: this page's lists only.
    builder.add_css_file(GLOSSARY_CSS, priority=500)
    if _scripts(app):
        builder.add_js_file(GLOSSARY_JS, priority=500, loading_method="defer")
