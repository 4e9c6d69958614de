"""Auto-linking in a real build judges each occurrence in its own sense
(tests/roots/test-autolink-sense: each page twice, in reStructuredText and in
MyST, with density "every" so every verdict shows)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import BuildResult, assert_parallel_matches_serial, build_project

ROOT = Path(__file__).parent / "roots" / "test-autolink-sense"
PAGES = ("release", "serving", "pipeline")


def auto_links(soup: BeautifulSoup) -> list[str]:
    return [" ".join(a.get_text().split()) for a in soup.select("a.aiterms-auto")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    result = build_project(ROOT, tmp_path_factory.mktemp("sense"), extract=auto_links)
    assert result.status == 0 and result.warnings == "", result.warnings
    return result


@pytest.mark.parametrize("page", PAGES)
def test_myst_and_rst_pages_get_the_same_links(built: BuildResult, page: str) -> None:
    assert built.pages[f"{page}.html"] == built.pages[f"{page}-md.html"]
    assert built.pages[f"{page}.html"]  # something is linked on every page


def test_everyday_uses_then_ml_uses_on_one_page(built: BuildResult) -> None:
    # "receive attention" and "Pay attention" come first and stay text; the
    # same word later, about kernels, is linked each time.
    links = built.pages["release.html"]
    assert links.count("attention") == 2
    assert "self-attention" in links and "transformer" in links
    soup = BeautifulSoup((built.outdir / "release.html").read_text("utf-8"), "html.parser")
    first = soup.select_one("section p")
    assert first is not None and not first.select("a.aiterm")


def test_a_page_about_ml_vouches_for_its_short_paragraphs(built: BuildResult) -> None:
    links = built.pages["serving.html"]
    assert links[-1] == "attention"  # "The attention backend is chosen at start-up."
    assert {"KV cache", "large language model", "speculative decoding", "LoRA adapters"} <= set(
        links
    )


def test_another_sense_code_and_titles_stay_text(built: BuildResult) -> None:
    assert built.pages["pipeline.html"] == ["training data"]


def test_parallel_build_matches_serial(tmp_path: Path) -> None:
    serial, _parallel = assert_parallel_matches_serial(ROOT, tmp_path, jobs=2)
    assert any(serial.pages.values())


def test_coverage_reports_the_verdicts_the_build_made(built: BuildResult, tmp_path: Path) -> None:
    from sphinxcontrib_aiterms.cli import main

    assert main(["coverage", str(ROOT), "--json", "-q", "-o", str(tmp_path)]) in (0, 1)
    report = json.loads((tmp_path / "aiterms-coverage.json").read_text("utf-8"))
    auto: dict[str, list[str]] = {}
    for use in report["used"]:
        for place in use["auto"]:
            auto.setdefault(place["doc"], []).append(" ".join(place["text"].split()))
    assert set(auto) == {doc.removesuffix(".html") for doc, links in built.pages.items() if links}
    for doc, texts in auto.items():
        assert sorted(texts) == sorted(built.pages[f"{doc}.html"]), doc
    reasons: dict[tuple[str, str], list[str]] = {}
    for u in report["unlinked"]:
        reasons.setdefault((u["doc"], u["text"]), []).append(u["reason"])
    for doc in ("release", "release-md"):
        assert reasons[(doc, "attention")] == ["everyday-use", "everyday-use", "heading"]
    for doc in ("pipeline", "pipeline-md"):
        assert reasons[(doc, "transformer")] == ["no-evidence"]
        assert reasons[(doc, "Machine Learning")] == ["title"]
