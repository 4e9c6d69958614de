"""The ``aiterms`` command: every subcommand, its exit status and ``--json``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import load_seeds
from packsite import GLOSSARY, forget_packs, install

from sphinxcontrib_aiterms._version import __version__
from sphinxcontrib_aiterms.cli import main, search
from sphinxcontrib_aiterms.glossary import load_glossary
from sphinxcontrib_aiterms.glossary.categories import category_table

DATA = Path(__file__).parent / "data" / "user-glossaries"
PROJECT = str(DATA / "project.yaml")
ERRORS = str(DATA / "errors.yaml")


@pytest.fixture(autouse=True)
def _narrow_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    # shutil.get_terminal_size reads COLUMNS first: fixed width, stable output.
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "24")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# ---------------------------------------------------------------------------
# list


def test_list_prints_one_line_per_term_within_the_width(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "list")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == len(load_glossary())  # the default packs, as a build reads
    assert all(len(line) <= 80 for line in lines)
    kaizen = next(line for line in lines if line.startswith("kaizen "))
    assert "  seeds  " in kaizen  # the pack column
    assert "  manufacturing o…  " in kaizen  # clipped at 80 columns
    assert "Kaizen is" in kaizen
    sink = next(line for line in lines if line.startswith("KV cache "))
    assert "  core+seeds  " in sink  # a definition from each pack, in order


def test_list_columns_align_with_and_without_a_category(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "list")
    assert status == 0
    lines = out.splitlines()
    kaizen = next(line for line in lines if line.startswith("kaizen "))
    bare = next(line for line in lines if line.startswith("anomaly detection deep…"))
    assert not load_glossary().terms["anomaly detection deep learning"].categories
    pack_column = kaizen.index("seeds")
    category_column = kaizen.index("manufacturing o")
    text_column = kaizen.index("Kaizen is")
    # Every row's categories and text start in the same columns; a row without
    # a category leaves its column blank.
    assert bare[category_column - 2 : text_column].strip() == ""
    assert bare.index("Anomaly Detection") == text_column
    for line in lines:
        assert line[pack_column - 2 : pack_column] == "  ", line
        assert line[pack_column] != " ", line
        assert line[category_column - 2 : category_column] == "  ", line
        assert line[text_column - 2 : text_column] == "  ", line
        assert line[text_column] != " ", line
    # Names and categories longer than their column are clipped, not shifted.
    assert any(line[: pack_column - 2].endswith("…") for line in lines)
    assert any(line[: text_column - 2].endswith("…") for line in lines)


def test_list_a_user_glossary_without_categories_aligns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    glossary = tmp_path / "terms.yaml"
    glossary.write_text(
        "version: 1\nterms:\n"
        "  - term: alpha\n    category: one\n    definition: Alpha is first.\n"
        "  - term: beta gamma\n    definition: Beta gamma has no category.\n",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "list", "--no-bundled", "-g", str(glossary))
    assert status == 0
    assert out.splitlines() == [
        "alpha       (own)  one  Alpha is first.",
        "beta gamma  (own)       Beta gamma has no category.",
    ]


def test_list_category_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list", "--category", "RAG", "--json")
    assert status == 0
    # A source category selects itself: the seed pages' "rag" terms.
    assert {r["key"] for r in json.loads(out)} == {
        "attribution",
        "attribution in generation",
        "late interaction models",
    }
    status, out, _ = run(capsys, "list", "--category", "retrieval", "--json")
    assert status == 0
    records = json.loads(out)
    keys = [r["key"] for r in records]
    # A taxonomy slug (or name): every term of the categories it merges.
    assert {"attribution", "attribution in generation", "late interaction models"} <= set(keys)
    assert "retrieval-augmented generation" in keys  # the core vocabulary's
    assert keys == sorted(keys)
    table = category_table()
    assert all(any(table.matches("retrieval", c) for c in r["categories"]) for r in records)
    assert set(records[0]) == {
        "key",
        "display",
        "title",
        "categories",
        "aliases",
        "definitions",
        "packs",
        "short",
    }
    attribution = next(r for r in records if r["key"] == "attribution")
    assert attribution["packs"] == ["seeds", "seeds"]  # the pack of each definition


def test_list_unknown_category_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "list", "--category", "lithografy")
    assert (status, out) == (1, "")
    assert err == (
        "aiterms: no category 'lithografy' (did you mean 'lithography' or 'theory'?); "
        "`aiterms categories` lists them\n"
    )


def test_list_with_user_glossary_and_no_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "list", "--no-bundled", "--glossary", PROJECT, "--json")
    assert status == 0
    assert [r["key"] for r in json.loads(out)] == [
        "attention sink",
        "kaizen",
        "retrieval augmented generation",
    ]
    # Edits aimed at the (absent) bundled glossary are reported, not fatal.
    assert err.count("aiterms: warning: ") == 6
    assert err.startswith(
        "aiterms: warning: --no-bundled is deprecated: it means no glossary packs; "
        "write --no-packs\n"
    )
    assert f"{Path(PROJECT).as_posix()}:33: replace.attribution-rag: cannot replace" in err


# ---------------------------------------------------------------------------
# show


def test_show_by_alias_prints_every_definition_with_sources(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "show", "ATTENTION", "SINKS")
    assert (status, err) == (0, "")
    assert out.startswith("Attention Sinks and StreamingLLM\n  key: attention sink\n")
    assert "1. Attention Sinks and StreamingLLM [no category] (id: attention-sink)" in out
    assert "2. Attention sink [architecture] (id: attention-sink-architecture)" in out
    assert "seeds/000_6502dfadacf6d6da.txt:1078" in out
    assert "seeds/002_a521869295bbff33.txt:650" in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_show_user_term_and_keyword_and_qualifier(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", "rag", "--glossary", PROJECT)
    assert status == 0
    assert out.startswith("Retrieval-Augmented Generation\n")
    assert "aliases: RAG, retrieval-augmented generation" in out
    assert f"sources: {Path(PROJECT).as_posix()}:4" in out
    # A keyword finds its term.
    status, out, _ = run(capsys, "show", "retrieval pipeline", "-g", PROJECT)
    assert status == 0
    assert out.startswith("Retrieval-Augmented Generation\n")
    # "name (category)" shows that definition only.
    status, out, _ = run(capsys, "show", "attribution (rag)")
    assert status == 0
    assert "(id: attribution-rag)" in out
    assert "attribution-evaluation" not in out


def test_show_full_prints_the_body(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", "--full", "rag", "-g", PROJECT)
    assert status == 0
    assert "   **How it works**" in out
    assert "       return llm(retrieve(question))" in out
    assert "--full" not in out  # no hint: the whole text is shown


def test_show_says_how_to_see_the_full_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", "rag", "-g", PROJECT)
    assert status == 0
    assert "**How it works**" not in out
    assert out.endswith(
        "\nShort text shown; `aiterms show --full rag` prints the whole definitions.\n"
    )
    status, out, _ = run(capsys, "show", "kaizen", "--json")
    assert "--full" not in out


def test_show_json_uses_the_export_records(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", "kaizen", "--json", "-g", PROJECT)
    assert status == 0
    (record,) = json.loads(out)
    assert record["key"] == "kaizen"
    ids = [d["id"] for d in record["definitions"]]
    # The project's own definition first, then the packs' (issue 17).
    assert ids[0] == "kaizen-lean"
    assert "kaizen-manufacturing-operations" in ids
    assert record["definitions"][0]["sources"] == [{"file": Path(PROJECT).as_posix(), "line": 23}]


def test_show_unknown_term_suggests_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "show", "atention", "sink")
    assert (status, out) == (1, "")
    assert err.startswith("aiterms: no term 'atention sink' (did you mean 'attention sink'")
    assert err.endswith("; try `aiterms search atention sink`\n")
    assert "Traceback" not in err


# ---------------------------------------------------------------------------
# search


def test_search_ranks_the_named_term_first(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "search", "attention", "sink", "--limit", "1")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 2  # two lines per hit
    assert lines[0].split() == ["70", "attention", "sink", "[architecture]"]


def test_search_scoring_is_as_documented() -> None:
    glossary = load_seeds()
    hits = {h.term.key: h for h in search(glossary, "kaizen")}
    # Name (10) + the whole query is the key (50).
    assert hits["kaizen"].score == 60
    # A prefix in a name scores half the name weight.
    prefix = {h.term.key: h for h in search(glossary, "kaiz")}
    assert prefix["kaizen"].score == 5
    # Plurals fold: "sinks" matches "sink".
    assert search(glossary, "attention sinks")[0].term.key == "attention sink"
    assert search(glossary, "...") == []


def test_search_json_and_no_hits(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "search", "RAG", "--json", "-g", PROJECT)
    assert status == 0
    records = json.loads(out)
    # The project's term and the core pack's both have the alias RAG.
    assert records[0]["key"] == "retrieval augmented generation"
    assert records[1]["key"] == "retrieval-augmented generation"
    assert records[0]["score"] >= records[1]["score"] > records[2]["score"]
    assert {"key", "score", "matched_words", "categories", "short"} <= set(records[0])
    status, out, err = run(capsys, "search", "qwertyuiop")
    assert (status, out, err) == (1, "", "aiterms: no term matches 'qwertyuiop'\n")


def test_search_for_a_name_no_glossary_has_finds_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    seeds, default = load_seeds(), load_glossary()
    # The seed pages mention "LoRA" in passing in one definition, and no term
    # is about it: nothing (the core pack has a LoRA term: that one).
    assert any("lora" in d.body.lower() for d in seeds.definitions)
    assert search(seeds, "lora") == []
    assert [h.term.key for h in search(default, "lora")] == ["lora"]
    # 22 definitions mention PyTorch; none is about it.
    assert sum("pytorch" in d.body.lower() for d in default.definitions) >= 20
    status, out, err = run(capsys, "search", "pytorch")
    assert (status, out, err) == (1, "", "aiterms: no term matches 'pytorch'\n")
    status, out, err = run(capsys, "search", "llama", "--json")
    assert (status, out) == (1, "")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pytorch", []),
        ("llama", []),
        ("blockchain", []),
        ("quantum computing", []),  # "computing" alone would find approximate computing
        ("privacy", ["l-diversity"]),  # its card text: a privacy model
        ("kaiz", ["kaizen"]),  # a prefix of a name
        ("attention sinks", ["attention sink"]),
        ("layer norm", ["layer normalization", "layer normalization variants"]),
        ("key value cache", ["kv cache"]),
    ],
)
def test_search_real_queries(query: str, expected: list[str]) -> None:
    keys = [h.term.key for h in search(load_glossary(), query)]
    assert keys[: len(expected)] == expected
    if not expected:
        assert keys == []


def test_every_search_hit_has_every_word_outside_body_text_too() -> None:
    glossary = load_glossary()
    for query in ("diffusion", "rag", "transformer memory", "kv cache", "generative"):
        hits = search(glossary, query)
        assert hits, query
        for hit in hits:
            assert hit.matched == len(query.split()), (query, hit.term.key)
            assert hit.score >= 2, (query, hit.term.key)  # not a body-only mention
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


# ---------------------------------------------------------------------------
# categories


def test_categories_with_counts(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "categories")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["terms", "defs", "category", "taxonomy"]
    rows = {line[13:].split("  ")[0]: line[:12].split() for line in lines[1:]}
    assert rows["generative models"] == ["14", "18"]
    assert rows["lithography"] == ["2", "2"]
    assert lines[-1].endswith("(no category)")
    # Each source category beside its taxonomy category, grouped in the table's order.
    rag = next(line for line in lines if line[13:].startswith("rag "))
    assert rag.endswith("  Retrieval & RAG")
    litho = next(line for line in lines if line[13:].startswith("lithography "))
    assert litho.endswith("  Semiconductor manufacturing & test (not AI/ML)")
    assert lines.index(rag) < lines.index(litho)


def test_list_category_takes_a_taxonomy_name_or_slug(capsys: pytest.CaptureFixture[str]) -> None:
    by_slug = run(capsys, "list", "--category", "agents", "--json")[1]
    by_name = run(capsys, "list", "--category", "Agents & tool use", "--json")[1]
    assert by_slug == by_name
    categories = {c for r in json.loads(by_slug) for c in r["categories"]}
    assert {"agents", "ai agent", "ai agents"} <= categories  # core's slug and seed sources


def test_categories_json_follows_hides(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "categories", "--json", "-g", PROJECT)
    assert status == 0
    records = {r["category"]: r for r in json.loads(out)}
    assert "lithography" not in records
    assert records["lean"] == {
        "category": "lean",
        "terms": 1,
        "definitions": 1,
        "taxonomy": None,  # not in the category table: a group of its own
        "ml": None,
    }
    assert (records["rag"]["taxonomy"], records["rag"]["ml"]) == ("retrieval", True)
    assert records[None]["definitions"] > 0
    total = sum(r["definitions"] for r in records.values())
    # Three added; the two lithography definitions hidden (laser repair is one of them).
    assert total == sum(1 for _ in load_glossary().definitions) + 3 - 2


# ---------------------------------------------------------------------------
# validate


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "validate", PROJECT, str(DATA / "seed-style.txt"))
    assert (status, err) == (0, "")
    terms = len(load_glossary([PROJECT, str(DATA / "seed-style.txt")]))
    assert out == f"OK: 2 files, 6 definitions from them; {terms} terms in the glossary\n"


def test_validate_problems_exit_1_with_file_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "validate", ERRORS, str(DATA / "missing.yaml"))
    assert status == 1
    lines = out.splitlines()
    name = Path(ERRORS).as_posix()
    assert f"{name}:6: terms[0].alias: unknown key 'alias' in a term entry" in out
    assert lines[0].startswith(f"{name}:2: version: unsupported version")
    assert f"{Path(DATA / 'missing.yaml').as_posix()}: glossary file not found" in lines
    assert err == f"{len(lines)} problems in 2 file(s)\n"


def test_validate_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", "--json", str(DATA / "syntax-error.yaml"))
    assert status == 1
    data = json.loads(out)
    assert data["ok"] is False
    (problem,) = data["problems"]
    assert problem["line"] == 5
    assert problem["file"].endswith("syntax-error.yaml")
    assert problem["message"].startswith("YAML syntax error")
    status, out, _ = run(capsys, "validate", "--json", PROJECT)
    assert (status, json.loads(out)["ok"]) == (0, True)


def _project(folder: Path, conf: str, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.py").write_text(conf, encoding="utf-8")
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


GOOD = "version: 1\nterms:\n  - term: widget tuning\n    definition: Widget tuning tunes.\n"
BAD = "version: 1\nterms:\n  - term: gizmo\n    alias: [g]\n    definition: A gizmo.\n"


def test_validate_without_files_checks_what_conf_py_lists(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _project(
        tmp_path / "docs",
        'extensions = ["sphinxcontrib_aiterms"]\n'
        'aiterms_glossaries = ["glossary/good.yaml", "glossary/bad.yaml"]\n',
        {"glossary/good.yaml": GOOD, "glossary/bad.yaml": BAD},
    )
    monkeypatch.chdir(tmp_path)
    # -c DIR: the files are relative to the folder holding conf.py, and named
    # from the current folder (as an editor or CI annotation needs them).
    status, out, err = run(capsys, "validate", "-c", "docs")
    assert status == 1
    assert out.startswith("docs/glossary/bad.yaml:4: terms[0].alias: unknown key 'alias'")
    assert out.count("\n") == 1
    assert err == "1 problem in 1 file(s)\n"
    status, out, _ = run(capsys, "validate", "-c", "docs", "--json")
    data = json.loads(out)
    assert data["conf"] == "docs/conf.py"
    assert data["files"] == ["docs/glossary/good.yaml", "docs/glossary/bad.yaml"]
    # From the folder itself, -c is not needed.
    (docs / "glossary" / "bad.yaml").write_text(GOOD.replace("widget", "gadget"), "utf-8")
    monkeypatch.chdir(docs)
    status, out, err = run(capsys, "validate")
    assert (status, err) == (0, "")
    terms = len(load_glossary(["glossary/good.yaml", "glossary/bad.yaml"]))
    assert out == (
        "OK: 2 files (glossary/good.yaml, glossary/bad.yaml, listed in conf.py), "
        f"2 definitions from them; {terms} terms in the glossary\n"
    )


def test_validate_follows_the_packs_and_reads_conf_without_building(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    docs = _project(
        tmp_path,
        "import os\n"
        "aiterms_glossaries = ['terms.yaml']\n"
        "aiterms_packs = ['seeds']\n"
        "extensions = ['sphinxcontrib_aiterms', 'no_such_extension_is_loaded']\n",
        {"terms.yaml": GOOD},
    )
    status, out, _ = run(capsys, "validate", "-c", str(docs))
    assert status == 0
    assert out.endswith("1 definition from them; 139 terms in the glossary\n")  # 138 + 1
    # aiterms_bundled = False (deprecated) means no packs, as in a build.
    (docs / "conf.py").write_text(
        "aiterms_glossaries = ['terms.yaml']\naiterms_bundled = False\n", encoding="utf-8"
    )
    status, out, _ = run(capsys, "validate", "-c", str(docs))
    assert status == 0
    assert out.endswith("1 definition from them; 1 term in the glossary\n")
    # No glossary files listed: nothing to check.
    (docs / "conf.py").write_text("project = 'x'\n", encoding="utf-8")
    status, out, _ = run(capsys, "validate", "-c", str(docs))
    assert status == 0
    assert "lists no glossary files (aiterms_glossaries): nothing to check" in out


@pytest.mark.parametrize(
    ("conf", "message"),
    [
        (None, "no conf.py in {dir}: name the glossary files to check"),
        ("raise RuntimeError('boom')\n", "cannot read {conf}: {error}: RuntimeError: boom\n"),
        ("aiterms_glossaries = 'terms.yaml'\n", "aiterms_glossaries in {conf} must be a list"),
    ],
)
def test_validate_without_files_or_a_readable_conf_py_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    conf: str | None,
    message: str,
) -> None:
    if conf is not None:
        (tmp_path / "conf.py").write_text(conf, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, "validate")
    assert (status, out) == (2, "")
    error = "There is a programmable error in your configuration file"
    assert err.startswith("aiterms: " + message.format(dir=".", conf="conf.py", error=error))
    assert "Traceback" not in err
    assert err.count("\n") == 1
    status, out, err = run(capsys, "validate", "-c", str(tmp_path))
    assert (status, out) == (2, "")
    conf = (tmp_path / "conf.py").as_posix()
    assert err.startswith("aiterms: " + message.format(dir=tmp_path, conf=conf, error=error))


def test_validate_files_and_conf_dir_together_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(capsys, "validate", "-c", str(tmp_path), PROJECT)
    assert (status, out) == (2, "")
    assert err == "aiterms: give glossary files or -c DIR, not both\n"


def test_validate_with_context_glossary(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    second = str(DATA / "second.yaml")
    status, _, _ = run(capsys, "validate", "--no-bundled", second)
    assert status == 1  # its targets live in project.yaml
    status, out, _ = run(capsys, "validate", "--no-bundled", "-g", PROJECT, second)
    assert status == 1  # project.yaml's own edits of bundled ids fail without bundled
    # With the seed pages (the packs conf.py names), whose ids project.yaml edits.
    conf = tmp_path / "conf.py"
    conf.write_text(f"aiterms_glossaries = [{second!r}]\naiterms_packs = ['seeds']\n", "utf-8")
    status, out, _ = run(capsys, "validate", "-c", str(tmp_path), "-g", PROJECT)
    assert status == 0
    assert out.startswith("OK: 2 files")


# ---------------------------------------------------------------------------
# export


def test_export_json_and_csv_with_user_glossary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, _ = run(capsys, "export", "--format", "json", "-g", PROJECT)
    assert status == 0
    data = json.loads(out)
    keys = [t["key"] for t in data["terms"]]
    assert "retrieval augmented generation" in keys
    assert "laser repair" not in keys
    target = tmp_path / "out.csv"
    status, out, _ = run(
        capsys, "export", "--format", "csv", "--no-bundled", "-g", PROJECT, "-o", str(target)
    )
    assert (status, out) == (0, "")
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["definition_id"] for r in rows] == [
        "attention-sink-streaming-inference",
        "kaizen-lean",
        "retrieval-augmented-generation-rag",
    ]


def test_export_unwritable_output_is_an_error_not_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "export", "-o", str(tmp_path / "no" / "such" / "dir.json"))
    assert status == 1
    assert err.startswith("aiterms: cannot write ")


# ---------------------------------------------------------------------------
# packs


@pytest.fixture
def testpack(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The third-party test pack installed (tests/packsite.py)."""
    install(monkeypatch)
    yield GLOSSARY
    forget_packs()


