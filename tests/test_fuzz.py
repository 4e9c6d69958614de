"""Hypothesis fuzzing: glossary loaders never raise, the prose matcher keeps its invariants.

* Seed text files and structured (YAML) files, generated from their grammar and
  from noise: any input gives a glossary and located problems, never an
  unhandled exception, and every term is usable (anchor, names, definitions).
  No name is invisible (empty after NFKC and removal of format characters)
  and no field keeps a control character.
* The prose matcher on generated text: spans are sorted, never overlap, map back
  to the original text, never split a word, and both backends agree.

Deterministic (``derandomize=True``) and small: the ``aiterms-fuzz`` profile
budget is ~10 s for the whole module on one core.
"""

from __future__ import annotations

import os
import re
import unicodedata

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinxcontrib_aiterms.glossary import userfile
from sphinxcontrib_aiterms.glossary.loader import load_contents
from sphinxcontrib_aiterms.glossary.model import Glossary
from sphinxcontrib_aiterms.linking.matcher import (
    Pattern,
    ahocorasick_available,
    build_matcher,
    is_word_char,
)

settings.register_profile(
    "aiterms-fuzz",
    derandomize=not os.environ.get("AITERMS_FUZZ_RANDOM"),
    deadline=2000,  # ms per example: a slow path on a small input is a bug
    max_examples=int(os.environ.get("AITERMS_FUZZ_EXAMPLES", "60")),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("aiterms-fuzz")

# --- text pieces that exercise the grammars --------------------------------------------

#: Characters that matter to the parsers, plus hostile and exotic ones.
SPECIAL = (
    "*",
    "**",
    "`",
    "```",
    "$",
    "$$",
    "|",
    "-",
    "#",
    ":",
    ",",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\t",
    "\r",
    "\u00a0",
    "\u200f",
    "\u0301",
    "\ufeff",
    "\x00",
    "\x1b[31m",
    "\x07",
    "\x7f",
    "\x9b",
    "\u200b",
    "\u200d",
    "\u202e",
    "\u2066",
    "\u00ad",
    "\ufffe",
    ";",
    "İ",
    "ß",
    "😀",
    "</script>",
    "<b>",
    "&amp;",
    '"',
    "'",
)
WORDS = st.sampled_from(
    ["attention", "sink", "RAG", "Model", "LoRA", "kv", "cache", "is", "the", "a", "of"]
)
FRAGMENT = st.one_of(WORDS, st.sampled_from(SPECIAL), st.text(max_size=6))


def _join(parts: list[str]) -> str:
    return " ".join(parts)


PHRASE = st.lists(FRAGMENT, min_size=1, max_size=8).map(_join)
HEADER = st.one_of(
    st.builds(lambda n, c: f"{n}, {c}", PHRASE, PHRASE),
    st.builds(lambda n: n.strip(), PHRASE),
    st.sampled_from(["Attention Sink, Transformers", "RAG, Retrieval", "KV cache"]),
)
BODY_LINE = st.one_of(
    st.builds(lambda n, rest: f"**{n}** is {rest}", PHRASE, PHRASE),
    st.builds(lambda rest: f"- {rest}", PHRASE),
    st.builds(lambda rest: f"| {rest} | {rest} |", PHRASE),
    st.sampled_from(["```python", "```", "$$", "x = 1", "Showing page 1 of 2 (3 entries)", ""]),
    PHRASE,
)
ENTRY = st.builds(lambda h, body: "\n".join([h, *body]), HEADER, st.lists(BODY_LINE, max_size=6))
SEED_TEXT = st.one_of(
    st.lists(ENTRY, max_size=5).map("\n".join),
    st.lists(ENTRY, max_size=4).map("\n\n".join),
    st.text(max_size=300),
)

# YAML: documents shaped like the structured format, with wrong types anywhere.
SCALAR = st.one_of(
    PHRASE,
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
)
ANY_VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(PHRASE, inner, max_size=3)
    ),
    max_leaves=8,
)
TERM = st.fixed_dictionaries(
    {},
    optional={
        "term": st.one_of(PHRASE, ANY_VALUE),
        "aliases": st.one_of(st.lists(PHRASE, max_size=3), ANY_VALUE),
        "category": st.one_of(PHRASE, ANY_VALUE),
        "title": st.one_of(PHRASE, ANY_VALUE),
        "keywords": st.one_of(PHRASE, ANY_VALUE),
        "definition": st.one_of(
            st.lists(BODY_LINE, min_size=1, max_size=5).map("\n".join), ANY_VALUE
        ),
        "unknown": ANY_VALUE,
    },
)
USER_DOC = st.fixed_dictionaries(
    {},
    optional={
        "version": st.one_of(st.just(1), ANY_VALUE),
        "terms": st.one_of(st.lists(TERM, max_size=4), ANY_VALUE),
        "aliases": st.one_of(st.dictionaries(PHRASE, st.lists(PHRASE, max_size=2)), ANY_VALUE),
        "replace": st.one_of(st.dictionaries(PHRASE, st.one_of(PHRASE, TERM)), ANY_VALUE),
        "hide": st.one_of(
            st.fixed_dictionaries(
                {}, optional={"terms": st.lists(PHRASE), "categories": st.lists(PHRASE)}
            ),
            ANY_VALUE,
        ),
        "extra": ANY_VALUE,
    },
)


