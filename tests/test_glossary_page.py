"""The ai-glossary directive: real Sphinx builds, checked through the HTML they write.

Builds are shared per module (a full glossary page takes a few seconds).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from io import StringIO
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup, Tag
from helpers import load_seeds
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_aiterms import directive
from sphinxcontrib_aiterms.directive import initial, parse_letters
from sphinxcontrib_aiterms.glossary.categories import category_table
from sphinxcontrib_aiterms.glossary.model import Definition, Glossary, Source, Term

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

TERM_ID = re.compile(r"^aiterm-(?!def-)")
DEF_ID = re.compile(r"^aiterm-def-")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Built:
    outdir: Path
    warnings: str

    def soup(self, page: str = "index") -> BeautifulSoup:
        return BeautifulSoup((self.outdir / f"{page}.html").read_text("utf-8"), "html.parser")


def build(root: Path, dest: Path, builder: str = "html", **overrides: object) -> Built:
    src = dest / "src"
    shutil.copytree(root, src)
    warning = StringIO()
    app = SphinxTestApp(
        builder, srcdir=src, status=StringIO(), warning=warning, confoverrides=overrides
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Built(app.outdir, ANSI.sub("", warning.getvalue()))


@pytest.fixture(scope="module")
def page(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(rootdir / "test-glossary-page", tmp_path_factory.mktemp("page"))


@pytest.fixture(scope="module")
def options(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(rootdir / "test-glossary-page-options", tmp_path_factory.mktemp("options"))


def ids(soup: BeautifulSoup, pattern: re.Pattern[str]) -> list[str]:
    # Not a term's earlier anchors (Term.legacy_anchors): empty spans in its dt.
    return [str(t["id"]) for t in soup.find_all(id=pattern) if t.name != "span"]


def block(soup: BeautifulSoup, definition_id: str) -> Tag:
    found = soup.find(id=f"aiterm-def-{definition_id}")
    assert isinstance(found, Tag), definition_id
    return found


# -- the full page --------------------------------------------------------------------


def test_full_page_has_every_term_and_definition(page: Built) -> None:
    soup = page.soup()
    glossary = load_seeds()
    term_ids = ids(soup, TERM_ID)
    def_ids = ids(soup, DEF_ID)
    assert len(term_ids) == 138
    assert len(def_ids) == 165
    assert set(term_ids) == {t.anchor for t in glossary}
    assert set(def_ids) == {f"aiterm-def-{d.id}" for d in glossary.definitions}
    every = [str(t["id"]) for t in soup.find_all(id=True)]
    assert len(every) == len(set(every)), "duplicate ids"


def test_full_page_builds_without_warnings(page: Built) -> None:
    assert page.warnings == ""


def test_term_shows_title_aliases_categories_and_definitions(page: Built) -> None:
    soup = page.soup()
    attpsm = load_seeds().resolve("AttPSM")
    assert attpsm is not None
    dt = soup.find(id=attpsm.anchor)
    assert isinstance(dt, Tag) and dt.name == "dt"
    # Titled by the term's name as its sources case it (issue 16, item 6).
    assert dt.get_text(strip=True) == attpsm.display
    dd = dt.find_next_sibling("dd")
    assert isinstance(dd, Tag)
    assert [a.get_text() for a in dd.select(".aiterms-alias")] == list(attpsm.aliases)
    assert len(attpsm.aliases) == 2
    # Categories as readers see them: the category table's merged names.
    table = category_table()
    assert [b.get_text() for b in dd.select(".aiterms-categories .aiterms-badge")] == [
        table.display("lithography")
    ]
    assert table.display("lithography") != "lithography"
    # Several definitions: numbered, each with its own id and category, shown
    # once (in its header, not again for the whole term).
    dt = soup.find(id="aiterm-attribution")
    assert isinstance(dt, Tag)
    dd = dt.find_next_sibling("dd")
    assert isinstance(dd, Tag)
    assert not dd.select(".aiterms-categories")
    blocks = dd.select(".aiterms-definition")
    assert len(blocks) == 2
    assert [
        b.select_one(".aiterms-definition-header .aiterms-badge").get_text() for b in blocks
    ] == [  # type: ignore[union-attr]
        table.display("evaluation"),
        table.display("rag"),
    ]


def test_definition_body_renders_markdown_as_nodes(page: Built) -> None:
    soup = page.soup()
    body = block(soup, "label-smoothing")
    assert body.select("ul > li")
    table = body.find("table")
    assert isinstance(table, Tag)
    assert [th.get_text(strip=True) for th in table.find_all("th")][:3] == [
        "Effect",
        "Without Smoothing",
        "With Smoothing",
    ]
    pre = body.find("pre")
    assert isinstance(pre, Tag)
    assert "def label_smoothing_loss(logits, targets, epsilon=0.1):" in pre.get_text()
    assert body.select(".highlight-python")  # highlighted by Sphinx, as python
    # Inline math is MathML, not TeX.
    maths = body.find_all("math")
    assert maths and all(m["display"] == "inline" for m in maths)
    assert "\\varepsilon" not in body.get_text()
    assert "**" not in body.get_text()


def test_display_math_is_mathml_block(page: Built) -> None:
    soup = page.soup()
    body = block(soup, "atpg")
    math = body.select_one(".aiterms-math-block > math[display=block]")
    assert math is not None
    assert math.find("mfrac") is not None
    assert "$$" not in body.get_text()


def unquote(text: str) -> str:
    """Undo Sphinx's smart quotes."""
    return text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))


