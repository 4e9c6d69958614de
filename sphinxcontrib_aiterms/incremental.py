"""Incremental builds: a glossary change redoes what it must and no more.

Sphinx re-reads a document when its source (or a noted dependency) changes. A
glossary file is not a document, so this module decides what a glossary edit
means, from fingerprints of the glossary kept in ``domain.data``:

* **Names** (keys, display forms, aliases, categories, definition ids and
  categories: what role lookup, auto-linking and directive filters depend on)
  changed → re-read every document that looked a term up or shows terms (with
  auto-linking on, every document: any page may gain a link).
* **A shown term's text** (title, body, sources) changed → re-read the documents
  whose ``ai-glossary`` directive shows it: the page is rendered while reading.
* **A referenced term's card** (title, short and concise text) or **its target
  document** changed → re-write (not re-read) the documents referring to it:
  references and hover cards are resolved while writing.

Only digests of terms a document places or refers to are stored, plus one
digest of all names, so the pickled environment does not grow with the
glossary (a 40,000-term glossary adds nothing per unused term).

The per-document records (``dependents``, and ``glossary_docs``, which the
``ai-glossary`` directive fills) follow the usual purge/merge rules through
``env-purge-doc`` and ``env-merge-info``.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, cast

from .config import OPTIONS_BY_NAME, get_option
from .domain import KEY_GLOSSARY_DOCS, get_domain, get_glossary

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .glossary.model import Glossary, Term

#: Keys in ``domain.data`` owned by this module.
KEY_STATE = "incremental"  # {"names": str, "bodies": {key: str}, "cards": {...}, "targets": {...}}
KEY_DEPENDENTS = "dependents"  # {docname}: looked a name up (role, directive, unknown term)
#: Keys in ``domain.data`` (written by auto-linking) of per-document matches:
#: ``{docname: iterable of term keys or of tuples starting with one}``.
AUTOLINK_KEYS = ("autolinks", "autolink_matches", "matches")


def _digest(value: object) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=8).hexdigest()


# --- fingerprints (pure functions of the glossary) ------------------------------------

#: id(glossary) → (glossary, digest): glossaries are immutable and cached by the loader.
_NAMES_MEMO: dict[int, tuple[Glossary, str]] = {}


def names_fingerprint(glossary: Glossary) -> str:
    """Everything name lookup, matching and placement filters depend on."""
    memo = _NAMES_MEMO.get(id(glossary))
    if memo is not None and memo[0] is glossary:
        return memo[1]
    parts = [
        (
            term.key,
            term.display,
            term.anchor,
            term.aliases,
            term.categories,
            tuple((d.id, d.category) for d in term.definitions),
        )
        for term in glossary
    ]
    digest = _digest((parts, sorted(glossary.names.items()), sorted(glossary.ambiguous.items())))
    if len(_NAMES_MEMO) > 8:
        _NAMES_MEMO.clear()
    _NAMES_MEMO[id(glossary)] = (glossary, digest)
    return digest


def body_fingerprint(term: Term) -> str:
    """What an ``ai-glossary`` directive renders for a term (read time)."""
    return _digest(
        (
            term.title,
            term.keywords,
            tuple((d.title, d.body, d.short, d.concise, d.sources) for d in term.definitions),
        )
    )


def card_fingerprint(term: Term) -> str:
    """What a reference to a term shows (write time): link title and card text."""
    return _digest(
        (term.title, tuple((d.id, d.title, d.short, d.concise) for d in term.definitions))
    )


# --- per-document records -------------------------------------------------------------


def _data(env: BuildEnvironment) -> dict[str, Any]:
    return get_domain(env).data


def _docset(data: dict[str, Any], key: str) -> set[str]:
    return cast("set[str]", data.setdefault(key, set()))


def note_dependent(env: BuildEnvironment, docname: str) -> None:
    """Record that ``docname`` looked a glossary name up while being read."""
    _docset(_data(env), KEY_DEPENDENTS).add(docname)


def _on_purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    data = _data(env)
    for key in (KEY_DEPENDENTS, KEY_GLOSSARY_DOCS):
        _docset(data, key).discard(docname)


def _on_merge_info(
    app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment
) -> None:
    data = _data(env)
    theirs = other.domaindata.get("aiterms", {})
    wanted = set(docnames)
    for key in (KEY_DEPENDENTS, KEY_GLOSSARY_DOCS):
        _docset(data, key).update(wanted & set(theirs.get(key, ())))


def referenced_terms(data: Mapping[str, Any]) -> dict[str, set[str]]:
    """docname → keys of the terms it links to (explicit references and auto-links)."""
    result: dict[str, set[str]] = {}
    for docname, refs in data.get("references", {}).items():
        result.setdefault(docname, set()).update(ref[0] for ref in refs)
    for name in AUTOLINK_KEYS:
        per_doc = data.get(name)
        if not isinstance(per_doc, dict):
            continue
        for docname, matches in per_doc.items():
            keys = result.setdefault(docname, set())
            for match in matches if not isinstance(matches, dict) else matches.keys():
                keys.add(match[0] if isinstance(match, tuple) else str(match))
    return result


def autolink_enabled(env: BuildEnvironment) -> bool:
    """True when prose is auto-linked (the option exists once auto-linking lands)."""
    for name in ("autolink", "auto_link"):
        if name in OPTIONS_BY_NAME:
            return bool(get_option(env.config, name))
    return False


def _placement_tables(data: Mapping[str, Any]) -> list[dict[str, set[str]]]:
    """docname → shown term keys: plain and ``:used-only:`` directives."""
    return [data.get("placements", {}), data.get("placements_used_only", {})]


# --- events ---------------------------------------------------------------------------


def _on_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Documents to re-read because of a glossary change."""
    data = _data(env)
    glossary = get_glossary(env)
    state: dict[str, Any] | None = data.get(KEY_STATE)
    if not env.all_docs:
        return []  # a fresh environment: everything is read anyway
    if state is None:
        return sorted(env.found_docs)  # no record of what was read against: be safe
    outdated: set[str] = set()
    if state.get("names") != names_fingerprint(glossary):
        if autolink_enabled(env):
            return sorted(env.found_docs)
        outdated |= _docset(data, KEY_DEPENDENTS) | _docset(data, KEY_GLOSSARY_DOCS)
        for table in _placement_tables(data):
            outdated |= set(table)
        outdated |= set(data.get("references", {}))
    stored_bodies: dict[str, str] = state.get("bodies", {})
    changed_bodies = {
        key
        for key, digest in stored_bodies.items()
        if key not in glossary.terms or body_fingerprint(glossary.terms[key]) != digest
    }
    if changed_bodies:
        for table in _placement_tables(data):
            outdated |= {docname for docname, keys in table.items() if keys & changed_bodies}
    return sorted(outdated & env.found_docs)


