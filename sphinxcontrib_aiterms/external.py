"""Definitions for other projects: ``aiterms.json`` out, hover cards for them in.

**Out.** An HTML build (``html``, ``dirhtml`` and other builders that write
``objects.inv``) writes ``aiterms.json`` beside its inventory: for every term
that lives in this project, and for each definition of a term with several,
its title, category, short definition and URL (relative to the site root, as
in ``objects.inv``). The schema is versioned (:data:`SCHEMA_VERSION`)::

    {"schema": "sphinxcontrib-aiterms", "version": 1, "project": "…",
     "terms": [{"name": "attention sink", "title": "…", "category": "…",
                "short": "…", "count": 2,
                "url": "glossary.html#aiterm-attention-sink"}, …]}

**In.** A project that maps ours with ``intersphinx_mapping`` fetches
``aiterms.json`` next to each mapped inventory (a URL, honouring
``intersphinx_timeout``, or a local path), once per build in the parent
process, and keeps it in the environment keyed by its location: remote files
are fetched again only when older than ``intersphinx_cache_limit`` days, local
ones are re-read every build (as intersphinx does). A post-transform marks
every resolved link whose URL is one of those terms (``:external:`` roles,
intersphinx-resolved ``:term-ai:`` or plain hyperlinks) with the class
``aiterm-external`` and the attribute ``aiterms_external``; :mod:`.cards`
gives those links hover cards from the fetched data, so they work offline.
Links must use an absolute target URI (``https://…`` or an absolute path).
"""

from __future__ import annotations

import json
import posixpath
import re
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from .domain import definition_anchor, get_domain, get_glossary
from .nodewalk import find_nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .glossary.model import Definition, Term

logger = logging.getLogger(__name__)

JSON_FILE = "aiterms.json"
SCHEMA = "sphinxcontrib-aiterms"
#: Bump when the meaning of a field changes; readers skip other versions.
SCHEMA_VERSION = 1
#: Node attribute on a link to another project's term: the link's URL.
ATTR_EXTERNAL = "aiterms_external"
#: Class on such links (``aiterm`` is kept for this project's own terms).
EXTERNAL_CLASS = "aiterm-external"
#: Environment attribute: ``{json location: {"name", "base", "fetched", "terms"}}``.
ENV_CACHE = "aiterms_external"

#: One entry of the file: every value a str, except ``count``.
Entry = dict[str, Any]


# --- out: aiterms.json ----------------------------------------------------------------


def _entry(term: Term, definition: Definition, name: str, url: str) -> Entry:
    return {
        "name": name,
        "title": definition.title or term.title,
        "category": definition.category or ", ".join(term.categories),
        "short": definition.concise,
        "count": len(term.definitions),
        "url": url,
    }


def terms_document(env: BuildEnvironment, builder: Builder) -> dict[str, Any]:
    """The contents of ``aiterms.json`` for this build."""
    domain = get_domain(env)
    entries: list[Entry] = []
    for term in get_glossary(env):
        docname = domain.target_docname(term.key)
        if docname is None:
            continue
        page = builder.get_target_uri(docname)
        entries.append(_entry(term, term.primary, term.display, f"{page}#{term.anchor}"))
        if len(term.definitions) > 1:
            for definition in term.definitions:
                name = f"{term.display} ({definition.category or definition.id})"
                url = f"{page}#{definition_anchor(definition.id)}"
                entries.append(_entry(term, definition, name, url))
    return {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "project": env.config.project,
        "terms": entries,
    }


def _writes_json(builder: Builder) -> bool:
    from sphinx.builders.epub3 import Epub3Builder
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.builders.singlehtml import SingleFileHTMLBuilder

    return isinstance(builder, StandaloneHTMLBuilder) and not isinstance(
        builder, SingleFileHTMLBuilder | Epub3Builder
    )


def _write_json(app: Sphinx, exception: BaseException | None) -> None:
    outdir = Path(app.outdir)
    # Beside objects.inv, where there is one (written in the main process).
    if exception is not None or not _writes_json(app.builder):
        return
    if not (outdir / "objects.inv").is_file():
        return
    document = terms_document(app.env, app.builder)
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    (outdir / JSON_FILE).write_text(text + "\n", encoding="utf-8")


# --- in: other projects' files --------------------------------------------------------


def _projects(config: Config) -> list[tuple[str, str, tuple[str | None, ...]]]:
    """``(name, target URI, inventory locations)`` for each intersphinx mapping,
    as intersphinx normalises the option on ``config-inited``:
    ``{key: (name, (uri, locations))}``, locations a str, None or a tuple."""
    result = []
    for value in getattr(config, "intersphinx_mapping", {}).values():
        try:
            name, (uri, locations) = value
        except (TypeError, ValueError):
            continue
        if not isinstance(name, str) or not isinstance(uri, str):
            continue
        if not isinstance(locations, tuple | list):
            locations = (locations,)
        result.append((name, uri, tuple(locations)))
    return result


def json_location(target_uri: str, inventory: str | None) -> str:
    """Where ``aiterms.json`` is expected: beside the inventory."""
    if inventory is None:
        return posixpath.join(target_uri, JSON_FILE)
    if "://" in inventory:
        return inventory.rsplit("/", 1)[0] + "/" + JSON_FILE
    return str(Path(inventory).parent / JSON_FILE)


