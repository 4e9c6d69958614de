"""Readable term anchors in a build: the links use them, the glossary page keeps
0.1's hashed anchors as second ids on the same term, objects.inv keeps its names."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import pytest
from helpers import load_inventory, soup_of

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp


def _sha(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


@pytest.mark.sphinx("html", testroot="role-anchors", freshenv=True)
def test_links_use_readable_anchors_and_old_anchors_still_arrive(app: SphinxTestApp) -> None:
    app.build()
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    index = soup_of(app.outdir / "index.html")
    assert [str(a["href"]) for a in index.select("a.aiterm")] == [
        "glossary.html#aiterm-l-diversity",
        "glossary.html#aiterm-low-rank-adaptation",
        # the project's "l diversity" collides with the bundled "l-diversity",
        # loaded first: it is the one hashed
        f"glossary.html#aiterm-l-diversity--{_sha('l diversity')}",
        "glossary.html#aiterm-attention-sink",
    ]
    page = soup_of(app.outdir / "glossary.html")

    def term_of(anchor: str) -> str:
        """The text of the glossary term (``dt``) that holds ``anchor``."""
        found = page.find(id=anchor)
        assert found is not None, anchor
        term = found if found.name == "dt" else found.find_parent("dt")
        assert term is not None, anchor
        return term.get_text(" ", strip=True)

    # The old hashed anchors are on the same term as the new ones (docutils
    # writes a node's further ids as empty spans at its start).
    assert page.find(id="aiterm-l-diversity").name == "dt"  # type: ignore[union-attr]
    assert term_of("aiterm-l-diversity--29e95ddf") == term_of("aiterm-l-diversity")
    old_lora = f"aiterm-low-rank-adaptation--{_sha('low-rank adaptation')}"
    assert term_of(old_lora) == term_of("aiterm-low-rank-adaptation")
    assert "l-diversity" in term_of("aiterm-l-diversity").lower()
    # Every id is unique on the page.
    ids = [str(i) for tag in page.find_all(id=True) for i in [tag["id"]]]
    assert len(ids) == len(set(ids))
    # objects.inv: the same names, the new anchors.
    inventory = load_inventory(app.outdir / "objects.inv")["aiterms:term"]
    assert inventory["l-diversity"] == "glossary.html#aiterm-l-diversity"
    assert inventory["low-rank adaptation"] == "glossary.html#aiterm-low-rank-adaptation"
    assert inventory["lora"] == "glossary.html#aiterm-low-rank-adaptation"
