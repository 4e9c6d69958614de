"""User glossaries: the structured YAML format, seed-format files, overlays
(aliases, replace, hide), switching the bundled glossary off, problems with
their locations, caching, and fuzzing of both parsers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import SEEDS, load_seeds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinxcontrib_aiterms.glossary import parse_seed_text
from sphinxcontrib_aiterms.glossary.loader import clear_cache, display_name, load_glossary
from sphinxcontrib_aiterms.glossary.model import Glossary, Problem, Source
from sphinxcontrib_aiterms.glossary.userfile import markdown_lines, parse_user_yaml

DATA = Path(__file__).parent / "data" / "user-glossaries"


def load(*files: str, packs: tuple[str, ...] = SEEDS) -> Glossary:
    return load_glossary(list(files), packs=packs, base_dir=DATA)


def problems_at(glossary: Glossary, file: str) -> dict[int, list[Problem]]:
    out: dict[int, list[Problem]] = {}
    for problem in glossary.problems:
        if problem.file == file:
            out.setdefault(problem.line, []).append(problem)
    return out


# ---------------------------------------------------------------------------
# Adding terms


def test_structured_file_adds_a_term_with_aliases_category_title_and_source() -> None:
    glossary = load("project.yaml")
    assert glossary.problems == ()
    term = glossary.resolve("RAG")
    assert term is not None
    assert term is glossary.resolve("retrieval augmented generation")
    assert term.key == "retrieval augmented generation"
    assert "RAG" in term.aliases
    assert term.keywords == ("retrieval pipeline",)
    assert term.title == "Retrieval-Augmented Generation"
    (definition,) = term.definitions
    assert definition.id == "retrieval-augmented-generation-rag"
    assert definition.category == "rag"
    assert definition.sources == (Source("project.yaml", 4),)
    # Short texts come from the same machinery as the seeds: the first sentence,
    # Markdown removed, soft-wrapped lines joined.
    assert definition.short == (
        "Retrieval-augmented generation combines a retriever with a generator, "
        "so answers cite documents."
    )
    assert definition.concise == definition.short


def test_definition_markdown_is_kept_as_written() -> None:
    # The body is the Markdown as written (it renders as MyST renders it in a
    # page): soft wraps, the list after a bold line, the fence's blank line and
    # indentation all stay; the card text still joins the soft-wrapped lead.
    body = load("project.yaml").definition("RAG")
    assert body is not None
    assert body.body == (
        "**Retrieval-augmented generation** combines a retriever with a\n"
        "generator, so answers cite documents. It reduces hallucination.\n\n"
        "**How it works**\n"
        "- a retriever finds passages\n"
        "  that match the question\n"
        "- the generator conditions on them\n\n"
        "```python\ndef answer(question):\n\n    return llm(retrieve(question))\n```"
    )


def test_markdown_lines_joins_paragraphs_and_display_math() -> None:
    assert markdown_lines("A first\nparagraph.\n\nSecond one.") == (
        "A first paragraph.",
        "Second one.",
    )
    assert markdown_lines("Text\n$$\na = b\n$$\nafter") == ("Text", "$$ a = b $$", "after")
    assert markdown_lines("```\ncode") == ("```", "code", "```")  # unclosed fence closed
    assert markdown_lines("  \n\n") == ()


def test_a_projects_own_definition_of_a_pack_term_comes_first() -> None:
    glossary = load("project.yaml")
    bundled = load_seeds().resolve("attention sink")
    assert bundled is not None
    term = glossary.resolve("attention sink")
    assert term is not None
    ids = [d.id for d in term.definitions]
    assert ids[0] == "attention-sink-streaming-inference"  # the project's own, first
    assert ids[1:] == [d.id for d in bundled.definitions]  # the pack's ids unchanged
    assert term.definitions[0].sources == (Source("project.yaml", 26),)
    assert term.definitions[0].pack == "" and term.definitions[1].pack == "seeds"
    assert "streaming inference" in term.categories


def test_user_definition_never_renumbers_bundled_ids() -> None:
    # A user entry with the same key and category as a bundled one gets "-2",
    # even though its file name sorts before "seeds/".
    glossary = load("hide-then-define.yaml", "project.yaml")
    kaizen = glossary.resolve("kaizen")
    assert kaizen is not None
    assert [d.id for d in kaizen.definitions] == ["kaizen-process", "kaizen-lean"]


def test_seed_format_user_file_with_blank_lines() -> None:
    glossary = load("seed-style.txt")
    assert glossary.problems == ()
    vector = glossary.resolve("vector databases")
    assert vector is not None
    assert vector.key == "vector database"
    assert vector.primary.category == "retrieval"
    assert vector.primary.sources == (Source("seed-style.txt", 1),)
    assert vector.primary.short == (
        "Vector databases store embeddings and answer nearest-neighbour queries."
    )
    assert "- **Index**: HNSW or IVF structures" in vector.primary.body
    caching = glossary.resolve("prompt caching")
    assert caching is not None
    assert caching.primary.sources == (Source("seed-style.txt", 7),)
    assert len(glossary) == len(load_seeds()) + 2


# ---------------------------------------------------------------------------
# Overlays


def test_aliases_are_added_to_bundled_terms() -> None:
    glossary = load("project.yaml")
    term = glossary.resolve("sink token")
    assert term is not None
    assert term.key == "attention sink"
    assert glossary.resolve("attention sinks tokens") is term
    atpg = glossary.resolve("ATPG tool")
    assert atpg is not None
    assert atpg.key == "atpg"
    assert load_seeds().resolve("sink token") is None


def test_replace_by_id_keeps_the_id_and_points_at_the_user_file() -> None:
    glossary = load("project.yaml")
    replaced = glossary.by_definition_id("attribution-rag")
    assert replaced is not None
    assert replaced.body == (
        "**Attribution** in RAG links each claim to the passage that supports it."
    )
    assert replaced.short == (
        "Attribution in RAG links each claim to the passage that supports it."
    )
    assert replaced.category == "rag"
    assert replaced.sources == (Source("project.yaml", 33),)
    # Title and category only: the text and its sources stay bundled.
    kaizen = glossary.by_definition_id("kaizen-manufacturing-operations")
    original = load_seeds().by_definition_id("kaizen-manufacturing-operations")
    assert kaizen is not None
    assert original is not None
    assert (kaizen.title, kaizen.category) == ("Kaizen (lean)", "lean manufacturing")
    assert kaizen.body == original.body
    assert kaizen.sources == original.sources
    assert glossary.definition("kaizen", "lean manufacturing") is kaizen


def test_hide_terms_and_categories() -> None:
    glossary = load("project.yaml")
    bundled = load_seeds()
    assert bundled.resolve("laser repair") is not None
    assert glossary.resolve("laser repair") is None
    assert "lithography" in bundled.categories
    assert "lithography" not in glossary.categories
    assert all(d.category != "lithography" for d in glossary.definitions)


def test_hide_acts_only_on_what_was_loaded_before() -> None:
    glossary = load("hide-then-define.yaml")
    kaizen = glossary.resolve("kaizen")
    assert kaizen is not None
    assert [d.id for d in kaizen.definitions] == ["kaizen-process"]
    assert kaizen.primary.sources == (Source("hide-then-define.yaml", 4),)


def test_hide_single_definition(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text("hide:\n  definitions: [attribution-rag]\n")
    glossary = load_glossary(["g.yaml"], base_dir=tmp_path, packs=SEEDS)
    assert glossary.problems == ()
    attribution = glossary.resolve("attribution")
    assert attribution is not None
    assert [d.id for d in attribution.definitions] == ["attribution-evaluation"]


@pytest.mark.parametrize("name", ["rag", "Retrieval & RAG", "retrieval"])
def test_hide_a_category_by_its_source_or_merged_name(tmp_path: Path, name: str) -> None:
    (tmp_path / "g.yaml").write_text(f'hide:\n  categories: ["{name}"]\n')
    glossary = load_glossary(["g.yaml"], base_dir=tmp_path, packs=SEEDS)
    assert glossary.problems == ()
    attribution = glossary.resolve("attribution")
    assert attribution is not None
    assert [d.id for d in attribution.definitions] == ["attribution-evaluation"]
    assert glossary.resolve("late interaction models") is None
    # The source name hides that category only; the merged name all it merges
    # (here also "recommendation systems").
    assert (glossary.resolve("attention-based explain") is None) is (name != "rag")


def test_later_file_edits_an_earlier_file() -> None:
    glossary = load("project.yaml", "second.yaml")
    assert glossary.problems == ()
    term = glossary.resolve("grounded generation")
    assert term is not None
    assert term.key == "retrieval augmented generation"
    assert term.primary.id == "retrieval-augmented-generation-rag"
    assert term.primary.category == "retrieval"


def test_bundled_glossary_can_be_switched_off() -> None:
    glossary = load("project.yaml", packs=())
    assert sorted(glossary.terms) == [
        "attention sink",
        "kaizen",
        "retrieval augmented generation",
    ]
    # Edits of bundled things now have no targets: each is a located problem.
    lines = sorted(problems_at(glossary, "project.yaml"))
    assert lines == [31, 33, 35, 39, 40]
    sink = glossary.resolve("attention sink")
    assert sink is not None
    assert [d.id for d in sink.definitions] == ["attention-sink-streaming-inference"]
    assert glossary.resolve("sink token") is sink  # own terms can still get aliases


def test_no_files_returns_the_bundled_object() -> None:
    assert load_glossary(packs=SEEDS) is load_seeds()
    empty = load_glossary([], packs=())
    assert len(empty) == 0
    assert empty.problems == ()


def test_user_files_do_not_mutate_the_bundled_glossary() -> None:
    load("project.yaml", "hide-then-define.yaml")
    clear_cache()
    again = load("project.yaml")
    replaced = again.by_definition_id("attribution-rag")
    assert replaced is not None
    assert replaced.sources == (Source("project.yaml", 33),)
    bundled = load_seeds().by_definition_id("attribution-rag")
    assert bundled is not None
    assert bundled.sources[0].file.startswith("seeds/")
    assert load_seeds().resolve("laser repair") is not None


# ---------------------------------------------------------------------------
# Problems: every one located, the rest still loads

EXPECTED_ERRORS = [
    (2, "version", "unsupported version '2'"),
    (6, "terms[0].alias", "unknown key 'alias' in a term entry (did you mean 'aliases'?)"),
    (7, "terms[1]", "a term entry needs 'definition'; this entry is skipped"),
    (9, "terms[2].definition", "empty definition for 'empty text'"),
    (11, "terms[3].aliases", "expected a name or a list of names, not a mapping"),
    (13, "terms[4].term", "duplicate term 'good term' (first at line 4 of this file)"),
    (15, "terms[5]", "a term entry must be a mapping, not text"),
    (16, "terms[6].term", "the term must be text, not a list"),
    (19, "terms[7].aliases[0]", "an alias must be text, not a boolean (yes;"),
    (22, 'aliases["atention sink"]', "no such term (did you mean 'attention sink'"),
    (23, "aliases.kaizen", "alias 'attention sink' for 'kaizen' is ignored"),
    (25, "replace.attribution-rg", "no definition has this id (did you mean 'attribution-rag'"),
    (26, "replace.kaizen-manufacturing-operations", "needs definition, title or category"),
    (27, "replace.attention-sink-architecture.colour", "unknown key 'colour' in a replacement"),
    (29, "hide.terms[0]", "cannot hide term 'kaizn'"),
    (30, "hide.categories[0]", "(did you mean 'lithography'"),
    (31, "hide.definitions[0]", "cannot hide definition 'no-such-id'"),
    (32, "hide.colours", "unknown key 'colours' in hide"),
    (33, "extra", "unknown key 'extra' in a glossary file"),
]


@pytest.mark.parametrize(("line", "path", "message"), EXPECTED_ERRORS)
def test_each_problem_has_file_line_path_and_message(line: int, path: str, message: str) -> None:
    glossary = load("errors.yaml")
    found = [p for p in glossary.problems if (p.line, p.path) == (line, path)]
    assert len(found) == 1, [str(p) for p in glossary.problems]
    assert found[0].file == "errors.yaml"
    assert message in found[0].message
    assert str(found[0]).startswith(f"errors.yaml:{line} ({path}): ")


def test_error_file_reports_nothing_else_and_keeps_the_valid_rest() -> None:
    glossary = load("errors.yaml")
    assert len(glossary.problems) == len(EXPECTED_ERRORS)
    good = glossary.resolve("good term")
    assert good is not None
    assert [d.sources for d in good.definitions] == [(Source("errors.yaml", 4),)]
    bad_aliases = glossary.resolve("bad aliases")
    assert bad_aliases is not None
    assert bad_aliases.aliases == ()
    yes = glossary.resolve("fine alias")
    assert yes is not None
    assert yes.key == "yes aliases"
    replaced = glossary.by_definition_id("attention-sink-architecture")
    assert replaced is not None
    assert replaced.body == "Fine."
    for missing in ("no definition here", "empty text", "[not, text]"):
        assert glossary.resolve(missing) is None
    assert glossary.resolve("laser repair") is not None  # the hide with a typo did nothing


def test_yaml_syntax_error_names_the_line() -> None:
    glossary = load("syntax-error.yaml", packs=())
    (problem,) = glossary.problems
    assert (problem.file, problem.line) == ("syntax-error.yaml", 5)
    assert problem.message.startswith("YAML syntax error: expected ',' or ']'")
    assert len(glossary) == 0


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("terms:\n  - term: a\n   definition: b\n", 3, "YAML syntax error"),
        ('terms: "open\n', 1, "while scanning a quoted scalar that starts at line 1"),
        ("a: 1\n---\nb: 2\n", 2, "expected a single document"),
        ("terms: *nowhere\n", 1, "undefined alias"),
        ("\x01", 1, "YAML error: special characters are not allowed"),
        ("- just\n- a list\n", 1, "a glossary file (top level) must be a mapping, not a list"),
        ("terms: {term: x}\n", 1, "terms must be a list of entries, not a mapping"),
    ],
)
def test_malformed_yaml(text: str, line: int, message: str) -> None:
    user = parse_user_yaml(text, "bad.yaml")
    assert user.terms == ()
    assert [p.line for p in user.problems] == [line]
    assert message in user.problems[0].message


def test_empty_yaml_file_and_empty_sections_are_fine() -> None:
    for text in ("", "# only a comment\n", "terms:\naliases:\nreplace:\nhide:\n"):
        user = parse_user_yaml(text, "empty.yaml")
        assert (user.terms, user.problems, bool(user.overlay)) == ((), (), False)


def test_numbers_are_text_and_duplicate_keys_are_reported() -> None:
    user = parse_user_yaml(
        "terms:\n  - term: 3d\n    aliases: [2024, 1.5]\n    definition: A.\n    definition: B.\n",
        "n.yaml",
    )
    (entry,) = user.terms
    assert entry.aliases == ("2024", "1.5")
    assert entry.lines == ("B.",)
    (problem,) = user.problems
    assert (problem.line, problem.path) == (5, "terms[0].definition")
    assert "duplicate key 'definition' (first at line 4)" in problem.message


def test_file_problems_missing_unsupported_and_bad_utf8(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes(b"ok, cat\n\nFine text.\n\xe9t\xe9\n")
    (tmp_path / "folder.yaml").mkdir()
    glossary = load_glossary(
        ["missing.yaml", "notes.md", "latin1.txt", "folder.yaml", "README"],
        base_dir=tmp_path,
        packs=SEEDS,
    )
    messages = {(p.file, p.line): p.message for p in glossary.problems}
    assert messages[("missing.yaml", 0)] == "glossary file not found"
    assert messages[("notes.md", 0)].startswith("unsupported glossary file type '.md'")
    assert messages[("latin1.txt", 4)] == "not valid UTF-8 text; the file is skipped"
    assert messages[("folder.yaml", 0)] == "glossary file is a directory"
    assert "'(no extension)'" in messages[("README", 0)]
    assert len(glossary) == len(load_seeds())


def test_seed_format_problems_carry_the_user_file_name(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("just some prose without any header\n")
    glossary = load_glossary(["notes.txt"], base_dir=tmp_path, packs=())
    (problem,) = glossary.problems
    assert (problem.file, problem.line) == ("notes.txt", 1)
    assert "no entry header found" in problem.message


def test_file_names_are_relative_to_base_dir(tmp_path: Path) -> None:
    sub = tmp_path / "docs" / "glossary"
    sub.mkdir(parents=True)
    shutil.copy(DATA / "seed-style.txt", sub / "terms.txt")
    relative = load_glossary(["glossary/terms.txt"], base_dir=tmp_path / "docs", packs=SEEDS)
    absolute = load_glossary([sub / "terms.txt"], base_dir=tmp_path / "docs", packs=SEEDS)
    for glossary in (relative, absolute):
        term = glossary.resolve("prompt caching")
        assert term is not None
        assert term.primary.sources == (Source("glossary/terms.txt", 7),)
    assert display_name("./a/../b.yaml", None) == "a/../b.yaml"
    assert display_name(tmp_path / "x.yaml", tmp_path / "docs") == (tmp_path / "x.yaml").as_posix()


# ---------------------------------------------------------------------------
# Caching


def test_same_content_returns_the_same_object_and_edits_are_seen(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("terms:\n  - term: alpha\n    definition: Alpha one.\n")
    first = load_glossary(["g.yaml"], base_dir=tmp_path, packs=SEEDS)
    assert load_glossary(["g.yaml"], base_dir=tmp_path, packs=SEEDS) is first
    assert load_glossary(["g.yaml"], base_dir=tmp_path, packs=()) is not first
    # Same size, written at once: an mtime-only cache could miss this.
    path.write_text("terms:\n  - term: alpha\n    definition: Alpha two.\n")
    second = load_glossary(["g.yaml"], base_dir=tmp_path, packs=SEEDS)
    assert second is not first
    alpha = second.resolve("alpha")
    assert alpha is not None
    assert alpha.primary.short == "Alpha two."
    path.unlink()
    third = load_glossary(["g.yaml"], base_dir=tmp_path, packs=SEEDS)
    assert third.resolve("alpha") is None
    assert [p.message for p in third.problems] == ["glossary file not found"]


# ---------------------------------------------------------------------------
# Fuzzing: any input gives entries and/or problems, never an exception

_YAML_PIECES = st.sampled_from(
    [
        "terms:",
        "  - term: x",
        "    definition: |",
        "      **X** is y.",
        "    aliases: [a, b",
        "    category: ~",
        "aliases:",
        "  kaizen: [k]",
        "replace:",
        "  attribution-rag: {title: T}",
        "hide:",
        "  terms: yes",
        "  categories: [rag]",
        "- 1",
        "&a [*a]",
        "? [complex]\n: key",
        "version: 1",
        "  - {term: 1, definition: 2}",
        "\t",
        '"',
        "}",
        "",
    ]
)
_FUZZ = settings(
    derandomize=True,
    deadline=800,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)


def _check_problems(problems: tuple[Problem, ...] | list[Problem], file: str) -> None:
    for problem in problems:
        assert problem.file == file
        assert problem.line >= 0
        assert problem.message


@_FUZZ
@given(st.lists(_YAML_PIECES, max_size=14).map("\n".join))
def test_fuzz_yaml_structured(text: str) -> None:
    user = parse_user_yaml(text, "fuzz.yaml")
    _check_problems(user.problems, "fuzz.yaml")
    for entry in user.terms:
        assert entry.term
        assert entry.lines


@_FUZZ
@given(st.text(max_size=300))
def test_fuzz_yaml_any_text(text: str) -> None:
    user = parse_user_yaml(text, "fuzz.yaml")
    _check_problems(user.problems, "fuzz.yaml")


_SEED_LINES = st.sampled_from(
    [
        "term, category",
        "ATPG,automatic,test",
        "attention head scaling",
        "**Attention Head Scaling** is a thing.",
        "**X** is **y** - z.",
        "Plain Lead sentence here.",
        "```python",
        "```",
        "$$ a $$",
        "$$",
        "- **Item**: text",
        "| a | b |",
        "Showing page 1 of 2 (3 entries)",
        "",
        "import os",
    ]
)


@_FUZZ
@given(st.lists(st.one_of(_SEED_LINES, st.text(max_size=40)), max_size=25).map("\n".join))
def test_fuzz_seed_parser_and_build(text: str) -> None:
    entries, problems = parse_seed_text(text, "fuzz.txt")
    _check_problems(problems, "fuzz.txt")
    for entry in entries:
        assert entry.lines
        assert entry.file == "fuzz.txt"
        assert entry.line >= 1


@settings(derandomize=True, deadline=2000, max_examples=15)
@given(
    st.lists(_YAML_PIECES, max_size=10).map("\n".join),
    st.lists(_SEED_LINES, max_size=12).map("\n".join),
)
def test_fuzz_whole_load(
    tmp_path_factory: pytest.TempPathFactory, yaml_text: str, seed_text: str
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "g.yaml").write_text(yaml_text, encoding="utf-8")
    (folder / "g.txt").write_text(seed_text, encoding="utf-8")
    glossary = load_glossary(["g.yaml", "g.txt"], base_dir=folder, packs=())
    for problem in glossary.problems:
        assert problem.file in {"g.yaml", "g.txt"}
    for term in glossary:
        assert term.definitions


# ---------------------------------------------------------------------------
# Text hygiene in every section (issue 13)


def test_replace_keeps_markdown_and_every_section_cleans_names() -> None:
    text = (
        "version: 1\n"
        "aliases:\n"
        '  "kaizen\\u200f": ["\\u200f", "kai\\u200bzen method", "a; b"]\n'
        "replace:\n"
        "  attribution-rag:\n"
        "    definition: |\n"
        "      **Attribution** links claims:\n\n"
        "      - to passages\n"
        "        - nested\n"
        '    category: "\\u200e"\n'
        "hide:\n"
        '  terms: ["laser\\u200b repair", "\\ufeff"]\n'
    )
    glossary = load_contents_yaml(text)
    assert [(p.line, p.path) for p in glossary.problems] == [
        (3, 'aliases["kaizen\\u200f"][0]'),
        (3, 'aliases["kaizen\\u200f"][2]'),
        (11, "replace.attribution-rag.category"),
        (13, "hide.terms[1]"),
    ]
    assert "no visible characters (only U+200F RIGHT-TO-LEFT MARK)" in glossary.problems[0].message
    assert "contains ';'" in glossary.problems[1].message
    kaizen = glossary.resolve("kaizen method")
    assert kaizen is not None and kaizen.key == "kaizen"
    # the replacement was all or nothing: its category had no visible character
    attribution = glossary.by_definition_id("attribution-rag")
    assert attribution is not None and "nested" not in attribution.body
    assert glossary.resolve("laser repair") is None  # hidden through the cleaned name


def test_replacement_body_is_the_markdown_as_written() -> None:
    text = (
        "version: 1\nreplace:\n  attribution-rag: |\n"
        "    **Attribution** links claims:\n\n    - to passages\n      - nested\n"
    )
    glossary = load_contents_yaml(text)
    assert glossary.problems == ()
    attribution = glossary.by_definition_id("attribution-rag")
    assert attribution is not None
    assert attribution.body == "**Attribution** links claims:\n\n- to passages\n  - nested"
    assert attribution.short == "Attribution links claims: - to passages - nested"


def load_contents_yaml(text: str) -> Glossary:
    from sphinxcontrib_aiterms.glossary.loader import load_contents

    return load_contents([("edit.yaml", text)], packs=SEEDS)


def test_user_math_is_kept_as_written() -> None:
    # The seed pages lost their backslashes and are repaired (``frac`` → ``\frac``);
    # people's YAML is correct TeX, which that repair would corrupt (``to`` → ``\to``).
    glossary = load_contents_yaml(
        "terms:\n"
        "  - term: go math\n"
        "    definition: |\n"
        "      **Go math** writes $\\text{go to}$ and $a_{top}: left$ and costs $5 or $6.\n"
    )
    definition = glossary.definition("go math")
    assert definition is not None
    body = definition.body
    assert "$\\text{go to}$" in body
    assert "$a_{top}: left$" in body
    assert "\\$5 or \\$6" in body  # currency is still escaped


def test_an_invalid_autolink_rule_is_a_located_problem(tmp_path: Path) -> None:
    # (It crashed when the entry had no category.)
    (tmp_path / "g.yaml").write_text(
        "terms:\n  - term: zorp\n    definition: A zorp.\n    autolink: sometimes\n"
    )
    glossary = load_glossary(["g.yaml"], base_dir=tmp_path, packs=())
    assert [(p.line, p.path) for p in glossary.problems] == [(4, "terms[0].autolink")]
    assert "autolink must be one of" in glossary.problems[0].message
    zorp = glossary.resolve("zorp")
    assert zorp is not None and zorp.autolink == ""
