"""Term anchors (pure, unique, frozen by a snapshot) and the JSON/CSV export."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from helpers import load_seeds

from sphinxcontrib_aiterms.glossary import load_glossary, term_anchor
from sphinxcontrib_aiterms.glossary.export import to_csv, to_json

SNAPSHOT = Path(__file__).parent / "data" / "anchors.txt"


def test_anchors_match_the_committed_snapshot() -> None:
    """Anchors are public URLs: a change here breaks every link to a term.
    Regenerate the snapshot only for a deliberate, documented change."""
    expected = dict(line.split("\t") for line in SNAPSHOT.read_text("utf-8").splitlines())
    actual = {term.key: term.anchor for term in load_seeds()}
    assert actual == expected


def test_anchors_are_ascii_unique_and_pure() -> None:
    keys = ["c++", "c#", "c", "l-diversity", "l diversity", "naïve bayes", "中文", "", "a  b"]
    anchors = [term_anchor(k) for k in keys]
    assert len(set(anchors)) == len(anchors)
    for anchor in anchors:
        assert anchor.isascii()
        assert anchor.startswith("aiterm-")
    assert [term_anchor(k) for k in keys] == anchors  # a pure function
    assert term_anchor("attention sink") == "aiterm-attention-sink"
    bundled = [t.anchor for t in load_seeds()]
    assert len(set(bundled)) == len(bundled) == 138


def test_json_export_schema_and_counts() -> None:
    text = to_json(load_seeds())
    assert text == to_json(load_seeds())  # deterministic
    data = json.loads(text)
    assert data["schema_version"] == 1
    assert data["counts"] == {"terms": 138, "definitions": 165, "sources": 250}
    assert len(data["terms"]) == 138
    assert [t["key"] for t in data["terms"]] == sorted(t["key"] for t in data["terms"])
    term = next(t for t in data["terms"] if t["key"] == "attention head scaling")
    assert set(term) == {
        "key",
        "display",
        "title",
        "anchor",
        "aliases",
        "keywords",
        "categories",
        "definitions",
    }
    (definition,) = term["definitions"]
    assert set(definition) == {
        "id",
        "category",
        "title",
        "header",
        "short",
        "concise",
        "body",
        "sources",
    }
    assert definition["sources"] == [
        {"file": "seeds/001_48af4be0aec329e6.txt", "line": 116},
        {"file": "seeds/002_a521869295bbff33.txt", "line": 231},
    ]
    ids = [d["id"] for t in data["terms"] for d in t["definitions"]]
    assert len(ids) == len(set(ids)) == 165


def test_csv_export_has_a_row_per_definition() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(load_seeds()))))
    assert len(rows) == 165
    assert {r["definition_id"] for r in rows} == {d.id for d in load_seeds().definitions}
    assert any("\n" in r["body"] for r in rows)  # multi-line bodies survive quoting


def test_module_entry_point_exports_json() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sphinxcontrib_aiterms", "export", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    # The default packs: the core vocabulary and the seed pages.
    assert json.loads(result.stdout)["counts"]["definitions"] == sum(
        1 for _ in load_glossary().definitions
    )


def test_the_prepared_glossary_is_the_seed_pages() -> None:
    """The glossary a build loads (the prepared data) is exactly what parsing the
    seed pages gives, and the prepared file is up to date with the pages, the
    parser and (with the same renderer versions) the renderer."""
    from sphinxcontrib_aiterms.glossary import bundled
    from sphinxcontrib_aiterms.prepare import main

    assert to_json(load_seeds()) == to_json(bundled.parse_bundled())
    assert main(["--check"]) == 0
    # The default packs' prepared glossary is what building them together gives.
    from sphinxcontrib_aiterms.glossary.loader import packs_builder

    builder, problems = packs_builder(["core", "seeds"])
    assert problems == []
    assert to_json(load_glossary()) == to_json(builder.build())
