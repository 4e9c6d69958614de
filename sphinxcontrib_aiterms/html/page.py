"""Zero configuration: the generated glossary page (``aiterms-glossary``).

When no document uses the ``ai-glossary`` directive, HTML builders write a
page of their own, as Sphinx does for ``genindex``: its doctree is built in
memory, resolved with the normal post-transforms, rendered with the builder's
translator and handed to the theme's ``page.html``. Nothing is written into
the source folder. The page is also fed to the search index, so the terms'
search entries (which point at it) are kept.

``singlehtml`` does not emit ``html-collect-pages``; it gets the page on
``build-finished`` instead. Non-HTML builders get no page: their term
references become plain text (see :meth:`.AitermsDomain.target_docname`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import new_document
from sphinx.util.osutil import relative_uri

from ..config import aiterms_config
from ..directive import GlossaryPageOptions, glossary_nodes
from ..domain import get_domain
from ..locale import _
from ..nodes import GENERATED_PAGE

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment


def page_title() -> str:
    return str(_("AI glossary"))


def allow_in_toctrees(app: Sphinx) -> None:
    """``builder-inited``: the generated page may be listed in a toctree like
    ``genindex`` (``aiterms-glossary`` in the entries of any toctree), so themes
    show it in their navigation. Sphinx keeps its generated pages in this
    class-level table (read by the toctree directive and the toctree adapter in
    Sphinx 7.3 to 9); the entry is the page's name and title."""
    from sphinx.domains.std import StandardDomain

    table = getattr(StandardDomain, "_virtual_doc_names", None)
    if isinstance(table, dict):
        table[GENERATED_PAGE] = (GENERATED_PAGE, page_title())


def page_nodes(env: BuildEnvironment) -> list[nodes.Node]:
    """The body of the generated page (the ``ai-glossary`` page builder)."""
    domain = get_domain(env)
    used_only = bool(aiterms_config(env.config).used_only)
    if used_only and not domain.used_on:
        text = _(
            "No page of this project uses a glossary term yet. Link one with "
            "the :term-ai: role (or let auto-linking find them), or set "
            "aiterms_used_only = False in conf.py to show the whole glossary."
        )
        return [nodes.paragraph(text, text, classes=["aiterms-empty"])]
    options = GlossaryPageOptions(
        # Only the used terms are built at all (a 40,000-term glossary stays cheap).
        terms=(tuple(domain.used_on) or ("\0",)) if used_only else (),
        used_only=used_only,
        used_on=bool(aiterms_config(env.config).used_on),
    )
    return list(glossary_nodes(env, GENERATED_PAGE, options=options))


def _new_doctree(env: BuildEnvironment) -> nodes.document:
    """The generated page's doctree, before the post-transforms."""
    doctree = new_document(GENERATED_PAGE)
    doctree.settings.env = env
    section = nodes.section(ids=["aiterms-glossary"], names=["aiterms-glossary"])
    section += nodes.title("", page_title())
    section.extend(page_nodes(env))
    doctree += section
    return doctree


def _prepare_builder(builder: StandaloneHTMLBuilder) -> None:
    # The builder state write_doc sets up.
    builder.secnumbers = {}
    builder.fignumbers = {}
    builder.imgpath = relative_uri(builder.get_target_uri(GENERATED_PAGE), "_images")
    builder.dlpath = relative_uri(builder.get_target_uri(GENERATED_PAGE), "_downloads")
    builder.current_docname = GENERATED_PAGE


def _render_body(builder: StandaloneHTMLBuilder, doctree: nodes.document) -> str:
    # What StandaloneHTMLBuilder.write_doc does, minus the document context.
    doctree.settings = builder.docsettings
    _prepare_builder(builder)
    visitor: Any = builder.create_translator(doctree, builder)
    doctree.walkabout(visitor)
    return "".join(visitor.fragment)


def _index_page(builder: StandaloneHTMLBuilder, doctree: nodes.document, title: str) -> None:
    """Feed the page to the search index: the terms' search objects point here,
    and the index drops objects of pages it does not know."""
    indexer = getattr(builder, "indexer", None)
    if indexer is None:
        return
    indexer.feed(GENERATED_PAGE, GENERATED_PAGE, title, doctree)
    _keep_in_index(indexer)


def _keep_in_index(indexer: Any) -> None:
    # The index is pruned to the project's documents just before it is dumped;
    # keep the generated page too (this indexer object lives for one build).
    prune = indexer.prune

    def prune_keeping_page(docnames: Iterable[str]) -> None:
        prune({*docnames, GENERATED_PAGE})

    indexer.prune = prune_keeping_page


def generated_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the glossary page, when no directive places terms."""
    if not get_domain(app.env).generated_page_active:
        return
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
    title = page_title()
    doctree = _new_doctree(app.env)
    app.env.apply_post_transforms(doctree, GENERATED_PAGE)
    _index_page(builder, doctree, title)
    body = _render_body(builder, doctree)
    context = {"title": title, "body": body, "display_toc": False, "toc": "", "metatags": ""}
    yield GENERATED_PAGE, context, "page.html"


def singlehtml_page(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: singlehtml does not emit ``html-collect-pages``."""
    if exception is not None or app.builder.name != "singlehtml":
        return
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
    for pagename, context, template in generated_pages(app):
        builder.handle_page(pagename, context, template)
