"""The auto-linking policy as pure functions: which names are looked for, the
common-word gate and its ML signals, document globs, the per-process cache."""

from __future__ import annotations

import pytest

from sphinxcontrib_aiterms.autolink_policy import (
    GATED,
    AutolinkSettings,
    doc_excluded,
    get_linker,
    is_partial_alias,
    ml_signals,
    term_patterns,
)
from sphinxcontrib_aiterms.glossary.loader import load_glossary
from sphinxcontrib_aiterms.glossary.model import Glossary


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


def names(glossary: Glossary, **settings: object) -> dict[str, tuple[str, bool]]:
    """Folded name → (target, case-sensitive)."""
    patterns = term_patterns(glossary, AutolinkSettings(**settings))  # type: ignore[arg-type]
    return {p.text.lower(): (p.target, p.case_sensitive) for p in patterns}


def test_defaults(glossary: Glossary) -> None:
    found = names(glossary)
    assert found["kv cache"] == ("kv cache", True)  # acronym-cased: case-sensitive
    assert found["attention sink"] == ("attention sink", False)
    assert found["attention"] == ("attention" + GATED, False)  # a common word: gated
    assert found["atlas"] == ("atlas" + GATED, True)  # single-word acronyms too
    assert "api" not in found  # partial alias of "API documentation generation"
    assert "aot" not in found
    assert "async" not in found  # default stop word
    assert "l0" not in found and "l2" not in found  # shorter than 3
    assert "kolmogorov-arnold networks" in found  # a full alias


def test_partial_alias(glossary: Glossary) -> None:
    term = glossary.terms["api documentation generation"]
    assert is_partial_alias("API", term)
    assert not is_partial_alias("KAN", glossary.terms["kolmogorov-arnold networks (kan)"])


def test_filters(glossary: Glossary) -> None:
    assert set(names(glossary, terms=frozenset({"kv cache", "attention sinks"}))) == {
        "kv cache",
        "attention sink",
    }
    assert "kv cache" not in names(glossary, exclude_terms=frozenset({"kv cache"}))
    only = names(glossary, categories=frozenset({"llm architecture"}))
    assert "kv cache" in only and "attention sink" not in only
    assert "kv cache" not in names(glossary, exclude_categories=frozenset({"llm architecture"}))
    assert "attention" not in names(glossary, stopwords=frozenset({"attention"}))
    assert "ansor" not in names(glossary, min_length=6)


def test_common_word_modes(glossary: Glossary) -> None:
    assert "attention" not in names(glossary, common_words="never")
    assert names(glossary, common_words="always")["attention"] == ("attention", False)


def test_ml_signals(glossary: Glossary) -> None:
    linker = get_linker(glossary, AutolinkSettings())
    ml = ml_signals(linker, ["We fine-tuning a neural network and an LLM."], [])
    assert len(ml) == 3
    assert ml_signals(linker, ["The release notes need attention; the anchors moved."], []) == set()
    assert len(ml_signals(linker, ["plain"], ["kv cache", "attention sink"])) == 2


def test_linker_matches_and_is_cached(glossary: Glossary) -> None:
    settings = AutolinkSettings()
    linker = get_linker(glossary, settings)
    assert get_linker(glossary, AutolinkSettings()) is linker
    found = linker.find("A KV\ncache and attention sinks, not a kv cache; attention.")
    assert [(key, gated, text) for _s, _e, key, gated, text in found] == [
        ("kv cache", False, "KV\ncache"),
        ("attention sink", False, "attention sinks"),
        ("attention", True, "attention"),
    ]


def test_doc_globs() -> None:
    assert doc_excluded("api/module", ["api/*"])
    assert doc_excluded("changes", ["changes", "x/*"])
    assert not doc_excluded("usage/api", ["api/*"])
