"""The aiterms domain: placement, inventory, search, indices, config, zero config,
every builder, incremental rebuilds."""

from __future__ import annotations

import json
import pickle
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from helpers import build_project, load_inventory, soup_of, strip_colors

from sphinxcontrib_aiterms.config import OPTIONS, OPTIONS_BY_NAME

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"


def _searchindex(app: SphinxTestApp) -> dict[str, Any]:
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])  # type: ignore[no-any-return]


# --- placement, inventory, search, indices ---------------------------------------------


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_objects_inv(app: SphinxTestApp) -> None:
    app.build()
    terms = load_inventory(app.outdir / "objects.inv")["aiterms:term"]
    # placed terms only, at the first document (sorted) whose directive shows them
    assert terms["attention sink"] == "glossary.html#aiterm-attention-sink"
    assert terms["kv cache"] == "zz_second.html#aiterm-kv-cache"
    assert terms["aot compilation"] == "glossary.html#aiterm-aot-compilation"
    # aliases and category-qualified names resolve for intersphinx users too
    assert terms["aot"] == "glossary.html#aiterm-aot-compilation"
    assert terms["attribution (rag)"] == "glossary.html#aiterm-def-attribution-rag"
    assert "attention mask" not in terms  # not shown by any directive


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_search_index(app: SphinxTestApp) -> None:
    app.build()
    index = _searchindex(app)
    objects = index["objects"]
    flat = {entry[4]: entry for entries in objects.values() for entry in entries}
    assert "attention sink" in flat  # [docindex, typeindex, priority, anchor, name]
    sink = flat["attention sink"]
    assert index["docnames"][sink[0]] == "glossary"
    assert sink[3] == "aiterm-attention-sink"
    assert index["objnames"][str(sink[1])] == ["aiterms", "term", "AI term"]
    assert "aot" not in flat  # aliases stay out of search results (priority -1)


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_general_index(app: SphinxTestApp) -> None:
    app.build()
    soup = soup_of(app.outdir / "genindex.html")
    hrefs = {a.get_text(): a["href"] for a in soup.select("a")}
    assert hrefs["attention sink"] == "glossary.html#aiterm-attention-sink"
    assert hrefs["KV cache"] == "zz_second.html#aiterm-kv-cache"
    text = soup.get_text(" ")
    assert re.search(r"AOT\s+see AOT compilation", text)
    # keywords are searchable but not index entries
    assert "infinite context" not in text


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_general_index_not_duplicated_on_rebuild(app: SphinxTestApp) -> None:
    app.build()
    app.build()  # an incremental build runs env-updated again
    entries = app.env.get_domain("index").data["entries"]["glossary"]
    assert [e[1] for e in entries].count("attention sink") == 1


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_domain_index(app: SphinxTestApp) -> None:
    app.build()
    soup = soup_of(app.outdir / "aiterms-index.html")
    assert soup.select_one("h1").get_text() == "AI term index"  # type: ignore[union-attr]
    letters = [s.get_text() for s in soup.select("tr.cap strong")]
    assert letters == ["A", "K"]
    hrefs = {a.get_text(): a["href"] for a in soup.select("table.indextable a")}
    assert hrefs["KV cache"] == "zz_second.html#aiterm-kv-cache"
    # a term with several definitions lists one sub-entry per category
    assert hrefs["rag"] == "glossary.html#aiterm-def-attribution-rag"
    assert "llm architecture" in soup.get_text()  # categories column


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_environment_pickles_and_holds_plain_data(app: SphinxTestApp) -> None:
    app.build()
    data = app.env.get_domain("aiterms").data
    restored = pickle.loads(pickle.dumps(app.env))
    assert restored.domaindata["aiterms"]["placements"] == data["placements"]

    def plain(value: object) -> bool:
        if isinstance(value, dict):
            return all(plain(k) and plain(v) for k, v in value.items())
        if isinstance(value, tuple | set | frozenset):
            return all(plain(v) for v in value)
        return isinstance(value, str | int | bool)

    assert plain(data)
    assert data["placements"]["zz_second"] == {"attention sink", "kv cache"}


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_clear_and_merge(app: SphinxTestApp) -> None:
    app.build()
    domain = app.env.get_domain("aiterms")
    other = pickle.loads(pickle.dumps(domain.data))
    domain.clear_doc("glossary")
    assert domain.target_docname("attention sink") == "zz_second"  # type: ignore[attr-defined]
    assert "glossary" not in domain.data["references"]
    domain.merge_domaindata({"glossary"}, other)
    assert domain.target_docname("attention sink") == "glossary"  # type: ignore[attr-defined]
    assert domain.data["references"]["usage"] == other["references"]["usage"]


