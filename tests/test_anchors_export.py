"""Term anchors (readable, unique, stable, frozen by a snapshot) and the JSON/CSV export."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import load_seeds

from sphinxcontrib_aiterms.glossary import load_glossary, term_anchor
from sphinxcontrib_aiterms.glossary.anchors import (
    Anchors,
    assign_anchors,
    hashed_anchor,
    legacy_anchors,
)
from sphinxcontrib_aiterms.glossary.export import to_csv, to_json
from sphinxcontrib_aiterms.glossary.loader import load_contents

SNAPSHOT = Path(__file__).parent / "data" / "anchors.txt"


def test_anchors_match_the_committed_snapshot() -> None:
    """Anchors are public URLs: a change here breaks every link to a term.
    Regenerate the snapshot only for a deliberate, documented change.

    Each line: key, anchor, then the anchors it keeps as extra ids. The 12
    bundled keys with punctuation had hashed anchors in 0.1
    (``aiterm-l-diversity--29e95ddf``); they now have readable ones
    (``aiterm-l-diversity``) and keep the old as a second id. Every other
    anchor is unchanged.
    """
    lines = SNAPSHOT.read_text("utf-8").splitlines()
    expected = {}
    for line in lines:
        key, anchor, *old = line.split("\t")
        expected[key] = (anchor, tuple(old))
    actual = {term.key: (term.anchor, term.legacy_anchors) for term in load_seeds()}
    assert actual == expected
    assert sum(1 for _, old in expected.values() if old) == 12
    assert not any("--" in anchor for anchor, _ in expected.values())
    assert expected["l-diversity"] == ("aiterm-l-diversity", ("aiterm-l-diversity--29e95ddf",))


def test_anchors_are_ascii_unique_and_readable() -> None:
    keys = ["c++", "c#", "c", "l-diversity", "l diversity", "naïve bayes", "中文", "", "a  b"]
    anchors = assign_anchors(keys)
    assert len({a.anchor for a in anchors.values()}) == len(keys)
    for found in anchors.values():
        assert found.anchor.isascii()
        assert found.anchor.startswith("aiterm-")
    assert assign_anchors(keys) == anchors  # deterministic
    # The first of colliding keys keeps the readable slug; later ones are hashed.
    assert anchors["c++"].anchor == "aiterm-c"
    assert anchors["c#"].anchor == hashed_anchor("c#") == "aiterm-c--" + _sha("c#")
    assert anchors["c"].anchor == "aiterm-c--" + _sha("c")
    assert anchors["l-diversity"].anchor == "aiterm-l-diversity"
    assert anchors["l diversity"].anchor == "aiterm-l-diversity--" + _sha("l diversity")
    assert anchors["naïve bayes"].anchor == "aiterm-naive-bayes"
    assert anchors["中文"].anchor == "aiterm-x--" + _sha("中文")  # no ASCII: always hashed
    assert term_anchor("attention sink") == "aiterm-attention-sink"
    assert term_anchor("low-rank adaptation") == "aiterm-low-rank-adaptation"
    bundled = [t.anchor for t in load_seeds()]
    assert len(set(bundled)) == len(bundled) == 138
    # The default packs (core and seeds): every anchor readable, none hashed.
    default = load_glossary()
    assert not any("--" in t.anchor for t in default)
    assert len({t.anchor for t in default}) == len(default)


def _sha(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


@pytest.mark.parametrize(
    "keys",
    [
        ["l-diversity", "l diversity", "l–diversity", "L diversity!"],
        ["c", "c++", "c#", "c (language)", "c-"],
        ["attention sink", "attention-sink", "attention_sink", "attention sink (llm)"],
    ],
)
def test_adding_a_term_never_changes_an_existing_anchor(keys: list[str]) -> None:
    """Terms are added after those loaded before them (a later file, lower in a
    file): whatever they collide with, earlier anchors and their kept ids stay."""
    for order in itertools.permutations(keys):
        before: dict[str, Anchors] = {}
        for count in range(1, len(order) + 1):
            now = assign_anchors(order[:count])
            assert {k: now[k] for k in before} == before, order[:count]
            ids = [i for a in now.values() for i in (a.anchor, *a.legacy)]
            assert len(ids) == len(set(ids))  # anchors and kept ids: all unique
            before = now


def test_old_anchors_are_kept_unless_another_term_now_has_them() -> None:
    anchors = assign_anchors(["l-diversity", "l diversity", "attention sink"])
    # 0.1 hashed "l-diversity"; the hash stays a second id.
    assert anchors["l-diversity"].legacy == ("aiterm-l-diversity--29e95ddf",)
    # "l diversity" had "aiterm-l-diversity", which "l-diversity" (loaded first)
    # holds now: its own hashed anchor is all it has.
    assert anchors["l diversity"].legacy == ()
    assert anchors["attention sink"] == Anchors("aiterm-attention-sink")  # unchanged
    assert legacy_anchors("l-diversity") == ("aiterm-l-diversity--29e95ddf",)


def test_user_terms_get_readable_anchors_and_collisions_keep_earlier_ones() -> None:
    first = "version: 1\nterms:\n  - term: low-rank adaptation\n    definition: LoRA adapts.\n"
    more = first + "  - term: low rank adaptation\n    definition: Also LoRA.\n"
    collide = "version: 1\nterms:\n  - term: l diversity\n    definition: Not the bundled one.\n"
    glossary = load_contents([("terms.yaml", first)])
    lora = glossary.terms["low-rank adaptation"]
    assert lora.anchor == "aiterm-low-rank-adaptation"
    assert lora.legacy_anchors == ("aiterm-low-rank-adaptation--" + _sha("low-rank adaptation"),)
    # A colliding term added below it: the existing anchor stays.
    glossary = load_contents([("terms.yaml", more)])
    assert glossary.terms["low-rank adaptation"].anchor == "aiterm-low-rank-adaptation"
    assert glossary.terms["low rank adaptation"].anchor == (
        "aiterm-low-rank-adaptation--" + _sha("low rank adaptation")
    )
    # A project's term colliding with a bundled one: the bundled term keeps its anchor.
    glossary = load_contents([("terms.yaml", collide)])
    assert glossary.terms["l-diversity"].anchor == "aiterm-l-diversity"
    assert glossary.terms["l diversity"].anchor == "aiterm-l-diversity--" + _sha("l diversity")
    assert glossary.terms["l diversity"].legacy_anchors == ()


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
