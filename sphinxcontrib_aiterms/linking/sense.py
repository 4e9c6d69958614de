"""The sense of an occurrence: is this word used in its glossary sense, here?

Decided per occurrence, from its own context: its paragraph (:class:`.Block`),
the section titles above it, and the text right around it. Never per page: on
an ML site every page is "about ML", yet "to help your issue receive attention"
is not the attention mechanism.

The model, in the order it is applied (see ``example_docs/autolink.rst`` for
what each part earns on the evaluation set):

1. **The term's own rule** (``autolink: always | never | evidence`` in a
   glossary file) wins.
2. **Everyday uses** (``data/sense.toml``): patterns around a name that mark
   another sense ("pay attention to", "HTML anchors", "a regression in 2.1")
   reject the occurrence.
3. **Does the name need evidence?** Specific names — acronyms, rare words,
   uncommon phrases (``ARIMA``, ``LayerNorm``, ``KV cache``) — do not. A name
   needs evidence when general English uses it often (its frequency in the
   name table ``data/names.tsv``, generated from wordfreq), when it is an
   acronym that also names something else (``API``, ``ATLAS``), when it is
   written in another case than its name's (``kv-cache`` for ``KV cache``),
   or when its term is outside AI/ML (kanban, async: the category table).
4. **Evidence**, from the paragraph and its section titles: other ML-specific
   glossary names and ML cue words ("PyTorch", "fine-tuning", "tokens"), and
   the words the term's own definition uses (a Lesk-style overlap: "the
   attention between a *query* and *key/value* pairs"). A term outside AI/ML
   needs evidence of its own sense (definition words), not just of ML.

``aiterms_autolink_sense`` chooses how much evidence is enough: ``balanced``
(default), ``strict``, or ``off`` (no sense check: every name is linked).
"""

from __future__ import annotations

import functools
import itertools
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..glossary.categories import category_table
from ..glossary.model import Glossary, Term
from ..glossary.names import fold
from .context import Block, Context
from .decision import LINK, Reason, Verdict
from .matcher import Matcher, Pattern, build_matcher, case_sensitive_by_default
from .names import AutolinkSettings, NameInfo

DATA = Path(__file__).resolve().parent / "data"
#: Sense modes (``aiterms_autolink_sense``).
SENSE_VALUES = ("balanced", "strict", "off")


@dataclass(frozen=True, slots=True)
class Thresholds:
    """How much evidence a mode asks for. "Sentence" is the occurrence's own
    sentence; "paragraph" its block and the section titles above it."""

    #: A single-word name at least this frequent in English (Zipf) needs evidence.
    common_word: float
    #: A multi-word name at least this frequent needs evidence.
    common_phrase: float
    #: ML signals (other specific names, cue words) in the sentence that suffice.
    sentence_signals: int
    #: ML signals in the paragraph that suffice.
    paragraph_signals: int
    #: Definition words in the sentence that suffice.
    sentence_words: int
    #: Definition words in the paragraph that suffice.
    paragraph_words: int
    #: Definition words in the paragraph a term outside AI/ML needs (its own sense).
    own_sense_words: int
    #: Distinct ML signals on the page that vouch for every ML name on it.
    page_signals: int


MODES = {
    "balanced": Thresholds(3.0, 4.6, 1, 3, 2, 3, 3, 5),
    "strict": Thresholds(2.5, 4.3, 2, 4, 2, 4, 4, 10**9),
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a page offers every occurrence on it: whether the page asked to be
    treated as an ML page (metadata ``aiterms-autolink: ml``), and how much it
    is about ML."""

    ml_page: bool = False
    #: Distinct ML signals (specific terms, cue words) anywhere on the page.
    page_signals: int = 0


class BlockEvidence:
    """A paragraph's context, computed once for all its occurrences; its words
    and sentences only when an occurrence asks (most blocks have none that do)."""

    __slots__ = ("_bounds", "_find_signals", "_signals", "_words", "block")

    def __init__(self, block: Block, find_signals: Callable[[], list[tuple[int, str]]]) -> None:
        self.block = block
        self._find_signals = find_signals
        self._signals: list[tuple[int, str]] | None = None
        self._words: frozenset[str] | None = None
        self._bounds: tuple[int, ...] | None = None

    @property
    def signals(self) -> list[tuple[int, str]]:
        """ML signals: specific glossary terms ("term:<key>") and cue words, each
        with where it starts in the block's text (-1: in a section title)."""
        if self._signals is None:
            self._signals = self._find_signals()
        return self._signals

    @property
    def words(self) -> frozenset[str]:
        """Content words of the paragraph and its section titles."""
        if self._words is None:
            self._words = content_words(" ".join((self.block.text, *self.block.sections)))
        return self._words

    @property
    def bounds(self) -> tuple[int, ...]:
        """Sentence boundaries of the block's text (start offsets, and its length)."""
        if self._bounds is None:
            self._bounds = sentence_bounds(self.block.text)
        return self._bounds


# --- words ---------------------------------------------------------------------------

_WORD = re.compile(r"[a-z][a-z0-9]+")


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def content_words(text: str) -> frozenset[str]:
    """The text's words that can carry meaning (lower case, simple plurals removed)."""
    stop = sense_data().stop_words
    return frozenset(_stem(w) for w in _WORD.findall(text.casefold()) if w not in stop)


# --- data ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SenseData:
    cues: tuple[str, ...]
    #: Words too general to count as evidence of anything.
    stop_words: frozenset[str]
    colliding: frozenset[str]
    #: term key → (before patterns, after patterns)
    everyday: dict[str, tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]]
    #: folded name → Zipf frequency in English
    frequency: dict[str, float]
    #: term key → one pattern of the words its sense needs nearby (and their list)
    requires: dict[str, tuple[re.Pattern[str], str]]


