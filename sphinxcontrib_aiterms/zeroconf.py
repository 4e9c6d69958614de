"""Zero configuration: the generated glossary page (``aiterms-glossary``).

When no document uses the ``ai-glossary`` directive, HTML builders write a
page of their own, as Sphinx does for ``genindex``: its doctree is built in
memory, resolved with the normal post-transforms, rendered with the builder's
translator and handed to the theme's ``page.html``. Nothing is written into
the source folder. The page is also fed to the search index, so the terms'
search entries (which point at it) are kept.

Building the page (its definitions, the post-transforms, the translator and
the search-index words) costs about a second per build, though it comes out the
same every time. So the rendered body and the words fed to the search index are
cached on disk (``$SPHINXCONTRIB_AITERMS_CACHE``; ``off`` disables it), keyed by
everything that shapes them: the glossary files, the whole configuration, the
domain's data and the titles of the pages listed under "Used on", the builder,
its translator, the page's URI, and the versions of Sphinx, its extensions and
this package. A page whose build warned, whose configuration cannot be keyed
stably, or which holds references outside this domain is never cached.

``singlehtml`` does not emit ``html-collect-pages``; it gets the page on
``build-finished`` instead. Non-HTML builders get no page: their term
references become plain text (see :meth:`.AitermsDomain.target_docname`).
"""

from __future__ import annotations

import hashlib
import logging as std_logging
import os
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import new_document
from sphinx.util.osutil import relative_uri

from . import diskcache
from .config import get_option
from .diskcache import cache_dir
from .domain import GENERATED_PAGE, get_domain
from .gcpause import paused_gc
from .locale import _

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def page_title() -> str:
    return str(_("AI glossary"))


def page_nodes(env: BuildEnvironment) -> list[nodes.Node]:
    """The body of the generated page (the ``ai-glossary`` page builder)."""
    from . import glossary_page

    domain = get_domain(env)
    used_only = bool(get_option(env.config, "used_only"))
    options = glossary_page.GlossaryPageOptions(
        # Only the used terms are built at all (a 40,000-term glossary stays cheap).
        terms=(tuple(domain.used_on) or ("\0",)) if used_only else (),
        used_only=used_only,
        used_on=bool(get_option(env.config, "used_on")),
    )
    return list(glossary_page.glossary_nodes(env, GENERATED_PAGE, options=options))


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
    # The builder state write_doc sets up (also on a cache hit: later pages see it).
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
    key = page_cache_key(builder, app.env)
    cached = _load_page(key) if key is not None else None
    if cached is not None and _replay(builder, cached):
        body = cached["body"]
    else:
        body = _build_page(builder, app.env, title, key)
    context = {"title": title, "body": body, "display_toc": False, "toc": "", "metatags": ""}
    yield GENERATED_PAGE, context, "page.html"


def _build_page(
    builder: StandaloneHTMLBuilder, env: BuildEnvironment, title: str, key: str | None
) -> str:
    """Build, index and render the page; cache the result when ``key`` is set
    and nothing made it unsafe to."""
    recorder = _WarningRecorder()
    sphinx_logger = std_logging.getLogger("sphinx")
    sphinx_logger.addHandler(recorder)
    # The whole page is one allocation burst late in the build (see gcpause).
    with paused_gc():
        try:
            doctree = _new_doctree(env)
            foreign = any(
                node.get("refdomain") != "aiterms"
                for node in doctree.findall(addnodes.pending_xref)
            )
            env.apply_post_transforms(doctree, GENERATED_PAGE)
            indexer = getattr(builder, "indexer", None)
            fresh = indexer is None or not _indexed(indexer)
            _index_page(builder, doctree, title)
            body = _render_body(builder, doctree)
        finally:
            sphinx_logger.removeHandler(recorder)
    if key is not None and fresh and not foreign and not recorder.warned:
        index = _index_record(indexer) if indexer is not None else None
        if indexer is None or index is not None:
            _store_page(key, {"body": body, "index": index})
    return body


# --- the page cache --------------------------------------------------------------------

#: The search index's per-document tables (Sphinx's IndexBuilder; private, so
#: a Sphinx without them gets no cache, and the Sphinx version is in the key).
_INDEX_TABLES = ("_titles", "_filenames", "_all_titles", "_index_entries")
_INDEX_MAPPINGS = ("_title_mapping", "_mapping")


class _WarningRecorder(std_logging.Handler):
    """Notes whether the page's build warned (then it is not cached, so the
    warning repeats in every build)."""

    def __init__(self) -> None:
        super().__init__(std_logging.WARNING)
        self.warned = False

    def emit(self, record: std_logging.LogRecord) -> None:
        self.warned = True


def _has_tables(indexer: Any) -> bool:
    return all(
        isinstance(getattr(indexer, name, None), dict) for name in _INDEX_TABLES + _INDEX_MAPPINGS
    )


def _indexed(indexer: Any) -> bool:
    """Whether the index already holds the page (then a record would be wrong)."""
    return not _has_tables(indexer) or any(
        GENERATED_PAGE in getattr(indexer, name) for name in _INDEX_TABLES
    )


def _index_record(indexer: Any) -> dict[str, Any] | None:
    """What feeding the page added to the index, to be added again on a hit."""
    if not _has_tables(indexer):
        return None
    record: dict[str, Any] = {
        name: getattr(indexer, name)[GENERATED_PAGE] for name in _INDEX_TABLES
    }
    for name in _INDEX_MAPPINGS:
        # Insertion order kept: replaying adds new words in the same order.
        record[name] = [w for w, docs in getattr(indexer, name).items() if GENERATED_PAGE in docs]
    return record