def _on_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Documents to re-write (not re-read): a referenced term's card text or target
    changed. Also records the fingerprints this build was made with."""
    data = _data(env)
    glossary = get_glossary(env)
    old: dict[str, Any] = data.get(KEY_STATE) or {}
    old_cards: dict[str, str] = old.get("cards", {})
    old_targets: dict[str, str] = old.get("targets", {})
    per_doc = referenced_terms(data)
    referenced = set().union(*per_doc.values()) if per_doc else set()
    cards = {
        key: card_fingerprint(glossary.terms[key]) for key in referenced if key in glossary.terms
    }
    domain = get_domain(env)
    targets = {key: domain.target_docname(key) or "" for key in referenced}  # "": none
    stale = {
        key
        for key in referenced
        if cards.get(key) != old_cards.get(key) or targets[key] != old_targets.get(key, "\0")
    }
    placed = {key for table in _placement_tables(data) for keys in table.values() for key in keys}
    data[KEY_STATE] = {
        "names": names_fingerprint(glossary),
        "bodies": {
            key: body_fingerprint(glossary.terms[key]) for key in placed if key in glossary.terms
        },
        "cards": cards,
        "targets": targets,
    }
    if not old:
        return []  # first build: everything is written anyway
    return sorted(doc for doc, keys in per_doc.items() if keys & stale and doc in env.all_docs)


def setup_incremental(app: Sphinx) -> None:
    app.connect("env-purge-doc", _on_purge_doc)
    app.connect("env-merge-info", _on_merge_info)
    app.connect("env-get-outdated", _on_get_outdated)
    app.connect("env-get-updated", _on_get_updated)