@functools.cache
def sense_data() -> SenseData:
    with (DATA / "sense.toml").open("rb") as stream:
        raw = tomllib.load(stream)
    everyday: dict[str, tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]] = {}
    for entry in raw.get("everyday", ()):
        before = tuple(re.compile(p, re.IGNORECASE) for p in entry.get("before", ()))
        after = tuple(re.compile(p, re.IGNORECASE) for p in entry.get("after", ()))
        old = everyday.get(fold(entry["term"]), ((), ()))
        everyday[fold(entry["term"])] = (old[0] + before, old[1] + after)
    requires: dict[str, tuple[re.Pattern[str], str]] = {}
    for entry in raw.get("requires", ()):
        words = list(entry["words"])
        pattern = re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)
        shown = ", ".join(w for w in words[:4] if w.isalpha())
        requires[fold(entry["term"])] = (pattern, shown)
    frequency: dict[str, float] = {}
    for line in (DATA / "names.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition("\t")
            frequency[name] = float(value)
    return SenseData(
        tuple(raw.get("cues", ())),
        frozenset(raw.get("stop_words", ())),
        frozenset(fold(a) for a in raw.get("colliding_acronyms", ())),
        everyday,
        frequency,
        requires,
    )


_SENTENCE_END = re.compile(r"[.!?]+[)\"'\u2019\u201d]*\s+(?=[A-Z0-9(\"'\u2018\u201c`*])|\n\s*\n")


def sentence_bounds(text: str) -> tuple[int, ...]:
    """Where the sentences of ``text`` start, then its length (a simple rule:
    ``.``, ``!`` or ``?`` and a space before a capital, or a blank line)."""
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    return (*starts, len(text))


def sentence_at(bounds: tuple[int, ...], position: int) -> tuple[int, int]:
    """The ``[start, end)`` of the sentence holding ``position``."""
    for start, end in itertools.pairwise(bounds):
        if start <= position < end:
            return start, end
    return (bounds[-2], bounds[-1]) if len(bounds) > 1 else (0, 0)


#: Small words a title keeps in lower case.
_TITLE_SMALL = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "via",
        "vs",
        "with",
    ]
)
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_CLAUSE_BREAK = re.compile(r"[.;!?()\[\]\n]")


def code_like(text: str, start: int, end: int) -> str:
    """The code the name is part of, or "": glued to an attribute dot
    (``np.float32``, ``self.encoder``) or called (``BatchNorm(``)."""
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    if (len(before) == 2 and before[1] == "." and (before[0].isalnum() or before[0] in "_)]")) or (
        after[:1] == "(" or (after[:1] == "." and after[1:2].isalpha())
    ):
        left = start
        while left > 0 and (text[left - 1].isalnum() or text[left - 1] in "._"):
            left -= 1
        return text[left : end + 1]
    return ""


def _title_neighbours(text: str) -> int:
    """Capitalised words among the first three content words of ``text``
    (stopping at a clause break)."""
    text = _CLAUSE_BREAK.split(text, maxsplit=1)[0]
    words = [w for w in _TITLE_WORD.findall(text) if w.casefold() not in _TITLE_SMALL][:3]
    return sum(1 for w in words if w[0].isupper())


_CITATION = re.compile(
    r"\b(1[89]|20)\d\d\b.*(\bpp?\.|\bvol\.|\bdoi\b|\d+\(\d+\)|\bin:|\bet al\.)|"
    r"(\bpp?\.|\bvol\.|\bdoi\b|\d+\(\d+\)|\bet al\.).*\b(1[89]|20)\d\d\b",
    re.DOTALL,
)
_OPEN_QUOTES = "\u201c\u2018\"'\u00ab"
_CLOSE_QUOTES = "\u201d\u2019\"'\u00bb"


