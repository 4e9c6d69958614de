"""The glossary's records: frozen, hashable, picklable, and free of Sphinx.

A :class:`Glossary` is built once from parsed entries (see :mod:`.build`) and is
never mutated afterwards; everything a Sphinx build or the CLI needs is a lookup
on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

_QUALIFIED = re.compile(r"^(?P<name>.+?)\s*\((?P<qualifier>[^()]+)\)$")


@dataclass(frozen=True, slots=True, order=True)
class Source:
    """Where an entry was read: a file (as the user named it) and a 1-based line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Problem:
    """A located problem in a glossary source; the rest of the file still loads."""

    file: str
    line: int
    message: str
    #: A key path such as ``terms[3].aliases`` for structured files, else "".
    path: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.path:
            where = f"{where} ({self.path})"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Definition:
    """One article about a term. Byte-identical copies share one Definition."""

    #: Unique within the glossary, ASCII, stable: derived from key and category.
    id: str
    #: The owning term's key.
    term: str
    #: The header line as written (the deduplication key for seed entries).
    header: str
    category: str | None
    #: The display title from the lead's bold span (or the best fallback).
    title: str
    #: The whole body as normalised Markdown (blank lines between blocks).
    body: str
    #: The lead's first sentence, Markdown removed: the hover-card text.
    short: str
    #: A shorter form of :attr:`short` for long leads (equal to it otherwise).
    concise: str
    #: Every place this entry occurs, in source order.
    sources: tuple[Source, ...]
    #: The glossary pack it comes from ("" for a project's own files).
    pack: str = ""

    @property
    def first_source(self) -> Source:
        return self.sources[0]


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary term: one lookup key, its names, and one or more definitions."""

    #: Lookup key: the header's first field, case-folded and space-normalised.
    key: str
    #: The key in its display case (``ATPG``, ``KV cache``, ``attention sink``).
    display: str
    #: Display title of the primary definition ("Attention Mechanisms in Transformers").
    title: str
    #: ASCII HTML id: ``aiterm-`` and the key's slug, hashed only when a term
    #: loaded earlier has the same slug (see :mod:`.anchors`).
    anchor: str
    #: Abbreviations and alternative names: lookup (and link) targets.
    aliases: tuple[str, ...]
    #: SEO-style search phrases: searchable, never link targets.
    keywords: tuple[str, ...]
    #: Categories of the definitions, first-seen order, without duplicates.
    categories: tuple[str, ...]
    #: The project's own first, then the packs' in ``aiterms_packs`` order;
    #: ``definitions[0]`` is the primary one (the card shows it).
    definitions: tuple[Definition, ...]
    #: Names of related terms (as the sources wrote them).
    related: tuple[str, ...] = ()
    #: How auto-linking treats the term: "" (the sense model decides),
    #: "always", "never" or "evidence" (only with evidence of its sense).
    autolink: str = ""
    #: Anchors earlier versions gave the term, kept as extra ids so that links
    #: to them still arrive (see :mod:`.anchors`).
    legacy_anchors: tuple[str, ...] = ()

    @property
    def primary(self) -> Definition:
        return self.definitions[0]

    @property
    def names(self) -> tuple[str, ...]:
        """The key followed by the aliases: every name that resolves to this term."""
        return (self.key, *self.aliases)


@dataclass(frozen=True, slots=True)
class Glossary:
    """An ordered collection of terms with name resolution.

    ``terms`` is sorted by key. ``names`` maps every case-folded key and
    unambiguous alias to a term key; a key always beats an alias. Aliases claimed
    by several terms are listed in ``ambiguous`` and resolve to nothing.
    """

    terms: Mapping[str, Term]
    names: Mapping[str, str]
    ambiguous: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    #: Name key (hyphens and spaces alike: ``kv-cache``) → term key, for names
    #: no folded name matches as written.
    spelled: Mapping[str, str] = field(init=False, repr=False, compare=False)
    #: Folded keyword → the one term whose keywords hold it (a role target).
    keyword_terms: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        from .names import fold, name_key

        spelled: dict[str, str] = {}
        for name, key in self.names.items():
            spelled.setdefault(name_key(name), key)
        owners: dict[str, set[str]] = {}
        for term in self.terms.values():
            for keyword in term.keywords:
                owners.setdefault(fold(keyword), set()).add(term.key)
        keyword_terms = {
            word: next(iter(keys))
            for word, keys in owners.items()
            if len(keys) == 1 and word not in self.names
        }
        object.__setattr__(self, "spelled", spelled)
        object.__setattr__(self, "keyword_terms", keyword_terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms.values())

    def __len__(self) -> int:
        return len(self.terms)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.resolve(name) is not None

    @property
    def definitions(self) -> Iterator[Definition]:
        for term in self.terms.values():
            yield from term.definitions

    @property
    def categories(self) -> tuple[str, ...]:
        """Every category in use, sorted."""
        return tuple(sorted({c for t in self.terms.values() for c in t.categories}))

    def resolve(self, name: str) -> Term | None:
        """Find a term by key or alias: case-insensitive, whitespace-tolerant,
        with simple plural forms (``sinks`` → ``sink``, ``LLMs`` → ``llm``)."""
        from .names import fold, name_key, singular_forms

        folded = fold(name)
        key = self.names.get(folded)
        if key is None:
            for candidate in singular_forms(folded):
                key = self.names.get(candidate)
                if key is not None:
                    break
        if key is None:  # "KV-cache", "self attention": hyphens and spaces alike
            spelled = name_key(folded)
            key = self.spelled.get(spelled)
            for candidate in () if key is not None else singular_forms(spelled):
                key = self.spelled.get(candidate)
                if key is not None:
                    break
        return self.terms.get(key) if key is not None else None

    def definition(self, name: str, qualifier: str | None = None) -> Definition | None:
        """Find one definition: ``name`` as for :meth:`resolve`, and an optional
        qualifier matching a definition's category or id (case-insensitive)."""
        term = self.resolve(name)
        if term is None:
            return None
        if qualifier is None:
            return term.primary
        from .names import fold

        wanted = fold(qualifier)
        for d in term.definitions:
            if d.category is not None and fold(d.category) == wanted:
                return d
        for d in term.definitions:
            if d.id == qualifier or fold(d.id) == wanted:
                return d
        return None

    def lookup(self, target: str) -> tuple[Term, Definition] | None:
        """Resolve a role target: ``name`` or ``name (qualifier)``.

        The whole string is tried as a name first, because keys may contain
        parentheses themselves (``lamda (language model for dialogue applications)``).
        """
        term = self.resolve(target)
        if term is not None:
            return term, term.primary
        match = _QUALIFIED.match(target.strip())
        if match is None:
            return self._by_keyword(target)
        definition = self.definition(match["name"], match["qualifier"])
        if definition is None:
            return None
        return self.terms[definition.term], definition

    def _by_keyword(self, target: str) -> tuple[Term, Definition] | None:
        """A keyword that belongs to one term only (``CAS`` → atomic operation):
        a role may name it; auto-linking and ``objects.inv`` never use keywords."""
        from .names import fold

        key = self.keyword_terms.get(fold(target))
        return (self.terms[key], self.terms[key].primary) if key is not None else None

    def by_definition_id(self, definition_id: str) -> Definition | None:
        for d in self.definitions:
            if d.id == definition_id:
                return d
        return None
