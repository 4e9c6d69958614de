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
``aiterms.json`` next to each mapped inventory (a URL, or a local path), once
per build in the parent process, and keeps it in the environment keyed by its
location: remote files are fetched again only when older than
``intersphinx_cache_limit`` days, local ones are re-read every build (as
intersphinx does). A post-transform marks every resolved link whose URL is one
of those terms (``:external:`` roles, intersphinx-resolved ``:term-ai:`` or
plain hyperlinks) with the class ``aiterm-external`` and the attribute
``aiterms_external``; :mod:`.cards` gives those links hover cards from the
fetched data, so they work offline. Links must use an absolute target URI
(``https://…`` or an absolute path).

**Limits.** A file is read only up to ``aiterms_external_max_bytes`` (the size
of a local file is checked before reading it; a remote one is refused on its
Content-Length, and counted chunk by chunk as it streams, after decoding), and
a download has ``intersphinx_timeout`` (30 s if unset) in total, checked after
every chunk, each socket read waiting at most the time left. Downloads go
through Sphinx's request helper (:func:`request_options`), so ``user_agent``,
``tls_verify`` and ``tls_cacerts`` apply. Beyond either limit: an
``aiterms.external`` warning and no cards for that file; the build goes on.

**Incremental builds.** While reading, each document records which mapped
projects it may link to; when a project's terms change (a digest of the parsed
file, compared at ``builder-inited``), the documents that may link to it are
re-written (``env-get-updated``): their links and cards are made while writing.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import posixpath
import re
import socket
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..config import aiterms_config
from ..domain import get_domain
from ..nodes import ATTR_EXTERNAL, EXTERNAL_CLASS, definition_anchor, find_nodes
from ..project import get_glossary
from ..warnings_ import Subtype, warn

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from ..glossary.model import Definition, Term

JSON_FILE = "aiterms.json"
SCHEMA = "sphinxcontrib-aiterms"
#: Bump when the meaning of a field changes; readers skip other versions.
SCHEMA_VERSION = 1
# The fetched files live in ``domain.data["external"]``: ``{json location:
# {"name", "base", "fetched", "terms", "digest"}}`` (``"missing": True`` instead
# of a digest: no file there); the projects whose terms changed in this build in
# ``domain.data["external_changed"]``; which documents may link to which project
# in ``domain.data["external_users"]`` (see the domain).

#: One entry of the file: every value a str, except ``count``.
Entry = dict[str, Any]


# --- out: aiterms.json ----------------------------------------------------------------


def _entry(term: Term, definition: Definition, name: str, url: str) -> Entry:
    return {
        "name": name,
        "title": term.display,  # as the card of the own project: the name as written
        "category": definition.category or "",
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


def write_json(app: Sphinx, exception: BaseException | None) -> None:
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


#: Read size of one chunk of a remote file.
CHUNK_SIZE = 64 * 1024
#: The total time allowed for one download when ``intersphinx_timeout`` is unset.
DEFAULT_DEADLINE = 30.0


class LimitExceeded(ValueError):
    """A file over ``aiterms_external_max_bytes``, or a download over its deadline."""


class TooLarge(LimitExceeded):
    def __init__(self, max_bytes: int) -> None:
        super().__init__(f"larger than aiterms_external_max_bytes ({max_bytes} bytes)")


class TooSlow(LimitExceeded):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"not downloaded within intersphinx_timeout ({seconds:g} s)")


def request_options(config: Config) -> dict[str, Any]:
    """Keyword arguments that make :func:`sphinx.util.requests.get` honour
    ``user_agent``, ``tls_verify`` and ``tls_cacerts``, as intersphinx does.

    Sphinx 7.1 and later (so every supported version, 7.3 to 9.0) take the
    private ``_user_agent`` and ``_tls_info`` of ``_Session.request``; Sphinx
    7.0 and older took ``config=`` (and reject the others). Decided by the
    installed helper's signature, not by version numbers."""
    from sphinx.util import requests as sphinx_requests

    session = getattr(sphinx_requests, "_Session", None)
    request = getattr(session, "request", None)
    params = inspect.signature(request).parameters if request is not None else {}
    if "_user_agent" in params and "_tls_info" in params:
        return {
            "_user_agent": config.user_agent,
            "_tls_info": (config.tls_verify, config.tls_cacerts),
        }
    return {"config": config}