def title_like(text: str, start: int, end: int, matched: str) -> str:
    """Why a name is part of a title or a label rather than prose ("" if it is
    not): Capitalised Like This among other capitalised words, in a quoted
    title or a citation; or a short quoted label (“forecast (prev)”)."""
    before = _CLAUSE_BREAK.split(text[max(0, start - 80) : start])[-1]
    if before[-1:] and before[-1] in _OPEN_QUOTES:
        closing = [i for i in range(end, min(len(text), end + 14)) if text[i] in _CLOSE_QUOTES]
        if closing:
            return f"quoted label {text[start - 1 : closing[0] + 1]}"
    opened = max(text.rfind("\u201c", max(0, start - 200), start), 0)
    quoted = (
        "\u201c" in text[opened:start]
        and "\u201d" not in text[opened:start]
        and "\u201d" in text[end : end + 200]
    )
    citation = _CITATION.search(text) is not None
    if quoted and citation:
        return "in a cited title"
    words = _TITLE_WORD.findall(matched)
    if not words or not all(w[0].isupper() for w in words):
        return ""
    left = _title_neighbours(" ".join(reversed(before.split())))
    right = _title_neighbours(text[end : end + 80])
    if left + right >= 2:
        return "among capitalised words"
    if quoted:
        return "in a quoted title"
    if citation:
        return "in a citation"
    return ""


def _case_form(text: str) -> str:
    """A name's spelling with hyphens and whitespace as one space, case kept."""
    return " ".join(text.replace("-", " ").split())


def _stems(text: str) -> list[str]:
    """The first five letters of each word: "compile" and "compilation" agree."""
    return [w[:5] for w in _WORD.findall(text.casefold())]


def _definition_words(term: Term) -> frozenset[str]:
    """The words a term's definitions, related names and categories use, less
    the term's own name (it is in every context it occurs in)."""
    texts = [d.short for d in term.definitions] + [d.body for d in term.definitions]
    texts += list(term.related) + list(term.categories)
    own = content_words(" ".join((term.key, *term.aliases)))
    return content_words(" ".join(texts)) - own


# --- the model -----------------------------------------------------------------------


