"""The auto-link decision: every reason a mention of a glossary name is, or is not, a link.

One vocabulary for the auto-linker (which acts on it), the coverage report
(which explains it) and the evaluation scripts (which score it). A
:class:`Verdict` is a :class:`Reason` plus the evidence that decided it; only
:attr:`Reason.LINK` makes a link.

The reasons come in the order a mention meets them: the markup it is in and the
page (decided by the Sphinx layer, which sees the doctree and configuration),
then the name (:mod:`.names`), then the occurrence itself (:mod:`.sense`), and
last the write-phase rules (:class:`Density`, the project's own glossary, a
term with no target).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Reason(StrEnum):
    """Why a mention is (``LINK``) or is not a link; the values appear in reports."""

    LINK = "linked"
    # the markup around the mention
    CODE = "code"
    MATH = "math"
    HEADING = "heading"
    IN_LINK = "link"
    MARKUP = "markup"
    OPTED_OUT_BLOCK = "opted-out-block"
    # the page
    OPTED_OUT_PAGE = "opted-out-page"
    EXCLUDED_DOCUMENT = "excluded-document"
    AUTOLINK_OFF = "autolink-off"
    # the name
    EXCLUDED_TERM = "excluded-term"
    EXCLUDED_CATEGORY = "excluded-category"
    TOO_SHORT = "too-short"
    STOPWORD = "stopword"
    PARTIAL_ALIAS = "partial-alias"
    AMBIGUOUS_ALIAS = "ambiguous-alias"
    # the occurrence
    CASE_MISMATCH = "case-mismatch"
    TITLE = "title"
    EVERYDAY_USE = "everyday-use"
    NO_EVIDENCE = "no-evidence"
    # the write phase
    DENSITY = "density"
    PROJECT_GLOSSARY = "project-glossary"
    NO_TARGET = "no-target"
    OTHER = "other"

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self]


#: What each reason means, in the order reports list them.
DESCRIPTIONS: dict[Reason, str] = {
    Reason.LINK: "linked",
    Reason.CODE: "inside code or a literal",
    Reason.MATH: "inside math",
    Reason.HEADING: "in a title, rubric or definition-list term",
    Reason.IN_LINK: "inside an existing link or cross-reference",
    Reason.MARKUP: "in other markup that is never auto-linked (field name, label, GUI label…)",
    Reason.OPTED_OUT_BLOCK: "in a no-autolink block or span (or a no-aiterms element)",
    Reason.OPTED_OUT_PAGE: "the page opts out (aiterms-autolink: off)",
    Reason.EXCLUDED_DOCUMENT: "the document matches aiterms_autolink_exclude_docs",
    Reason.AUTOLINK_OFF: "auto-linking is off (aiterms_autolink = False)",
    Reason.EXCLUDED_TERM: "excluded by aiterms_autolink_terms / aiterms_autolink_exclude_terms",
    Reason.EXCLUDED_CATEGORY: (
        "excluded by aiterms_autolink_categories / aiterms_autolink_exclude_categories"
    ),
    Reason.TOO_SHORT: "shorter than aiterms_autolink_min_length",
    Reason.STOPWORD: "on the aiterms_autolink_stopwords list",
    Reason.PARTIAL_ALIAS: "a one-word alias that is only the first word of its term",
    Reason.AMBIGUOUS_ALIAS: "an alias of several terms",
    Reason.CASE_MISMATCH: "a case-sensitive name written in another case",
    Reason.TITLE: "part of a title, a citation or a quoted label",
    Reason.EVERYDAY_USE: "used in an everyday sense (a known pattern around it)",
    Reason.NO_EVIDENCE: "a name that needs evidence of its sense, with too little nearby",
    Reason.DENSITY: "already linked earlier in the same scope (aiterms_autolink_density)",
    Reason.PROJECT_GLOSSARY: "the project's own glossary defines this word",
    Reason.NO_TARGET: "no ai-glossary directive shows the term, so links become text",
    Reason.OTHER: "not found by the auto-linker in this text",
}


@dataclass(frozen=True, slots=True)
class Verdict:
    """A decision about one mention: its reason and the evidence ("" if none)."""

    reason: Reason
    detail: str = ""

    @property
    def link(self) -> bool:
        return self.reason is Reason.LINK


LINK = Verdict(Reason.LINK)

#: Density modes: which occurrences of a term are linked.
DENSITY_VALUES = ("page", "section", "paragraph", "every")


class Density:
    """The density rule: the first linkable occurrence of a term per scope.

    Callers give each occurrence its scope (0 for the page, else an id of the
    section or paragraph holding it, as ``density`` asks) in document order. An
    explicit ``:term-ai:`` reference counts as an occurrence (:meth:`note`). Only
    occurrences that are otherwise linkable are offered (:meth:`admit`), so an
    occurrence rejected for its sense never uses up the scope's link.
    """

    def __init__(self, density: str) -> None:
        self.every = density == "every"
        self._first: dict[tuple[int, str], str] = {}

    def note(self, scope: int, term: str, where: str = "") -> None:
        """An explicit reference: later auto-links in the scope are redundant."""
        self._first.setdefault((scope, term), where)

    def admit(self, scope: int, term: str, where: str = "") -> Verdict:
        """LINK for the scope's first occurrence of ``term``, else DENSITY (with
        where the first one is, when the caller said)."""
        if self.every:
            return LINK
        first = self._first.get((scope, term))
        if first is None:
            self._first[scope, term] = where
            return LINK
        return Verdict(Reason.DENSITY, f"linked at {first}" if first else "")
