"""Finding terms: by name (``aiterms show``) and by words (``aiterms search``).

Search scoring: each query word (case-folded, simple plurals removed) scores the
best field it occurs in: name 10, alias 8, title 6, keyword 5, category 3, card
text 2, body 1; a prefix of a word (3+ letters) in the name, alias, title or
keyword fields scores half. A query that is itself a name or alias of the term
adds 50.

Relevance: a term is a hit only when *every* query word occurs in it, and at
least one of them outside the definition bodies (in a name, alias, title,
keyword, category or the card text). A word met only deep inside a definition
("LoRA" in passing in the latent consistency models entry) does not make the
term about it: a name no glossary has finds nothing. Hits rank by score, then
by key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Definition, Glossary, Term
from .names import fold, singular_forms

#: Search weights per field (see the module docstring).
WEIGHTS = {
    "name": 10,
    "alias": 8,
    "title": 6,
    "keyword": 5,
    "category": 3,
    "short": 2,
    "body": 1,
}
#: Fields where a query word may match as a prefix (at half weight).
PREFIX_FIELDS = ("name", "alias", "title", "keyword")
EXACT_NAME_BONUS = 50
#: The weakest field that makes a term relevant on its own (see the module docstring).
RELEVANT_WEIGHT = WEIGHTS["short"]
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Match:
    term: Term
    #: Set when a ``name (qualifier)`` target picked one definition.
    only: Definition | None = None


def find_terms(glossary: Glossary, name: str) -> list[Match]:
    """``name`` as a key or alias (or ``name (category-or-id)``), an ambiguous
    alias, a keyword, or a definition id; case-insensitive."""
    folded = fold(name)
    term = glossary.resolve(name)
    if term is not None:
        return [Match(term)]
    found = glossary.lookup(name)
    if found is not None:
        return [Match(found[0], found[1])]
    if folded in glossary.ambiguous:
        return [Match(glossary.terms[key]) for key in glossary.ambiguous[folded]]
    by_keyword = [t for t in glossary if folded in {fold(k) for k in t.keywords}]
    if by_keyword:
        return [Match(t) for t in by_keyword]
    definition = glossary.by_definition_id(name.strip().lower())
    if definition is not None:
        return [Match(glossary.terms[definition.term], definition)]
    return []


def _normalise_word(word: str) -> str:
    forms = singular_forms(word)
    return forms[0] if forms and len(word) > 3 else word


def _words(texts: Iterable[str]) -> set[str]:
    return {_normalise_word(w) for text in texts for w in _WORD.findall(text.casefold())}


@dataclass(frozen=True, slots=True)
class SearchHit:
    term: Term
    score: int
    matched: int


def search(glossary: Glossary, query: str) -> list[SearchHit]:
    """Rank the terms for ``query`` (scoring in the module docstring)."""
    words = list(dict.fromkeys(_normalise_word(w) for w in _WORD.findall(query.casefold())))
    if not words:
        return []
    hits: list[SearchHit] = []
    exact = glossary.resolve(query)
    for term in glossary:
        definitions = term.definitions
        fields = {
            "name": _words([term.key, term.display]),
            "alias": _words(term.aliases),
            "title": _words([term.title, *(d.title for d in definitions)]),
            "keyword": _words(term.keywords),
            "category": _words(term.categories),
            "short": _words(d.short for d in definitions),
            "body": _words(d.body for d in definitions),
        }
        score = matched = 0
        relevant = False
        for word in words:
            best = max((WEIGHTS[f] for f, found in fields.items() if word in found), default=0)
            if not best and len(word) >= 3:
                best = max(
                    (
                        WEIGHTS[f] // 2
                        for f in PREFIX_FIELDS
                        if any(w.startswith(word) for w in fields[f])
                    ),
                    default=0,
                )
            if not best:
                break  # every word must occur
            matched += 1
            score += best
            relevant = relevant or best >= RELEVANT_WEIGHT
        if matched < len(words) or not relevant:
            continue
        if exact is term:
            score += EXACT_NAME_BONUS
        hits.append(SearchHit(term, score, matched))
    hits.sort(key=lambda h: (-h.score, h.term.key))
    return hits