# --- configuration ----------------------------------------------------------------------


def test_options_table() -> None:
    names = [o.confval for o in OPTIONS]
    assert names[:3] == ["aiterms_glossaries", "aiterms_packs", "aiterms_bundled"]
    assert {o.rebuild for o in OPTIONS} <= {"env", "html", ""}
    assert all(o.help and o.type_doc for o in OPTIONS)
    assert OPTIONS_BY_NAME["cards"].rebuild == "html"


@pytest.mark.sphinx(
    "html",
    testroot="zeroconf",
    freshenv=True,
    # not strings: Sphinx would convert (or reject) those itself
    confoverrides={"aiterms_bundled": 3, "aiterms_glossaries": [1, 2]},
)
def test_invalid_config_warns_and_falls_back(app: SphinxTestApp) -> None:
    warnings = strip_colors(app.warning.getvalue())
    assert (
        "invalid value for aiterms_bundled: 3 (expected bool); using the default True "
        "[aiterms.config]" in warnings
    )
    assert "invalid value for aiterms_glossaries: [1, 2] (expected list[str])" in warnings
    assert warnings.count("WARNING") == 2, warnings  # not again from Sphinx's own check
    assert app.config.aiterms_bundled is True
    assert tuple(app.config.aiterms_glossaries) == ()


# --- zero configuration -----------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="zeroconf", freshenv=True)
def test_zeroconf_page(app: SphinxTestApp) -> None:
    app.build()
    page = soup_of(app.outdir / "aiterms-glossary.html")
    ids = {tag["id"] for tag in page.select("[id]")}
    links = [str(a["href"]) for a in soup_of(app.outdir / "page.html").select("a.aiterm")]
    assert links == [
        "aiterms-glossary.html#aiterm-def-attribution-rag",
        "aiterms-glossary.html#aiterm-aot-compilation",
    ]
    for link in links:
        assert link.split("#")[1] in ids
    assert {"aiterm-attention-sink", "aiterm-kv-cache"} <= ids
    assert not (app.srcdir / "aiterms-glossary.rst").exists()
    # the page is searchable, so the terms' search entries (which point at it) stay
    index = _searchindex(app)
    assert "aiterms-glossary" in index["docnames"]
    assert load_inventory(app.outdir / "objects.inv")["aiterms:term"]["attention sink"] == (
        "aiterms-glossary.html#aiterm-attention-sink"
    )
    assert app.warning.getvalue() == ""


@pytest.mark.sphinx("singlehtml", testroot="zeroconf", freshenv=True)
def test_zeroconf_singlehtml(app: SphinxTestApp) -> None:
    app.build()
    links = [str(a["href"]) for a in soup_of(app.outdir / "index.html").select("a.aiterm")]
    assert "aiterms-glossary.html#aiterm-attention-sink" in links
    ids = {tag["id"] for tag in soup_of(app.outdir / "aiterms-glossary.html").select("[id]")}
    assert "aiterm-attention-sink" in ids


@pytest.mark.sphinx("text", testroot="zeroconf", freshenv=True)
def test_zeroconf_text_is_plain(app: SphinxTestApp) -> None:
    app.build()
    assert "A definition link *attribution* and an alias *AOT*." in (
        app.outdir / "page.txt"
    ).read_text(encoding="utf-8")
    assert app.warning.getvalue() == ""


# --- every builder --------------------------------------------------------------------

BUILDERS = ["html", "dirhtml", "singlehtml", "epub", "latex", "text", "man", "texinfo"]
HTML_BUILDERS = {"html", "dirhtml", "singlehtml", "epub"}


@pytest.mark.parametrize("builder", BUILDERS)
@pytest.mark.parametrize("root", ["zeroconf", "domain-clean", "domain-full"])
def test_every_builder_without_warnings(builder: str, root: str, tmp_path: Path) -> None:
    result = build_project(
        ROOTS / f"test-{root}", tmp_path, builder=builder, confoverrides={"nitpicky": "1"}
    )
    assert result.status == 0
    assert strip_colors(result.warnings) == ""
    files = [p for p in result.outdir.rglob("*") if p.is_file()]
    assert files
    generated = [
        p
        for p in files
        if p.suffix in {".html", ".xhtml"} and "aiterms-glossary" in (p.stem, p.parent.name)
    ]
    # the generated page: HTML builders only, and only without an ai-glossary directive
    assert bool(generated) == (root == "zeroconf" and builder in HTML_BUILDERS)
    if builder in {"man", "text"}:
        out = "\n".join(p.read_text(encoding="utf-8") for p in result.outdir.glob("*.[1t]*"))
        assert "attention sink" in out
        assert "aiterm" not in out
    if builder == "latex" and root == "domain-full":
        tex = (result.outdir / "project.tex").read_text(encoding="utf-8")
        # the link and its target both survive
        assert r"\hyperref[\detokenize{glossary:aiterm-attention-sink}]" in tex
        assert r"\label{\detokenize{glossary:aiterm-attention-sink}}" in tex