def headings_outside_code(body: str) -> list[str]:
    """ATX heading lines of a Markdown body that are not inside a ``` fence."""
    found, fenced = [], False
    for line in body.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,6} ", line):
            found.append(line.lstrip("#").strip())
    return found


def test_heading_in_body_is_a_rubric(page: Built) -> None:
    soup = page.soup()
    with_headings = {
        d.id: headings_outside_code(d.body)
        for d in load_seeds().definitions
        if headings_outside_code(d.body)
    }
    assert with_headings, "no body with a heading left in the seeds"
    for definition_id, headings in with_headings.items():
        body = block(soup, definition_id)
        rubrics = body.select("p.rubric.aiterms-heading")
        assert [unquote(r.get_text()) for r in rubrics] == headings
        assert not body.find(["h1", "h2", "h3", "h4", "h5", "h6", "section"])
        # No ids from the scratch document leak onto the page.
        assert all(not r.get("id") for r in rubrics)


def test_sources_are_cited_for_readers(page: Built) -> None:
    soup = page.soup()
    dd = soup.find(id="aiterm-label-smoothing").find_next_sibling("dd")  # type: ignore[union-attr]
    sources = dd.select(".aiterms-source")  # type: ignore[union-attr]
    # Two definitions, each copied on two seed pages (one says it is page 36),
    # all from the same entry: one citation, once for the whole entry.
    assert [s.get_text() for s in sources] == [
        "AI Factory Glossary, entry “label smoothing”, page 36"
    ]
    # A term's only definition: cited under it.
    assert [
        s.get_text()
        for s in block(soup, "kaizen-manufacturing-operations").select(".aiterms-source")
    ] == ["AI Factory Glossary, entry “kaizen”, page 36"]
    # No repository path, file name or line number reaches a reader.
    text = soup.get_text()
    assert "seeds/" not in text and ".txt" not in text


def test_jump_bar_and_letter_groups(page: Built) -> None:
    soup = page.soup()
    links = soup.select(".aiterms-jumpbar a.aiterms-jump")
    assert [a.get_text() for a in links] == ["A", "K", "L"]
    assert [a["href"] for a in links] == [
        "#aiterms-letter-a",
        "#aiterms-letter-k",
        "#aiterms-letter-l",
    ]
    empty = [s.get_text() for s in soup.select(".aiterms-jumpbar .aiterms-jump-empty")]
    assert len(empty) == 23 and "B" in empty
    groups = soup.select(".aiterms-group")
    assert [g["id"] for g in groups] == ["aiterms-letter-a", "aiterms-letter-k", "aiterms-letter-l"]
    for group in groups:
        letter = group.select_one(".aiterms-group-title").get_text()  # type: ignore[union-attr]
        for dt in group.select("dt.aiterms-term"):
            assert initial(str(dt["id"])[len("aiterm-") :]) == letter


def test_no_mathjax_or_cdn_on_the_page(page: Built) -> None:
    soup = page.soup()
    srcs = [str(s.get("src", "")) for s in soup.find_all("script")]
    assert not [s for s in srcs if "mathjax" in s.lower() or s.startswith(("http:", "https:"))]
    assert "MathJax" not in str(soup)
    assert soup.find_all("math")


