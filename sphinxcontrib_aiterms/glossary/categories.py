"""The category table: a small fixed taxonomy, and where every source category goes.

Glossary sources name categories their own way ("ai agent" and "ai agents",
"audio" and "audio & speech", "llm architecture"…). ``categories.toml`` maps
each of them, by hand, into a taxonomy of about twenty categories, each marked
AI/ML or not, and gives a category to the seed terms that have none. Readers
see the taxonomy's names (badges, cards, the glossary page's groups); every
filter accepts a source name, a taxonomy name or a slug; ``term (category)``
names in ``objects.inv`` keep the source category. Nothing here guesses: a
source category the table does not list stays as it is (its own group), and a
test checks that every bundled category is listed.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .model import Term
from .names import fold

TABLE = Path(__file__).resolve().parent / "categories.toml"


@dataclass(frozen=True, slots=True)
class Category:
    """One category of the taxonomy."""

    slug: str
    name: str
    #: An AI/ML topic (else its terms are linked only with evidence of their sense).
    ml: bool
    description: str
    #: The source categories it takes in (folded).
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CategoryTable:
    categories: tuple[Category, ...]
    #: Folded source category, taxonomy name or slug → slug.
    lookup: dict[str, str]
    #: Term key → slug, for seed terms without a category.
    terms: dict[str, str]
    #: The folded taxonomy names and slugs (a filter naming one selects all of it).
    merged_names: frozenset[str] = frozenset()

    def category(self, name: str | None) -> Category | None:
        """The taxonomy category of a source category, name or slug (None if unknown)."""
        if not name:
            return None
        slug = self.lookup.get(fold(name))
        return next((c for c in self.categories if c.slug == slug), None)

    def of_term(self, term: Term) -> tuple[Category, ...]:
        """The taxonomy categories of a term, in its categories' order (the
        table's own choice for a term without one)."""
        found: list[Category] = []
        names = term.categories or ((self.terms[term.key],) if term.key in self.terms else ())
        for name in names:
            category = self.category(name)
            if category is not None and category not in found:
                found.append(category)
        return tuple(found)

    def display(self, name: str) -> str:
        """What readers see for a source category: its taxonomy name, else itself."""
        category = self.category(name)
        return category.name if category is not None else name

    def labels(self, term: Term) -> tuple[str, ...]:
        """What readers see as a term's categories: each source category's
        taxonomy name (or the source name, if the table does not know it), once
        each, in order; the table's own choice for a seed term without one."""
        names = term.categories or ((self.terms[term.key],) if term.key in self.terms else ())
        return tuple(dict.fromkeys(self.display(n) for n in names if n))

    def known(self, wanted: str, names: Iterable[str]) -> bool:
        """Whether ``wanted`` (a source name, taxonomy name or slug) selects any
        of the source categories ``names``."""
        return any(self.matches(wanted, name) for name in names)

    def matches(self, wanted: str, name: str) -> bool:
        """Whether a filter entry ``wanted`` selects the source category ``name``:
        a source name selects itself; a taxonomy name or slug every source
        category merged into it."""
        if fold(wanted) == fold(name):
            return True
        if fold(wanted) not in self.merged_names:
            return False
        category, other = self.category(wanted), self.category(name)
        return category is not None and category == other


@functools.cache
def category_table(path: Path = TABLE) -> CategoryTable:
    with path.open("rb") as stream:
        data = tomllib.load(stream)
    categories = tuple(
        Category(
            str(c["slug"]),
            str(c["name"]),
            bool(c["ml"]),
            str(c.get("description", "")),
            tuple(fold(s) for s in c.get("sources", ())),
        )
        for c in data["category"]
    )
    lookup: dict[str, str] = {}
    for category in categories:
        for key in (category.slug, category.name, *category.sources):
            lookup.setdefault(fold(key), category.slug)
    terms = {fold(k): str(v) for k, v in data.get("terms", {}).items()}
    merged = frozenset(fold(k) for c in categories for k in (c.slug, c.name))
    return CategoryTable(categories, lookup, terms, merged)