def _dump(document: object) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


YAML_TEXT = st.one_of(
    USER_DOC.map(_dump),
    ANY_VALUE.map(_dump),
    st.text(max_size=200),
    st.lists(
        st.sampled_from(
            [
                "terms:",
                "  - term: x",
                "    definition: |",
                "  y",
                "- [",
                "&a",
                "*a",
                "!!python/object:os.system",
                "version: 2",
                "\t",
                '  - term: "\\ud800\\x1b[0m\\u200f x"',
                '    aliases: ["\\u200f", "\\u200e\\u200b", "a; b", "\\x9b"]',
                '    category: "\\u202e"',
                '    definition: "\\x1b[2J\\u200f\\n```\\n$$"',
            ]
        ),
        max_size=8,
    ).map("\n".join),
)


#: What no loaded field may keep (tab and newline aside, in bodies).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _visible(name: str) -> bool:
    """Not empty after NFKC and removal of format characters and whitespace."""
    return any(
        unicodedata.category(c) not in {"Cf", "Cc", "Zs", "Zl", "Zp"} and not c.isspace()
        for c in unicodedata.normalize("NFKC", name)
    )


def _check_usable(glossary: Glossary) -> None:
    """Every term is complete enough to link to, list and show; its names are
    visible and clean, and no text holds a control character."""
    assert isinstance(glossary, Glossary)
    for term in glossary:
        assert term.key
        assert term.anchor.isascii()
        assert term.definitions
        names = [term.key, term.display, *term.aliases, *term.keywords, *term.categories]
        for name in names:
            assert _visible(name), repr(name)
            assert not CONTROL.search(name) and "\t" not in name and "\n" not in name, repr(name)
        for name in (term.key, *term.aliases):
            assert ";" not in name, repr(name)  # Sphinx's index would split it
        for definition in term.definitions:
            assert definition.term == term.key
            assert isinstance(definition.body, str)
            assert isinstance(definition.concise, str)
            texts = [definition.title, definition.body, definition.short, definition.concise]
            for text in [*texts, definition.header, definition.category or ""]:
                assert not CONTROL.search(text), repr(text)
    anchors = [term.anchor for term in glossary]
    assert len(anchors) == len(set(anchors))
    for name, key in glossary.names.items():
        assert key in glossary.terms, name
        assert _visible(name), repr(name)
    for problem in glossary.problems:
        assert problem.file
        assert problem.line >= 0
        assert problem.message


# --- loaders --------------------------------------------------------------------------


@FUZZ
@given(text=SEED_TEXT)
def test_seed_text_never_raises(text: str) -> None:
    _check_usable(load_contents([("fuzz.txt", text)], bundled=False))


@FUZZ
@given(data=st.binary(max_size=200))
def test_any_bytes_never_raise(data: bytes) -> None:
    glossary = load_contents([("fuzz.txt", data), ("fuzz.yaml", data)], bundled=False)
    _check_usable(glossary)


@FUZZ
@given(text=YAML_TEXT)
def test_structured_file_never_raises(text: str) -> None:
    _check_usable(load_contents([("fuzz.yaml", text)], bundled=False))


@settings(FUZZ, max_examples=15)
@given(text=YAML_TEXT, seed=SEED_TEXT)
def test_user_files_over_the_bundled_glossary(text: str, seed: str) -> None:
    # Overlays (aliases, replace, hide) edit the bundled terms: never a crash.
    glossary = load_contents([("a.txt", seed), ("b.yaml", text)], bundled=True)
    _check_usable(glossary)
    assert len(glossary) > 0 or "hide" in text


# --- prose matcher --------------------------------------------------------------------

NAMES = st.lists(
    st.one_of(
        st.sampled_from(
            ["attention sink", "RAG", "KV cache", "LoRA", "sink", "cache", "café", "İnfo", "a-b"]
        ),
        st.text(
            alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
            min_size=1,
            max_size=8,
        ).filter(lambda s: s.strip() == s and any(is_word_char(c) for c in s)),
    ),
    min_size=1,
    max_size=6,
    unique=True,
)
GLUE = st.sampled_from([" ", "  ", "\n", ", ", "-", "s ", "x", "\u0301 ", "’", "(", ") ", "."])


@st.composite
def prose(draw: st.DrawFn) -> tuple[list[Pattern], str]:
    names = draw(NAMES)
    patterns = [
        Pattern(name, f"t{i}", case_sensitive=draw(st.booleans())) for i, name in enumerate(names)
    ]
    pieces = draw(
        st.lists(st.one_of(st.sampled_from(names), GLUE, st.text(max_size=4)), max_size=25)
    )
    mutate = draw(st.sampled_from([str, str.upper, str.lower, str.title]))
    return patterns, mutate("".join(pieces))