def test_packs_lists_the_installed_packs(capsys: pytest.CaptureFixture[str]) -> None:
    forget_packs()
    status, out, err = run(capsys, "packs")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["name", "version", "terms", "default", "provider", "title"]
    core, seeds = lines[1].split(), lines[2].split()
    terms = str(len(load_glossary(packs=["core"])))
    assert core[:5] == ["core", __version__, terms, "yes", "sphinxcontrib-aiterms"]
    assert seeds[:5] == ["seeds", __version__, "138", "yes", "sphinxcontrib-aiterms"]
    assert "Default packs, in definition order: core, seeds" in out
    assert all(len(line) <= 80 for line in lines)


def test_packs_lists_a_third_party_pack(capsys: pytest.CaptureFixture[str], testpack: Path) -> None:
    status, out, err = run(capsys, "packs", "--json")
    assert (status, err) == (0, "")
    records = {r["name"]: r for r in json.loads(out)}
    assert list(records) == ["core", "seeds", "testpack"]
    assert records["testpack"] == {
        "name": "testpack",
        "version": "1.0",
        "title": "Test pack (sphinxcontrib-aiterms tests)",
        "terms": 2,
        "definitions": 2,
        "provider": "aiterms-testpack",
        "default": False,
        "prepared": False,
        "files": [testpack.as_posix()],
        "problems": 1,
    }
    assert records["core"]["default"] and records["core"]["prepared"]
    assert records["seeds"]["definitions"] == 165
    status, out, _ = run(capsys, "packs")
    assert out.splitlines()[3].split()[:5] == ["testpack", "1.0", "2", "no", "aiterms-testpack"]


