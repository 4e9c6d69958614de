"""The auto-linking policy as pure functions (``linking``): which names are looked
for, the common-word gate and its ML signals, the density rule, document globs,
and the findings a report explains."""

from __future__ import annotations

import pytest

from sphinxcontrib_aiterms.glossary.loader import load_glossary
from sphinxcontrib_aiterms.glossary.model import Glossary
from sphinxcontrib_aiterms.linking import (
    AutolinkSettings,
    Block,
    Density,
    Evidence,
    Linker,
    Reason,
    doc_excluded,
    is_partial_alias,
)
from sphinxcontrib_aiterms.linking.names import name_table
from sphinxcontrib_aiterms.linking.sense import cue_matcher, ml_signals


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(packs=("seeds",))


def names(glossary: Glossary, **settings: object) -> dict[str, tuple[str, bool, bool]]:
    """Folded name looked for → (term key, case-sensitive, gated)."""
    infos = name_table(glossary, AutolinkSettings(**settings))  # type: ignore[arg-type]
    return {
        i.name.lower(): (str(i.term), i.case_sensitive, i.gated)
        for i in infos
        if i.reason is Reason.LINK
    }


def reasons(glossary: Glossary, **settings: object) -> dict[str, Reason]:
    infos = name_table(glossary, AutolinkSettings(**settings))  # type: ignore[arg-type]
    return {i.name.lower(): i.reason for i in infos}


def test_defaults(glossary: Glossary) -> None:
    found = names(glossary)
    assert found["kv cache"] == ("kv cache", True, False)  # acronym-cased: case-sensitive
    assert found["attention sink"] == ("attention sink", False, False)
    assert found["attention"] == ("attention", False, True)  # a common word: gated
    assert found["atlas"] == ("atlas", True, True)  # single-word acronyms too
    assert "kolmogorov-arnold networks" in found  # a full alias
    why = reasons(glossary)
    assert why["api"] is Reason.PARTIAL_ALIAS  # of "API documentation generation"
    assert why["aot"] is Reason.PARTIAL_ALIAS
    assert why["async"] is Reason.STOPWORD  # default stop word
    assert why["l0"] is Reason.PARTIAL_ALIAS  # of "l0 attacks" (and 2 < 3 characters)
    assert reasons(glossary, min_length=6)["ansor"] is Reason.TOO_SHORT


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
    assert reasons(glossary, exclude_terms=frozenset({"kv cache"}))["kv cache"] is (
        Reason.EXCLUDED_TERM
    )
    only = names(glossary, categories=frozenset({"llm architecture"}))
    assert "kv cache" in only and "attention sink" not in only
    excluded = reasons(glossary, exclude_categories=frozenset({"llm architecture"}))
    assert excluded["kv cache"] is Reason.EXCLUDED_CATEGORY
    assert "attention" not in names(glossary, stopwords=frozenset({"attention"}))
    assert "ansor" not in names(glossary, min_length=6)


def test_common_word_modes(glossary: Glossary) -> None:
    assert reasons(glossary, common_words="never")["attention"] is Reason.COMMON_WORD
    assert names(glossary, common_words="always")["attention"] == ("attention", False, False)


def test_ml_signals() -> None:
    cues = cue_matcher()
    assert len(ml_signals(cues, ["We fine-tuning a neural network and an LLM."], [])) == 3
    assert ml_signals(cues, ["The release notes need attention; the anchors moved."], []) == set()
    assert len(ml_signals(cues, ["plain"], ["kv cache", "attention sink"])) == 2


def block(text: str) -> Block:
    return Block(text, ((0, len(text)),))


def test_link_page_gates_common_words(glossary: Glossary) -> None:
    linker = Linker(glossary, AutolinkSettings())
    text = "A KV\ncache and attention sinks, not a kv cache; attention."
    evidence, links = linker.link_page([block(text)])
    assert evidence.signals == 2  # two multi-word terms: below the threshold of 3
    assert [(f.term, f.text) for f in links[0]] == [
        ("kv cache", "KV\ncache"),
        ("attention sink", "attention sinks"),
    ]
    evidence, links = linker.link_page([block(text), block("It is about machine learning.")])
    assert evidence.signals == 3
    assert [f.term for f in links[0]] == ["kv cache", "attention sink", "attention"]
    _evidence, links = linker.link_page([block(text)], ml_page=True)
    assert "attention" in [f.term for f in links[0]]


def test_findings_explain_every_mention(glossary: Glossary) -> None:
    linker = Linker(glossary, AutolinkSettings())
    found = linker.findings(block("A kv cache, an API and attention; see async."), Evidence(0))
    assert [(f.text, f.verdict.reason) for f in found] == [
        ("kv cache", Reason.CASE_MISMATCH),
        ("API", Reason.PARTIAL_ALIAS),
        ("attention", Reason.COMMON_WORD),
        ("async", Reason.STOPWORD),
    ]
    linked = linker.findings(block("Use a KV cache."), Evidence(0))
    assert [(f.text, f.verdict.link) for f in linked] == [("KV cache", True)]


def test_density_rule() -> None:
    rule = Density("page")
    assert rule.admit(0, "kv cache").link
    second = rule.admit(0, "kv cache", "index.rst:3")
    assert second.reason is Reason.DENSITY
    rule.note(0, "attention", "index.rst:1")  # an explicit reference counts
    assert rule.admit(0, "attention").detail == "linked at index.rst:1"
    assert Density("every").admit(0, "kv cache").link and Density("every").admit(0, "x").link


def test_doc_globs() -> None:
    assert doc_excluded("api/module", ["api/*"])
    assert doc_excluded("changes", ["changes", "x/*"])
    assert not doc_excluded("usage/api", ["api/*"])
