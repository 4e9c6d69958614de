"""The static files HTML pages use. Plain hand-written files (``static/``), no
build step, no CDN, added for HTML builders only (house style §9); kept small
(a test holds them to 4 KB gzipped on ordinary pages, 6 KB on glossary pages).

Every page of the site links the hover cards' files:

* ``aiterms.js`` turns each page's hidden card elements (``div.aiterms-cards``,
  one per term the page uses; links name theirs in ``data-aiterms-card``) into
  cards. WCAG 2.1 SC 1.4.13: hoverable, dismissed by Escape, kept until the
  pointer or the focus leaves; keyboard focus opens at once, hover after a
  delay. Touch: a first tap previews, a second (or the card's link) navigates.
  Cards live in the top layer (popover) where the browser has it, else they are
  fixed elements. Scrolling under a still pointer makes the browser send
  pointerover/pointerout with no pointermove: those open no card and never
  close one that keyboard focus holds open (issue 16, item 15).
* ``aiterms.css``: the cards, in the theme's colours where it has variables
  (furo, pydata-sphinx-theme, sphinx-book-theme), else light; any
  ``--aiterms-*`` can be overridden on ``.aiterm-card``.

Glossary pages (the generated page and pages with an ``ai-glossary``
directive) also link their own files, and only they do:

* ``aiterms-glossary.css``: the entries, badges, the A–Z bar (sticky below the
  theme's own sticky bars on wide screens; on narrow ones it scrolls away and
  shows only the letters with terms, in one row), category cards; wide tables,
  code, math and literals scroll or wrap inside their own box, so the page
  never scrolls sideways.
* ``aiterms-glossary.js``: the filter (its texts come from the empty
  ``div.aiterms-filter`` the directive writes in the navigation; without
  JavaScript nothing shows): terms, aliases and categories as you type, a
  category select, Escape clears, the count announced (``role=status``);
  groups without visible entries hide and their letters switch off. Jumps:
  the script measures the fixed and sticky boxes over the top of the page
  (``elementsFromPoint``, the theme's headers included) and sets
  ``--aiterms-top`` (where the bar sticks) and the page's
  ``scroll-padding-top`` (where targets land); after a jump (URL fragment,
  A–Z bar, term link) has settled, a target still under a bar is moved out.

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
        builder.add_js_file(GLOSSARY_JS, priority=500, defer="defer")