def test_pack_selects_the_packs_of_every_command(
    capsys: pytest.CaptureFixture[str], testpack: Path
) -> None:
    # The seed pages alone keep their counts.
    status, out, _ = run(capsys, "export", "--pack", "seeds")
    assert status == 0
    assert json.loads(out)["counts"] == {"terms": 138, "definitions": 165, "sources": 250}
    # Packs in the order given: a term's definitions follow it.
    status, out, err = run(capsys, "show", "kv cache", "--json", "-p", "testpack", "-p", "core")
    assert status == 0
    assert "aiterms: warning: testpack/glossary.yaml:21: terms[2]: a term entry needs" in err
    (record,) = json.loads(out)
    assert [d["pack"] for d in record["definitions"]] == ["testpack", "core"]
    status, out, _ = run(capsys, "list", "--pack", "testpack", "--no-packs")
    assert status == 2
    status, out, _ = run(capsys, "list", "--pack", "testpack")
    assert [line.split("  ")[0] for line in out.splitlines()] == ["flux capacitor", "KV cache"]
    assert all("  testpack  " in line for line in out.splitlines())
    status, out, _ = run(capsys, "search", "flux", "--pack", "core")
    assert status == 1
    status, out, _ = run(capsys, "search", "flux", "--pack", "testpack", "--json")
    assert [(h["key"], h["packs"]) for h in json.loads(out)] == [("flux capacitor", ["testpack"])]
    status, out, _ = run(capsys, "categories", "--pack", "testpack", "--json")
    assert {r["category"] for r in json.loads(out)} == {"systems", "inference"}


