"""Hover cards: the HTML side of term references.

Every resolved term reference (class ``aiterm``, attributes ``aiterms_term`` and
``aiterms_definition``, whether written with ``:term-ai:`` or made by
auto-linking) gets a card on HTML pages, and so does every link to another
project's term (``aiterm-external``, see :mod:`.external`). On
``html-page-context`` this module collects the page's term references from its
resolved doctree, appends one hidden card element per distinct target to the
page body (so card data exists only for the terms that page uses, in the page
itself), and points each link at its card with ``data-aiterms-card`` and
``aria-describedby`` (the short definition is the link's accessible
description, with or without JavaScript).
One static script (``aiterms.js``) and one stylesheet (``aiterms.css``) for the
whole site turn the elements into cards (design notes §4).

Glossary text is escaped with :func:`html.escape` everywhere it reaches the
page; nothing else is generated per page. EPUB gets no cards (readers' script
support is unreliable; the links keep their ``title``), other builders none.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from docutils import nodes

from ..config import aiterms_config
from ..domain import definition_of, get_domain, resolves_each_document
from ..glossary.categories import category_table
from ..locale import MESSAGE_CATALOG, _
from ..nodes import ATTR_DEFINITION, ATTR_EXTERNAL, ATTR_TERM, REF_CLASS, find_nodes
from ..project import get_glossary
from .external import external_card_id, external_index

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from ..glossary.model import Definition, Term

#: Prefix of a card's id; the rest is the target anchor without its ``aiterm-``.
CARD_ID_PREFIX = "aiterm-card-"
#: Everything a card can show, in display order (``aiterms_card_fields``).
FIELDS = ("title", "category", "definition", "count", "link")


@dataclass(frozen=True, slots=True)
class CardData:
    """What one card shows; every string is plain text (escaped when rendered)."""

    #: The card element's id (unique on a page).
    card_id: str
    #: The full entry's URL, as the page's own links write it.
    href: str
    title: str
    category: str
    definition: str
    #: How many definitions the term has (the hint shows when > 1).
    count: int


def card_id(anchor: str) -> str:
    """The id of the card for links to ``anchor`` (``aiterm-llm`` → ``aiterm-card-llm``)."""
    return CARD_ID_PREFIX + anchor.removeprefix("aiterm-")


def _fragment(href: str) -> str:
    return unquote(href.rpartition("#")[2])


def _fix_href(href: str) -> str:
    # singlehtml (Sphinx 9) writes "#document-<doc>#<anchor>", which no browser
    # follows; on that single page the anchor alone is the target.
    return "#" + href.rpartition("#")[2] if href.count("#") > 1 else href


def _href(node: nodes.Element) -> str:
    # Same-document targets get refid, others refuri (design notes P7).
    refuri = node.get("refuri")
    return _fix_href(str(refuri)) if refuri else "#" + str(node.get("refid", ""))


def card_from(term: Term, definition: Definition, anchor: str, href: str) -> CardData:
    """The card for a link to ``definition`` of ``term``: titled by the term's
    name as its sources case it (not the definition's headline)."""
    return CardData(
        card_id=card_id(anchor),
        href=href,
        title=term.display,
        category=category_table().display(definition.category) if definition.category else "",
        definition=definition.concise,
        count=len(term.definitions),
    )


def collect_cards(doctree: nodes.Node, builder: Builder) -> dict[str, CardData]:
    """``{href: card}`` for the resolved term references in ``doctree`` (this
    project's and, see :mod:`.external`, other projects'), in order of first use.
    On one page, every link to a target has the same href."""
    glossary = get_glossary(builder.env)
    cards: dict[str, CardData] = {}
    for ref in find_nodes(doctree, nodes.reference):
        assert isinstance(ref, nodes.Element)
        external = ATTR_EXTERNAL in ref
        if not external and (REF_CLASS not in ref["classes"] or ATTR_TERM not in ref):
            continue  # most links on a page: decided before the href is worked out
        href = _href(ref)
        if href in cards:
            continue
        if external:
            found = external_index(builder.env).get(ref[ATTR_EXTERNAL])
            if found is not None:
                project, entry = found
                cards[href] = CardData(
                    card_id=external_card_id(project, href),
                    href=href,
                    title=entry["title"],
                    category=entry["category"],
                    definition=entry["short"],
                    count=entry["count"],
                )
            continue
        term = glossary.terms.get(ref[ATTR_TERM])
        anchor = _fragment(href)
        if term is None or not anchor:
            continue
        definition = definition_of(glossary, term, str(ref.get(ATTR_DEFINITION, "")))
        cards[href] = card_from(term, definition, anchor, href)
    return cards


# --- markup ---------------------------------------------------------------------------


def _ngettext(singular: str, plural: str, n: int) -> str:
    # Sphinx's get_translation() has no plural form; ask the catalog directly.
    from sphinx.locale import get_translator, is_translator_registered

    if is_translator_registered(MESSAGE_CATALOG):
        return get_translator(MESSAGE_CATALOG).ngettext(singular, plural, n)
    return singular if n == 1 else plural


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def render_card(card: CardData, fields: tuple[str, ...]) -> str:
    """One card element: hidden until the script shows it; a tooltip whose
    content is not focusable (its link is a pointer shortcut, ``tabindex=-1``)."""
    cid = card.card_id
    # dir="auto" isolates glossary text: a stray RTL override cannot reorder the page.
    parts = [f'<div id="{_esc(cid)}" class="aiterm-card" role="tooltip" popover="manual" hidden>']
    if "category" in fields and card.category:
        parts.append(f'<span class="aiterm-card-category" dir="auto">{_esc(card.category)}</span>')
    if "title" in fields:
        parts.append(f'<span class="aiterm-card-title" dir="auto">{_esc(card.title)}</span>')
    if "definition" in fields:
        def_id, definition = _esc(f"{cid}-def"), _esc(card.definition)
        parts.append(f'<span class="aiterm-card-def" id="{def_id}" dir="auto">{definition}</span>')
    foot = []
    if "count" in fields and card.count > 1:
        count = _ngettext("%d definition", "%d definitions", card.count) % card.count
        foot.append(f'<span class="aiterm-card-count">{_esc(count)}</span>')
    if "link" in fields:
        foot.append(
            f'<a class="aiterm-card-more" href="{_esc(card.href)}" tabindex="-1">'
            f"{_esc(str(_('Go to definition')))}</a>"
        )
    if foot:
        parts.append(f'<span class="aiterm-card-foot">{"".join(foot)}</span>')
    parts.append("</div>")
    return "".join(parts)


def render_cards(
    cards: dict[str, CardData],
    fields: tuple[str, ...],
    open_delay: int,
    close_delay: int,
    touch: str,
) -> str:
    """The page's card container; the script reads its settings from ``data-*``."""
    attrs = (
        f'data-aiterms-open="{int(open_delay)}" data-aiterms-close="{int(close_delay)}" '
        f'data-aiterms-touch="{_esc(touch)}"'
    )
    body = "\n".join(render_card(card, fields) for card in cards.values())
    return f'\n<div class="aiterms-cards" {attrs}>\n{body}\n</div>\n'


#: An opening ``<a>`` tag with the class ``aiterm`` or ``aiterm-external`` (as
#: Sphinx writes references).
_LINK_TAG = re.compile(
    r"""<a\s(?=[^>]*\bclass="(?:[^"]*\s)?aiterm(?:-external)?(?:\s[^"]*)?")[^>]*>"""
)
_HREF = re.compile(r'\shref="([^"]*)"')


def describe_links(body: str, cards: dict[str, CardData], fields: tuple[str, ...]) -> str:
    """Point every term link in ``body`` at its card: ``data-aiterms-card`` for
    the script, ``aria-describedby`` for assistive technology (the definition
    when shown, else the whole card). Also repairs singlehtml's double-anchor
    hrefs (see :func:`_fix_href`)."""
    suffix = "-def" if "definition" in fields else ""

    def add(match: re.Match[str]) -> str:
        tag = match.group(0)
        href = _HREF.search(tag)
        if href is None or "data-aiterms-card=" in tag:
            return tag
        fixed = _fix_href(html.unescape(href.group(1)))
        card = cards.get(fixed)
        if card is None:
            return tag
        cid = _esc(card.card_id)
        tag = tag.replace(href.group(0), f' href="{_esc(fixed)}"', 1)
        return f'{tag[:-1]} data-aiterms-card="{cid}" aria-describedby="{cid}{suffix}">'

    return _LINK_TAG.sub(add, body)


# --- Sphinx events --------------------------------------------------------------------


def wants_cards(app: Sphinx) -> bool:
    """Cards on this build's pages: HTML builders but EPUB (readers' script
    support is unreliable), unless ``aiterms_cards = False``."""
    from sphinx.builders.epub3 import Epub3Builder

    builder = app.builder
    return (
        builder.format == "html"
        and not isinstance(builder, Epub3Builder)
        and aiterms_config(app.config).cards
    )


def add_cards(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context``: the page's cards, and its links pointed at them."""
    if doctree is None or "body" not in context or not wants_cards(app):
        return
    domain = get_domain(app.env)
    if resolves_each_document(app.builder) and not (
        pagename in domain.references
        or pagename in domain.autolinks
        or pagename in domain.data["external_users"]
        or domain.shows_glossary(pagename)
    ):
        return  # the read phase recorded no term link here: no walk to pay
    config = aiterms_config(app.config)
    fields = tuple(f for f in FIELDS if f in config.card_fields)
    cards = collect_cards(doctree, app.builder) if fields else {}
    if not cards:
        return  # nothing to show: the links keep their title
    context["body"] = describe_links(context["body"], cards, fields) + render_cards(
        cards, fields, config.card_open_delay, config.card_close_delay, config.card_touch
    )