def test_stylesheet_and_sphinx_design_classes(page: Built) -> None:
    soup = page.soup()
    hrefs = [str(link["href"]) for link in soup.find_all("link", rel="stylesheet")]
    assert any(h.startswith("_static/aiterms-glossary.css") for h in hrefs)
    assert (page.outdir / "_static" / "aiterms-glossary.css").is_file()
    badge = soup.select_one(".aiterms-badge")
    assert badge is not None and "sd-badge" in badge["class"]


# -- options ---------------------------------------------------------------------------


def test_options_build_warns_only_for_invalid_options(options: Built) -> None:
    lines = [line for line in options.warnings.splitlines() if line.strip()]
    assert all("invalid.rst" in line or "terms.rst" in line for line in lines), lines
    assert all(line.endswith("[aiterms.directive]") for line in lines), lines


def test_invalid_option_values_warn_with_location(options: Built) -> None:
    warnings = options.warnings
    assert re.search(
        r"invalid\.rst:\d+: WARNING: invalid ai-glossary option :group-by: 'colour'", warnings
    )
    assert "invalid ai-glossary option :definitions: 'medium'" in warnings
    assert "invalid letter in ai-glossary :letters: '7'" in warnings
    assert "invalid letter in ai-glossary :letters: 'L-'" in warnings
    assert "unknown category in ai-glossary :categories: 'no such category'" in warnings
    assert re.search(r"terms\.rst:\d+: WARNING: unknown term .*LLMs-not-a-term-but-ok", warnings)
    # ...and the page is still built, with the defaults and the valid values.
    soup = options.soup("invalid")
    assert soup.select(".aiterms-group-by-letter.aiterms-definitions-full")
    terms = soup.select("dt.aiterms-term")
    assert terms and all(initial(t["id"][len("aiterm-") :]) in "KL" for t in terms)  # type: ignore[index]
    assert any(t.get_text().startswith("laser repair") for t in terms)


def test_filter_by_categories(options: Built) -> None:
    soup = options.soup("categories")
    glossary = load_seeds()
    # Source categories select themselves…
    expected = {t.anchor for t in glossary if {"rag", "lithography"} & set(t.categories)}
    assert set(ids(soup, TERM_ID)) == expected
    assert len(expected) > 2
    # …a merged category (the category table's name or slug) all it merges.
    table = category_table()
    merged = table.category("lithography")
    assert merged is not None
    for wanted in (merged.name, merged.slug):
        assert {t.key for t in glossary if table.known(wanted, t.categories)} > {
            t.key for t in glossary if "lithography" in t.categories
        }


def test_filter_by_letters_and_no_sources(options: Built) -> None:
    soup = options.soup("letters")
    glossary = load_seeds()
    assert set(ids(soup, TERM_ID)) == {t.anchor for t in glossary if t.key[0] in "kl"}
    assert not soup.select(".aiterms-sources")
    assert [a.get_text() for a in soup.select(".aiterms-jumpbar a")] == ["K", "L"]


def test_filter_by_terms_without_navigation(options: Built) -> None:
    soup = options.soup("terms")
    assert ids(soup, TERM_ID) == ["aiterm-atpg", "aiterm-kv-cache", "aiterm-label-smoothing"]
    assert not soup.select(".aiterms-nav")
    assert soup.select(".aiterms-glossary.my-glossary")


def test_group_by_category(options: Built) -> None:
    soup = options.soup("bycategory")
    glossary = load_seeds()
    a_terms = [t for t in glossary if t.key.startswith("a")]
    titles = [
        g.select_one(".aiterms-group-title").get_text() for g in soup.select(".aiterms-group")
    ]  # type: ignore[union-attr]
    table = category_table()
    categories = {c for t in a_terms for c in table.labels(t)}
    assert set(titles) == categories | ({"General"} if "General" in titles else set())
    assert len(categories) < len({c for t in a_terms for c in t.categories})  # merged
    named = [t for t in titles if t != "General"]
    assert named == sorted(named, key=str.casefold) and titles[: len(named)] == named
    # Each term has its ids once; in its other categories it links back.
    assert sorted(ids(soup, TERM_ID)) == sorted(t.anchor for t in a_terms)
    see = soup.select(".aiterms-see a")
    assert see and all(str(a["href"]).startswith("#aiterm-") for a in see)
    # The category overview: one card per group, linking to it; no sphinx-design here.
    cards = soup.select(".aiterms-category-cards .aiterms-card")
    assert len(cards) == len(titles)
    assert not soup.select(".sd-card, .sd-badge")
    link = cards[0].select_one("a.aiterms-card-link")
    assert link is not None and link["href"] == f"#{soup.select('.aiterms-group')[0]['id']}"