def test_an_unknown_pack_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    forget_packs()
    status, out, err = run(capsys, "list", "--pack", "no-such-pack")
    assert (status, out) == (2, "")
    assert err == (
        "aiterms: no glossary pack 'no-such-pack' is installed (installed: core, seeds); "
        "`aiterms packs` lists them\n"
    )
    status, out, err = run(capsys, "list", "--pack", "seeds", "--no-packs")
    assert (status, out) == (2, "")
    assert err == "aiterms: give --pack NAME or --no-packs, not both\n"


def test_no_bundled_is_deprecated_and_means_no_packs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, old, err = run(capsys, "list", "--no-bundled", "-g", PROJECT, "--json")
    assert status == 0
    assert err.startswith("aiterms: warning: --no-bundled is deprecated")
    status, new, err = run(capsys, "list", "--no-packs", "-g", PROJECT, "--json")
    assert status == 0
    assert "deprecated" not in err
    assert old == new
    assert {p for r in json.loads(new) for p in r["packs"]} == {None}


def test_show_names_the_pack_of_each_definition(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", "kaizen", "-g", PROJECT)
    assert status == 0
    assert "   pack: none (a glossary file)\n" in out  # the project's own, first
    assert "   pack: seeds\n" in out
    assert out.index("pack: none") < out.index("pack: seeds")
    status, out, _ = run(capsys, "show", "kv cache")
    assert out.index("   pack: core\n") < out.index("   pack: seeds\n")


def test_validate_a_pack_itself(capsys: pytest.CaptureFixture[str], testpack: Path) -> None:
    status, out, err = run(capsys, "validate", "--pack", "testpack")
    assert status == 1
    # Located at the pack's file on disk, the form editors and CI annotate.
    assert out == (
        f"{testpack}:21: terms[2]: a term entry needs 'definition'; this entry is skipped\n"
    )
    assert err == "1 problem in pack testpack\n"
    status, out, _ = run(capsys, "validate", "--pack", "core", "--pack", "seeds")
    assert status == 0
    default = load_glossary()
    definitions = sum(1 for _ in default.definitions)
    assert out == f"OK: packs core, seeds: {len(default)} terms, {definitions} definitions\n"
    status, out, _ = run(capsys, "validate", "--pack", "testpack", "--json")
    data = json.loads(out)
    assert (data["ok"], data["packs"], data["terms"]) == (False, ["testpack"], 2)


def test_validate_with_conf_takes_pack_over_conf_py(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    docs = _project(
        tmp_path,
        "aiterms_glossaries = ['terms.yaml']\naiterms_packs = ['seeds']\n",
        {"terms.yaml": GOOD},
    )
    assert run(capsys, "validate", "-c", str(docs))[1].endswith("; 139 terms in the glossary\n")
    status, out, _ = run(capsys, "validate", "-c", str(docs), "--no-packs")
    assert (status, out[-25:]) == (0, "; 1 term in the glossary\n")
    status, out, _ = run(capsys, "validate", "-c", str(docs), "--pack", "core")
    assert status == 0
    assert out.endswith(f"; {len(load_glossary(packs=['core'])) + 1} terms in the glossary\n")


# ---------------------------------------------------------------------------
# usage


@pytest.mark.parametrize("command", ["list", "show", "search", "categories", "validate", "export"])
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: aiterms {command}")
    if command != "export":
        assert "--json" in out
    assert "--no-bundled" in out
    assert "--pack NAME" in out and "--no-packs" in out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["show"],
        ["export", "--format", "xml"],
        ["search", "x", "-n", "many"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "usage: aiterms" in capsys.readouterr().err


def test_python_dash_m_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sphinxcontrib_aiterms", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("usage: aiterms")
    for command in ("list", "show", "search", "categories", "validate", "export", "packs"):
        assert command in result.stdout
