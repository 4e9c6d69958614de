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


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(packs=("seeds",))


def names(glossary: Glossary, **settings: object) -> dict[str, tuple[str, bool]]:
    """Folded name looked for → (term key, case-sensitive)."""
    infos = name_table(glossary, AutolinkSettings(**settings))  # type: ignore[arg-type]
    return {
        i.name.lower(): (str(i.term), i.case_sensitive) for i in infos if i.reason is Reason.LINK
    }


def reasons(glossary: Glossary, **settings: object) -> dict[str, Reason]:
    infos = name_table(glossary, AutolinkSettings(**settings))  # type: ignore[arg-type]
    return {i.name.lower(): i.reason for i in infos}


def test_defaults(glossary: Glossary) -> None:
    found = names(glossary)
    assert found["kv cache"] == ("kv cache", True)  # acronym-cased: case-sensitive
    assert found["attention sink"] == ("attention sink", False)
    assert found["attention"] == ("attention", False)  # looked for; its sense is judged
    assert found["atlas"] == ("atlas", True)  # single-word acronyms too
    assert "kolmogorov-arnold networks" in found  # a full alias
    infos = {i.name.lower(): i for i in name_table(glossary, AutolinkSettings())}
    assert infos["api"].partial and infos["aot"].partial  # of "API documentation generation"
    why = reasons(glossary)
    assert why["async"] is Reason.STOPWORD  # default stop word
    assert why["l0"] is Reason.TOO_SHORT  # 2 < 3 characters
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


def block(text: str) -> Block:
    return Block(text, ((0, len(text)),))


def verdicts(linker: Linker, text: str, ml_page: bool = False) -> list[tuple[str, Reason]]:
    return [(f.text, f.verdict.reason) for f in linker.findings(block(text), Evidence(ml_page))]


def test_link_page_judges_each_occurrence(glossary: Glossary) -> None:
    linker = Linker(glossary, AutolinkSettings())
    plain = "A KV cache and attention sinks; the release needs attention."
    _evidence, links = linker.link_page([block(plain)])
    assert [(f.term, f.text) for f in links[0]] == [
        ("kv cache", "KV cache"),
        ("attention sink", "attention sinks"),
    ]
    ml = "Self-attention over the tokens of a transformer computes attention weights."
    _evidence, links = linker.link_page([block(plain), block(ml)])
    assert "attention" not in [f.term for f in links[0]]  # each block is judged by itself
    assert "attention" in [f.term for f in links[1]]
    _evidence, links = linker.link_page([block("Readers pay attention.")], ml_page=True)
    assert links == [[]]  # an everyday phrase stays unlinked even on an ML page
    _evidence, links = linker.link_page([block("Attention is what we study.")], ml_page=True)
    assert [f.term for f in links[0]] == ["attention"]  # the page vouches for the rest


def test_findings_explain_every_mention(glossary: Glossary) -> None:
    linker = Linker(glossary, AutolinkSettings())
    assert verdicts(linker, "A kv cache, an API and attention; see async.") == [
        ("kv cache", Reason.NO_EVIDENCE),  # not the written case: needs evidence
        ("API", Reason.PARTIAL_ALIAS),
        ("attention", Reason.NO_EVIDENCE),
        ("async", Reason.STOPWORD),
    ]
    assert verdicts(linker, "Use a KV cache.") == [("KV cache", Reason.LINK)]
    assert verdicts(linker, "The release notes need attention.") == [
        ("attention", Reason.EVERYDAY_USE)
    ]
    assert verdicts(linker, "JIT and AOT compile the model.") == [("AOT", Reason.LINK)]


def test_sense_off_links_every_name(glossary: Glossary) -> None:
    linker = Linker(glossary, AutolinkSettings(sense="off"))
    assert verdicts(linker, "The release notes need attention.") == [("attention", Reason.LINK)]


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


def test_category_filters_take_source_and_merged_names(glossary: Glossary) -> None:
    # "rag" (a source category) is in the table's "Retrieval & RAG" (slug "retrieval").
    from sphinxcontrib_aiterms.glossary.categories import category_table

    merged = category_table().category("rag")
    assert merged is not None
    for wanted in ("rag", merged.name, merged.slug):
        excluded = reasons(glossary, exclude_categories=frozenset({wanted.casefold()}))
        assert excluded["late interaction models"] is Reason.EXCLUDED_CATEGORY, wanted
        assert excluded["kv cache"] is Reason.LINK
