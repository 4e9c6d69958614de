"""The ``aiterms-coverage`` builder and ``aiterms coverage``: exact JSON, the text
report, agreement with the HTML build's links, ``-j``, incremental runs, exit status."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from helpers import BuildResult, build_project, strip_colors

from sphinxcontrib_aiterms.cli import main
from sphinxcontrib_aiterms.coverage.builder import JSON_FILE, TEXT_FILE
from sphinxcontrib_aiterms.coverage.report import REASONS, SCHEMA_NAME, SCHEMA_VERSION

ROOT = Path(__file__).parent / "roots" / "test-coverage"
BUILDER = "aiterms-coverage"


def _report(result: BuildResult) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((result.outdir / JSON_FILE).read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_project(ROOT, tmp_path_factory.mktemp("coverage"), builder=BUILDER)


@pytest.fixture(scope="module")
def report(serial: BuildResult) -> dict[str, Any]:
    return _report(serial)


# --- the JSON, exactly ------------------------------------------------------------------


def test_terms_used_and_where(report: dict[str, Any]) -> None:
    used = {
        u["term"]: (
            u["documents"],
            [(p["path"], p["line"], p["text"]) for p in u["explicit"]],
            [(p["path"], p["line"], p["text"]) for p in u["auto"]],
        )
        for u in report["used"]
    }
    assert used == {
        # Single-word names are linked on this ML page (a large language model…).
        "attention": (["usage"], [], [("usage.rst", 7, "Attention")]),
        "attention sink": (["usage"], [], [("usage.rst", 5, "attention sink")]),
        "gizmo calibration": (["nonml"], [], [("nonml.rst", 4, "Gizmo calibration")]),
        "kv cache": (["usage"], [("usage.rst", 4, "KV cache")], []),
        "label smoothing": (["structure"], [], [("structure.rst", 15, "Label smoothing")]),
        # The first occurrence is in `.. only:: latex`: pruned as for HTML.
        "late fusion": (["structure"], [], [("structure.rst", 21, "Late fusion")]),
        "secret sauce": (["project"], [("project.rst", 10, "secret sauce")], []),
        "widget tuning": (
            ["usage"],
            [("usage.rst", 10, "tuning")],
            [("usage.rst", 9, "Widget tuning")],
        ),
    }
    assert [u["term"] for u in report["used"]] == sorted(used)
    assert report["used"][0]["display"] == "attention"
    assert next(u for u in report["used"] if u["term"] == "kv cache")["display"] == "KV cache"


def test_every_unlinked_mention_and_its_reason(report: dict[str, Any]) -> None:
    unlinked = [
        f"{u['path']}:{u['line']} {u['reason']}: {u['text']!r} ({u['term']}) {u['detail']}".strip()
        for u in report["unlinked"]
    ]
    assert unlinked == [
        "excluded.rst:4 excluded-document: 'attention sink' (attention sink) excluded",
        # Judged occurrence by occurrence: an everyday phrase, and a common word
        # with no sign of its glossary sense around it.
        "nonml.rst:4 everyday-use: 'attention' (attention) Pay …",
        "nonml.rst:4 no-evidence: 'anchors' (anchors) 0 ML signal(s) in its sentence "
        "(0 in its paragraph), 0 (0) word(s) of its definition",
        "optout.rst:6 opted-out-page: 'attention sink' (attention sink)",
        # The project's own `glossary` term (its line made 1-based) and its prose use.
        "project.rst:6 project-glossary: 'knowledge distillation' (knowledge distillation)",
        "project.rst:9 project-glossary: 'Knowledge distillation' (knowledge distillation)",
        "structure.rst:1 heading: 'Attention sink' (attention sink)",
        "structure.rst:4 code: 'KV cache' (kv cache)",
        "structure.rst:4 math: 'attention sink' (attention sink)",
        "structure.rst:5 link: 'attention sink' (attention sink)",
        "structure.rst:7 code: 'KV cache' (kv cache)",
        "structure.rst:13 opted-out-block: 'Knowledge distillation' (knowledge distillation)",
        "structure.rst:15 opted-out-block: 'label smoothing' (label smoothing)",
        # An explicit reference counts as the first occurrence.
        "usage.rst:5 density: 'KV cache' (kv cache) linked at usage.rst:4",
        # Across a line break: the line the match starts on, whitespace folded.
        "usage.rst:6 density: 'attention sink' (attention sink) linked at usage.rst:5",
        # Another case of the same name is the same name.
        "usage.rst:12 density: 'kv cache' (kv cache) linked at usage.rst:4",
        "usage.rst:15 excluded-term: 'Langevin dynamics' (langevin dynamics) "
        "aiterms_autolink_exclude_terms",
        "usage.rst:15 excluded-category: 'secret sauce' (secret sauce) category internal",
        "usage.rst:16 ambiguous-alias: 'calibration' (None) "
        "alias of gizmo calibration, sprocket drift",
        "usage.rst:16 too-short: 'WT' (widget tuning) 2 < 3 characters",
        "usage.rst:16 too-short: 'L2' (l2 attacks) 2 < 3 characters",
        "usage.rst:17 stopword: 'async' (async)",
    ]
    docs = [u["doc"] for u in report["unlinked"]]
    assert docs == sorted(docs)  # by document, then in document order


def test_undefined_references_and_unused_user_terms(report: dict[str, Any]) -> None:
    assert report["undefined"] == [
        {
            "doc": "usage",
            "path": "usage.rst",
            "line": 13,  # the role's own line, not the paragraph's (12)
            "target": "frobnicator",
            "text": "frobnicator",
            "suggestions": [],
        }
    ]
    # widget tuning and gizmo calibration are used; secret sauce by the role only;
    # sprocket drift is only ever mentioned through an ambiguous alias.
    assert report["unused_user_terms"] == [
        {
            "term": "sprocket drift",
            "display": "sprocket drift",
            "source": "terms.yaml:11",
            "mentions": 0,
        }
    ]


def test_schema_and_summary(report: dict[str, Any]) -> None:
    assert list(report) == [
        "schema",
        "version",
        "summary",
        "used",
        "unlinked",
        "undefined",
        "unused_user_terms",
        "reasons",
    ]
    assert (
        (report["schema"], report["version"])
        == (SCHEMA_NAME, SCHEMA_VERSION)
        == (
            "sphinxcontrib-aiterms/coverage",
            1,
        )
    )
    assert report["reasons"] == REASONS
    summary = report["summary"]
    assert {k: v for k, v in summary.items() if k != "unlinked_by_reason"} == {
        "documents": 7,
        "terms_used": 8,
        "explicit_references": 3,
        "auto_links": 6,
        "unlinked_mentions": 22,
        "undefined_references": 1,
        "unused_user_terms": 1,
    }
    by_reason = summary["unlinked_by_reason"]
    assert sum(by_reason.values()) == 22
    assert list(by_reason) == [r for r in REASONS if r in by_reason]  # the documented order
    assert by_reason["density"] == 3


# --- the build itself ---------------------------------------------------------------------


def test_build_fails_on_undefined_references_without_w(serial: BuildResult) -> None:
    assert serial.status == 1
    warnings = strip_colors(serial.warnings)
    assert "unknown AI term 'frobnicator'; not in packs seeds; terms.yaml" in warnings


def test_text_report(serial: BuildResult) -> None:
    text = (serial.outdir / TEXT_FILE).read_text(encoding="utf-8")
    assert text.startswith(
        "AI glossary coverage\n====================\n\n7 documents: 8 terms used"
    )
    for expected in (
        "Undefined references (1)\n------------------------\nusage.rst:13: 'frobnicator'\n",
        "widget tuning (1 document)\n    explicit: usage.rst:10\n    auto:     usage.rst:9\n",
        "density: already linked earlier in the same scope (aiterms_autolink_density) (3)\n"
        "    usage.rst:5: 'KV cache'  [linked at usage.rst:4]\n"
        "    usage.rst:6: 'attention sink'  [linked at usage.rst:5]\n",
        "Unused user-glossary terms (1)\n------------------------------\n"
        "sprocket drift (terms.yaml:11)\n",
    ):
        assert expected in text
    # Sections in a fixed order, reasons in the documented order.
    order = ["Undefined references", "Terms used", "Mentions not linked", "Unused user-glossary"]
    assert [text.index(s) for s in order] == sorted(text.index(s) for s in order)
    assert text.index("\ncode: ") < text.index("\nheading: ") < text.index("\ndensity: ")


def test_uses_are_exactly_the_html_links(
    report: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The replayed auto-link decisions are the real ones: per page, the links
    the report counts are the term links of an HTML build, in order."""

    def texts(soup: BeautifulSoup) -> list[str]:
        return [a.get_text() for a in soup.select("a.aiterm")]

    html = build_project(ROOT, tmp_path_factory.mktemp("coverage-html"), extract=texts)
    expected: dict[str, list[tuple[int, str]]] = {}
    for use in report["used"]:
        for kind in ("explicit", "auto"):
            for place in use[kind]:
                expected.setdefault(place["doc"], []).append((place["line"], place["text"]))
    for doc, pairs in expected.items():
        assert [t for _line, t in sorted(pairs)] == html.pages[f"{doc}.html"], doc
    linked_pages = {page for page, links in html.pages.items() if links}
    assert linked_pages == {f"{doc}.html" for doc in expected}


