"""Incremental builds re-read and re-write what they must, no more, and equal clean builds.

One project (tests/roots/test-incremental: a user YAML glossary, an ``ai-glossary``
page, references in rST and MyST, a plain page) is copied to ``tmp_path`` and
built again and again with the same output and doctree folders. A small
extension in the root (``readlog.py``) logs the documents Sphinx reads
(``env-before-read-docs``) and writes (``doctree-resolved``). After every step
the output is compared with a clean build of the same sources.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import build_project, load_inventory

ROOTS = Path(__file__).parent / "roots"
ALL_DOCS = {"index", "glossary", "uses", "notes", "plain", "prose"}


@dataclass
class Step:
    read: set[str]
    written: set[str]


class Project:
    """A copy of the test root and one build folder kept across builds."""

    def __init__(self, tmp_path: Path, **overrides: str) -> None:
        self.src = tmp_path / "src"
        shutil.copytree(ROOTS / "test-incremental", self.src)
        self.work = tmp_path / "incremental"
        self.clean_work = tmp_path / "clean"
        self.log = self.work / "readlog.txt"
        #: Configuration overrides for every build.
        self.overrides = overrides

    def build(self, *, fresh: bool = False, links_only: bool = False, **overrides: str) -> Step:
        """Build incrementally and compare with a clean build: every page, or
        (``links_only``: after a toctree edit, whose navigation Sphinx itself does
        not re-write on unchanged pages) every page's term links."""
        overrides = {**self.overrides, **overrides}
        self.log.unlink(missing_ok=True)
        result = build_project(
            self.src, self.work, fresh=fresh, confoverrides=overrides, extract=lambda s: None
        )
        assert result.status == 0, result.warnings
        assert result.warnings == ""
        lines = self.log.read_text("utf-8").splitlines() if self.log.exists() else []
        step = Step(
            {line.split()[1] for line in lines if line.startswith("read ")},
            {line.split()[1] for line in lines if line.startswith("write ")},
        )
        self.assert_equals_clean_build(overrides, links_only=links_only)
        return step

    def assert_equals_clean_build(self, overrides: dict[str, str], *, links_only: bool) -> None:
        clean = build_project(
            self.src, self.clean_work, confoverrides=overrides, extract=lambda s: None
        )
        assert clean.status == 0, clean.warnings
        if links_only:
            mine_links = build_project(
                self.src, self.work, fresh=False, confoverrides=overrides
            ).pages  # nothing left to do: only reads the written pages
            assert (
                mine_links
                == build_project(self.src, self.clean_work, confoverrides=overrides).pages
            )
            return
        mine, clean_pages = _snapshot(self.work / "html"), _snapshot(self.clean_work / "html")
        # Sphinx leaves a deleted document's old page behind; only those may differ.
        stale = set(mine) - set(clean_pages)
        assert all((self.src / page).with_suffix(".rst").exists() is False for page in stale)
        assert {page: mine[page] for page in clean_pages} == clean_pages

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.src / name
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new), "utf-8")


def _snapshot(outdir: Path) -> dict[str, str]:
    """Every HTML page's text and the inventory (the search index is rebuilt anyway)."""
    pages = {
        str(p.relative_to(outdir)): p.read_text("utf-8")
        for p in sorted(outdir.rglob("*.html"))
        if "_sources" not in p.parts
    }
    pages["objects.inv"] = repr(sorted(load_inventory(outdir / "objects.inv").items()))
    return pages


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = Project(tmp_path)
    first = project.build(fresh=True)
    assert first.read == ALL_DOCS
    return project


def test_no_change_reads_and_writes_nothing(project: Project) -> None:
    step = project.build()
    assert step.read == set()
    assert step.written == set()


def test_page_edits_add_and_delete(project: Project) -> None:
    # Editing a page without terms re-reads that page only.
    project.edit("plain.rst", "Nothing to link", "Still nothing to link")
    assert project.build().read == {"plain"}

    # A new page is read alone; its reference resolves to the glossary page.
    (project.src / "extra.rst").write_text(
        ":orphan:\n\nExtra\n=====\n\nMore :term-ai:`flux widget`.\n", "utf-8"
    )
    step = project.build()
    assert step.read == {"extra"}
    html = (project.work / "html" / "extra.html").read_text("utf-8")
    assert 'href="glossary.html#aiterm-flux-widget"' in html

    # Deleting it re-reads nothing.
    (project.src / "extra.rst").unlink()
    assert project.build().read == set()


