"""Edits a user glossary makes to what was loaded before it.

A structured user file (see :mod:`.userfile`) can add aliases to existing
terms, replace a definition by its id, and hide terms, categories or single
definitions. These edits name their targets by key, alias, category or id, and
those only exist once every file is parsed and every header interpreted, so an
:class:`Overlay` is not applied while parsing: :meth:`.GlossaryBuilder.build`
calls :meth:`Overlay.apply` after ids are assigned. A target that does not exist
becomes a located :class:`~.model.Problem` with close-match suggestions, and the
edit is skipped; nothing here raises.

Scope, so that a file can hide a bundled term and then define its own:
``hide`` acts only on definitions loaded *before* the file (the bundled pages
and earlier files); ``replace`` and ``aliases`` may target any definition or
term, including those of later files.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .categories import category_table
from .model import Problem, Source
from .names import fold, singular_forms

if TYPE_CHECKING:
    from .build import DraftDefinition, GlossaryBuilder


def did_you_mean(word: str, candidates: Iterable[str], *, n: int = 3) -> list[str]:
    """Close matches for ``word`` among ``candidates`` (difflib ratio ≥ 0.6),
    best first; substring matches fill up when difflib finds few."""
    pool = sorted(set(candidates))
    close = difflib.get_close_matches(word, pool, n=n, cutoff=0.6)
    if len(close) < n and len(word) >= 3:
        close += [c for c in pool if word in c and c not in close][: n - len(close)]
    return close


def suggestion(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'a' or 'b'?)`` or ""."""
    close = did_you_mean(word, candidates)
    if not close:
        return ""
    quoted = [repr(c) for c in close]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f" (did you mean {listed}?)"


@dataclass(frozen=True, slots=True)
class AliasEdit:
    """``aliases: {target: [alias, ...]}``: more names for an existing term."""

    target: str
    aliases: tuple[str, ...]
    source: Source
    path: str


@dataclass(frozen=True, slots=True)
class ReplaceEdit:
    """``replace: {definition-id: ...}``: new text, title or category for one
    definition. The id is kept, so links to it stay valid."""

    definition_id: str
    source: Source
    path: str
    #: New body lines, or ``None`` to keep the text (and its sources).
    lines: tuple[str, ...] | None = None
    #: The new text's Markdown as written (the rendered body), with ``lines``.
    markdown: str | None = None
    title: str | None = None
    #: Only used when ``set_category``: ``None`` then removes the category.
    category: str | None = None
    set_category: bool = False


@dataclass(frozen=True, slots=True)
class HideEdit:
    """``hide: {terms|categories|definitions: [...]}``."""

    kind: Literal["term", "category", "definition"]
    name: str
    source: Source
    path: str


@dataclass(frozen=True, slots=True)
class Overlay:
    """The edits of one user file; ``rank`` is its load order (bundled = 0)."""

    file: str
    rank: int
    aliases: tuple[AliasEdit, ...] = ()
    replacements: tuple[ReplaceEdit, ...] = ()
    hides: tuple[HideEdit, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.aliases or self.replacements or self.hides)

    def apply(
        self, drafts: list[DraftDefinition], ids: dict[int, str], builder: GlossaryBuilder
    ) -> None:
        # Replacements first: a replaced category is what ``hide`` then sees.
        by_id = {ids[id(d)]: d for d in drafts if not d.hidden}
        for replace in self.replacements:
            self._replace(replace, by_id, builder)
        live = [d for d in drafts if not d.hidden]
        names = _names(live)
        keys = {d.term for d in live}
        for edit in self.aliases:
            self._add_aliases(edit, names, keys, builder)
        earlier = [d for d in live if d.rank < self.rank]
        for hide in self.hides:
            self._hide(hide, earlier, ids, builder)

    def _problem(self, builder: GlossaryBuilder, source: Source, path: str, message: str) -> None:
        builder.problems.append(Problem(source.file, source.line, message, path))

    def _replace(
        self, edit: ReplaceEdit, by_id: dict[str, DraftDefinition], builder: GlossaryBuilder
    ) -> None:
        # Ids are lower-case slugs; forgive the case.
        draft = by_id.get(edit.definition_id) or by_id.get(edit.definition_id.lower())
        if draft is None:
            self._problem(
                builder,
                edit.source,
                edit.path,
                f"cannot replace {edit.definition_id!r}: no definition has this id"
                f"{suggestion(edit.definition_id, by_id)}; `aiterms show TERM` lists ids",
            )
            return
        if edit.lines is not None:
            draft.lines = list(edit.lines)
            draft.markdown = edit.markdown
            # The text is now the user's: the card and the glossary page point there.
            draft.sources = [edit.source]
            if edit.title is None:
                draft.title = None  # the old title belonged to the old text
        if edit.title is not None:
            draft.title = edit.title
        if edit.set_category:
            draft.category = edit.category

    def _add_aliases(
        self,
        edit: AliasEdit,
        names: dict[str, str],
        keys: set[str],
        builder: GlossaryBuilder,
    ) -> None:
        key = _resolve(names, edit.target)
        if key is None:
            self._problem(
                builder,
                edit.source,
                edit.path,
                f"cannot add aliases to {edit.target!r}: no such term"
                f"{suggestion(fold(edit.target), names)}",
            )
            return
        for alias in edit.aliases:
            folded = fold(alias)
            if folded in keys and folded != key:
                # A key always beats an alias, so this alias would never resolve.
                self._problem(
                    builder,
                    edit.source,
                    edit.path,
                    f"alias {alias!r} for {key!r} is ignored: {folded!r} is a term of its own",
                )
                continue
            builder.extra_aliases.setdefault(key, []).append(alias)

    def _hide(
        self,
        edit: HideEdit,
        earlier: list[DraftDefinition],
        ids: dict[int, str],
        builder: GlossaryBuilder,
    ) -> None:
        if edit.kind == "term":
            names = _names(earlier)
            key = _resolve(names, edit.name)
            matching = [d for d in earlier if d.term == key] if key else []
            candidates: Iterable[str] = names
            wanted = fold(edit.name)
        elif edit.kind == "category":
            wanted = fold(edit.name)
            # A source category, or a merged one (the category table's name or slug).
            table = category_table()
            matching = [d for d in earlier if d.category and table.matches(wanted, d.category)]
            candidates = {d.category for d in earlier if d.category}
        else:
            wanted = edit.name.lower()
            matching = [d for d in earlier if ids[id(d)] == wanted]
            candidates = [ids[id(d)] for d in earlier]
        if not matching:
            self._problem(
                builder,
                edit.source,
                edit.path,
                f"cannot hide {edit.kind} {edit.name!r}: not found in the glossary loaded "
                f"before this file{suggestion(wanted, candidates)}",
            )
            return
        for draft in matching:
            draft.hidden = True


def _names(drafts: Iterable[DraftDefinition]) -> dict[str, str]:
    """Folded key or unambiguous alias → key, keys first (as in the Glossary)."""
    drafts = list(drafts)
    names = {d.term: d.term for d in drafts}
    claims: dict[str, set[str]] = {}
    for draft in drafts:
        for alias in draft.aliases:
            folded = fold(alias)
            if folded not in names:
                claims.setdefault(folded, set()).add(draft.term)
    names.update(
        {alias: next(iter(owners)) for alias, owners in claims.items() if len(owners) == 1}
    )
    return names


def _resolve(names: dict[str, str], name: str) -> str | None:
    folded = fold(name)
    if folded in names:
        return names[folded]
    for candidate in singular_forms(folded):
        if candidate in names:
            return names[candidate]
    return None
