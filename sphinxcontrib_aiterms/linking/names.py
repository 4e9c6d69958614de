"""Which glossary names auto-linking looks for, and why it leaves the others out.

A pure function of a :class:`~..glossary.model.Glossary` and
:class:`AutolinkSettings`: every key and alias becomes a :class:`NameInfo`,
either looked for (its :attr:`~NameInfo.reason` is LINK) or left out with the
reason (:class:`~.decision.Reason`) and its evidence.

The policy, precision first:

* Names are term keys (in their display case) and unambiguous aliases, never
  keywords. Names whose display is an acronym or mixed case (``ATPG``,
  ``KV cache``) match that case only (:func:`.matcher.case_sensitive_by_default`).
* Names shorter than ``min_length`` characters and names on the stop list are
  not auto-linked; ``:term-ai:`` still reaches them.
* A *partial alias* is not auto-linked: a one-word alias that is only the
  first word of its own multi-word key (``API`` for "API documentation
  generation", ``AOT`` for "AOT compilation") names part of the concept, and
  in ordinary technical prose almost always means something else.
* Whether an occurrence is used in its glossary sense is :mod:`.sense`'s question.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase

from ..glossary.categories import category_table
from ..glossary.model import Glossary, Term
from ..glossary.names import fold
from .decision import Reason
from .matcher import Pattern, case_sensitive_by_default


@dataclass(frozen=True, slots=True)
class AutolinkSettings:
    """Everything that decides which names are looked for (hashable: a cache key)."""

    min_length: int = 3
    stopwords: frozenset[str] = frozenset({"async"})  # as aiterms_autolink_stopwords
    terms: frozenset[str] = frozenset()  # include only these (folded names), if any
    exclude_terms: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()  # include only these (folded), if any
    exclude_categories: frozenset[str] = frozenset()
    #: How much evidence of its sense an occurrence needs: "balanced", "strict", "off".
    sense: str = "balanced"
    backend: str = "auto"


@dataclass(frozen=True, slots=True)
class NameInfo:
    """One glossary name: its term (None for an ambiguous alias), whether
    auto-linking looks for it (``reason`` LINK) or why not, and its case rule."""

    name: str
    term: str | None
    reason: Reason = Reason.LINK
    detail: str = ""
    case_sensitive: bool = False
    #: A one-word alias that is only the first word of its multi-word key
    #: (``AOT`` for "AOT compilation"): linked only when the rest of the key
    #: is nearby ("JIT and AOT compile").
    partial: bool = False


def is_partial_alias(alias: str, term: Term) -> bool:
    """A one-word alias that is just the first word of its multi-word key."""
    words = fold(term.display).split()
    return len(words) > 1 and " " not in alias.strip() and fold(alias) == words[0]


def _names_hit(term: Term, names: frozenset[str], glossary: Glossary) -> bool:
    """True if one of ``names`` (folded, as the user wrote them) names ``term``."""
    for name in names:
        found = glossary.resolve(name)
        if found is not None and found.key == term.key:
            return True
    return False


def _categories(term: Term) -> set[str]:
    return {fold(c) for c in term.categories if c} | {
        fold(d.category) for d in term.definitions if d.category
    }


def _in_categories(term: Term, wanted: frozenset[str]) -> bool:
    """Whether a filter's entries (source names, taxonomy names or slugs: the
    category table's) select one of ``term``'s categories."""
    table = category_table()
    names = _categories(term) | ({table.terms[term.key]} if term.key in table.terms else set())
    return any(table.known(w, names) for w in wanted)


def term_selected(term: Term, settings: AutolinkSettings, glossary: Glossary) -> bool:
    """Whether the include/exclude term and category filters keep ``term``."""
    if settings.terms and not _names_hit(term, settings.terms, glossary):
        return False
    if settings.exclude_terms and _names_hit(term, settings.exclude_terms, glossary):
        return False
    if settings.categories and not _in_categories(term, settings.categories):
        return False
    return not (settings.exclude_categories and _in_categories(term, settings.exclude_categories))


def _term_reason(term: Term, settings: AutolinkSettings, glossary: Glossary) -> tuple[Reason, str]:
    """Why the filters drop ``term``: by name, else by category."""
    by_name = replace(settings, categories=frozenset(), exclude_categories=frozenset())
    if not term_selected(term, by_name, glossary):
        option = "aiterms_autolink_terms" if settings.terms else ""
        if settings.exclude_terms and not term_selected(
            term, replace(by_name, terms=frozenset()), glossary
        ):
            option = "aiterms_autolink_exclude_terms"
        return Reason.EXCLUDED_TERM, option
    names = [c for c in term.categories if fold(c) in settings.exclude_categories]
    if names:
        return Reason.EXCLUDED_CATEGORY, "category " + ", ".join(names)
    return Reason.EXCLUDED_CATEGORY, "not in aiterms_autolink_categories"


def name_info(
    name: str, term: Term, glossary: Glossary, settings: AutolinkSettings, *, selected: bool
) -> NameInfo:
    """The verdict on one name of ``term`` (``selected``: the term passes the filters)."""
    sensitive = case_sensitive_by_default(name)
    folded = fold(name)
    if not selected:
        reason, detail = _term_reason(term, settings, glossary)
    elif len(folded) < settings.min_length:
        reason, detail = Reason.TOO_SHORT, f"{len(folded)} < {settings.min_length} characters"
    elif folded in settings.stopwords:
        reason, detail = Reason.STOPWORD, ""
    else:
        partial = folded != term.key and is_partial_alias(name, term)
        return NameInfo(name, term.key, Reason.LINK, "", sensitive, partial)
    return NameInfo(name, term.key, reason, detail, sensitive)


def _alias_as_written(term: Term, folded: str) -> str:
    if fold(term.display) == folded:
        return term.display
    return next((a for a in term.aliases if fold(a) == folded), folded)


def name_table(glossary: Glossary, settings: AutolinkSettings) -> tuple[NameInfo, ...]:
    """Every name of the glossary (keys, unambiguous and ambiguous aliases), in a
    stable order: terms in glossary order, each with its display then aliases."""
    infos: list[NameInfo] = []
    for term in glossary:
        selected = term_selected(term, settings, glossary)
        seen: set[str] = set()
        for name in (term.display, *term.aliases):
            folded = fold(name)
            if folded in seen or glossary.names.get(folded) != term.key:
                continue  # an alias another term's key owns, or claimed twice
            seen.add(folded)
            infos.append(name_info(name, term, glossary, settings, selected=selected))
    for folded, keys in sorted(glossary.ambiguous.items()):
        terms = [glossary.terms[k] for k in keys if k in glossary.terms]
        name = next((a for t in terms for a in t.aliases if fold(a) == folded), folded)
        detail = "alias of " + ", ".join(t.display for t in terms)
        infos.append(NameInfo(name, None, Reason.AMBIGUOUS_ALIAS, detail))
    return tuple(infos)


def spellings(name: str) -> tuple[str, ...]:
    """``name`` and its hyphen/space variants: ``KV cache`` → ``KV-cache``;
    ``l-diversity`` → ``l diversity``. Between words, a hyphen and a space
    spell the same name (the role resolves them alike: :func:`name_key`)."""
    words = name.split()
    out = [" ".join(words)]
    if len(words) > 1:
        out.append("-".join(words))
    if "-" in name:
        out.append(" ".join(name.replace("-", " ").split()))
    return tuple(dict.fromkeys(out))


def link_patterns(infos: Iterable[NameInfo]) -> list[Pattern]:
    """The patterns the auto-linker looks for: the names it may link and their
    hyphen/space spellings, each in its case rule, and any case too (another
    case is linked only with evidence: :mod:`.sense`); the target is the
    name's index in ``infos``."""
    out = []
    for i, info in enumerate(infos):
        if info.reason is not Reason.LINK:
            continue
        for spelling in spellings(info.name):
            out.append(Pattern(spelling, str(i), info.case_sensitive))
            if info.case_sensitive:
                out.append(Pattern(spelling, str(i), False))
    return out


def mention_patterns(infos: Iterable[NameInfo]) -> list[Pattern]:
    """Every name and spelling in any case (reports explain the mentions that
    are no links)."""
    return [
        Pattern(spelling, str(i), False)
        for i, info in enumerate(infos)
        for spelling in spellings(info.name)
    ]


def doc_excluded(docname: str, patterns: Iterable[str]) -> bool:
    """True if ``docname`` matches one of the glob ``patterns`` (``api/*``, ``changes``)."""
    return any(fnmatchcase(docname, pattern) for pattern in patterns)