def test_moving_the_glossary_page_rewrites_referring_pages(project: Project) -> None:
    # A second glossary page listed first in the toctree takes the terms over:
    # every page linking to them is re-written (not re-read) with the new target.
    (project.src / "a_glossary.rst").write_text(
        "First glossary\n==============\n\n.. ai-glossary::\n", "utf-8"
    )
    project.edit("index.rst", "   glossary\n", "   a_glossary\n   glossary\n")
    step = project.build(links_only=True)
    assert step.read == {"a_glossary", "index"}
    assert {"uses", "notes"} <= step.written
    assert "plain" not in step.written
    html = (project.work / "html" / "uses.html").read_text("utf-8")
    assert 'href="a_glossary.html#aiterm-zorp-tuning"' in html

    # Listed after the first one, it gives them back.
    project.edit("index.rst", "   a_glossary\n   glossary\n", "   glossary\n   a_glossary\n")
    step = project.build(links_only=True)
    assert step.read == {"index"}
    assert {"uses", "notes"} <= step.written
    assert 'href="glossary.html#aiterm-zorp-tuning"' in (
        project.work / "html" / "uses.html"
    ).read_text("utf-8")


def test_adding_and_removing_a_term_rereads_dependents_only(project: Project) -> None:
    # New names: pages that look names up (references, the glossary page) are
    # re-read; the plain page and the index are not.
    project.edit(
        "terms.yaml",
        "  - term: flux widget",
        "  - term: quux gate\n    definition: A quux gate gates quux.\n  - term: flux widget",
    )
    step = project.build()
    assert step.read == {"glossary", "uses", "notes"}
    assert "aiterm-quux-gate" in (project.work / "html" / "glossary.html").read_text("utf-8")

    # Removing it again.
    project.edit("terms.yaml", "  - term: quux gate\n    definition: A quux gate gates quux.\n", "")
    step = project.build()
    assert step.read == {"glossary", "uses", "notes"}
    assert "quux" not in (project.work / "html" / "glossary.html").read_text("utf-8")


def test_unknown_term_page_is_reread_when_the_term_appears(project: Project) -> None:
    (project.src / "plain.rst").write_text("Plain\n=====\n\nSoon :term-ai:`quux gate`.\n", "utf-8")
    build_project(project.src, project.work, fresh=False, extract=lambda s: None)
    project.edit(
        "terms.yaml",
        "  - term: flux widget",
        "  - term: quux gate\n    definition: A quux gate gates quux.\n  - term: flux widget",
    )
    step = project.build()
    assert "plain" in step.read
    html = (project.work / "html" / "plain.html").read_text("utf-8")
    assert 'href="glossary.html#aiterm-quux-gate"' in html


def test_definition_only_changes(project: Project) -> None:
    # A later paragraph of a body: only the page showing it is re-read; the
    # referring pages' link titles and cards are unchanged, so they are not re-written.
    project.edit("terms.yaml", "It takes patience.", "It takes a lot of patience.")
    step = project.build()
    assert step.read == {"glossary"}
    # (Sphinx itself re-writes a re-read page's toctree parent, the index.)
    assert step.written == {"glossary", "index"}
    assert "a lot of patience" in (project.work / "html" / "glossary.html").read_text("utf-8")

    # The lead sentence (the card text): the glossary page is re-read and the
    # pages referring to the term are re-written, not re-read.
    project.edit(
        "terms.yaml",
        "Zorp tuning is adjusting zorps until they behave.",
        "Zorp tuning is nudging zorps until they behave.",
    )
    step = project.build()
    assert step.read == {"glossary"}
    assert step.written == {"glossary", "index", "uses"}
    assert "nudging zorps" in (project.work / "html" / "uses.html").read_text("utf-8")


def test_option_change_rereads_everything(project: Project) -> None:
    # An "env" option (here: the "Used on" lists of the glossary page).
    step = project.build(aiterms_used_on="0")
    assert step.read == ALL_DOCS
    step = project.build(aiterms_used_on="1")
    assert step.read == ALL_DOCS
    assert project.build(aiterms_used_on="1").read == set()


def test_with_autolinking_names_reread_all_and_card_text_rewrites_autolinked(
    tmp_path: Path,
) -> None:
    project = Project(tmp_path, aiterms_autolink="1")
    assert project.build(fresh=True).read == ALL_DOCS
    html = (project.work / "html" / "prose.html").read_text("utf-8")
    assert 'href="glossary.html#aiterm-zorp-tuning"' in html  # auto-linked

    # The card text of an auto-linked term: re-written, not re-read.
    project.edit(
        "terms.yaml",
        "Zorp tuning is adjusting zorps until they behave.",
        "Zorp tuning is nudging zorps until they behave.",
    )
    step = project.build()
    assert step.read == {"glossary"}
    assert {"prose", "uses"} <= step.written
    assert "plain" not in step.written and "notes" not in step.written
    assert "nudging zorps" in (project.work / "html" / "prose.html").read_text("utf-8")

    # New names: any page may now contain one, so every page is re-read.
    project.edit(
        "terms.yaml",
        "  - term: flux widget",
        "  - term: plain\n    definition: Plain is a word.\n  - term: flux widget",
    )
    assert project.build().read == ALL_DOCS
