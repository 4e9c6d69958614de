"""Hostile text in glossary files (issue 13): real builds and the CLI.

* Names that are invisible once normalised (a right-to-left mark as an alias)
  used to crash Sphinx's index in html, dirhtml and epub; they are located
  problems now, and bidi/zero-width characters inside names are removed.
* Control characters (``ESC[31m``, BEL, C1 CSI, NUL, DEL) in any field are
  removed at load with one located problem per field; the CLI never prints
  one, and epub's index pages stay well-formed XML.
* ``;`` in a term or alias name (Sphinx's index reads it as "entry; sub-entry",
  and has no escape for it) is a located problem; the general index is not split.
* A YAML definition keeps its Markdown structure (nested lists, multi-paragraph
  items, indented code): it renders as MyST renders the same text in a page.
* An unclosed code fence or ``$$`` in a YAML definition is reported at its line.
* A card (and ``aiterms.json``) shows the shown definition's own category.

Roots: tests/roots/test-hostile-names, -text, -markdown and -cards.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup, Tag
from helpers import strip_colors
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_aiterms import cli
from sphinxcontrib_aiterms.cli import main
from sphinxcontrib_aiterms.glossary.build import GlossaryBuilder
from sphinxcontrib_aiterms.glossary.loader import load_glossary
from sphinxcontrib_aiterms.glossary.model import Glossary
from sphinxcontrib_aiterms.glossary.seedformat import RawEntry

ROOTS = Path(__file__).parent / "roots"
NAMES = ROOTS / "test-hostile-names" / "names.yaml"
TEXT = ROOTS / "test-hostile-text" / "text.yaml"
#: C0 and C1 control characters other than tab and newline.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
WARNING = re.compile(
    r"^(?P<where>\S+?):(?P<line>\d+): WARNING: (?P<message>.*) \[(?P<type>[\w.]+)\]$"
)


@dataclass
class Built:
    outdir: Path
    warnings: str

    def warning_lines(self) -> list[tuple[str, int, str, str]]:
        """``(file name, line, message, type)`` for every warning; all must be located."""
        out = []
        for line in self.warnings.splitlines():
            if "WARNING" not in line:
                continue
            match = WARNING.match(line)
            assert match is not None, f"an unlocated warning: {line}"
            out.append(
                (
                    Path(match["where"]).name,
                    int(match["line"]),
                    match["message"],
                    match["type"],
                )
            )
        return out

    def soup(self, page: str) -> BeautifulSoup:
        return BeautifulSoup((self.outdir / page).read_text("utf-8"), "html.parser")


_BUILT: dict[tuple[str, str], Built] = {}


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], Built]:
    """One build per (root, builder) per test process."""

    def get(root: str, builder: str) -> Built:
        if (root, builder) not in _BUILT:
            src = tmp_path_factory.mktemp(f"{root}-{builder}") / "src"
            shutil.copytree(ROOTS / f"test-{root}", src)
            warning = StringIO()
            app = SphinxTestApp(builder, srcdir=src, status=StringIO(), warning=warning)
            try:
                app.build()
            finally:
                app.cleanup()
            _BUILT[root, builder] = Built(app.outdir, strip_colors(warning.getvalue()))
        return _BUILT[root, builder]

    return get


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture(autouse=True)
def _fixed_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "24")


# --- item 4: names that are empty once normalised ------------------------------------

#: (line, key path) of every problem in names.yaml.
NAME_PROBLEMS = [
    (4, "terms[0].aliases[0]"),
    (4, "terms[0].aliases[1]"),
    (6, "terms[1].term"),
]

GENINDEX = {"html": "genindex.html", "dirhtml": "genindex/index.html", "epub": "genindex.xhtml"}


@pytest.mark.parametrize("builder", ["html", "dirhtml", "epub"])
def test_invisible_names_are_located_problems_and_every_builder_writes(
    build: Callable[[str, str], Built], builder: str
) -> None:
    built = build("hostile-names", builder)  # raised IndexError in Sphinx's index before
    warnings = built.warning_lines()
    assert [(line, kind) for _, line, _, kind in warnings] == [
        (line, "aiterms.glossary") for line, _ in NAME_PROBLEMS
    ]
    for (file, _, message, _), (_, path) in zip(warnings, NAME_PROBLEMS, strict=True):
        assert file == "names.yaml"
        assert message.endswith(f"({path})")
        assert "U+200F" in message or "U+200E" in message  # says what was invisible
    index = built.soup(GENINDEX[builder]).get_text()
    # the rest loaded, and the names inside which invisible characters stood are clean
    for name in ("marked term", "marked alias", "zero width"):
        assert name in index
    assert "\u200f" not in index
    assert "\u200b" not in index


def test_invisible_names_fail_validation(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", "--no-bundled", str(NAMES))
    assert status == 1
    lines = out.splitlines()
    assert len(lines) == len(NAME_PROBLEMS)
    for text, (line, path) in zip(lines, NAME_PROBLEMS, strict=True):
        assert text.startswith(f"{NAMES.as_posix()}:{line}: {path}: ")
        assert "no visible characters" in text


def test_format_characters_inside_names_are_removed() -> None:
    glossary = load_glossary([NAMES], bundled=False)
    term = glossary.resolve("zero width")
    assert term is not None
    assert term.key == "zero width"
    assert term.categories == ("spacing",)
    marked = glossary.resolve("marked alias")
    assert marked is not None
    assert marked.aliases == ("marked alias",)
    assert len(glossary) == 2


# --- item 5: control characters --------------------------------------------------------

#: (line, key path) of the control-character problems in text.yaml.
CONTROL_PROBLEMS = [
    (3, "terms[0].term"),
    (4, "terms[0].aliases[0]"),
    (4, "terms[0].aliases[2]"),
    (5, "terms[0].keywords[0]"),
    (6, "terms[0].category"),
    (7, "terms[0].title"),
    (8, "terms[0].definition"),
]


def test_control_characters_are_removed_with_one_problem_per_field() -> None:
    glossary = load_glossary([TEXT], bundled=False)
    found = [(p.line, p.path) for p in glossary.problems if "control character" in p.message]
    assert found == CONTROL_PROBLEMS
    term = glossary.resolve("escape[31m term")
    assert term is not None  # the fields load, cleaned
    assert term.aliases == ("esc[0m alias", "tab here", "del")
    assert term.keywords == ("keyword",)
    assert term.categories == ("cat[31megory",)
    assert term.title == "Escape2J Term"
    assert "rings a bell and clears[2J the screen." in term.primary.body
    for text in _all_text(glossary):
        assert not CONTROL.search(text.replace("\t", "")), repr(text)


def _all_text(glossary: Glossary) -> list[str]:
    out: list[str] = []
    for term in glossary:
        out += [term.key, term.display, term.title, *term.aliases, *term.keywords]
        out += list(term.categories)
        for d in term.definitions:
            out += [d.title, d.body, d.short, d.concise, d.header, d.category or ""]
    return out


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--json"],
        ["show", "--full", "escape[31m term"],
        ["show", "--json", "escape[31m term"],
        ["search", "escape"],
        ["search", "--json", "escape"],
        ["categories"],
        ["export", "--format", "csv"],
    ],
)
def test_cli_prints_no_control_characters(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    status, out, err = run(capsys, *argv, "--no-bundled", "-g", str(TEXT))
    assert status == 0, err
    assert ("cat[31megory" if argv == ["categories"] else "scape") in out
    assert not CONTROL.search(out)
    assert not CONTROL.search(err)


def _unclean_glossary() -> Glossary:
    """A glossary whose text holds control characters: built from raw entries,
    past the loaders (which remove them), to test the CLI's own defence."""
    builder = GlossaryBuilder()
    body = ("**Bad\x1b[31m term** rings \x07 and \x9b2J clears.", "- \x1b]0;title\x07 item")
    builder.add_entries([RawEntry("bad\x1b[31m term, cat\x1b[0m", body, "raw.txt", 1, 2, "lines")])
    glossary = builder.build()
    assert any("\x1b" in t.key for t in glossary)
    return glossary


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["show", "--full", "bad\x1b[31m term"],
        ["show", "bad\x1b[31m term"],
        ["search", "bad"],
        ["search", "--json", "bad"],
        ["list", "--json"],
        ["export"],
    ],
)
def test_cli_output_is_safe_even_when_the_glossary_is_not(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    glossary = _unclean_glossary()
    monkeypatch.setattr(cli, "load_glossary", lambda *args, **kwargs: glossary)
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    assert "ad" in out
    assert not CONTROL.search(out)
    assert not CONTROL.search(err)
    if "--json" in argv or argv == ["export"]:
        json.loads(out)  # still valid JSON


def test_control_characters_are_located_in_the_build(build: Callable[[str, str], Built]) -> None:
    built = build("hostile-text", "html")
    found = [
        (line, message.rsplit("(", 1)[1].rstrip(")"))
        for file, line, message, kind in built.warning_lines()
        if "control character" in message
    ]
    assert found == CONTROL_PROBLEMS
    assert all(
        kind == "aiterms.glossary" and file == "text.yaml"
        for file, _, _, kind in built.warning_lines()
    )


def test_epub_index_pages_are_well_formed_xml(build: Callable[[str, str], Built]) -> None:
    built = build("hostile-text", "epub")
    pages = ["index.xhtml", "genindex.xhtml", "aiterms-index.xhtml"]
    for page in pages:
        raw = (built.outdir / page).read_text("utf-8")
        ElementTree.fromstring(raw.encode("utf-8"))  # raised ParseError before
        assert "scape" in raw, page  # the cleaned term is there
    for page in built.outdir.rglob("*.xhtml"):
        assert not CONTROL.search(page.read_text("utf-8")), page.name


# --- item 6: ';' in names ----------------------------------------------------------------


def test_semicolon_in_names_is_a_located_problem_and_the_index_is_not_split(
    build: Callable[[str, str], Built],
) -> None:
    built = build("hostile-text", "html")
    semicolons = [
        (line, message) for file, line, message, kind in built.warning_lines() if "';'" in message
    ]
    assert [line for line, _ in semicolons] == [21, 24]
    assert semicolons[0][1].endswith("(terms[3].term)")
    assert semicolons[1][1].endswith("(terms[4].aliases[0])")
    soup = built.soup("genindex.html")
    entries = [a.get_text(" ", strip=True) for a in soup.select("table.indextable li")]
    assert entries
    tops = {e.split(" ")[0] for e in entries}
    assert not {"alpha", "beta", "delta", "epsilon"} & tops, entries
    text = soup.get_text()
    assert "beta" not in text
    assert "epsilon" not in text
    assert "gamma alias" in text  # the valid alias of the same term is indexed
    assert "gamma" in text


def test_semicolon_in_names_fails_validation(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", "--no-bundled", str(TEXT))
    assert status == 1
    assert f"{TEXT.as_posix()}:21: terms[3].term: the term 'alpha; beta' contains ';'" in out
    assert f"{TEXT.as_posix()}:24: terms[4].aliases[0]: an alias 'delta; epsilon'" in out


# --- item 9: unclosed blocks in YAML definitions ------------------------------------------


def test_unclosed_fence_and_display_math_are_located(
    build: Callable[[str, str], Built], capsys: pytest.CaptureFixture[str]
) -> None:
    expected = [
        (13, "unclosed ``` code fence", "terms[1].definition"),
        (19, "unclosed $$ display math", "terms[2].definition"),
    ]
    built = build("hostile-text", "html")
    found = [
        (line, message)
        for _, line, message, _ in built.warning_lines()
        if message.startswith("unclosed")
    ]
    assert [line for line, _ in found] == [line for line, _, _ in expected]
    for (_, message), (_, start, path) in zip(found, expected, strict=True):
        assert message.startswith(start)
        assert message.endswith(f"({path})")
    status, out, _ = run(capsys, "validate", "--no-bundled", str(TEXT))
    assert status == 1
    for line, start, path in expected:
        assert f"{TEXT.as_posix()}:{line}: {path}: {start}" in out


@pytest.mark.parametrize(
    ("style", "line"),
    [("|", 7), ("|-", 7), (">", 7), ("plain", 4), ("quoted", 4)],
)
def test_unclosed_fence_line_for_every_scalar_style(style: str, line: int) -> None:
    if style == "plain":
        definition = "    definition: Text then ``` never closed\n"
    elif style == "quoted":
        definition = '    definition: "Text\\n\\n```\\ncode"\n'
    else:
        definition = f"    definition: {style}\n      Text.\n\n      ```\n      code\n"
    text = "version: 1\nterms:\n  - term: x\n" + definition
    glossary = _load_text(text)
    problems = [p for p in glossary.problems if p.message.startswith("unclosed")]
    if style == "plain":
        assert problems == []  # inline backticks, not a fence
        return
    assert [(p.line, p.path) for p in problems] == [(line, "terms[0].definition")]


def _load_text(text: str) -> Glossary:
    from sphinxcontrib_aiterms.glossary.loader import load_contents

    return load_contents([("t.yaml", text)], bundled=False)


def test_closed_blocks_are_no_problem() -> None:
    text = (
        "version: 1\nterms:\n  - term: x\n    definition: |\n      Text.\n\n"
        "      - item\n\n        ```\n        code\n        ```\n\n"
        "      $$\n      a = b\n      $$\n\n      Costs $5 and `$$` in code, $x$ inline.\n"
    )
    assert _load_text(text).problems == ()


# --- item 8: Markdown structure of YAML definitions ---------------------------------------


def _tag_tree(tag: Tag) -> list[Any]:
    """The element structure: tag names, nested; code blocks by their text."""
    out: list[Any] = []
    for child in tag.children:
        if not isinstance(child, Tag):
            continue
        if child.name == "pre":
            out.append(("pre", child.get_text()))
        else:
            out.append((child.name, _tag_tree(child)))
    return out


def _walk(tree: list[Any]) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for name, kids in tree:
        out.append((name, kids))
        if isinstance(kids, list):
            out += _walk(kids)
    return out


def test_yaml_definition_renders_with_the_structure_myst_gives_the_same_text(
    build: Callable[[str, str], Built],
) -> None:
    built = build("hostile-markdown", "html")
    assert built.warnings == ""
    body = built.soup("index.html").select_one(".aiterms-body")
    assert body is not None
    section = built.soup("page.html").select_one("section")
    assert section is not None
    heading = section.find("h1")
    assert heading is not None
    heading.decompose()
    glossary_tree, page_tree = _tag_tree(body), _tag_tree(section)
    assert glossary_tree == page_tree
    # and the structure is really there (not two equal flat renderings)
    names = [name for name, _ in _walk(glossary_tree)]
    assert names.count("ul") == 2  # a nested bullet list
    assert names.count("ol") == 1
    assert names.count("blockquote") == 1
    assert ("pre", "def indented():\n    return 4\n") in _walk(glossary_tree)
    items = [kids for name, kids in _walk(glossary_tree) if name == "li"]
    assert any([name for name, _ in kids] == ["p", "p"] for kids in items)  # two paragraphs


def test_yaml_definition_body_keeps_the_markdown_as_written() -> None:
    glossary = load_glossary([ROOTS / "test-hostile-markdown" / "structure.yaml"], bundled=False)
    definition = glossary.definition("structure")
    assert definition is not None
    assert "  - nested item one\n" in definition.body
    assert "- second item, first paragraph\n\n  second paragraph of the same item\n" in (
        definition.body
    )
    assert "\n    def indented():\n        return 4\n" in definition.body
    assert definition.short == "A structure definition keeps its Markdown structure."


# --- item 11: a card shows its definition's category --------------------------------------


def test_card_shows_the_definitions_own_category(
    build: Callable[[str, str], Built],
) -> None:
    built = build("hostile-cards", "html")
    assert built.warnings == ""
    soup = built.soup("index.html")
    categories: dict[str, str | None] = {}
    for link in soup.select("p a.aiterm"):
        card = soup.find(id=str(link["data-aiterms-card"]))
        assert isinstance(card, Tag)
        category = card.select_one(".aiterm-card-category")
        categories[link.get_text()] = category.get_text() if category else None
    assert categories == {"mixed term": None, "plain term": None, "the third": "x"}


def test_aiterms_json_shows_the_definitions_own_category(
    build: Callable[[str, str], Built],
) -> None:
    built = build("hostile-cards", "html")
    data = json.loads((built.outdir / "aiterms.json").read_text("utf-8"))
    by_name = {entry["name"]: entry["category"] for entry in data["terms"]}
    assert by_name == {
        "mixed term": "",
        "mixed term (mixed-term)": "",
        "mixed term (second)": "second",
        "mixed term (x)": "x",
        "plain term": "",
    }