def _fetch(location: str, srcdir: Path, timeout: float | None) -> bytes | None:
    """The file's bytes, or None when there is none (the project does not use
    this extension)."""
    if "://" in location:
        try:
            with urllib.request.urlopen(location, timeout=timeout) as response:
                return cast("bytes", response.read())
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise
    path = srcdir / location
    return path.read_bytes() if path.is_file() else None


def parse_terms(raw: bytes) -> list[Entry]:
    """The term entries of an ``aiterms.json``; ValueError if it is not one we read."""
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ValueError("not an aiterms.json file")
    if data.get("version") != SCHEMA_VERSION:
        raise ValueError(f"unsupported schema version {data.get('version')!r}")
    entries: list[Entry] = []
    for item in data.get("terms", []):
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            continue
        entries.append(
            {
                "url": item["url"],
                "title": str(item.get("title") or item.get("name") or ""),
                "category": str(item.get("category") or ""),
                "short": str(item.get("short") or ""),
                "count": item["count"] if isinstance(item.get("count"), int) else 1,
            }
        )
    return entries


def _cache(env: BuildEnvironment) -> dict[str, dict[str, Any]]:
    if not hasattr(env, ENV_CACHE):
        setattr(env, ENV_CACHE, {})
    return cast("dict[str, dict[str, Any]]", getattr(env, ENV_CACHE))


def load_external(app: Sphinx) -> None:
    """``builder-inited``: fetch (or reuse) every mapped project's ``aiterms.json``."""
    env, config = app.env, app.config
    cache = _cache(env)
    if "sphinx.ext.intersphinx" not in app.extensions or app.builder.format != "html":
        cache.clear()
        return
    now = time.time()
    limit = getattr(config, "intersphinx_cache_limit", 5)
    oldest = now - limit * 86400 if limit >= 0 else 0
    timeout = getattr(config, "intersphinx_timeout", None)
    wanted: set[str] = set()
    for name, uri, inventories in _projects(config):
        for inventory in inventories:
            location = json_location(uri, inventory)
            wanted.add(location)
            cached = cache.get(location)
            remote = "://" in location
            if cached is not None and remote and cached["fetched"] >= oldest:
                cached.update(name=name, base=uri)
                if cached.get("missing"):
                    continue  # no file there, as of a recent fetch: try the next inventory
                break
            try:
                raw = _fetch(location, Path(app.srcdir), timeout)
                terms = parse_terms(raw) if raw is not None else None
            except Exception as exc:  # never fail a build over another site's file
                logger.warning(
                    "could not read %s for %r: %s",
                    location,
                    name,
                    exc,
                    type="aiterms",
                    subtype="external",
                )
                if cached is not None:
                    break  # keep the old copy
                continue
            if terms is None:
                if remote:  # most sites have no aiterms.json: ask again only after the cache limit
                    cache[location] = {
                        "name": name,
                        "base": uri,
                        "fetched": now,
                        "terms": [],
                        "missing": True,
                    }
                else:
                    cache.pop(location, None)
                continue
            cache[location] = {"name": name, "base": uri, "fetched": now, "terms": terms}
            break
    for location in set(cache) - wanted:
        del cache[location]


#: Per process: (cache identity) -> {absolute URL: (project name, entry)}.
_INDEX: dict[tuple[tuple[str, float], ...], dict[str, tuple[str, Entry]]] = {}


def external_index(env: BuildEnvironment) -> dict[str, tuple[str, Entry]]:
    """``{link URL: (project name, entry)}`` for every fetched external term."""
    cache = _cache(env)
    key = tuple(sorted((location, data["fetched"]) for location, data in cache.items()))
    if key not in _INDEX:
        _INDEX.clear()
        index: dict[str, tuple[str, Entry]] = {}
        for data in cache.values():
            for entry in data["terms"]:
                index.setdefault(posixpath.join(data["base"], entry["url"]), (data["name"], entry))
        _INDEX[key] = index
    return _INDEX[key]


def external_card_id(project: str, url: str) -> str:
    """A card id for another project's term; ``_`` never occurs in our anchors,
    so it cannot collide with this project's card ids."""
    project_slug = re.sub(r"[^A-Za-z0-9-]+", "-", project)
    anchor = url.rpartition("#")[2].removeprefix("aiterm-")
    return f"aiterm-card-ext_{project_slug}_{re.sub(r'[^A-Za-z0-9-]+', '-', anchor)}"


class ExternalTermsTransform(SphinxPostTransform):
    """Mark links to other projects' terms (HTML), for their hover cards."""

    # After the ReferencesResolver (10) has made intersphinx links.
    default_priority = 15
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        index = external_index(self.env)
        if not index:
            return
        for ref in find_nodes(self.document, nodes.reference):
            assert isinstance(ref, nodes.Element)
            refuri = ref.get("refuri")
            if not refuri or refuri not in index or ATTR_EXTERNAL in ref:
                continue
            ref[ATTR_EXTERNAL] = refuri
            ref["classes"].append(EXTERNAL_CLASS)


def setup_external(app: Sphinx) -> None:
    app.connect("builder-inited", load_external)
    app.add_post_transform(ExternalTermsTransform)
    app.connect("build-finished", _write_json)