def _html_texts(soup: BeautifulSoup) -> list[str]:
    return sorted(" ".join(a.get_text().split()) for a in soup.select("a.aiterm"))


def _report_texts(report: dict[str, Any]) -> dict[str, list[str]]:
    pages: dict[str, list[str]] = {}
    for use in report["used"]:
        for place in (*use["explicit"], *use["auto"]):
            pages.setdefault(f"{place['doc']}.html", []).append(place["text"])
    return {page: sorted(texts) for page, texts in pages.items()}


@pytest.mark.parametrize(
    "overrides",
    [{}, {"aiterms_autolink_density": "section"}],
    ids=["page", "section"],
)
def test_uses_match_html_on_the_autolink_project(tmp_path: Path, overrides: dict[str, str]) -> None:
    """The rich auto-link project (autodoc, MyST, substitutions, only, opt-outs,
    a project glossary): the report's uses are the HTML links, page by page.
    The coverage build reuses the HTML build's environment (same -d)."""
    root = ROOT.parent / "test-autolink"
    html = build_project(root, tmp_path, extract=_html_texts, confoverrides=overrides)
    coverage = build_project(root, tmp_path, builder=BUILDER, confoverrides=overrides, fresh=False)
    assert coverage.status == 0, coverage.warnings
    report = _report(coverage)
    linked = {page: texts for page, texts in html.pages.items() if texts}
    assert _report_texts(report) == linked
    reasons = report["summary"]["unlinked_by_reason"]
    assert {"code", "heading", "opted-out-page", "density", "project-glossary"} <= set(reasons)