def _socket_of(raw: Any) -> socket.socket | None:
    """The socket a streamed urllib3 response reads from: its connection's (kept
    while a keep-alive response is streamed), else, for a response that ends with
    its connection (http.client then drops the connection's reference), the one
    under http.client's reader (private attributes: best effort)."""
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if sock is None:
        reader = getattr(getattr(raw, "_fp", None), "fp", None)
        sock = getattr(getattr(reader, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def _limit_read_timeout(raw: Any, seconds: float) -> None:
    """Make the next socket read wait at most ``seconds``. Without the socket,
    a read waits up to the whole timeout: the download may then end up to one
    ``intersphinx_timeout`` late, never more."""
    sock = _socket_of(raw)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.settimeout(max(seconds, 0.001))


def _body_chunks(response: Any, deadline: float) -> Iterator[bytes]:
    """The (decoded) body, a chunk as soon as it arrives: ``read1`` makes one
    socket read at most, so a server trickling bytes cannot hold a read longer
    than the time left (urllib3 before 2.1, without ``read1``: chunks of
    :data:`CHUNK_SIZE`)."""
    raw = response.raw
    if not callable(getattr(raw, "read1", None)):
        yield from response.iter_content(CHUNK_SIZE)
        return
    while True:
        _limit_read_timeout(raw, deadline - time.monotonic())
        chunk = raw.read1(CHUNK_SIZE, decode_content=True)
        if not chunk:
            return
        yield chunk


def _is_timeout(exc: BaseException | None) -> bool:
    """A timeout, possibly wrapped (requests wraps urllib3's read timeouts in
    ``ConnectionError`` while iterating over a body)."""
    import requests
    import urllib3.exceptions

    kinds = (TimeoutError, requests.Timeout, urllib3.exceptions.TimeoutError)
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kinds):
            return True
        seen.add(id(exc))
        wrapped = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        exc = wrapped or exc.__cause__ or exc.__context__
    return False


def fetch_remote(url: str, config: Config, max_bytes: int, seconds: float) -> bytes | None:
    """Stream ``url`` with Sphinx's request helper, within ``max_bytes`` and a
    total of ``seconds``: both are checked after every chunk, the size also
    against Content-Length before the body. None for a 404."""
    from sphinx.util import requests as sphinx_requests

    deadline = time.monotonic() + seconds
    try:
        response = sphinx_requests.get(url, stream=True, timeout=seconds, **request_options(config))
    except Exception as exc:
        if _is_timeout(exc):
            raise TooSlow(seconds) from exc
        raise
    with response:
        if response.status_code == 404:
            return None
        response.raise_for_status()
        length = response.headers.get("Content-Length", "").strip()
        if length.isdigit() and int(length) > max_bytes:
            raise TooLarge(max_bytes)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in _body_chunks(response, deadline):
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(max_bytes)
                if time.monotonic() > deadline:
                    raise TooSlow(seconds)
                chunks.append(chunk)
        except LimitExceeded:
            raise
        except Exception as exc:
            # Each read waits at most the time left: a read timeout is the deadline.
            if _is_timeout(exc) or time.monotonic() > deadline:
                raise TooSlow(seconds) from exc
            raise
        return b"".join(chunks)


def _read_local(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes (None if there is none), size checked before reading."""
    if not path.is_file():
        return None
    if path.stat().st_size > max_bytes:
        raise TooLarge(max_bytes)
    with path.open("rb") as stream:
        raw = stream.read(max_bytes + 1)  # it may have grown since
    if len(raw) > max_bytes:
        raise TooLarge(max_bytes)
    return raw


def _deadline(config: Config) -> float:
    """``intersphinx_timeout`` as the total time of one download (30 s unset)."""
    timeout = getattr(config, "intersphinx_timeout", None)
    if isinstance(timeout, int | float) and not isinstance(timeout, bool) and timeout > 0:
        return float(timeout)
    return DEFAULT_DEADLINE


def _fetch(location: str, srcdir: Path, config: Config) -> bytes | None:
    """The file's bytes, or None when there is none (the project does not use
    this extension). :class:`LimitExceeded` beyond ``aiterms_external_max_bytes``
    or the deadline."""
    max_bytes = int(aiterms_config(config).external_max_bytes)
    if "://" in location:
        return fetch_remote(location, config, max_bytes, _deadline(config))
    return _read_local(srcdir / location, max_bytes)


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
    return cast("dict[str, dict[str, Any]]", get_domain(env).data["external"])


def _digest(terms: list[Entry]) -> str:
    text = json.dumps(terms, ensure_ascii=False, sort_keys=True)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _project_digests(cache: dict[str, dict[str, Any]]) -> dict[str, tuple[str, ...]]:
    """``{project name: digests of the files its cards come from}``."""
    result: dict[str, list[str]] = {}
    for location in sorted(cache):
        data = cache[location]
        if not data.get("missing"):
            result.setdefault(data["name"], []).append(data.get("digest") or _digest(data["terms"]))
    return {name: tuple(digests) for name, digests in result.items()}


def load_external(app: Sphinx) -> None:
    """``builder-inited``: fetch (or reuse) every mapped project's ``aiterms.json``,
    and note the projects whose terms changed since the last build (their pages
    are rewritten, see :func:`_on_get_updated`)."""
    cache = _cache(app.env)
    before = _project_digests(cache)
    _load(app, cache)
    after = _project_digests(cache)
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    get_domain(app.env).data["external_changed"] = changed


def _load(app: Sphinx, cache: dict[str, dict[str, Any]]) -> None:
    config = app.config
    if "sphinx.ext.intersphinx" not in app.extensions or app.builder.format != "html":
        cache.clear()
        return
    now = time.time()
    limit = getattr(config, "intersphinx_cache_limit", 5)
    oldest = now - limit * 86400 if limit >= 0 else 0
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
                raw = _fetch(location, Path(app.srcdir), config)
                terms = parse_terms(raw) if raw is not None else None
            except Exception as exc:  # never fail a build over another site's file
                warn(Subtype.EXTERNAL, "could not read %s for %r: %s", location, name, exc)
                if isinstance(exc, TooLarge):
                    cache.pop(location, None)  # what the site serves now is refused
                elif cached is not None:
                    break  # keep the old copy (the site may be down, or slow today)
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
            cache[location] = {
                "name": name,
                "base": uri,
                "fetched": now,
                "terms": terms,
                "digest": _digest(terms),
            }
            break
    for location in set(cache) - wanted:
        del cache[location]


#: Per process: (cache identity) -> {absolute URL: (project name, entry)}.
_INDEX: dict[tuple[tuple[str, ...], ...], dict[str, tuple[str, Entry]]] = {}


def external_index(env: BuildEnvironment) -> dict[str, tuple[str, Entry]]:
    """``{link URL: (project name, entry)}`` for every fetched external term."""
    cache = _cache(env)
    key = tuple(
        sorted(
            (location, repr(data["fetched"]), data["name"], data["base"], data.get("digest", ""))
            for location, data in cache.items()
        )
    )
    if key not in _INDEX:
        _INDEX.clear()
        index: dict[str, tuple[str, Entry]] = {}
        for data in cache.values():
            for entry in data["terms"]:
                index.setdefault(posixpath.join(data["base"], entry["url"]), (data["name"], entry))
        _INDEX[key] = index
    return _INDEX[key]


def external_card_id(project: str, url: str) -> str:
    """A card id for another project's term, unique per target URL (a hash of
    it; the names are for reading only: ``p.x`` and ``p-x`` have the same slug).
    ``_`` never occurs in our anchors, so it cannot collide with this project's
    card ids."""
    project_slug = re.sub(r"[^A-Za-z0-9-]+", "-", project)
    anchor = re.sub(r"[^A-Za-z0-9-]+", "-", url.rpartition("#")[2].removeprefix("aiterm-"))
    digest = hashlib.blake2b(url.encode("utf-8"), digest_size=6).hexdigest()
    return f"aiterm-card-ext_{project_slug}_{anchor}_{digest}"


# --- incremental builds: pages that link to other projects ------------------------------


def note_users(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: record which mapped projects the document may link to
    (the links are resolved, and their cards made, only while writing): an
    ``:external:`` role names its inventory (``*``: any), a hyperlink names the
    project whose target URI it starts with."""
    env = app.env
    bases = [(name, uri) for name, uri, _ in _projects(env.config)]
    found: set[str] = set()
    if bases:
        for node in find_nodes(doctree, (addnodes.pending_xref, nodes.reference)):
            assert isinstance(node, nodes.Element)
            if isinstance(node, addnodes.pending_xref):
                if node.get("intersphinx"):
                    found.add(str(node.get("inventory") or "*"))
                continue
            refuri = str(node.get("refuri") or "")
            found.update(name for name, uri in bases if uri and refuri.startswith(uri))
    get_domain(env).note_external_users(env.docname, found)


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
