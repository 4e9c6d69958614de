"""The generated glossary page (no ``ai-glossary`` directive anywhere) is built
afresh in every build: nothing about it outlives the build that made it."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOTS
from helpers import build_project

PAGE = "aiterms-glossary.html"

#: A conf.py whose doctree-resolved handler stamps every page with a marker
#: read from a file: a project-level change the page must follow.
STAMPING_CONF = """
from pathlib import Path
from docutils import nodes

def _stamp(app, doctree, docname):
    marker = (Path(__file__).parent / "marker.txt").read_text().strip()
    doctree += nodes.paragraph("", marker, classes=["stamp"])

def setup(app):
    app.connect("doctree-resolved", _stamp)
"""


def test_a_clean_build_never_shows_an_older_page(tmp_path: Path) -> None:
    """A handler changed from "v1" to "v2": a clean build into a new output
    folder shows v2 on every page, the generated glossary page included (a
    cache of rendered pages once served v1 there)."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-zeroconf", srcdir)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + STAMPING_CONF, encoding="utf-8")
    for version, out in (("v1", "first"), ("v2", "second")):
        (srcdir / "marker.txt").write_text(f"stamp-{version}\n", encoding="utf-8")
        result = build_project(srcdir, tmp_path / out, extract=lambda soup: soup.select(".stamp"))
        assert result.status == 0, result.warnings
        stamps = {page: [s.get_text() for s in found] for page, found in result.pages.items()}
        assert stamps[PAGE] == [f"stamp-{version}"], stamps[PAGE]
        assert stamps["index.html"] == [f"stamp-{version}"]


def _objects(result_inventory: dict[str, dict[str, str]]) -> set[str]:
    return set(result_inventory.get("aiterms:term", {}))


def test_the_generated_page_is_the_projects_glossary(tmp_path: Path) -> None:
    """By default the page shows the terms the project uses, and only those
    terms are published: objects.inv, the search index and aiterms.json."""
    import json

    result = build_project(ROOTS / "test-zeroconf", tmp_path / "used")
    assert result.status == 0, result.warnings
    used = {"attention sink", "kv cache", "attribution", "aot compilation"}
    primary = {
        name
        for name, uri in result.inventory["aiterms:term"].items()
        if "(" not in name and uri.endswith(name.replace(" ", "-"))
    }
    assert used <= _objects(result.inventory)
    assert "kaizen" not in _objects(result.inventory)
    assert primary <= used
    page = (result.outdir / PAGE).read_text(encoding="utf-8")
    assert 'id="aiterm-kv-cache"' in page and 'id="aiterm-kaizen"' not in page
    published = json.loads((result.outdir / "aiterms.json").read_text(encoding="utf-8"))
    names = {entry["name"].casefold().split(" (")[0] for entry in published["terms"]}
    assert names <= used | {"aot"}, names
    search = (result.outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "kaizen" not in search.casefold()

    full = build_project(
        ROOTS / "test-zeroconf", tmp_path / "full", confoverrides={"aiterms_used_only": "0"}
    )
    assert full.status == 0, full.warnings
    assert "kaizen" in _objects(full.inventory)
    assert len([n for n in _objects(full.inventory) if "(" not in n]) >= 138
    assert 'id="aiterm-kaizen"' in (full.outdir / PAGE).read_text(encoding="utf-8")


def test_a_project_that_uses_no_term_is_told_how_to_show_all(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinxcontrib_aiterms"]\naiterms_autolink = False\n', encoding="utf-8"
    )
    (srcdir / "index.rst").write_text("Home\n====\n\nNothing about ML.\n", encoding="utf-8")
    result = build_project(srcdir, tmp_path / "out")
    assert result.status == 0, result.warnings
    page = (result.outdir / PAGE).read_text(encoding="utf-8")
    assert "aiterms_used_only = False" in page
    assert "aiterm-" not in page.split("aiterms-empty", 1)[1].split("</p>", 1)[0]
    assert not result.inventory.get("aiterms:term")
