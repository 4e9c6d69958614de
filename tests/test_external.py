"""Definitions for other projects: ``aiterms.json`` beside ``objects.inv``, and hover
cards in a project that links to ours through intersphinx (two local projects).

The producer is built once per module; each consumer build maps it with a local
inventory path, or over HTTP from a server on 127.0.0.1 (for the cache).
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from helpers import BuildResult, build_project, soup_of, strip_colors
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_aiterms.external import (
    ENV_CACHE,
    JSON_FILE,
    SCHEMA,
    SCHEMA_VERSION,
    json_location,
)
from sphinxcontrib_aiterms.glossary.loader import load_glossary

ROOTS = Path(__file__).parent / "roots"
PRODUCER = ROOTS / "test-external-producer"
CONSUMER = ROOTS / "test-external-consumer"
BASE = "https://example.org/proj/"
BUNDLED = load_glossary()


@pytest.fixture(scope="module")
def producer(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    result = build_project(PRODUCER, tmp_path_factory.mktemp("producer"))
    assert result.status == 0, result.warnings
    return result


def terms_file(outdir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((outdir / JSON_FILE).read_text(encoding="utf-8"))
    return data


def build_consumer(
    workdir: Path, mapping: dict[str, Any], *, fresh: bool = True
) -> tuple[BeautifulSoup, str, SphinxTestApp]:
    """Build a copy of the consumer in ``workdir/src``; its index page and warnings."""
    src = workdir / "src"
    if fresh or not src.exists():
        shutil.rmtree(src, ignore_errors=True)
        shutil.copytree(CONSUMER, src)
    app = SphinxTestApp("html", srcdir=src, confoverrides={"intersphinx_mapping": dict(mapping)})
    try:
        app.build()
    finally:
        app.cleanup()
    return soup_of(app.outdir / "index.html"), strip_colors(app.warning.getvalue()), app


@pytest.fixture(scope="module")
def consumer(
    producer: BuildResult, tmp_path_factory: pytest.TempPathFactory
) -> tuple[BeautifulSoup, str, SphinxTestApp]:
    inventory = str(producer.outdir / "objects.inv")
    return build_consumer(tmp_path_factory.mktemp("consumer"), {"proj": (BASE, inventory)})


def card(soup: BeautifulSoup, link: Tag) -> Tag:
    found = soup.find(id=str(link["data-aiterms-card"]))
    assert isinstance(found, Tag)
    return found


def part(tag: Tag, name: str) -> str:
    found = tag.select_one(f".aiterm-card-{name}")
    return found.get_text() if found is not None else ""


# --- out ------------------------------------------------------------------------------


def test_terms_file_beside_the_inventory(producer: BuildResult) -> None:
    data = terms_file(producer.outdir)
    assert (data["schema"], data["version"], data["project"]) == (
        SCHEMA,
        SCHEMA_VERSION,
        "Producer",
    )
    by_url = {entry["url"]: entry for entry in data["terms"]}
    # Every term that lives here, at the URL objects.inv gives it.
    inventory = producer.inventory["aiterms:term"]
    for name in ("widget tuning", "attention sink", "attention", "attention sink (architecture)"):
        assert inventory[name] in by_url, name
    widget = by_url["glossary.html#aiterm-widget-tuning"]
    assert widget == {
        "name": "widget tuning",
        "title": "Widget tuning",
        "category": "house rules",
        "short": "Widget tuning is adjusting widgets until they behave.",
        "count": 1,
        "url": "glossary.html#aiterm-widget-tuning",
    }
    sink = BUNDLED.terms["attention sink"]
    architecture = by_url["glossary.html#aiterm-def-attention-sink-architecture"]
    assert architecture["short"] == sink.definitions[1].concise
    assert architecture["count"] == 2
    # Terms not shown on this site are not in the file.
    assert {entry["url"].partition("#")[0] for entry in data["terms"]} == {"glossary.html"}
    assert len(data["terms"]) == 3 + 2


def test_terms_file_in_dirhtml_matches_its_inventory(tmp_path: Path) -> None:
    result = build_project(PRODUCER, tmp_path, builder="dirhtml")
    urls = {entry["url"] for entry in terms_file(result.outdir)["terms"]}
    assert result.inventory["aiterms:term"]["widget tuning"] in urls
    assert "glossary/#aiterm-widget-tuning" in urls


def test_no_terms_file_without_an_inventory(tmp_path: Path) -> None:
    for builder in ("singlehtml", "text"):
        result = build_project(PRODUCER, tmp_path / builder, builder=builder)
        assert result.status == 0
        assert not (result.outdir / JSON_FILE).exists(), builder


def test_json_location() -> None:
    assert json_location(BASE, None) == BASE + JSON_FILE
    assert json_location(BASE, "https://m.example/inv/objects.inv") == (
        "https://m.example/inv/" + JSON_FILE
    )
    assert json_location(BASE, "../build/objects.inv") == "../build/" + JSON_FILE


# --- in -------------------------------------------------------------------------------


def test_external_term_links_get_cards(consumer: tuple[BeautifulSoup, str, Any]) -> None:
    soup, warnings, _ = consumer
    assert warnings == ""
    external = soup.select("a.aiterm-external")
    hrefs = [str(a["href"]) for a in external]
    assert hrefs == [
        BASE + "glossary.html#aiterm-widget-tuning",
        BASE + "glossary.html#aiterm-def-attention-sink-architecture",
        BASE + "glossary.html#aiterm-attention",
        BASE + "glossary.html#aiterm-widget-tuning",
        BASE + "glossary.html#aiterm-widget-tuning",  # the plain hyperlink too
    ]
    widget = card(soup, external[0])
    assert part(widget, "title") == "Widget tuning"
    assert part(widget, "category") == "house rules"
    assert part(widget, "def") == "Widget tuning is adjusting widgets until they behave."
    more = widget.select_one(".aiterm-card-more")
    assert more is not None and more["href"] == external[0]["href"]
    assert external[0]["aria-describedby"] == f"{widget['id']}-def"
    sink = card(soup, external[1])
    assert part(sink, "def") == BUNDLED.terms["attention sink"].definitions[1].concise
    assert part(sink, "count") == "2 definitions"
    # One card per distinct target, however many links.
    ids = [str(c["id"]) for c in soup.select(".aiterm-card")]
    assert len(ids) == len(set(ids)) == 4


def test_own_and_external_cards_do_not_collide(consumer: tuple[BeautifulSoup, str, Any]) -> None:
    soup, _, _ = consumer
    ours = soup.select_one("a.aiterm:not(.aiterm-external)")
    assert ours is not None and ours["href"] == "aiterms-glossary.html#aiterm-attention"
    theirs = soup.select('a.aiterm-external[href$="#aiterm-attention"]')
    assert theirs and theirs[0]["data-aiterms-card"] != ours["data-aiterms-card"]
    assert card(soup, ours).select_one(".aiterm-card-more")["href"] == ours["href"]  # type: ignore[index]


def test_fetched_terms_are_kept_in_the_environment(
    consumer: tuple[BeautifulSoup, str, SphinxTestApp], producer: BuildResult
) -> None:
    _, _, app = consumer
    cache = getattr(app.env, ENV_CACHE)
    location = str(producer.outdir / JSON_FILE)
    assert set(cache) == {location}
    assert cache[location]["name"] == "proj"
    assert len(cache[location]["terms"]) == 5


def test_project_without_terms_file_is_silently_skipped(
    producer: BuildResult, tmp_path: Path
) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(producer.outdir / "objects.inv", plain)
    soup, warnings, _ = build_consumer(
        tmp_path / "consumer", {"proj": (BASE, str(plain / "objects.inv"))}
    )
    assert warnings == ""
    assert soup.select("a.reference.external")  # intersphinx links, without cards
    assert not soup.select(".aiterm-external, .aiterm-card[id*='ext_']")


def test_broken_terms_file_warns(producer: BuildResult, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    shutil.copy(producer.outdir / "objects.inv", broken)
    (broken / JSON_FILE).write_text('{"schema": "sphinxcontrib-aiterms", "version": 99}')
    soup, warnings, _ = build_consumer(
        tmp_path / "consumer", {"proj": (BASE, str(broken / "objects.inv"))}
    )
    assert "unsupported schema version 99" in warnings
    assert "[aiterms.external]" in warnings
    assert not soup.select(".aiterm-external")


@pytest.fixture
def server(producer: BuildResult) -> Iterator[tuple[str, ThreadingHTTPServer]]:
    handler = partial(_QuietHandler, directory=str(producer.outdir))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_remote_terms_file_is_fetched_and_cached(
    server: tuple[str, ThreadingHTTPServer], tmp_path: Path
) -> None:
    base, httpd = server
    mapping = {"proj": (base, None)}
    soup, warnings, _ = build_consumer(tmp_path, mapping)
    assert warnings == ""
    links = soup.select("a.aiterm-external")
    assert links and all(str(a["href"]).startswith(base) for a in links)
    assert card(soup, links[0]).select_one(".aiterm-card-def") is not None
    # The server goes away; an edit rebuilds the page from the cached copy.
    httpd.shutdown()
    httpd.server_close()  # connections are refused now
    index = tmp_path / "src" / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    soup, warnings, app = build_consumer(tmp_path, mapping, fresh=False)
    assert "Edited." in soup.get_text()
    assert warnings == ""
    assert soup.select("a.aiterm-external")
    assert set(getattr(app.env, ENV_CACHE)) == {base + JSON_FILE}


def test_a_missing_remote_terms_file_is_not_asked_for_again(
    producer: BuildResult, tmp_path: Path
) -> None:
    """Most mapped projects publish no aiterms.json: the miss is remembered for
    ``intersphinx_cache_limit`` days, like a fetched file (one request, not one
    per build)."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(producer.outdir / "objects.inv", site)
    asked: list[str] = []

    class Counting(_QuietHandler):
        def do_GET(self) -> None:
            if self.path.endswith(JSON_FILE):
                asked.append(self.path)
            super().do_GET()

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Counting, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        soup, warnings, _ = build_consumer(tmp_path, {"proj": (base, None)})
        assert warnings == "" and soup.select("a.reference.external")
        assert not soup.select(".aiterm-external")
        index = tmp_path / "src" / "index.rst"
        index.write_text(index.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
        soup, warnings, _ = build_consumer(tmp_path, {"proj": (base, None)}, fresh=False)
        assert "Edited." in soup.get_text() and warnings == ""
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert asked == ["/" + JSON_FILE]