def test_parallel_and_incremental_builds_give_the_same_report(
    serial: BuildResult, report: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    work = tmp_path_factory.mktemp("coverage-j2")
    parallel = build_project(ROOT, work, builder=BUILDER, jobs=2)
    assert parallel.status == 1
    assert _report(parallel) == report
    # Nothing is re-read the second time: all of it comes from the pickled doctrees.
    again = build_project(ROOT, work, builder=BUILDER, jobs=2, fresh=False)
    assert again.status == 1  # still fails: the undefined reference is still there
    assert "unknown AI term" not in again.warnings
    assert _report(again) == report
    assert (again.outdir / TEXT_FILE).read_text() == (serial.outdir / TEXT_FILE).read_text()


# --- the command ------------------------------------------------------------------------


def test_cli_json_and_exit_status(
    capsys: pytest.CaptureFixture[str], report: dict[str, Any], tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    status = main(["coverage", str(ROOT), "--json", "-q", "-o", str(out_dir)])
    out, err = capsys.readouterr()
    assert status == 1
    assert json.loads(out) == report
    assert "unknown AI term 'frobnicator'" in strip_colors(err)  # warnings on stderr
    assert json.loads((out_dir / JSON_FILE).read_text()) == report
    assert (out_dir / TEXT_FILE).read_text().startswith("AI glossary coverage")


def test_cli_fixed_project_exits_0_and_reports_no_target(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Fix the undefined reference, rebuild incrementally (--builddir): exit 0.
    An ai-glossary directive that shows one term leaves the others no target."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    build = tmp_path / "build"
    assert main(["coverage", str(src), "-q", "--builddir", str(build)]) == 1
    capsys.readouterr()
    usage = src / "usage.rst"
    usage.write_text(usage.read_text().replace(":term-ai:`frobnicator`", ":term-ai:`KV cache`"))
    (src / "glossary.rst").write_text(
        "Glossary\n========\n\n.. ai-glossary::\n   :terms: KV cache\n"
    )
    index = src / "index.rst"
    index.write_text(index.read_text() + "   glossary\n")
    status = main(["coverage", str(src), "-q", "--builddir", str(build), "--json"])
    out, _err = capsys.readouterr()
    data = json.loads(out)
    assert status == 0
    assert data["undefined"] == []
    assert data["summary"]["documents"] == 8
    no_target = [(u["doc"], u["text"]) for u in data["unlinked"] if u["reason"] == "no-target"]
    assert ("nonml", "Gizmo calibration") in no_target
    assert ("project", "secret sauce") in no_target  # an explicit reference too
    kv = next(u for u in data["used"] if u["term"] == "kv cache")
    assert [(p["line"], p["text"]) for p in kv["explicit"]] == [(4, "KV cache"), (13, "KV cache")]
    text = main(["coverage", str(src), "-q", "--builddir", str(build)])
    out, _err = capsys.readouterr()
    assert text == 0
    assert out.startswith("AI glossary coverage\n")
    assert "0 undefined references" in out
    # An unknown target in content HTML leaves out is still a broken reference;
    # included text is located in the included file.
    nonml = src / "nonml.rst"
    nonml.write_text(
        nonml.read_text()
        + "\n.. only:: latex\n\n   See :term-ai:`latex thing`.\n"
        + "\n.. include:: part.inc\n"
    )
    (src / "part.inc").write_text("Included text:\nan attention sink.\n")
    status = main(["coverage", str(src), "-q", "--builddir", str(build), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert status == 1
    assert [(u["path"], u["line"], u["target"]) for u in data["undefined"]] == [
        ("nonml.rst", 7, "latex thing")
    ]
    places = {(u["doc"], u["path"], u["line"], u["reason"]) for u in data["unlinked"]}
    assert ("nonml", "part.inc", 2, "no-target") in places  # only KV cache has a target


def test_cli_config_overrides(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status = main(
        [
            "coverage",
            str(ROOT),
            "-q",
            "--json",
            "-D",
            "aiterms_autolink_sense=off",
            "-D",
            "aiterms_autolink_density=every",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert status == 1
    reasons = data["summary"]["unlinked_by_reason"]
    assert "everyday-use" not in reasons and "no-evidence" not in reasons
    assert "density" not in reasons
    auto = {u["term"]: [p["line"] for p in u["auto"]] for u in data["used"]}
    assert auto["attention"] == [4, 7]  # nonml.rst:4 and usage.rst:7
    assert auto["kv cache"] == [5, 12]  # after the explicit one: every occurrence is linked


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["coverage", "{tmp}"], "is not a Sphinx project (no conf.py)"),
        (["coverage", str(ROOT), "-D", "novalue"], "-D takes NAME=VALUE"),
    ],
)
def test_cli_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    status = main([a.replace("{tmp}", str(tmp_path)) for a in argv])
    _out, err = capsys.readouterr()
    assert status == 2
    assert message in err


def test_cli_broken_conf_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text("raise RuntimeError('broken on purpose')\n")
    status = main(["coverage", str(tmp_path), "-q"])
    _out, err = capsys.readouterr()
    assert status == 2
    assert "the coverage build failed" in err
    assert "broken on purpose" in err


def test_only_blocks_count_as_in_html_with_used_only(tmp_path: Path) -> None:
    """A term used only inside ``only:: html`` is used, and has a target, both
    in the HTML build and in the report (which judges ``only`` as HTML does)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["sphinxcontrib_aiterms"]\naiterms_used_only = True\n', encoding="utf-8"
    )
    (src / "index.rst").write_text(
        "Title\n=====\n\n.. only:: html\n\n   Keeps a :term-ai:`KV cache`.\n\n"
        ".. only:: latex\n\n   Uses :term-ai:`attention sink`.\n",
        encoding="utf-8",
    )
    html = build_project(src, tmp_path / "h")
    assert html.status == 0 and html.warnings == ""
    assert html.pages["index.html"] == [("KV cache", "aiterms-glossary.html#aiterm-kv-cache")]
    coverage = build_project(src, tmp_path / "c", builder=BUILDER)
    data = _report(coverage)
    assert [u["term"] for u in data["used"]] == ["kv cache"]
    assert data["unlinked"] == [] and data["undefined"] == []
