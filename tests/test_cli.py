"""The ``aiterms`` command: every subcommand, its exit status and ``--json``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import load_seeds

from sphinxcontrib_aiterms.cli import main, search

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
    assert len(lines) == len(load_seeds())
    assert all(len(line) <= 80 for line in lines)
    kaizen = next(line for line in lines if line.startswith("kaizen "))
    assert "[manufacturing operations]" in kaizen
    assert "Kaizen is" in kaizen


def test_list_category_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list", "--category", "RAG", "--json")
    assert status == 0
    records = json.loads(out)
    assert [r["key"] for r in records] == [
        "attribution",
        "attribution in generation",
        "late interaction models",
    ]
    assert all("rag" in r["categories"] for r in records)
    assert set(records[0]) == {
        "key",
        "display",
        "title",
        "categories",
        "aliases",
        "definitions",
        "short",
    }


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
    assert err.count("aiterms: warning: ") == 5
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


def test_show_json_uses_the_export_records(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", "kaizen", "--json", "-g", PROJECT)
    assert status == 0
    (record,) = json.loads(out)
    assert record["key"] == "kaizen"
    assert [d["id"] for d in record["definitions"]] == [
        "kaizen-manufacturing-operations",
        "kaizen-lean",
    ]
    assert record["definitions"][1]["sources"] == [{"file": Path(PROJECT).as_posix(), "line": 23}]


def test_show_unknown_term_suggests_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "show", "atention", "sink")
    assert (status, out) == (1, "")
    assert err.startswith("aiterms: no term 'atention sink' (did you mean 'attention sink'")
    assert err.endswith("; try `aiterms search atention sink`\n")
    assert "Traceback" not in err


# ---------------------------------------------------------------------------
# search


def test_search_ranks_the_named_term_first(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "search", "attention", "sink", "--limit", "3")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 6  # two lines per hit
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
    assert records[0]["key"] == "retrieval augmented generation"
    assert records[0]["score"] > records[1]["score"]
    assert {"key", "score", "matched_words", "categories", "short"} <= set(records[0])
    status, out, err = run(capsys, "search", "qwertyuiop")
    assert (status, out, err) == (1, "", "aiterms: no term matches 'qwertyuiop'\n")


# ---------------------------------------------------------------------------
# categories


def test_categories_with_counts(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "categories")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["terms", "defs", "category"]
    rows = {line[13:]: line[:12].split() for line in lines[1:]}
    assert rows["generative models"] == ["14", "18"]
    assert rows["lithography"] == ["2", "2"]
    assert lines[-1].endswith("(no category)")


def test_categories_json_follows_hides(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "categories", "--json", "-g", PROJECT)
    assert status == 0
    records = {r["category"]: r for r in json.loads(out)}
    assert "lithography" not in records
    assert records["lean"] == {"category": "lean", "terms": 1, "definitions": 1}
    assert records[None]["definitions"] > 0
    total = sum(r["definitions"] for r in records.values())
    # Three added; the two lithography definitions hidden (laser repair is one of them).
    assert total == sum(1 for _ in load_seeds().definitions) + 3 - 2


# ---------------------------------------------------------------------------
# validate


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "validate", PROJECT, str(DATA / "seed-style.txt"))
    assert (status, err) == (0, "")
    assert out == "OK: 2 files, 6 definitions from them; 139 terms in the glossary\n"


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


def test_validate_with_context_glossary(capsys: pytest.CaptureFixture[str]) -> None:
    second = str(DATA / "second.yaml")
    status, _, _ = run(capsys, "validate", "--no-bundled", second)
    assert status == 1  # its targets live in project.yaml
    status, out, _ = run(capsys, "validate", "--no-bundled", "-g", PROJECT, second)
    assert status == 1  # project.yaml's own edits of bundled ids fail without bundled
    status, out, _ = run(capsys, "validate", "-g", PROJECT, second)
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


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["show"],
        ["validate"],
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
    for command in ("list", "show", "search", "categories", "validate", "export"):
        assert command in result.stdout
