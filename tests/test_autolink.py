"""Auto-linking on real projects: what is linked, what never is, opt-outs, density,
the project-glossary rule, "used on" / used-only, ``-j`` and incremental builds.

tests/roots/test-autolink (rST, MyST and an autodoc'd module) is built once per
module and asserted many ways; test-autolink-density once per density mode.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from helpers import (
    BuildResult,
    assert_parallel_matches_serial,
    build_project,
    html_pages,
    strip_colors,
    term_links,
)

ROOTS = Path(__file__).parent / "roots"
AUTO = "a.aiterms-auto"


def auto_texts(soup: BeautifulSoup) -> list[str]:
    return [a.get_text() for a in soup.select(AUTO)]


def explicit_texts(soup: BeautifulSoup) -> list[str]:
    return [a.get_text() for a in soup.select("a.aiterm") if "aiterms-auto" not in a["class"]]


def used_on(soup: BeautifulSoup) -> dict[str, list[str]]:
    """Glossary page: term anchor → hrefs of its "Used on" line."""
    out: dict[str, list[str]] = {}
    for item in soup.select("dt.aiterms-term[id]"):
        dd = item.find_next_sibling("dd")
        assert isinstance(dd, Tag)
        line = dd.select_one(".aiterms-used-on")
        out[str(item["id"])] = (
            [str(a["href"]) for a in line.select("a")] if line is not None else []
        )
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, dict[str, BeautifulSoup]]:
    work = tmp_path_factory.mktemp("autolink")
    result = build_project(ROOTS / "test-autolink", work, extract=lambda soup: None)
    assert result.status == 0, result.warnings
    return result, html_pages(result.outdir)


@pytest.fixture(scope="module")
def pages(built: tuple[BuildResult, dict[str, BeautifulSoup]]) -> dict[str, BeautifulSoup]:
    return built[1]


# --- what is linked -----------------------------------------------------------------------


def test_no_warnings_even_when_nitpicky(
    built: tuple[BuildResult, dict[str, BeautifulSoup]],
) -> None:
    assert strip_colors(built[0].warnings) == ""


def test_rst_prose_links_first_occurrences(pages: dict[str, BeautifulSoup]) -> None:
    soup = pages["prose.html"]
    links = auto_texts(soup)
    assert links == [
        "KV cache",
        "attention sink",
        "attention",  # "attention heads": a single word, on a page evidently about ML
        "Kernel fusion",
        "Label smoothing",
        "Layer normalizations",  # plural of a key
        "attention mask",
        "latent diffusion",  # substitution text, expanded before matching
        "Late fusion",  # the HTML occurrence: the first one was in `only:: latex`
    ]
    kv = soup.select_one(AUTO)
    assert kv is not None
    # The very reference the role makes, plus the auto class (hover cards key on these).
    assert kv["href"] == "glossary.html#aiterm-kv-cache"
    assert {"aiterm", "aiterms-auto", "reference", "internal"} <= set(kv["class"])
    assert kv.get("title")
    assert not soup.select(".aiterm-candidate, [class*=candidate]")


def test_case_rules(pages: dict[str, BeautifulSoup]) -> None:
    soup = pages["prose.html"]
    para = next(p for p in soup.select("p") if "Lower case kv cache" in p.get_text())
    # "KV cache" is acronym-cased: "kv cache" and "Kv Cache" are not it
    assert "kv cache" in para.get_text()
    links = [a.get_text() for a in para.select("a")]
    assert links == ["Kernel fusion", "Label smoothing", "Layer normalizations"]
    assert "label-smoothing" in soup.get_text()
    assert not [a for a in soup.select(AUTO) if "-" in a.get_text()]  # hyphen ≠ space


def test_punctuation_is_a_barrier(pages: dict[str, BeautifulSoup]) -> None:
    para = next(p for p in pages["prose.html"].select("p") if "barrier" in p.get_text())
    assert para.select("a") == []


def test_explicit_role_counts_as_an_occurrence(pages: dict[str, BeautifulSoup]) -> None:
    soup = pages["prose.html"]
    anomaly = [a for a in soup.select("a.aiterm") if "anomaly" in a.get_text().lower()]
    assert len(anomaly) == 1 and "aiterms-auto" not in anomaly[0]["class"]


def test_excluded_term_still_reachable_by_role(pages: dict[str, BeautifulSoup]) -> None:
    soup = pages["prose.html"]
    assert "langevin dynamics" not in [t.lower() for t in auto_texts(soup)]
    assert "langevin dynamics" in explicit_texts(soup)


# --- what is never linked ---------------------------------------------------------------------


def test_exclusions(pages: dict[str, BeautifulSoup]) -> None:
    soup = pages["exclusions.html"]
    # Titles, comments, rubrics, index entries, substitution definitions, literals,
    # code, math, raw, links, targets, definition-list terms, field names,
    # no-autolink blocks/spans/classes and GUI labels: none of them.
    assert auto_texts(soup) == ["late fusion", "Label smoothing", "Audio generation"]
    body = soup.select_one("div.body, div[role=main], article") or soup
    for selector in (
        "h1",
        "p.rubric",
        "code",
        "pre",
        "math",
        "dt",
        ".no-autolink",
        ".menuselection",
    ):
        for node in body.select(selector):
            assert not node.select("a.aiterm"), selector
    field = next(p for p in soup.select("dd, td, p") if "its body late fusion" in p.get_text())
    assert field.select(AUTO)  # the field body is prose
    assert "attention sink in raw HTML" in str(soup)


def test_toctree_captions_and_index_are_not_linked(pages: dict[str, BeautifulSoup]) -> None:
    assert pages["index.html"].select(AUTO) == []
    assert pages["genindex.html"].select(AUTO) == []


def test_autodoc_signatures_and_fields(pages: dict[str, BeautifulSoup]) -> None:
    soup = pages["api.html"]
    assert auto_texts(soup) == [
        "KV cache",
        "attention sink",
        "layer normalization",
        "kernel fusion",
    ]
    for link in soup.select("a.aiterm"):
        assert link.find_parent("dt") is None  # signatures (desc_*)
        assert link.find_parent("strong") is None  # parameter names (literal_strong)
    sink = soup.select(AUTO)[1]
    assert sink.find_parent("dd") is not None  # the class docstring is prose


def test_myst_page(pages: dict[str, BeautifulSoup]) -> None:
    soup = pages["myst.html"]
    assert auto_texts(soup) == ["KV cache", "attention sink"]
    assert explicit_texts(soup) == ["kernel fusion"]
    block = soup.select_one(".no-autolink")
    assert block is not None and "Knowledge distillation" in block.get_text()


@pytest.mark.parametrize("page", ["optout.html", "optout-md.html", "excluded/page.html"])
def test_page_opt_outs(pages: dict[str, BeautifulSoup], page: str) -> None:
    soup = pages[page]
    assert "KV cache" in soup.get_text()
    assert auto_texts(soup) == []


def test_role_still_works_on_opted_out_page(pages: dict[str, BeautifulSoup]) -> None:
    assert explicit_texts(pages["optout.html"]) == ["KV cache"]


def test_project_glossary_words_are_never_auto_linked(pages: dict[str, BeautifulSoup]) -> None:
    for page, soup in pages.items():
        texts = [t.lower() for t in auto_texts(soup)]
        assert "knowledge distillation" not in texts, page
    # its definition's prose is still prose
    assert auto_texts(pages["project-glossary.html"]) == ["Kernel fusion"]
    assert used_on(pages["glossary.html"])["aiterm-knowledge-distillation"] == []


def test_common_words_only_on_ml_pages(pages: dict[str, BeautifulSoup]) -> None:
    soup = pages["nonml.html"]
    assert auto_texts(soup) == ["KV cache"]  # multi-word names link anywhere
    assert soup.select_one("div.attention") is not None


def test_page_metadata_can_force_the_ml_treatment(pages: dict[str, BeautifulSoup]) -> None:
    assert auto_texts(pages["forced-ml.html"]) == ["attention"]


def test_glossary_page_entries_do_not_link_themselves(pages: dict[str, BeautifulSoup]) -> None:
    assert pages["glossary.html"].select(AUTO) == []
    assert pages["zz-used.html"].select(AUTO) == []


# --- used on, used-only ----------------------------------------------------------------------


def test_used_on_lists_pages_with_roles_and_auto_links(pages: dict[str, BeautifulSoup]) -> None:
    lines = used_on(pages["glossary.html"])
    assert lines["aiterm-kv-cache"] == [
        "api.html",
        "myst.html",
        "nonml.html",
        "optout.html",  # an explicit role on an opted-out page
        "prose.html",
    ]
    assert lines["aiterm-langevin-dynamics"] == ["prose.html"]  # role only
    assert lines["aiterm-late-fusion"] == ["exclusions.html", "prose.html"]
    assert lines["aiterm-attention"] == ["forced-ml.html", "prose.html"]
    assert lines["aiterm-anchors"] == []  # only non-ML pages say "anchors"
    # Uses inside `only` blocks count where the builder keeps the block.
    assert lines["aiterm-knowledge-graph-embedding"] == []  # `only:: latex`
    assert lines["aiterm-audio-generation"] == ["exclusions.html", "prose.html"]
    link = pages["glossary.html"].select_one("#aiterm-kv-cache + dd .aiterms-used-on a")
    assert link is not None and link.get_text() == "API"  # the page title


def test_used_only_page(pages: dict[str, BeautifulSoup]) -> None:
    soup = pages["zz-used.html"]
    shown = [dt.get_text(" ", strip=True) for dt in soup.select("dt.aiterms-term")]
    # not ansor, atomic operation, nor knowledge graph embedding (used in `only:: latex`)
    assert shown == ["attention mask", "KV cache"]  # names as written
    assert soup.select(".aiterms-used-on") == []  # :no-used-on:
    mask = next(a for a in pages["prose.html"].select(AUTO) if a.get_text() == "attention mask")
    assert mask["href"] == "zz-used.html#aiterm-attention-mask"


# --- density ------------------------------------------------------------------------------------

DENSITY = {
    "page": ["attention sink"],
    "section": ["attention sink", "attention sink"],
    "paragraph": ["attention sink", "Attention sinks", "attention sink", "attention sink"],
    "every": [
        "attention sink",
        "attention\nsink",  # across a line break
        "Attention sinks",
        "attention sink",
        "attention sink",
        "attention sink",
    ],
}


@pytest.mark.parametrize("density", list(DENSITY))
def test_density(tmp_path: Path, density: str) -> None:
    result = build_project(
        ROOTS / "test-autolink-density",
        tmp_path,
        confoverrides={"aiterms_autolink_density": density},
        extract=auto_texts,
    )
    assert result.status == 0 and result.warnings == ""
    assert result.pages["index.html"] == DENSITY[density]


# --- other builders, switches --------------------------------------------------------------------


def test_text_builder_plain_and_quiet(tmp_path: Path) -> None:
    result = build_project(ROOTS / "test-autolink", tmp_path, builder="text")
    assert result.status == 0 and strip_colors(result.warnings) == ""
    text = (result.outdir / "prose.txt").read_text("utf-8")
    assert "keeps a KV cache while" in text


def test_assembled_builders_resolve_every_document(tmp_path: Path) -> None:
    """singlehtml and LaTeX resolve one tree made of all documents."""
    single = build_project(
        ROOTS / "test-autolink-density", tmp_path, builder="singlehtml", extract=auto_texts
    )
    assert single.status == 0 and single.warnings == ""
    assert single.pages["index.html"] == ["attention sink"]
    latex = build_project(ROOTS / "test-autolink-density", tmp_path, builder="latex")
    assert latex.status == 0 and latex.warnings == ""
    tex = next(latex.outdir.glob("*.tex")).read_text("utf-8")
    assert r"\hyperref[\detokenize{glossary:aiterm-attention-sink}]" in tex
    assert "aiterm_candidate" not in tex and "DUrole{aiterms-auto}" not in tex


def test_generated_page_with_used_only(tmp_path: Path) -> None:
    def extract(soup: BeautifulSoup) -> object:
        return auto_texts(soup), used_on(soup)

    result = build_project(ROOTS / "test-autolink-zeroconf", tmp_path, extract=extract)
    assert result.status == 0 and result.warnings == ""
    links, _ = result.pages["index.html"]
    assert links == ["KV cache", "knowledge distillation"]
    _, entries = result.pages["aiterms-glossary.html"]
    assert entries == {
        "aiterm-attention-sink": ["other.html"],
        "aiterm-knowledge-distillation": ["index.html"],
        "aiterm-kv-cache": ["index.html", "other.html"],
    }
    assert {name for name in result.inventory["aiterms:term"] if "(" not in name} == {
        "attention sink",
        "knowledge distillation",
        "kv cache",
    }


def test_global_switch_off(tmp_path: Path) -> None:
    result = build_project(
        ROOTS / "test-autolink-density",
        tmp_path,
        confoverrides={"aiterms_autolink": "0"},
        extract=lambda soup: (auto_texts(soup), term_links(soup)),
    )
    assert result.status == 0
    assert result.pages["index.html"] == ([], [])


# --- -j and incremental ---------------------------------------------------------------------------


def _links_and_usage(soup: BeautifulSoup) -> object:
    return term_links(soup), auto_texts(soup), used_on(soup)


def test_parallel_matches_serial(tmp_path: Path) -> None:
    serial, _ = assert_parallel_matches_serial(
        ROOTS / "test-autolink", tmp_path, jobs=4, extract=_links_and_usage
    )
    assert serial.pages["prose.html"][1][0] == "KV cache"
    assert serial.pages["glossary.html"][2]["aiterm-kv-cache"]


def test_incremental_relinks_only_the_edited_page(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-autolink", src)
    work = tmp_path / "work"
    log = work / "readlog.txt"

    def build(**kwargs: object) -> tuple[dict[str, object], set[str], set[str]]:
        log.unlink(missing_ok=True)
        result = build_project(src, work, fresh=False, extract=_links_and_usage)
        assert result.status == 0, result.warnings
        lines = log.read_text("utf-8").splitlines() if log.exists() else []
        read = {line.split()[1] for line in lines if line.startswith("read ")}
        written = {line.split()[1] for line in lines if line.startswith("write ")}
        return result.pages, read, written

    first, _, _ = build()
    page = src / "nonml.rst"
    page.write_text(page.read_text("utf-8") + "\nLabel smoothing now appears here.\n", "utf-8")
    second, read, written = build()
    assert read == {"nonml"}
    assert second["nonml.html"][1] == ["KV cache", "Label smoothing"]  # type: ignore[index]
    # Only nonml was re-linked; the glossary page was re-written for "used on".
    assert "glossary" in written
    assert "nonml.html" in second["glossary.html"][2]["aiterm-label-smoothing"]  # type: ignore[index]
    for name in ("prose.html", "api.html", "myst.html", "exclusions.html"):
        assert second[name] == first[name], name

    # The project's own glossary gains "kernel fusion": other pages drop that link.
    glossary = src / "project-glossary.rst"
    glossary.write_text(
        glossary.read_text("utf-8").replace(
            ".. glossary::\n", ".. glossary::\n\n   kernel fusion\n      Ours too.\n"
        ),
        "utf-8",
    )
    third, read, written = build()
    assert read == {"project-glossary"}
    assert {"prose", "api"} <= written
    assert "Kernel fusion" not in third["prose.html"][1]  # type: ignore[index]
    assert "kernel fusion" not in third["api.html"][1]  # type: ignore[index]
    clean = build_project(src, tmp_path / "clean", extract=_links_and_usage)
    assert clean.pages == third
