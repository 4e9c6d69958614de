"""Where a :term-ai: role is reported: its own line, in rST and MyST.

A parser gives a role the line where its paragraph starts; the warnings for
unknown terms, the recorded references and the ``aiterms coverage`` report all
give the line where the role itself is written, and so agree with each other.
The expected lines are read from the sources, not written by hand.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from helpers import build_project, strip_colors

from sphinxcontrib_aiterms.coverage.builder import JSON_FILE

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).parent / "roots" / "test-role-lines"
#: rST ``:term-ai:`…``` and MyST ``{term-ai}`…```; the target is the text, or
#: what ``<…>`` holds.
_ROLE = re.compile(r"(?::term-ai:|\{term-ai\})`(?P<body>[^`]*)`")
_TARGET = re.compile(r"<(?P<target>[^<>]*)>\s*$")
#: The coverage report counts a use where the reader sees it: a substitution
#: at each place it is used; and it locates a role in an ``only`` block that
#: the build prunes at the ``only`` directive (see the test below).
_COVERAGE_ELSEWHERE = {"gizmo twelve", "gizmo thirteen"}


def _roles() -> list[tuple[str, int, str]]:
    """``(file, line, target)`` of every role in the test project, in order."""
    found = []
    for path in sorted(ROOT.glob("*.*")):
        if path.suffix not in {".rst", ".md"}:
            continue
        text = path.read_text(encoding="utf-8")
        for match in _ROLE.finditer(text):
            # (a role may continue on the next line of a table cell: drop the borders)
            body = " ".join(match["body"].replace("|", " ").split())
            inner = _TARGET.search(body)
            target = inner["target"] if inner else body
            found.append((path.name, text.count("\n", 0, match.start()) + 1, target))
    return found


def _unknown(target: str) -> bool:
    return target.startswith("gizmo")


@pytest.fixture(scope="module")
def coverage(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    result = build_project(ROOT, tmp_path_factory.mktemp("lines"), builder="aiterms-coverage")
    assert (result.outdir / JSON_FILE).is_file(), result.warnings
    data: dict[str, Any] = json.loads((result.outdir / JSON_FILE).read_text("utf-8"))
    return data


def test_the_project_has_roles_on_later_lines_of_their_paragraphs() -> None:
    roles = _roles()
    assert len(roles) == 27
    assert sum(_unknown(target) for *_, target in roles) == 22
    # e.g. the third line of a paragraph that starts on line 8
    assert ("index.rst", 10, "gizmo one") in roles
    assert ("page.md", 5, "gizmo fifteen") in roles


def _recorded(app: SphinxTestApp) -> list[tuple[str, int, str]]:
    """``(file, line, term key)`` of the references the domain recorded."""
    references = app.env.get_domain("aiterms").data["references"]
    return sorted(
        (Path(app.env.doc2path(doc, False)).name, line, key)
        for doc, refs in references.items()
        for key, _definition, line in refs
    )


def _warned(app: SphinxTestApp) -> list[tuple[str, int, str]]:
    """``(file, line, target)`` of each unknown-term warning, in the order given."""
    warnings = strip_colors(app.warning.getvalue())
    return [
        (file, int(line), target)
        for file, line, target in re.findall(
            r"(?m)^.*?([^/\\]+):(\d+): WARNING: unknown AI term '([^']*)'", warnings
        )
    ]


@pytest.mark.sphinx("html", testroot="role-lines", freshenv=True)
def test_warnings_and_references_give_the_roles_own_line(app: SphinxTestApp) -> None:
    app.build()
    roles = _roles()
    # Each unknown term once, where its role is written (a substitution's where
    # it is defined; a role in an ``only`` block that the build prunes too).
    assert sorted(_warned(app)) == sorted(r for r in roles if _unknown(r[2]))
    assert [(f, line) for f, line, _ in _recorded(app)] == sorted(
        (f, line) for f, line, target in roles if not _unknown(target)
    )
    assert [key for *_, key in _recorded(app)] == [
        "attention sink",  # index.rst:11
        "kv cache",  # index.rst:12
        "attention sink",  # index.rst:25 ("attention sinks")
        "attention sink",  # page.md:6
        "kv cache",  # page.md:16
    ]


@pytest.mark.sphinx("html", testroot="role-lines", freshenv=True)
def test_warnings_and_references_agree_with_the_coverage_report(
    app: SphinxTestApp, coverage: dict[str, Any]
) -> None:
    app.build()
    warned = {w for w in _warned(app) if w[2] not in _COVERAGE_ELSEWHERE}
    undefined = {
        (u["path"], u["line"], u["target"])
        for u in coverage["undefined"]
        if u["target"] not in _COVERAGE_ELSEWHERE
    }
    assert warned == undefined
    assert len(warned) == 20
    explicit = sorted(
        (p["path"], p["line"], u["term"]) for u in coverage["used"] for p in u["explicit"]
    )
    assert _recorded(app) == explicit


def test_where_coverage_counts_elsewhere(coverage: dict[str, Any]) -> None:
    """The substitution's role is warned about once, where it is written (line
    51); coverage lists it at both uses (line 53). The role in the pruned
    ``only`` block (line 58) is listed at the ``only`` directive (line 55)."""
    undefined = [(u["line"], u["target"]) for u in coverage["undefined"]]
    assert [u for u in undefined if u[1] in _COVERAGE_ELSEWHERE] == [
        (53, "gizmo twelve"),
        (53, "gizmo twelve"),
        (55, "gizmo thirteen"),
    ]
