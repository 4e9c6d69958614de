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