@FUZZ
@given(case=prose())
def test_matcher_invariants(case: tuple[list[Pattern], str]) -> None:
    patterns, text = case
    matches = build_matcher(patterns, backend="regex").find(text)
    previous_end = 0
    for match in matches:
        assert previous_end <= match.start < match.end <= len(text)  # sorted, no overlap
        assert text[match.start : match.end] == match.text  # spans index the original
        # never splits a word: the characters just outside are not word characters
        assert match.start == 0 or not is_word_char(text[match.start - 1])
        assert match.end == len(text) or not is_word_char(text[match.end])
        previous_end = match.end
    # linking changes nothing but the link spans
    rebuilt, cursor = [], 0
    for match in matches:
        rebuilt += [text[cursor : match.start], match.text]
        cursor = match.end
    assert "".join(rebuilt) + text[cursor:] == text
    if ahocorasick_available():
        assert build_matcher(patterns, backend="ahocorasick").find(text) == matches


# --- hand-picked hostile files (found by probing; kept as regression examples) ---------

_LAUGHS = "".join(
    f"{a}: &{a} [{', '.join([f'*{p}' if p else 'x'] * 9)}]\n"
    for a, p in zip("abcdefghi", ["", *"abcdefgh"], strict=True)
)
HOSTILE_FILES = {
    "empty-term.yaml": "version: 1\nterms:\n  - term: ''\n    definition: x\n",
    "punctuation.yaml": "version: 1\nterms:\n  - term: '!!!'\n    definition: '!!! is bad.'\n",
    "long.yaml": "version: 1\nterms:\n  - term: '" + "a" * 10_000 + "'\n    definition: Long.\n",
    "collide.yaml": "version: 1\nterms:\n"
    + "".join(f"  - term: '{n}'\n    definition: x\n" for n in ("a b", "a-b", "a_b", "A B")),
    "laughs.yaml": _LAUGHS + "terms: *i\n",
    "deep.yaml": "terms: " + "[" * 1000 + "]" * 1000 + "\n",
    "html.yaml": "version: 1\nterms:\n  - term: '<script>alert(1)</script>'\n"
    "    aliases: ['\"><img src=x onerror=alert(1)>', 'javascript:alert(1)']\n"
    "    category: '</template><b>'\n"
    "    definition: '<script>x</script> is [x](javascript:alert(1)) bad.'\n",
    "rtl.yaml": "version: 1\nterms:\n  - term: '\u202eevil\u202c'\n"
    "    definition: 'e\u0301\u0301 is.'\n",
    "weird-edits.yaml": "version: 1\nreplace:\n  '': ''\n  x: {title: [1]}\n"
    "hide:\n  terms: [[1]]\n",
    "rlm-names.yaml": "version: 1\nterms:\n  - term: '\u200f'\n    definition: x\n"
    "  - term: y\n    aliases: ['\u200f', '\u200e\u200b', '\ufeff']\n    category: '\u2066'\n"
    "    definition: y\n",
    "controls.yaml": 'version: 1\nterms:\n  - term: "e\\x1b[31mx"\n    aliases: ["\\x9b2J"]\n'
    '    title: "\\x00"\n    definition: "\\x07\\x1b]0;t\\x07 body \\ud800\\uffff"\n',
    "controls.txt": "term\x1b, cat\n**Term** is \x07a \x9bbell.\n- \x00item\n",
    "long-header.txt": "a" * 10_000 + ", cat\n**" + "a" * 10_000 + "** is long.\n",
    "open-parens.txt": "X, Y\n**X** is " + "(" * 5000 + "\n",
}


def test_hand_picked_hostile_files_load() -> None:
    for name, text in HOSTILE_FILES.items():
        glossary = load_contents([(name, text)], bundled=False)
        _check_usable(glossary)
    anchors = {t.anchor for t in load_contents([("c.yaml", HOSTILE_FILES["collide.yaml"])])}
    assert len(anchors) >= 3  # colliding slugs get distinct anchors


@pytest.mark.skipif(userfile._CParser is None, reason="PyYAML without libyaml: no fast path")
@FUZZ
@given(text=YAML_TEXT)
def test_libyaml_fast_path_equals_pure_pyyaml(text: str) -> None:
    """libyaml events + PyYAML composer read every file as PyYAML alone does, except
    that libyaml accepts some valid YAML that PyYAML's scanner rejects (a tab after
    a plain scalar, for example)."""
    fast = userfile.parse_user_yaml(text, "f.yaml")
    saved, userfile._CParser = userfile._CParser, None
    try:
        pure = userfile.parse_user_yaml(text, "f.yaml")
    finally:
        userfile._CParser = saved
    if any(p.message.startswith("YAML syntax error") for p in pure.problems) and not any(
        p.message.startswith("YAML") for p in fast.problems
    ):
        return
    assert fast == pure