# --- incremental builds -----------------------------------------------------------------


def test_incremental_rebuild_reads_only_the_edited_page(make_app: Any, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-domain-clean", src)
    make_app("html", srcdir=src).build()
    page = src / "usage.rst"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nMore on :term-ai:`KV cache`.\n", encoding="utf-8"
    )
    app = make_app("html", srcdir=src)
    read: list[str] = []
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    app.build()
    assert read == ["usage"]
    links = [
        (a.get_text(), a["href"]) for a in soup_of(app.outdir / "usage.html").select("a.aiterm")
    ]
    assert links[-1] == ("KV cache", "zz_second.html#aiterm-kv-cache")
    # placements of documents not re-read are kept
    assert app.env.get_domain("aiterms").data["placements"]["glossary"]


def test_definition_change_rewrites_the_documents_using_it(make_app: Any, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-domain-userfile", src)
    first = make_app("html", srcdir=src)
    first.build()
    assert first.warning.getvalue() == ""
    title = soup_of(first.outdir / "uses.html").select_one("a.aiterm")["title"]  # type: ignore[index]
    assert title == "Widget tuning is adjusting widgets until they behave."

    glossary = src / "terms.yaml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace("until they behave", "carefully"),
        encoding="utf-8",
    )
    app = make_app("html", srcdir=src)
    read: list[str] = []
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    app.build()
    # Only a definition changed: no page is re-read (none shows the glossary),
    # but the page whose link carries that definition is re-written.
    assert read == []
    title = soup_of(app.outdir / "uses.html").select_one("a.aiterm")["title"]  # type: ignore[index]
    assert title == "Widget tuning is adjusting widgets carefully."


@pytest.mark.sphinx(
    "html",
    testroot="domain-userfile",
    freshenv=True,
    confoverrides={"aiterms_glossaries": ["terms.yaml", "missing.yaml"]},
)
def test_glossary_problems_are_located_warnings(app: SphinxTestApp) -> None:
    warnings = strip_colors(app.warning.getvalue())
    assert re.search(
        r"WARNING: aiterms_glossaries: glossary file 'missing\.yaml' not found "
        r"\(looked for /\S+/missing\.yaml\); it is skipped \[aiterms\.config\]$",
        warnings,
        re.M,
    ), warnings
    app.build()
    # the readable file still loads
    assert soup_of(app.outdir / "uses.html").select_one("a.aiterm") is not None


@pytest.mark.sphinx("html", testroot="domain-full", freshenv=True)
def test_real_directive_places_terms(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    links = [str(a["href"]) for a in soup_of(app.outdir / "usage.html").select("a.aiterm")]
    assert links == [
        "glossary.html#aiterm-def-attribution-rag",
        "glossary.html#aiterm-aot-compilation",
        "more.html#aiterm-kv-cache",  # only the later directive shows it
        "glossary.html#aiterm-attention-sink",  # both show it: the first document wins
    ]
    for link in links:
        page, anchor = link.split("#")
        assert soup_of(app.outdir / page).find(id=anchor) is not None
    assert not (app.outdir / "aiterms-glossary.html").exists()


def test_intersphinx_from_another_project(make_app: Any, tmp_path: Path) -> None:
    producer = build_project(ROOTS / "test-domain-clean", tmp_path / "producer")
    assert producer.status == 0
    src = tmp_path / "consumer"
    shutil.copytree(ROOTS / "test-domain-intersphinx", src)
    inventory = str(producer.outdir / "objects.inv")
    app = make_app(
        "html",
        srcdir=src,
        confoverrides={"intersphinx_mapping": {"proj": ("https://example.org/proj/", inventory)}},
    )
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    hrefs = [str(a["href"]) for a in soup_of(app.outdir / "index.html").select("a.reference")]
    assert hrefs == [
        "https://example.org/proj/zz_second.html#aiterm-kv-cache",
        "https://example.org/proj/glossary.html#aiterm-aot-compilation",
        "https://example.org/proj/glossary.html#aiterm-def-attribution-rag",
    ]
