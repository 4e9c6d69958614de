"""What auto-linking looks for: the names, their filters, and the common-word policy.

Pure functions of a :class:`~.glossary.model.Glossary` and an
:class:`AutolinkSettings` (no Sphinx imports), so the policy can be tested and
measured on its own. :func:`get_linker` builds the prose matcher once per
process for each (glossary, settings) pair and caches it (never on the
environment or in ``domain.data``: design notes P4).

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
* **Single-word names are "common-word" names.** ``attention``, ``anchors``,
  ``attribution``, ``atlas``, ``kanban``… have other senses outside ML. With
  the default ``common_words="ml-pages"`` they are linked only on pages that
  are evidently about ML: at least ``ml_threshold`` distinct *ML signals*,
  where a signal is a multi-word glossary name found in the page's eligible
  prose or a word from :data:`ML_CUES` ("machine learning", "neural
  network", "LLM", …). Multi-word names (``attention sink``) are linked on
  every page. The figures that justify it are in ``example_docs/autolink.rst``.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

from . import diskcache
from .diskcache import cache_dir
from .glossary.model import Glossary, Term
from .glossary.names import fold
from .matcher import (
    Matcher,
    Pattern,
    ahocorasick_available,
    build_matcher,
    case_sensitive_by_default,
)

#: Density modes: which occurrences of a term are linked.
DENSITY_VALUES = ("page", "section", "paragraph", "every")
#: Common-word policy values.
COMMON_WORD_VALUES = ("ml-pages", "always", "never")

#: Words and phrases that make a page "evidently about ML" (plurals are added).
#: Chosen so that none of them is usual in general software documentation in
#: another sense; ambiguous ones ("inference", "embedding", "model", "training")
#: are left out on purpose.
ML_CUES: tuple[str, ...] = (
    "machine learning",
    "deep learning",
    "neural network",
    "neural net",
    "language model",
    "large language model",
    "LLM",
    "transformer model",
    "artificial intelligence",
    "AI",
    "ML",
    "NLP",
    "backpropagation",
    "gradient descent",
    "fine-tuning",
    "fine-tuned",
    "pretraining",
    "pre-training",
    "training data",
    "training set",
    "hyperparameter",
    "loss function",
    "classifier",
    "embedding model",
    "word embedding",
    "token embedding",
    "self-attention",
    "attention head",
    "attention layer",
    "reinforcement learning",
    "supervised learning",
    "unsupervised learning",
    "generative model",
    "diffusion model",
    "GPT",
    "BERT",
    "PyTorch",
    "TensorFlow",
    "inference time",
    "model weights",
    "tokenizer",
    "prompt engineering",
    "retrieval-augmented generation",
    "RAG",
    "chatbot",
)

#: Target prefix of cue patterns in the shared evidence matcher.
_CUE = "\x00cue:"
#: Suffix marking a gated (common-word) name's target.
GATED = "\x00"


@dataclass(frozen=True, slots=True)
class AutolinkSettings:
    """Everything that decides which names are looked for (hashable: a cache key)."""

    min_length: int = 3
    stopwords: frozenset[str] = frozenset({"async"})  # as aiterms_autolink_stopwords
    terms: frozenset[str] = frozenset()  # include only these (folded names), if any
    exclude_terms: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()  # include only these (folded), if any
    exclude_categories: frozenset[str] = frozenset()
    common_words: str = "ml-pages"
    backend: str = "auto"


@dataclass(frozen=True)
class Linker:
    """A built matcher plus the policy data needed to use its matches."""

    matcher: Matcher
    #: Matches :data:`ML_CUES` (with the multi-word names found, evidence of an ML page).
    cues: Matcher
    #: Names looked for (folded), for reporting.
    names: frozenset[str] = field(default_factory=frozenset)
    has_gated: bool = False

    def find(self, text: str) -> list[tuple[int, int, str, bool, str]]:
        """``(start, end, term key, gated, matched text)`` for each match."""
        out = []
        for m in self.matcher.find(text):
            target = m.target
            gated = target.endswith(GATED)
            out.append((m.start, m.end, target[:-1] if gated else target, gated, m.text))
        return out


def _words(name: str) -> list[str]:
    return name.split()


def is_partial_alias(alias: str, term: Term) -> bool:
    """A one-word alias that is just the first word of its multi-word key."""
    words = fold(term.display).split()
    return len(words) > 1 and " " not in alias.strip() and fold(alias) == words[0]


def _term_selected(term: Term, settings: AutolinkSettings, glossary: Glossary) -> bool:
    if settings.terms and not _names_hit(term, settings.terms, glossary):
        return False
    if settings.exclude_terms and _names_hit(term, settings.exclude_terms, glossary):
        return False
    categories = {fold(c) for c in term.categories if c} | {
        fold(d.category) for d in term.definitions if d.category
    }
    if settings.categories and not categories & settings.categories:
        return False
    return not (settings.exclude_categories and categories & settings.exclude_categories)


def _names_hit(term: Term, names: frozenset[str], glossary: Glossary) -> bool:
    """True if one of ``names`` (folded, as the user wrote them) names ``term``."""
    for name in names:
        found = glossary.resolve(name)
        if found is not None and found.key == term.key:
            return True
    return False


def term_patterns(glossary: Glossary, settings: AutolinkSettings) -> list[Pattern]:
    """The patterns auto-linking looks for, with gated names marked (:data:`GATED`)."""
    patterns: list[Pattern] = []
    for term in glossary:
        if not _term_selected(term, settings, glossary):
            continue
        candidates = [term.display]
        for alias in term.aliases:
            # Only unambiguous aliases that name this term (keys beat aliases).
            if glossary.names.get(fold(alias)) == term.key and not is_partial_alias(alias, term):
                candidates.append(alias)
        for name in candidates:
            folded = fold(name)
            if len(folded) < settings.min_length or folded in settings.stopwords:
                continue
            single = len(_words(name)) == 1
            if single and settings.common_words == "never":
                continue
            gated = single and settings.common_words == "ml-pages"
            patterns.append(
                Pattern(name, term.key + (GATED if gated else ""), case_sensitive_by_default(name))
            )
    return patterns


def cue_patterns() -> list[Pattern]:
    """The ML cue words as patterns (case rules as for term names)."""
    return [Pattern(cue, _CUE + fold(cue), case_sensitive_by_default(cue)) for cue in ML_CUES]


def ml_signals(linker: Linker, texts: Iterable[str], term_keys: Iterable[str]) -> set[str]:
    """The distinct ML signals of a page: the multi-word (ungated) terms found in
    it (``term_keys``) and the cue words in ``texts``."""
    found = set(term_keys)
    for text in texts:
        for m in linker.cues.find(text):
            found.add(m.target)
    return found


# --- the per-process cache ------------------------------------------------------------

#: (id(glossary), settings) → (glossary, linker). Glossaries are immutable and
#: cached by the loader, so the identity plus a reference to it is a safe key.
_LINKERS: dict[tuple[int, AutolinkSettings], tuple[Glossary, Linker]] = {}
#: Matchers kept on disk (one per glossary content and settings).
KEEP_LINKERS = 16


def get_linker(
    glossary: Glossary, settings: AutolinkSettings, *, disk_key: str | None = None
) -> Linker:
    """The linker for a glossary and settings, built once per process.

    With ``disk_key`` (a hash of the glossary's content) and the Aho–Corasick
    backend, the built linker is also cached on disk: building one for 40,000
    terms takes ~2 s, loading it ~0.5 s, in every ``sphinx-build`` process.
    """
    key = (id(glossary), settings)
    cached = _LINKERS.get(key)
    if cached is not None and cached[0] is glossary:
        return cached[1]
    path = _disk_path(disk_key, settings)
    linker: Linker | None = None
    if path is not None:
        linker = diskcache.load(path, Linker)
    if linker is None:
        linker = _build(glossary, settings)
        if path is not None:
            diskcache.store(path, linker, keep=KEEP_LINKERS)
    if len(_LINKERS) > 8:
        _LINKERS.clear()
    _LINKERS[key] = (glossary, linker)
    return linker


def _disk_path(disk_key: str | None, settings: AutolinkSettings) -> Path | None:
    """Where a linker is cached, or None (no key, no cache, or the regex backend,
    whose compiled patterns are recompiled when unpickled)."""
    folder = cache_dir()
    if disk_key is None or folder is None:
        return None
    if settings.backend == "regex" or (settings.backend == "auto" and not ahocorasick_available()):
        return None
    digest = hashlib.sha256(f"{sys.version}\0{disk_key}\0{settings!r}".encode())
    here = Path(__file__).parent
    for name in ("autolink_policy.py", "matcher.py", "glossary/names.py"):
        digest.update((here / name).read_bytes())
    return folder / f"linker-{digest.hexdigest()[:32]}.pickle"


def _build(glossary: Glossary, settings: AutolinkSettings) -> Linker:
    patterns = term_patterns(glossary, settings)
    matcher = build_matcher(patterns, backend=settings.backend)
    cues = build_matcher(cue_patterns(), backend=settings.backend)
    return Linker(
        matcher,
        cues,
        frozenset(fold(p.text) for p in patterns),
        any(p.target.endswith(GATED) for p in patterns),
    )


def doc_excluded(docname: str, patterns: Iterable[str]) -> bool:
    """True if ``docname`` matches one of the glob ``patterns`` (``api/*``, ``changes``)."""
    return any(fnmatchcase(docname, pattern) for pattern in patterns)