class SenseModel:
    """Decides, for each occurrence of a name, whether it is used in its sense."""

    def __init__(self, glossary: Glossary, settings: AutolinkSettings) -> None:
        self.glossary = glossary
        self.mode = settings.sense if settings.sense in SENSE_VALUES else "balanced"
        self.thresholds = MODES.get(self.mode, MODES["balanced"])
        self.data = sense_data()
        table = category_table()
        self._ml_term = {
            term.key: (not (cats := table.of_term(term))) or any(c.ml for c in cats)
            for term in glossary
        }
        self._cues: Matcher = build_matcher(
            [Pattern(c, "cue:" + fold(c), case_sensitive_by_default(c)) for c in self.data.cues],
            backend=settings.backend,
        )
        self._definition_words: dict[str, frozenset[str]] = {}

    # -- names ------------------------------------------------------------------------------

    def needs_evidence(self, info: NameInfo, matched: str) -> bool:
        """Whether an occurrence of this name, written ``matched``, must show its sense."""
        term = self.glossary.terms.get(info.term or "")
        if term is not None and term.autolink == "evidence":
            return True
        if term is not None and not self._ml_term.get(term.key, True):
            return True  # outside AI/ML: evidence of its own sense
        folded = fold(info.name)
        if info.partial:
            return True
        if info.case_sensitive:
            if _case_form(matched) != _case_form(info.name):
                return True  # "kv-cache" for "KV cache": another case
            return folded in self.data.colliding
        frequency = self.data.frequency.get(folded, 0.0)
        single = len(folded.split()) == 1 and "-" not in folded
        limit = self.thresholds.common_word if single else self.thresholds.common_phrase
        return frequency >= limit

    def is_ml_signal(self, info: NameInfo, matched: str) -> bool:
        """A name that shows, by itself, that a paragraph is about ML."""
        key = info.term or ""
        term = self.glossary.terms.get(key)
        if term is not None and term.autolink == "never":
            return False
        return self._ml_term.get(key, False) and not self.needs_evidence(info, matched)

    def definition_words(self, key: str) -> frozenset[str]:
        found = self._definition_words.get(key)
        if found is None:
            term = self.glossary.terms.get(key)
            found = _definition_words(term) if term is not None else frozenset()
            self._definition_words[key] = found
        return found

    # -- context ----------------------------------------------------------------------------

    def block_evidence(
        self, block: Block, hits: Iterable[tuple[int, int, NameInfo, str]]
    ) -> BlockEvidence:
        """The ML signals and words of a paragraph and its section titles,
        worked out when first asked for."""
        hits = tuple(hits)

        def signals() -> list[tuple[int, str]]:
            found = [
                (start, "term:" + (info.term or ""))
                for start, _e, info, matched in hits
                if self.is_ml_signal(info, matched)
            ]
            found += [(m.start, m.target) for m in self._cues.find(block.text)]
            for title in block.sections:
                found += [(-1, m.target) for m in self._cues.find(title)]
            return found

        return BlockEvidence(block, signals)

    def _everyday(self, key: str, context: Context) -> str:
        patterns = self.data.everyday.get(key)
        if patterns is None:
            return ""
        text = context.block.text
        before = text[max(0, context.start - 80) : context.start]
        after = text[context.end : context.end + 60]
        for pattern in patterns[0]:
            if pattern.search(before):
                return f"{before[-30:].strip()} …"
        for pattern in patterns[1]:
            if pattern.search(after):
                return f"… {after[:30].strip()}"
        return ""

    def _partial(self, info: NameInfo, context: Context) -> Verdict:
        """A partial alias (``AOT`` of "AOT compilation") is linked when the rest
        of its key is in the same sentence ("JIT and AOT compile")."""
        term = self.glossary.terms.get(info.term or "")
        if fold(info.name) in self.data.colliding:
            # "API" alone is the programming interface even beside "documentation".
            return Verdict(Reason.PARTIAL_ALIAS, f"alias of {info.term}, and another word alone")
        rest = _stems(term.display)[1:] if term is not None else []
        text = context.block.text
        start, end = sentence_at(sentence_bounds(text), context.start)
        window = set(_stems(text[start:end]))
        missing = [w for w in rest if w not in window]
        if rest and not missing:
            return LINK
        return Verdict(
            Reason.PARTIAL_ALIAS,
            f"alias of {term.display if term else info.term}; the rest of the name is not nearby",
        )

    def judge(
        self,
        info: NameInfo,
        matched: str,
        context: Context,
        block: BlockEvidence,
        evidence: Evidence,
    ) -> Verdict:
        key = info.term or ""
        term = self.glossary.terms.get(key)
        rule = term.autolink if term is not None else ""
        if rule == "never":
            return Verdict(Reason.EXCLUDED_TERM, "autolink: never (glossary file)")
        if self.mode == "off" or rule == "always":
            return LINK
        text = context.block.text
        code = code_like(text, context.start, context.end)
        if code:
            return Verdict(Reason.CODE, f"written as code: {code}")
        title = "" if info.case_sensitive else title_like(text, context.start, context.end, matched)
        if title:
            return Verdict(Reason.TITLE, title)
        everyday = self._everyday(key, context)
        if everyday:
            return Verdict(Reason.EVERYDAY_USE, everyday)
        required = self.data.requires.get(key)
        if required is not None and not any(
            required[0].search(t) for t in (text, *context.block.sections)
        ):
            return Verdict(
                Reason.NO_EVIDENCE, f"none of the words of its sense nearby ({required[1]}…)"
            )
        if info.partial:
            return self._partial(info, context)
        if evidence.ml_page or not self.needs_evidence(info, matched):
            return LINK
        if evidence.page_signals >= self.thresholds.page_signals and self._ml_term.get(key, True):
            return LINK
        return self._evidence(key, context, block)

    def _evidence(self, key: str, context: Context, block: BlockEvidence) -> Verdict:
        """LINK when the occurrence's sentence or paragraph shows its sense."""
        limits = self.thresholds
        definition = self.definition_words(key)
        paragraph_words = len(block.words & definition)
        if not self._ml_term.get(key, True):
            if paragraph_words >= limits.own_sense_words:
                return LINK
            return Verdict(
                Reason.NO_EVIDENCE,
                f"outside AI/ML; {paragraph_words} word(s) of its own definition nearby",
            )
        start, end = sentence_at(block.bounds, context.start)
        own = "term:" + key
        paragraph = {s for _at, s in block.signals if s != own}
        sentence = {s for at, s in block.signals if s != own and start <= at < end}
        sentence_words = len(content_words(context.block.text[start:end]) & definition)
        if (
            len(sentence) >= limits.sentence_signals
            or len(paragraph) >= limits.paragraph_signals
            or sentence_words >= limits.sentence_words
            or paragraph_words >= limits.paragraph_words
        ):
            return LINK
        return Verdict(
            Reason.NO_EVIDENCE,
            f"{len(sentence)} ML signal(s) in its sentence ({len(paragraph)} in its paragraph), "
            f"{sentence_words} ({paragraph_words}) word(s) of its definition",
        )
