"""Precision and recall of auto-linking on hand-labelled pages.

tests/roots/test-autolink-precision has an ML page and a page about publishing
a handbook that uses "attention", "anchors", "attribution", "tokens", "atlas"
and "async" in their ordinary senses, a kanban board in Kanban's own sense, and
an ``.. attention::`` admonition. ``labels.json`` lists every link a careful human would make on
each page (density "every"); the build must reach precision ≥ 0.95 and recall
≥ 0.8 on each page and overall.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import build_project

ROOT = Path(__file__).parent / "roots" / "test-autolink-precision"


def _auto_links(soup: BeautifulSoup) -> list[str]:
    return [" ".join(a.get_text().split()).lower() for a in soup.select("a.aiterms-auto")]


@pytest.fixture(scope="module")
def links(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    result = build_project(ROOT, tmp_path_factory.mktemp("precision"), extract=_auto_links)
    assert result.status == 0, result.warnings
    assert result.warnings == ""
    return result.pages


@pytest.fixture(scope="module")
def scores(links: dict[str, list[str]]) -> dict[str, tuple[float, float]]:
    labels = json.loads((ROOT / "labels.json").read_text("utf-8"))
    out: dict[str, tuple[float, float]] = {}
    total_hit = total_found = total_expected = 0
    for page, expected_list in labels.items():
        if page.startswith("_"):
            continue
        expected = Counter({text.lower(): count for text, count in expected_list})
        found = Counter(links[page])
        hit = sum((expected & found).values())
        n_found, n_expected = sum(found.values()), sum(expected.values())
        out[page] = (hit / n_found if n_found else 1.0, hit / n_expected if n_expected else 1.0)
        total_hit += hit
        total_found += n_found
        total_expected += n_expected
    out["all"] = (total_hit / total_found, total_hit / total_expected)
    return out


@pytest.mark.parametrize("page", ["ml.html", "nonml.html", "all"])
def test_precision_and_recall(scores: dict[str, tuple[float, float]], page: str) -> None:
    precision, recall = scores[page]
    assert precision >= 0.95, (page, precision)
    assert recall >= 0.8, (page, recall)


def test_common_words_in_other_senses_are_not_linked(links: dict[str, list[str]]) -> None:
    for word in ("attention", "anchors", "anchor", "attribution", "atlas", "async"):
        assert word not in links["nonml.html"], word
    assert "attention" in links["ml.html"]
    assert "anchors" in links["ml.html"]
