"""Assemble parsed entries into one :class:`~.model.Glossary`.

The builder collects *drafts* (one per distinct entry), lets callers adjust them
(user glossaries add aliases, replace or hide definitions), and only then
freezes everything: ids, titles, display case, aliases and name resolution are
decided once, over the whole collection, so the result does not depend on the
order in which files were added beyond "first source wins".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

from . import markdown
from .anchors import Anchors, assign_anchors, slugify, term_anchor
from .headers import HeaderFields, interpret
from .model import Definition, Glossary, Problem, Source, Term
from .names import fold

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .seedformat import RawEntry

_WORD = re.compile(r"[^\W_]+")


@dataclass(slots=True)
class DraftDefinition:
    """A definition before freezing; mutable so user glossaries can adjust it."""

    header: str
    term: str
    category: str | None
    aliases: list[str]
    keywords: list[str]
    #: Body lines as found (page-layout bodies already re-split).
    lines: list[str]
    sources: list[Source]
    #: The body's Markdown as a person wrote it (structured user files): rendered
    #: as is. ``None`` for seed text, whose body is rebuilt from ``lines``.
    markdown: str | None = None
    #: Set when the header shape leaves the category to the vocabulary.
    raw_header_fields: HeaderFields | None = None
    #: A title given explicitly (structured user files); else taken from the lead.
    title: str | None = None
    #: A definition id given explicitly; else derived from key and category.
    explicit_id: str | None = None
    hidden: bool = False
    #: Load order of the source: 0 for the seed pages, then the other packs,
    #: then user files. Ids are assigned in (rank, source) order, so a later
    #: source never renumbers an earlier one's ids (``x-2``) that other
    #: projects may link to.
    rank: int = 0
    #: Display order of the source among a term's definitions: a project's own
    #: files first (0), then the packs in ``aiterms_packs`` order.
    order: int = 0
    #: The pack the draft comes from ("" for a project's own files).
    pack: str = ""
    #: The card text, when the source gives it (else the lead's first sentence).
    short: str | None = None
    #: Names of related terms.
    related: tuple[str, ...] = ()
    #: The term's auto-link rule ("", "always", "never", "evidence").
    autolink: str = ""


class Overlay(Protocol):
    """Edits from a user glossary that need the whole collection: applied by
    :meth:`GlossaryBuilder.build` after headers are interpreted and ids assigned
    (see :mod:`.overlay`). ``ids`` maps ``id(draft)`` to its definition id.
    Overlays may mutate drafts, set ``hidden``, add ``extra_aliases`` and problems.
    """

    def apply(
        self, drafts: list[DraftDefinition], ids: dict[int, str], builder: GlossaryBuilder
    ) -> None: ...


@dataclass(slots=True)
class GlossaryBuilder:
    """Collects entries from any number of files, then :meth:`build` freezes them."""

    drafts: dict[str, DraftDefinition] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    extra_aliases: dict[str, list[str]] = field(default_factory=dict)
    hidden_terms: set[str] = field(default_factory=set)
    hidden_categories: set[str] = field(default_factory=set)
    overlays: list[Overlay] = field(default_factory=list)

    def add_entries(self, entries: Iterable[RawEntry], *, rank: int = 0) -> None:
        """Add seed-format entries; byte-identical copies merge their sources.

        ``rank`` is the file's load order (see :attr:`DraftDefinition.rank`)."""
        for entry in entries:
            source = Source(entry.file, entry.line)
            existing = self.drafts.get(entry.header)
            if existing is not None and self._same_body(existing, entry):
                existing.sources.append(source)
                continue
            if existing is not None:
                # Same header, different text: keep both, the later one distinguished.
                self.problems.append(
                    Problem(
                        entry.file,
                        entry.line,
                        f"entry {entry.header!r} repeats a header with a different "
                        f"definition (first at {existing.sources[0]}); both are kept",
                    )
                )
                draft_key = f"{entry.header}\x00{entry.file}:{entry.line}"
            else:
                draft_key = entry.header
            self.drafts[draft_key] = DraftDefinition(
                header=entry.header,
                term="",
                category=None,
                aliases=[],
                keywords=[],
                lines=list(entry.lines),
                sources=[source],
                rank=rank,
            )

    @staticmethod
    def _same_body(draft: DraftDefinition, entry: RawEntry) -> bool:
        # Page-layout copies are re-split from one line: compare the flat text.
        return " ".join(draft.lines) == " ".join(entry.lines)

    def add_problems(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def build(self) -> Glossary:
        drafts = sorted(
            (d for d in self.drafts.values() if not d.hidden),
            key=lambda d: (d.rank, d.sources[0]),
        )
        self._interpret_headers(drafts)
        # Ids before hiding and overlays: a hidden or replaced definition must
        # not shift the ``-2`` numbering of the others.
        ids = _assign_ids(drafts)
        for overlay in self.overlays:
            overlay.apply(drafts, ids, self)
        drafts = [
            d
            for d in drafts
            if not d.hidden
            and d.term not in self.hidden_terms
            and (d.category or "") not in self.hidden_categories
        ]
        by_term: dict[str, list[tuple[DraftDefinition, Definition]]] = {}
        for draft in sorted(drafts, key=lambda d: (d.order, d.rank, d.sources[0])):
            definition = _freeze_definition(draft, ids[id(draft)])
            by_term.setdefault(draft.term, []).append((draft, definition))
        terms = {
            key: _freeze_term(key, pairs, self.extra_aliases.get(key, []))
            for key, pairs in by_term.items()
        }
        terms = dict(sorted(terms.items()))
        names, ambiguous = _resolve_names(terms)
        # Anchors in load order: a term loaded later never takes an earlier one's.
        terms = _with_anchors(terms, assign_anchors(d.term for d in drafts))
        return Glossary(
            terms=terms, names=names, ambiguous=ambiguous, problems=tuple(self.problems)
        )

    def _interpret_headers(self, drafts: list[DraftDefinition]) -> None:
        fields = {id(d): interpret(d.header) for d in drafts if not d.term}
        vocabulary = frozenset(
            f.category for f in fields.values() if f.category_certain and f.category
        )
        for draft in drafts:
            if draft.term:  # structured entries arrive interpreted
                continue
            parsed = fields[id(draft)]
            if not parsed.category_certain:
                parsed = interpret(draft.header, vocabulary)
            draft.term = parsed.term
            draft.category = parsed.category
            draft.aliases = list(parsed.aliases)
            draft.keywords = list(parsed.keywords)


def _assign_ids(drafts: list[DraftDefinition]) -> dict[int, str]:
    """``key-category`` slugs; repeats get ``-2``, ``-3`` in source order."""
    ids: dict[int, str] = {}
    taken: set[str] = set()
    for draft in drafts:
        if draft.explicit_id:
            ids[id(draft)] = draft.explicit_id
            taken.add(draft.explicit_id)
    for draft in drafts:
        if id(draft) in ids:
            continue
        base = slugify(f"{draft.term} {draft.category or ''}") or "definition"
        candidate, counter = base, 1
        while candidate in taken:
            counter += 1
            candidate = f"{base}-{counter}"
        taken.add(candidate)
        ids[id(draft)] = candidate
    return ids


def _freeze_definition(draft: DraftDefinition, definition_id: str) -> Definition:
    lead = markdown.Lead.of(draft.lines)
    title = draft.title or _plausible_title(lead.title, draft) or _fallback_title(draft, lead)
    short = draft.short or markdown.short_text(draft.lines)
    concise = short if draft.short else markdown.concise_text(draft.lines, short, title)
    return Definition(
        id=definition_id,
        term=draft.term,
        header=draft.header,
        category=draft.category,
        title=title,
        body=draft.markdown if draft.markdown is not None else markdown.to_markdown(draft.lines),
        short=short,
        concise=concise,
        sources=tuple(sorted(draft.sources)),
        pack=draft.pack,
    )


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def _plausible_title(title: str | None, draft: DraftDefinition) -> str | None:
    """The lead's bold title, unless it shares no word with the header's names
    (a source defect: ``antibody design`` is titled "AI in radiology")."""
    if not title:
        return None
    title = markdown.math_to_text(title)
    names = _words(" ".join([draft.term, *draft.aliases, *draft.keywords]))
    title_words = _words(title)
    if names & title_words or any(w.startswith(n) for n in names for w in title_words):
        return title
    return None


def _fallback_title(draft: DraftDefinition, lead: markdown.Lead) -> str:
    """The term as the body first writes it ("LangChain", "LaMDA (Language Model …)"),
    else the key with a capital."""
    found = _find_name(draft.term, " ".join(draft.lines))
    title = found or draft.term
    return title[:1].upper() + title[1:]


def _is_alnum(char: str) -> bool:
    """A word character other than ``_`` (``[^\\W_]`` in a regular expression)."""
    return char.isalnum() or (char != "_" and re.match(r"\w", char) is not None)


def _find_name(name: str, text: str) -> str | None:
    """``name`` as ``text`` first writes it: case-insensitive, words separated by
    whitespace or hyphens, whole words, a plural ending allowed (left out)."""
    words = name.split()
    if not words:
        return None
    lowered = text.lower()
    simple = all(len(w.lower()) == len(w) for w in words) and not any(
        w[0] == "-" for w in words[1:]
    )
    if simple and len(lowered) == len(text):
        # Lower-casing kept every offset (pitfall P15): scan without compiling a
        # regular expression per name (a 40,000-term glossary has 40,000 names).
        return _scan_name([w.lower() for w in words], lowered, text)
    return _find_name_regex(words, text)


_SEPARATOR = frozenset(" \t\n\r\f\v-")


def _scan_name(words: list[str], lowered: str, text: str) -> str | None:
    first = words[0]
    start = lowered.find(first)
    while start != -1:
        end = _match_rest(words, lowered, start + len(first))
        if end is not None and not (start and _is_alnum(text[start - 1])):
            after = end
            for ending in ("es", "s", ""):
                if lowered.startswith(ending, end):
                    after = end + len(ending)
                    if after == len(text) or not _is_alnum(text[after]):
                        return text[start:end]
        start = lowered.find(first, start + 1)
    return None


def _match_rest(words: list[str], lowered: str, pos: int) -> int | None:
    """End of ``words[1:]`` at ``pos`` (each after a run of separators), or None."""
    for word in words[1:]:
        gap = pos
        while gap < len(lowered) and (lowered[gap] in _SEPARATOR or lowered[gap].isspace()):
            gap += 1
        if gap == pos or not lowered.startswith(word, gap):
            return None
        pos = gap + len(word)
    return pos


def _find_name_regex(words: list[str], text: str) -> str | None:
    escaped = [re.escape(w) for w in words]
    # The name may be followed by a plural ending ("LDMs"): kept out of the result.
    pattern = re.compile(
        r"(?<![^\W_])(" + r"[\s-]+".join(escaped) + r")(?:e?s)?(?![^\W_])", re.IGNORECASE
    )
    found = pattern.search(text)
    return found.group(1) if found else None


def display_case(name: str, text: str) -> str | None:
    """``name`` as ``text`` writes it, with headline capitals undone.

    Words written all in capitals (``ATPG``) or with inner capitals (``LoRA``,
    ``StreamingLLM``) keep their case; capitalised ordinary words are lowered,
    so the title "Attention Sinks" gives ``attention sink``. ``None`` when
    ``text`` does not contain ``name``.
    """
    kept = _find_name(name, text)
    if kept is None:
        return None
    return "".join(_undo_headline(part) for part in re.split(r"([\s-]+)", kept))


def _undo_headline(word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return word  # an acronym
    if any(c.isupper() for c in word[1:]):
        return word  # inner capitals: LoRA, kNN-LM
    return word.lower()


def _freeze_term(
    key: str, pairs: list[tuple[DraftDefinition, Definition]], extra_aliases: list[str]
) -> Term:
    drafts = [d for d, _ in pairs]
    definitions = tuple(d for _, d in pairs)
    text = "\n".join([definitions[0].title, *(line for d in drafts for line in d.lines)])
    header_display = next((f for d in drafts if (f := d.header.split(",")[0].strip()) != key), None)
    display = display_case(key, header_display or "") or display_case(key, text) or key
    aliases: dict[str, str] = {}
    for alias in [a for d in drafts for a in d.aliases] + extra_aliases:
        folded = fold(alias)
        if folded and folded != key and folded not in aliases:
            aliases[folded] = display_case(folded, text) or alias
    keywords = tuple(dict.fromkeys(k for d in drafts for k in d.keywords if fold(k) not in aliases))
    categories = tuple(dict.fromkeys(d.category for d in definitions if d.category))
    related = tuple(dict.fromkeys(r for d in drafts for r in d.related if fold(r) != key))
    autolink = next((d.autolink for d in drafts if d.autolink), "")
    return Term(
        key=key,
        display=display,
        title=definitions[0].title,
        anchor=term_anchor(key),
        aliases=tuple(aliases.values()),
        keywords=keywords,
        categories=categories,
        definitions=definitions,
        related=related,
        autolink=autolink,
    )


def _resolve_names(terms: dict[str, Term]) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Keys first; then aliases that no key claims. Shared aliases are ambiguous."""
    names = {key: key for key in terms}
    claims: dict[str, list[str]] = {}
    for term in terms.values():
        for alias in term.aliases:
            folded = fold(alias)
            if folded not in names:
                claims.setdefault(folded, []).append(term.key)
    ambiguous: dict[str, tuple[str, ...]] = {}
    for alias, owners in sorted(claims.items()):
        if len(owners) == 1:
            names[alias] = owners[0]
        else:
            ambiguous[alias] = tuple(owners)
    return dict(sorted(names.items())), ambiguous


def _with_anchors(terms: dict[str, Term], anchors: dict[str, Anchors]) -> dict[str, Term]:
    return {
        key: term
        if (anchors[key].anchor, anchors[key].legacy) == (term.anchor, term.legacy_anchors)
        else replace(term, anchor=anchors[key].anchor, legacy_anchors=anchors[key].legacy)
        for key, term in terms.items()
    }
