"""The prose matcher: every rule of design notes §3, on both backends.

Unit tests pin each rule; hypothesis tests check the invariants and compare
both backends with a brute-force reference (every substring, folded, looked up).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_aiterms.linking.matcher import (
    Match,
    Matcher,
    Pattern,
    ahocorasick_available,
    build_matcher,
    case_sensitive_by_default,
    expand_patterns,
    fold_key,
    fold_text,
    is_word_char,
    trie_regex,
    typo_key,
    typo_text,
)

HAVE_AC = ahocorasick_available()
needs_ac = pytest.mark.skipif(not HAVE_AC, reason="pyahocorasick is not installed")
BACKENDS = [
    pytest.param("regex"),
    pytest.param("ahocorasick", marks=needs_ac),
]


def auto(text: str, target: str | None = None) -> Pattern:
    """A pattern with the ``auto`` case policy, targeting its folded name."""
    return Pattern(text, target or fold_key(text), case_sensitive_by_default(text))


def found(
    patterns: Iterable[Pattern], text: str, backend: str, *, plurals: bool = True
) -> list[tuple[str, str]]:
    matcher = build_matcher(patterns, plurals=plurals, backend=backend)
    matches = matcher.find(text)
    for m in matches:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.target) for m in matches]


# --------------------------------------------------------------------------
# The auto case policy
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("ATPG", True),
        ("KV cache", True),
        ("LoRA", True),
        ("kNN-LM", True),
        ("GPT-4", True),
        ("non-IID data", True),
        ("RAG", True),
        ("attention sink", False),
        ("Transformer", False),
        ("A* search", False),
        ("Bayes' theorem", False),
        ("x86", False),
        ("", False),
        ("注意力", False),
    ],
)
def test_case_sensitive_by_default(display: str, expected: bool) -> None:
    assert case_sensitive_by_default(display) is expected


# --------------------------------------------------------------------------
# Rules, on every backend
# --------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
class TestRules:
    def test_whole_words_only(self, backend: str) -> None:
        pats = [auto("RAG"), auto("sink")]
        assert found(pats, "RAGS fragment RAG_x xRAG RAG2 sinkhole", backend) == []
        assert found(pats, "(RAG) and sink.", backend) == [("RAG", "rag"), ("sink", "sink")]

    def test_hyphen_is_a_boundary(self, backend: str) -> None:
        assert found([auto("training")], "pre-training", backend) == [("training", "training")]

    def test_plural_is_not_a_substring_match(self, backend: str) -> None:
        assert found([auto("sink")], "two sinks", backend, plurals=False) == []
        assert found([auto("sink")], "two sinks", backend) == [("sinks", "sink")]

    def test_acronym_is_case_sensitive_noun_is_not(self, backend: str) -> None:
        pats = [auto("RAG"), auto("attention sink")]
        text = "Use RAG, not a rag or Rag. Attention Sink and ATTENTION SINK."
        assert found(pats, text, backend) == [
            ("RAG", "rag"),
            ("Attention Sink", "attention sink"),
            ("ATTENTION SINK", "attention sink"),
        ]

    def test_case_sensitive_multiword(self, backend: str) -> None:
        pats = [auto("KV cache")]
        assert found(pats, "the KV cache, a kv cache, the KV Cache", backend) == [
            ("KV cache", "kv cache")
        ]

    def test_explicit_case_insensitive_acronym(self, backend: str) -> None:
        pats = [Pattern("LLM", "llm", case_sensitive=False)]
        assert [t for t, _ in found(pats, "LLM llm Llm llms", backend)] == [
            "LLM",
            "llm",
            "Llm",
            "llms",
        ]

    @pytest.mark.parametrize(
        ("name", "text", "expected"),
        [
            ("sink", "sinks", "sinks"),
            ("bias", "biases", "biases"),
            ("batch", "batches", "batches"),
            ("policy", "policies", "policies"),
            ("key", "keys", "keys"),
            ("LLM", "LLMs", "LLMs"),
            ("KV cache", "KV caches", "KV caches"),
            ("LoRA", "LoRAs", "LoRAs"),
        ],
    )
    def test_plurals(self, backend: str, name: str, text: str, expected: str) -> None:
        assert found([auto(name)], f"all {text}.", backend) == [(expected, fold_key(name))]

    def test_acronym_plural_keeps_case(self, backend: str) -> None:
        assert found([auto("LLM")], "LLMS llms LLMs", backend) == [("LLMs", "llm")]

    def test_no_plural_for_non_letter_endings(self, backend: str) -> None:
        assert found([auto("GPT-4")], "GPT-4s GPT-4", backend) == [("GPT-4", "gpt-4")]

    def test_explicit_name_beats_generated_plural(self, backend: str) -> None:
        pats = [auto("sink"), Pattern("sinks", "kitchen sinks")]
        assert found(pats, "sinks and sink", backend) == [
            ("sinks", "kitchen sinks"),
            ("sink", "sink"),
        ]

    @pytest.mark.parametrize(
        "text",
        ["attention\nsink", "attention\n   sink", "attention \t sink", "attention\u00a0sink"],
    )
    def test_whitespace_runs_and_newlines(self, backend: str, text: str) -> None:
        source = f"An {text}s here and an {text}."
        assert found([auto("attention sink")], source, backend) == [
            (f"{text}s", "attention sink"),
            (text, "attention sink"),
        ]

    def test_whitespace_runs_keep_offsets(self, backend: str) -> None:
        text = "x  \n  y   KV \n cache   z    attention  \n sinks"
        matcher = build_matcher([auto("KV cache"), auto("attention sink")], backend=backend)
        assert [(m.start, m.end) for m in matcher.find(text)] == [
            (10, 20),
            (28, len(text)),
        ]

    @pytest.mark.parametrize(
        "text", ["attention, sink", "attention. Sink", "attention-sink", "attention (sink)"]
    )
    def test_punctuation_is_a_barrier(self, backend: str, text: str) -> None:
        assert found([auto("attention sink")], text, backend) == []

    def test_hyphen_matches_only_a_hyphen(self, backend: str) -> None:
        pats = [auto("encoder-decoder")]
        assert found(pats, "encoder decoder, encoderdecoder, encoder_decoder", backend) == []
        text = "encoder-decoder encoder\u2013decoder encoder\u2011decoder encoder\u2014decoder"
        assert [t for t, _ in found(pats, text, backend)] == [
            "encoder-decoder",
            "encoder\u2013decoder",
            "encoder\u2011decoder",
        ]

    def test_smart_quotes(self, backend: str) -> None:
        for name in ("Bayes' theorem", "Bayes\u2019 theorem"):
            text = "Bayes' theorem, Bayes\u2019 theorem, Bayes\u2018 theorem, Bayes\u201d theorem"
            assert [t for t, _ in found([auto(name)], text, backend)] == [
                "Bayes' theorem",
                "Bayes\u2019 theorem",
                "Bayes\u2018 theorem",
            ]

    def test_smart_quotes_inside_a_word(self, backend: str) -> None:
        pats = [auto("Occam's razor")]
        assert found(pats, "By Occam\u2019s razor.", backend) == [
            ("Occam\u2019s razor", "occam's razor")
        ]

    def test_longest_match_wins(self, backend: str) -> None:
        pats = [auto("attention"), auto("attention sink"), auto("sink")]
        assert found(pats, "attention sink, attention, sink", backend) == [
            ("attention sink", "attention sink"),
            ("attention", "attention"),
            ("sink", "sink"),
        ]

    def test_leftmost_wins_and_no_overlap(self, backend: str) -> None:
        pats = [auto("large language"), auto("language model")]
        assert found(pats, "large language model", backend) == [
            ("large language", "large language")
        ]

    def test_backtracks_to_a_shorter_name(self, backend: str) -> None:
        # "attention sink" fails its end boundary in "attention sinkhole".
        pats = [auto("attention"), auto("attention sink")]
        assert found(pats, "attention sinkhole", backend) == [("attention", "attention")]

    def test_rejected_long_match_does_not_hide_a_shorter_one(self, backend: str) -> None:
        # The insensitive pass alone would take "cache size" and skip "size
        # limit"; the sensitive "KV cache" starts earlier and wins, after which
        # "size limit" is valid and must be found.
        pats = [auto("KV cache"), auto("cache size"), auto("size limit")]
        assert found(pats, "the KV cache size limit", backend) == [
            ("KV cache", "kv cache"),
            ("size limit", "size limit"),
        ]
        # And the other way round: the sensitive pass hides a sensitive match.
        pats = [auto("GPU memory"), auto("memory BW"), auto("BW cap"), auto("the GPU")]
        assert found(pats, "the GPU memory BW cap", backend) == [
            ("the GPU", "the gpu"),
            ("memory BW", "memory bw"),
        ]

    def test_longer_insensitive_beats_sensitive_at_same_start(self, backend: str) -> None:
        pats = [auto("RAG"), Pattern("RAG pipeline", "rag pipeline")]
        assert found(pats, "a RAG pipeline and RAG", backend) == [
            ("RAG pipeline", "rag pipeline"),
            ("RAG", "rag"),
        ]

    def test_sensitive_wins_a_tie(self, backend: str) -> None:
        pats = [Pattern("llm", "noun"), Pattern("LLM", "acronym", case_sensitive=True)]
        assert found(pats, "LLM llm", backend) == [("LLM", "acronym"), ("llm", "noun")]

    def test_first_pattern_wins_a_duplicate(self, backend: str) -> None:
        pats = [Pattern("rag", "first"), Pattern("RAG", "second")]
        assert found(pats, "rag", backend) == [("rag", "first")]

    def test_names_with_punctuation(self, backend: str) -> None:
        pats = [auto("C++"), auto(".NET"), auto("A* search")]
        text = "C++ and C+++ and ASP.NET and .NET, A* search"
        assert found(pats, text, backend) == [
            ("C++", "c++"),
            ("C++", "c++"),
            (".NET", ".net"),
            ("A* search", "a* search"),
        ]

    def test_dotted_i_keeps_offsets(self, backend: str) -> None:
        # "İ".lower() has two characters: a lower-cased copy would shift offsets.
        text = "İİİ İnference and the KV cache"
        matcher = build_matcher([auto("inference"), auto("KV cache")], backend=backend)
        assert [(m.text, m.start) for m in matcher.find(text)] == [
            ("İnference", 4),
            ("KV cache", 22),
        ]

    def test_combining_marks_are_word_characters(self, backend: str) -> None:
        pats = [auto("cafe"), auto("naïve Bayes")]
        assert found(pats, "cafe\u0301 cafe\u0301s", backend) == []
        assert found(pats, "\u0301cafe", backend) == []
        assert found(pats, "a naïve Bayes cafe", backend) == [
            ("naïve Bayes", "naïve bayes"),
            ("cafe", "cafe"),
        ]
        # Marks above U+FFFF (Brahmi anusvara) on either side, then a valid one.
        text = "\U00011001cafe cafe\U00011001 x\U00011001cafe cafe"
        assert [m.start for m in build_matcher(pats, backend=backend).find(text)] == [19]
        # Indic vowel signs are marks too: no match inside a syllable.
        assert found([auto("कम")], "कमा कम", backend) == [("कम", "कम")]

    def test_greek_final_sigma(self, backend: str) -> None:
        pats = [auto("λόγος")]
        assert [t for t, _ in found(pats, "ΛΌΓΟΣ λόγος", backend)] == ["ΛΌΓΟΣ", "λόγος"]

    def test_empty_inputs(self, backend: str) -> None:
        assert found([], "anything", backend) == []
        assert found([auto("x")], "", backend) == []
        assert found([Pattern("  ", "blank")], "a  b", backend) == []

    def test_only_sensitive_or_only_insensitive(self, backend: str) -> None:
        assert found([auto("RAG")], "RAG rag", backend) == [("RAG", "rag")]
        assert found([auto("rag")], "RAG rag", backend) == [("RAG", "rag"), ("rag", "rag")]

    def test_backend_name(self, backend: str) -> None:
        assert build_matcher([auto("x")], backend=backend).backend == backend


def test_unknown_backend() -> None:
    with pytest.raises(ValueError, match="unknown matcher backend"):
        build_matcher([], backend="fast")


def test_auto_backend() -> None:
    expected = "ahocorasick" if HAVE_AC else "regex"
    assert build_matcher([auto("x")]).backend == expected


def test_expand_patterns() -> None:
    variants = expand_patterns([auto("policy"), auto("LLM"), auto("GPT-4")])
    assert {(v.form, v.case_sensitive, v.plural) for v in variants} == {
        ("policy", False, False),
        ("policies", False, True),
        ("LLM", True, False),
        ("LLMs", True, True),
        ("GPT-4", True, False),
    }


def test_trie_regex_is_a_trie() -> None:
    pattern = trie_regex(["attention", "attention sink", "attention sinks", "rag", "rags"])
    assert pattern == r"(?:attention(?:\ sinks?)?|rags?)"
    assert trie_regex([]) == "(?!)"


def test_normalisation_preserves_length() -> None:
    text = "İ Σ ΟΔΟΣ ß ẞ ﬁ ’–\u2011\n\t\u00a0\u3000 e\u0301"
    assert len(fold_text(text)) == len(text)
    assert len(typo_text(text)) == len(text)
    assert fold_text("İΣΑΣ") == "iσασ"
    assert typo_key("Bayes\u2019\n  theorem") == "Bayes' theorem"


# --------------------------------------------------------------------------
# Properties: invariants, a brute-force reference, backend agreement
# --------------------------------------------------------------------------

# A tiny vocabulary, so that names share prefixes and overlap in the text.
WORDS = st.sampled_from(["a", "b", "ab", "A", "B", "AB", "Ab", "a\u0130", "\u03c3"])
NAMES = st.builds(
    lambda words, seps: "".join(w + s for w, s in zip(words, seps, strict=False)) + words[-1],
    st.lists(WORDS, min_size=1, max_size=3),
    st.lists(st.sampled_from([" ", " ", " ", " ", "-", "'", "\u2019"]), min_size=2, max_size=2),
)
PATTERNS = st.lists(
    st.builds(Pattern, NAMES, st.sampled_from(["t0", "t1", "t2"]), st.booleans()),
    max_size=8,
)
SEPARATORS = st.sampled_from(
    [" ", " ", " ", "  ", "\n", "\n  ", ", ", "-", "\u2013", "\u2014", "'", "\u2019", "\u00a0"]
)


def as_is(text: str) -> str:
    return text


CASINGS: list[Callable[[str], str]] = [as_is, str.upper, str.lower, str.title]
CHAIN_SEPARATORS = st.sampled_from([" ", " ", " ", " ", " ", "\n", "  ", ", ", "-"])
EXTRA = st.sampled_from(["s", "es", "ies", "\u0301", "_", "1", "\u03c2", "\u03a3"])


@st.composite
def texts(draw: st.DrawFn, patterns: list[Pattern]) -> str:
    """Text made mostly of the names themselves, re-cased and re-spaced."""
    names = [p.text for p in patterns] or ["ab"]
    tokens: list[str] = []
    for _ in range(draw(st.integers(0, 16))):
        kind = draw(st.integers(0, 4))
        if kind <= 2:
            name = draw(st.sampled_from(names))
            case = draw(st.sampled_from(CASINGS))
            token = case(name).replace(" ", draw(SEPARATORS))
        elif kind == 3:
            token = draw(WORDS)
        else:
            token = draw(EXTRA)
        tokens.append(token)
        tokens.append(draw(SEPARATORS) if draw(st.integers(0, 5)) else "")
    return "".join(tokens)


@st.composite
def chains(draw: st.DrawFn) -> tuple[list[Pattern], str]:
    """Names that are overlapping windows of one word sequence, and that sequence.

    This is where greedy selection goes wrong: a case-sensitive window can
    start before, and reject, a case-insensitive one that hides another.
    """
    words = draw(st.lists(st.sampled_from(["a", "b", "A", "ab", "AB"]), min_size=2, max_size=7))
    patterns: list[Pattern] = []
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(words) - 1))
        j = draw(st.integers(i + 1, min(len(words), i + 3)))
        patterns.append(Pattern(" ".join(words[i:j]), f"t{i}.{j}", draw(st.booleans())))
    seps = draw(st.lists(CHAIN_SEPARATORS, min_size=len(words), max_size=len(words)))
    case = draw(st.sampled_from(CASINGS[:3]))
    return patterns, case("".join(w + s for w, s in zip(words, seps, strict=True)))


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[Pattern], str]:
    if draw(st.booleans()):
        return draw(chains())
    patterns = draw(PATTERNS)
    return patterns, draw(texts(patterns))


def reference(patterns: list[Pattern], text: str) -> list[tuple[int, int, str]]:
    """Leftmost-longest over every substring whose folded form is a variant."""
    variants = expand_patterns(patterns)
    sensitive = {v.form: v.target for v in variants if v.case_sensitive}
    insensitive = {v.form: v.target for v in variants if not v.case_sensitive}
    out: list[tuple[int, int, str]] = []
    start = 0
    n = len(text)
    while start < n:
        best: tuple[int, str] | None = None
        if not text[start].isspace() and (start == 0 or not is_word_char(text[start - 1])):
            for end in range(start + 1, n + 1):
                if text[end - 1].isspace() or (end < n and is_word_char(text[end])):
                    continue
                piece = text[start:end]
                target = sensitive.get(typo_key(piece)) or insensitive.get(fold_key(piece))
                if target is not None:
                    best = (end, target)
        if best is None:
            start += 1
        else:
            out.append((start, best[0], best[1]))
            start = best[0]
    return out


def check_invariants(matcher: Matcher, text: str, matches: list[Match]) -> None:
    forms = {(v.form, v.case_sensitive): v.target for v in matcher.variants}
    prev_end = 0
    for m in matches:
        assert prev_end <= m.start < m.end, "sorted, non-empty, non-overlapping"
        prev_end = m.end
        assert text[m.start : m.end] == m.text
        assert m.start == 0 or not is_word_char(text[m.start - 1])
        assert m.end == len(text) or not is_word_char(text[m.end])
        assert m.target in (
            forms.get((typo_key(m.text), True)),
            forms.get((fold_key(m.text), False)),
        )


@settings(derandomize=True, deadline=500, max_examples=200)
@given(case=cases())
def test_regex_backend_properties(case: tuple[list[Pattern], str]) -> None:
    patterns, text = case
    matcher = build_matcher(patterns, backend="regex")
    matches = matcher.find(text)
    check_invariants(matcher, text, matches)
    assert [(m.start, m.end, m.target) for m in matches] == reference(patterns, text)


@needs_ac
@settings(derandomize=True, deadline=500, max_examples=200)
@given(case=cases())
def test_backends_agree(case: tuple[list[Pattern], str]) -> None:
    patterns, text = case
    regex = build_matcher(patterns, backend="regex")
    ac = build_matcher(patterns, backend="ahocorasick")
    matches = ac.find(text)
    check_invariants(ac, text, matches)
    assert matches == regex.find(text)
    assert [(m.start, m.end, m.target) for m in matches] == reference(patterns, text)


@settings(derandomize=True, deadline=500, max_examples=200)
@given(text=st.text(max_size=60))
def test_arbitrary_unicode_text(text: str) -> None:
    patterns = [auto("ab"), auto("AB c"), auto("b-a"), Pattern("x\u0130", "xi")]
    for backend in ("regex", "ahocorasick") if HAVE_AC else ("regex",):
        matcher = build_matcher(patterns, backend=backend)
        matches = matcher.find(text)
        check_invariants(matcher, text, matches)
        assert [(m.start, m.end, m.target) for m in matches] == reference(patterns, text)