def test_short_definitions(options: Built) -> None:
    soup = options.soup("short")
    short = block(soup, "label-smoothing").select(".aiterms-short")
    definition = load_seeds().by_definition_id("label-smoothing")
    assert definition is not None
    assert [p.get_text() for p in short] == [definition.short]
    assert not soup.select(".aiterms-body")


def test_term_shown_twice_gets_ids_once(options: Built) -> None:
    soup = options.soup("twice")
    assert len(soup.find_all(id="aiterm-label-smoothing")) == 1
    assert len(soup.find_all(id="aiterm-def-label-smoothing")) == 1
    groups = [str(g["id"]) for g in soup.select(".aiterms-group")]
    assert len(groups) == len(set(groups)) == 3
    second = soup.select(".aiterms-glossary")[1]
    assert second.select_one(".aiterms-see a")["href"] == "#aiterm-label-smoothing"  # type: ignore[index]


def test_myst_directive(options: Built) -> None:
    soup = options.soup("myst")
    assert sorted(ids(soup, TERM_ID)) == ["aiterm-atpg", "aiterm-kaizen"]
    assert soup.select(".aiterms-group-by-category")
    assert block(soup, "atpg").select("math")


# -- units -----------------------------------------------------------------------------


def test_initial_letter() -> None:
    assert initial("attention") == "A"
    assert initial("élan") == "E"
    assert initial("3d parallelism") == "#"
    assert initial("αβ") == "#"


def test_parse_letters() -> None:
    assert parse_letters("A-C, k") == (frozenset("ABCK"), [])
    assert parse_letters("AKL #") == (frozenset("AKL#"), [])
    assert parse_letters("C-A 1") == (frozenset(), ["C-A", "1"])


# -- escaping --------------------------------------------------------------------------


def _hostile_glossary() -> Glossary:
    body = (
        "**<script>alert(1)</script>** is </template> <b>bold?</b>\n\n"
        "```{eval-rst}\n.. raw:: html\n\n   <i>raw</i>\n```\n\n"
        "$\\text{<img src=x onerror=alert(1)>}$ and broken $\\frac{a}{$"
    )
    definition = Definition(
        id="script",
        term="<script>",
        header="<script>",
        category="<b>cat</b>",
        title="<script>alert('t')</script>",
        body=body,
        short="<script>",
        concise="<script>",
        sources=(Source("<evil>.txt", 1),),
    )
    term = Term(
        key="<script>",
        display="<script>",
        title="<script>alert('t')</script>",
        anchor="aiterm-script",
        aliases=("</template>",),
        keywords=(),
        categories=("<b>cat</b>",),
        definitions=(definition,),
    )
    return Glossary(terms={term.key: term}, names={term.key: term.key})


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(directive, "get_glossary", lambda env: _hostile_glossary())
    yield


@pytest.mark.usefixtures("hostile")
def test_glossary_text_is_escaped(rootdir: Path, tmp_path: Path) -> None:
    built = build(rootdir / "test-glossary-page", tmp_path)
    html = (built.outdir / "index.html").read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    main = soup.select_one(".aiterms-glossary")
    assert main is not None
    assert not main.find_all(["script", "template", "b", "i", "img"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;/template&gt;" in html
    assert ".. raw:: html" in main.get_text()  # the fence is code, not a directive
    mtext = main.find("mtext")
    # (MathML keeps \text spaces as no-break spaces.)
    assert (
        mtext is not None
        and mtext.get_text().replace("\xa0", " ") == "<img src=x onerror=alert(1)>"
    )
    assert "<img" not in html.split('class="aiterms-glossary', 1)[1]
    # Broken LaTeX: shown as its source, with a located warning, no crash.
    source = main.select_one("code.aiterms-math-source")
    assert source is not None and source.get_text() == "\\frac{a}{"
    # located at the glossary file and line, naming the term (issue 13, item 10)
    assert re.search(
        r"<evil>\.txt:1: WARNING: math in the definition of '<script>' \(<evil>\.txt:1\) "
        r"could not be rendered: unbalanced braces",
        built.warnings,
    )
    assert built.warnings.rstrip().endswith("[aiterms.math]")