def _replay(builder: StandaloneHTMLBuilder, cached: dict[str, Any]) -> bool:
    """Apply a cached page to the builder (False: the cache does not fit)."""
    indexer = getattr(builder, "indexer", None)
    record = cached.get("index")
    if indexer is not None:
        if record is None or _indexed(indexer):
            return False
        for name in _INDEX_TABLES:
            getattr(indexer, name)[GENERATED_PAGE] = record[name]
        for name in _INDEX_MAPPINGS:
            table = getattr(indexer, name)
            for word in record[name]:
                table.setdefault(word, set()).add(GENERATED_PAGE)
        _keep_in_index(indexer)
    _prepare_builder(builder)
    return True


class _Unstable(Exception):
    """A value without a stable text form (an object address in its repr)."""


def _stable(value: Any) -> str:
    """A text form of a configuration value that is the same in every process."""
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes)):
        return repr(value)
    if isinstance(value, os.PathLike):
        return f"path:{os.fspath(value)!r}"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__}[{','.join(_stable(v) for v in value)}]"
    if isinstance(value, (set, frozenset)):
        return f"set[{','.join(sorted(_stable(v) for v in value))}]"
    if isinstance(value, dict):
        items = sorted(f"{_stable(k)}:{_stable(v)}" for k, v in value.items())
        return f"dict[{','.join(items)}]"
    if isinstance(value, types.FunctionType):
        code = value.__code__
        digest = hashlib.sha256(code.co_code + repr(code.co_names).encode()).hexdigest()
        return f"function:{value.__module__}.{value.__qualname__}:{digest}"
    if isinstance(value, type):
        return f"class:{value.__module__}.{value.__qualname__}"
    text = repr(value)
    if " at 0x" in text or " object at " in text:
        raise _Unstable(text)
    return f"{type(value).__module__}.{type(value).__qualname__}:{text}"


def _module_stamp(name: str) -> str:
    """An extension or translator module's file and modification time."""
    module = sys.modules.get(name)
    file = getattr(module, "__file__", None)
    if not file:
        return f"{name}:-"
    try:
        stat = Path(file).stat()
    except OSError:
        return f"{name}:?"
    return f"{name}:{file}:{stat.st_mtime_ns}:{stat.st_size}"


def page_cache_key(builder: StandaloneHTMLBuilder, env: BuildEnvironment) -> str | None:
    """The page cache key, or None when the page must be built (cache off, or
    something that shapes it cannot be keyed safely)."""
    from . import domain as domain_module
    from .render import _versions_key

    if cache_dir() is None:
        return None
    _glossary, load_error = domain_module._load_for(env)
    files = domain_module.user_glossary_files(env)
    bundled = bool(get_option(env.config, "bundled"))
    confdir = domain_module._confdir(env)
    content = domain_module._content_key(files, bundled, confdir)
    if load_error or content is None:
        return None
    digest = hashlib.sha256(f"{_versions_key()}\0{content}\0".encode())
    try:  # (the content key covers the seed pages when the bundled glossary is on)
        for item in env.config:
            digest.update(f"{item.name}={_stable(getattr(env.config, item.name, None))}\0".encode())
        domain = get_domain(env)
        digest.update(_stable(domain.data).encode())
        used_on = domain.used_on
        digest.update(_stable(used_on).encode())
        titles = {
            page: env.titles[page].astext() if page in env.titles else None
            for pages in used_on.values()
            for page in pages
        }
        digest.update(_stable(titles).encode())
    except (_Unstable, OSError, RecursionError):
        return None
    translator = builder.get_translator_class()
    # Every loaded extension (themes and Sphinx's own included): their node
    # visitors and post-transforms shape the page.
    app = getattr(env, "_app", None) or getattr(env, "app", None)
    loaded = getattr(app, "extensions", {})
    modules = {*env.config.extensions, *loaded, translator.__module__, type(builder).__module__}
    parts = [
        builder.name,
        f"{type(builder).__module__}.{type(builder).__qualname__}",
        f"{translator.__module__}.{translator.__qualname__}",
        builder.get_target_uri(GENERATED_PAGE),
        str(env.srcdir),
        str(env.config.language),
        *(_module_stamp(name) for name in sorted(modules)),
    ]
    digest.update("\0".join(parts).encode())
    return digest.hexdigest()[:32]


#: Cached pages kept (each ≈ 0.7 MB for the bundled glossary; every project,
#: builder and configuration has its own).
MAX_CACHED_PAGES = 32


def _cache_file(key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / "pages" / f"glossary-{key}.pickle"


def _load_page(key: str) -> dict[str, Any] | None:
    path = _cache_file(key)
    cached = diskcache.load(path, dict) if path is not None else None
    if cached is not None and isinstance(cached.get("body"), str) and "index" in cached:
        return cached
    return None


def _store_page(key: str, data: dict[str, Any]) -> None:
    path = _cache_file(key)
    if path is not None:
        diskcache.store(path, data, keep=MAX_CACHED_PAGES)


def _singlehtml_page(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.name != "singlehtml":
        return
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
    for pagename, context, template in generated_pages(app):
        builder.handle_page(pagename, context, template)


def setup_zeroconf(app: Sphinx) -> None:
    app.connect("html-collect-pages", generated_pages)
    app.connect("build-finished", _singlehtml_page)
