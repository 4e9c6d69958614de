"""The seed-format parser on the five bundled pages and on malformed input."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import load_seeds

from sphinxcontrib_aiterms.glossary import GlossaryBuilder, parse_seed_text
from sphinxcontrib_aiterms.glossary.bundled import seed_files
from sphinxcontrib_aiterms.glossary.pagelayout import rebuild_lines

SEEDS = {path.name[:3]: path for path in seed_files()}


def _entries(prefix: str):  # type: ignore[no-untyped-def]
    path = SEEDS[prefix]
    entries, problems = parse_seed_text(path.read_text(encoding="utf-8"), path.name)
    assert problems == []
    return entries


def test_five_pages_are_bundled_byte_for_byte() -> None:
    shared = Path(__file__).parents[2] / "shared" / "seeds"
    assert sorted(SEEDS) == ["000", "001", "002", "003", "004"]
    if shared.is_dir():  # the source as given, beside the repository
        for path in seed_files():
            assert path.read_bytes() == (shared / path.name).read_bytes()


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_page_has_fifty_entries(prefix: str) -> None:
    assert len(_entries(prefix)) == 50


def test_counts_occurrences_definitions_terms() -> None:
    glossary = load_seeds()
    definitions = list(glossary.definitions)
    assert sum(len(d.sources) for d in definitions) == 250
    assert len(definitions) == 165
    assert len(glossary) == 138
    assert glossary.problems == ()


def test_every_source_points_at_its_header_line() -> None:
    lines = {
        f"seeds/{path.name}": path.read_text(encoding="utf-8").split("\n") for path in seed_files()
    }
    for definition in load_seeds().definitions:
        for source in definition.sources:
            assert lines[source.file][source.line - 1] == definition.header


def test_header_traps() -> None:
    glossary = load_seeds()
    # No comma, detected by rule H4, in two pages.
    scaling = glossary.resolve("attention head scaling")
    assert scaling is not None
    assert [str(s) for s in scaling.primary.sources] == [
        "seeds/001_48af4be0aec329e6.txt:116",
        "seeds/002_a521869295bbff33.txt:231",
    ]
    # An upper-case header joins the lower-case ones of the same term.
    atpg = glossary.resolve("atpg")
    assert atpg is not None
    assert len(atpg.definitions) == 3
    assert atpg.display == "ATPG"
    # A fenced line that passes H2-H4 is body text, not a header.
    fenced = "When no token is particularly relevant, attention mass must go SOMEWHERE"
    assert all(not d.header.startswith("When no token") for d in glossary.definitions)
    assert any(fenced in d.body for d in glossary.definitions)
    # The page preamble is skipped.
    assert glossary.resolve("3,983 technical terms and definitions") is None


def test_exact_entries() -> None:
    glossary = load_seeds()
    kaizen = glossary.resolve("Kaizen")
    assert kaizen is not None
    assert kaizen.key == "kaizen"
    assert kaizen.anchor == "aiterm-kaizen"
    assert kaizen.categories == ("manufacturing operations",)
    (definition,) = kaizen.definitions
    assert definition.id == "kaizen-manufacturing-operations"
    assert definition.title == "Kaizen"
    assert definition.short == (
        "Kaizen is continuous incremental improvement driven by frontline observation "
        "and structured problem solving - It builds sustained operational gains through "
        "frequent small changes."
    )
    assert definition.concise == (
        "Kaizen is continuous incremental improvement driven by frontline observation "
        "and structured problem solving."
    )
    assert [str(s) for s in definition.sources] == ["seeds/004_a7764215455b8de7.txt:10"]
    assert definition.body.startswith("**Kaizen** is **continuous incremental improvement")
    assert "\n\n**What Is Kaizen?**\n\n- **Definition**: continuous" in definition.body

    sink = glossary.resolve("attention sinks")
    assert sink is not None
    # Primary = first by source order: the keyword-list entry of page 000.
    assert [d.id for d in sink.definitions] == ["attention-sink", "attention-sink-architecture"]
    assert sink.primary.category is None
    assert sink.title == "Attention Sinks and StreamingLLM"

    ldm = glossary.resolve("LDM")
    assert ldm is not None
    assert ldm.key == "latent diffusion models"
    # Aliases take their display case from the term's own text, when it has them.
    aot = glossary.resolve("aot")
    assert aot is not None
    assert (aot.key, aot.display, aot.aliases) == ("aot compilation", "AOT compilation", ("AOT",))


def test_aliases_keywords_and_categories() -> None:
    glossary = load_seeds()
    # `x (y),x,y,cat`: y is an alias only when it abbreviates x.
    attpsm = glossary.resolve("attpsm")
    assert attpsm is not None
    assert attpsm.key == "attenuated psm (attpsm)"
    assert attpsm.categories == ("lithography",)
    kge = glossary.resolve("knowledge graph embeddings (advanced)")
    assert kge is not None
    assert "advanced" in kge.keywords
    # Keyword-list phrases are searchable but never names.
    for junk in ("test", "python", "advanced", "automatic", "qkv", "llamaindex"):
        assert glossary.resolve(junk) is None, junk
    langflow = glossary.resolve("langflow")
    assert langflow is not None
    assert "python" in langflow.keywords
    # A keyword list's last field is a category only when it is a known category.
    langchain = glossary.resolve("langchain")
    assert langchain is not None
    assert {d.category for d in langchain.definitions} == {"ai agents", "framework", None}
    # An alias equal to the term is dropped.
    ani = glossary.resolve("ani")
    assert ani is not None
    assert ani.aliases == ()


def test_key_beats_alias_and_shared_aliases_are_ambiguous() -> None:
    builder = GlossaryBuilder()
    text = (
        "arima, arima, time series models\n**ARIMA** is a model.\n"
        "arima modeling, arima, statistics\n**ARIMA modeling** is fitting.\n"
        "retrieval augmented generation, rag, nlp\n**RAG** is retrieval.\n"
        "red amber green, rag, project management\n**RAG status** is a traffic light.\n"
    )
    entries, problems = parse_seed_text(text, "user.txt")
    assert problems == []
    builder.add_entries(entries)
    glossary = builder.build()
    arima = glossary.resolve("arima")
    assert arima is not None
    assert arima.key == "arima"
    assert glossary.resolve("rag") is None
    assert glossary.ambiguous == {"rag": ("red amber green", "retrieval augmented generation")}


def test_lookup_with_qualifier_and_plurals() -> None:
    glossary = load_seeds()
    found = glossary.lookup("attribution (rag)")
    assert found is not None
    term, definition = found
    assert term.key == "attribution"
    assert definition.category == "rag"
    assert glossary.lookup("attribution")[1].category == "evaluation"  # type: ignore[index]
    # A key that contains parentheses itself.
    lamda = glossary.lookup("lamda (language model for dialogue applications)")
    assert lamda is not None
    assert lamda[0].key.startswith("lamda")
    assert glossary.resolve("Latent Space Interpolations") is not None
    assert glossary.resolve("no such term") is None


def test_page_layout_rebuilds_the_24_shared_bodies_exactly() -> None:
    lines_copies = {e.header: e.lines for e in _entries("003")}
    page = SEEDS["004"].read_text(encoding="utf-8").split("\n")
    shared = 0
    for entry in _entries("004"):
        if entry.header in lines_copies:
            flat = page[entry.body_line - 1]
            assert " " in flat and "\n" not in flat
            assert rebuild_lines(flat) == list(lines_copies[entry.header]), entry.header
            shared += 1
    assert shared == 24


def test_page_layout_generalises_to_other_bodies() -> None:
    """Every lines-layout body, flattened and rebuilt: a guard against rules that
    only fit the 24 shared entries. The misses are ASCII diagrams and prose
    inside code, which a flattened text cannot tell apart."""
    bodies = {}
    for prefix in ("000", "001", "002", "003"):
        for entry in _entries(prefix):
            bodies.setdefault(entry.header, entry.lines)
    exact = sum(rebuild_lines(" ".join(lines)) == list(lines) for lines in bodies.values())
    assert len(bodies) == 139
    assert exact >= 118


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Intro text.\nterm one, cat\n**Term one** is a thing.", 1, "text before the first"),
        ("term one, cat\n\nterm two, cat\n**Term two** is.", 1, "has no definition"),
        (
            "term one, cat\n**Term one** is code:\n```python\nx = 1\nterm two, cat\n"
            "**Term two** is fine.",
            3,
            "unclosed ``` code fence",
        ),
        (
            "term one, cat\n**Term one** is math:\n$$\nx^2\nterm two, cat\n**Term two** is fine.",
            3,
            "unbalanced $$",
        ),
    ],
    ids=["text-before-header", "header-without-body", "unclosed-fence", "odd-display-math"],
)
def test_malformed_input_is_located_and_the_rest_loads(text: str, line: int, message: str) -> None:
    entries, problems = parse_seed_text(text, "mine.txt")
    assert len(problems) == 1
    (problem,) = problems
    assert (problem.file, problem.line) == ("mine.txt", line)
    assert message in problem.message
    assert str(problem).startswith(f"mine.txt:{line}: ")
    headers = [e.header for e in entries]
    assert headers[-1] in {"term one, cat", "term two, cat"}
    assert "term two, cat" in headers or "term one, cat" in headers


def test_no_header_at_all_is_one_problem() -> None:
    entries, problems = parse_seed_text("just some prose\nand more", "x.txt")
    assert entries == []
    assert [(p.line, "no entry header" in p.message) for p in problems] == [(1, True)]


def test_control_characters_are_removed_with_one_problem_per_field() -> None:
    # ESC in the header (which then reads as a header), BEL and CSI in two body
    # lines: the entry loads cleaned, with one problem for the header and one
    # for the definition (at its first affected line).
    text = "intro\nterm\x1b, cat\n**Term** is \x07a bell.\n- one\n- \x9b2J item\nnext, cat\nNext.\n"
    entries, problems = parse_seed_text(text, "c.txt")
    assert [(e.header, e.lines) for e in entries] == [
        ("term, cat", ("**Term** is a bell.", "- one", "- 2J item")),
        ("next, cat", ("Next.",)),
    ]
    located = [(p.line, p.message) for p in problems if "control" in p.message]
    assert located == [
        (2, "control characters removed from the header: U+001B ESC"),
        (
            3,
            "control characters removed from the definition of 'term, cat': U+0007 BEL, U+009B CSI",
        ),
    ]


def test_carriage_returns_are_line_breaks() -> None:
    entries, problems = parse_seed_text("a, b\r**A** is one.\r\nc, d\rC.", "cr.txt")
    assert problems == []
    assert [(e.header, e.line) for e in entries] == [("a, b", 1), ("c, d", 3)]
