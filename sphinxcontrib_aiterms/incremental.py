"""Incremental builds: what a change outside the edited documents redoes, and no more.

Sphinx re-reads a document when its source (or a noted dependency) changes. A
glossary file, the project's own ``glossary`` directive and another project's
``aiterms.json`` are not the edited document, so this module decides what they
mean, from fingerprints kept in ``domain.data["fingerprints"]`` (only digests of
the terms pages show or link to, plus one digest of all names, so the pickled
environment does not grow with the glossary):

* **Names** (keys, display forms, aliases, categories, definition ids and
  categories: what role lookup, auto-linking and directive filters depend on)
  changed → re-read every document that looked a term up or shows terms (with
  auto-linking on, every document: any page may gain a link).
* **A shown term's text** (title, body, sources) changed → re-read the documents
  whose ``ai-glossary`` directive shows it: the page is rendered while reading.
* **A referenced term's card** (title, short and concise text) or **its target
  document** changed → re-write (not re-read) the documents referring to it:
  references and hover cards are resolved while writing.
* **The project's own glossary words** changed → re-write the pages whose
  auto-links contain one (the project's glossary wins over ours).
* **A term's "Used on" list** changed → re-write the glossary pages showing it.
* **Another project's terms** changed → re-write the pages linking to that
  project (their cards are made while writing).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from .config import aiterms_config
from .domain import AitermsDomain, get_domain
from .glossary.packs import installed_packs
from .project import get_glossary

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .glossary.model import Glossary, Term


def _digest(value: object) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=8).hexdigest()


# --- fingerprints (pure functions of the glossary) ------------------------------------


def names_fingerprint(glossary: Glossary, packs: tuple[tuple[str, str], ...] = ()) -> str:
    """Everything name lookup, matching and placement filters depend on, and
    the packs' names and versions (a new pack version may change anything)."""
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
    names = sorted(glossary.names.items())
    return _digest((parts, names, sorted(glossary.ambiguous.items()), packs))


def pack_versions(env: BuildEnvironment) -> tuple[tuple[str, str], ...]:
    """(name, version) of the project's packs."""
    installed = installed_packs()[0]
    return tuple(
        (name, installed[name].version)
        for name in aiterms_config(env.config).packs
        if name in installed
    )


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


# --- what each document uses ----------------------------------------------------------


def referenced_terms(domain: AitermsDomain) -> dict[str, set[str]]:
    """docname → keys of the terms it links to (explicit references and auto-links)."""
    result: dict[str, set[str]] = {}
    for docname, refs in domain.references.items():
        result.setdefault(docname, set()).update(ref[0] for ref in refs)
    for docname, found in domain.autolinks.items():
        result.setdefault(docname, set()).update(found)
    return result


def _placements(domain: AitermsDomain) -> list[dict[str, set[str]]]:
    """docname → shown term keys: plain and ``:used-only:`` directives."""
    return [domain.placements, domain.placements_used_only]


# --- events ---------------------------------------------------------------------------


def outdated_documents(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: documents to re-read because of a glossary change."""
    if not env.all_docs:
        return []  # a fresh environment: everything is read anyway
    domain = get_domain(env)
    glossary = get_glossary(env)
    state: dict[str, Any] = domain.data["fingerprints"]
    if not state:
        return sorted(env.found_docs)  # no record of what was read against: be safe
    outdated: set[str] = set()
    if state.get("names") != names_fingerprint(glossary, pack_versions(env)):
        if aiterms_config(env.config).autolink:
            return sorted(env.found_docs)
        outdated |= domain.dependents | domain.glossary_docs
        for table in _placements(domain):
            outdated |= set(table)
        outdated |= set(domain.references)
    stored_bodies: dict[str, str] = state.get("bodies", {})
    changed_bodies = {
        key
        for key, digest in stored_bodies.items()
        if key not in glossary.terms or body_fingerprint(glossary.terms[key]) != digest
    }
    if changed_bodies:
        for table in _placements(domain):
            outdated |= {docname for docname, keys in table.items() if keys & changed_bodies}
    return sorted(outdated & env.found_docs)


def updated_documents(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: documents to re-write (not re-read), because what
    they show changed elsewhere. Records the fingerprints this build is made with."""
    domain = get_domain(env)
    glossary = get_glossary(env)
    old: dict[str, Any] = domain.data["fingerprints"]
    per_doc = referenced_terms(domain)
    referenced = set().union(*per_doc.values()) if per_doc else set()
    cards = {
        key: card_fingerprint(glossary.terms[key]) for key in referenced if key in glossary.terms
    }
    targets = {key: domain.target_docname(key) or "" for key in referenced}  # "": none
    placed = {key for table in _placements(domain) for keys in table.values() for key in keys}
    std = set(domain.std_terms)
    titles = env.titles
    used_on = {
        key: tuple((doc, titles[doc].astext() if doc in titles else doc) for doc in docs)
        for key, docs in domain.used_on.items()
    }
    domain.data["fingerprints"] = {
        "names": names_fingerprint(glossary, pack_versions(env)),
        "bodies": {
            key: body_fingerprint(glossary.terms[key]) for key in placed if key in glossary.terms
        },
        "cards": cards,
        "targets": targets,
        "std": std,
        "used_on": used_on,
    }
    if not old:
        return []  # first build: everything is written anyway
    out: set[str] = set()
    # Cards and targets of referenced terms.
    old_cards: dict[str, str] = old.get("cards", {})
    old_targets: dict[str, str] = old.get("targets", {})
    stale = {
        key
        for key in referenced
        if cards.get(key) != old_cards.get(key) or targets[key] != old_targets.get(key, "\0")
    }
    out |= {doc for doc, keys in per_doc.items() if keys & stale}
    # The project's own glossary words: auto-links on pages that found one.
    changed_std = std ^ set(old.get("std", set()))
    if changed_std:
        for doc, record in domain.autolinks.items():
            if any(k in changed_std or set(f) & changed_std for k, f in record.items()):
                out.add(doc)
    # "Used on" lists on the glossary pages showing the term.
    old_used: dict[str, Any] = old.get("used_on", {})
    changed_used = {k for k in set(used_on) | set(old_used) if used_on.get(k) != old_used.get(k)}
    if changed_used:
        for table in _placements(domain):
            out |= {doc for doc, keys in table.items() if keys & changed_used}
    # Other projects' terms (HTML builders only: the others show no cards).
    changed_projects: set[str] = domain.data["external_changed"]
    domain.data["external_changed"] = set()
    if changed_projects and app.builder.format == "html":
        for doc, names in domain.external_users.items():
            if "*" in names or names & changed_projects:
                out.add(doc)
    return sorted(out & set(env.all_docs))
