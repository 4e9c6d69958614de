"""Definitions for other projects: ``aiterms.json`` beside ``objects.inv``, and hover
cards in a project that links to ours through intersphinx (two local projects).

The producer is built once per module; each consumer build maps it with a local
inventory path, or over HTTP from a server on 127.0.0.1 (for the cache).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from helpers import BuildResult, build_project, soup_of, strip_colors
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_aiterms.glossary.loader import load_glossary
from sphinxcontrib_aiterms.html.external import (
    JSON_FILE,
    SCHEMA,
    SCHEMA_VERSION,
    TooLarge,
    TooSlow,
    fetch_remote,
    json_location,
    request_options,
)

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
    workdir: Path,
    mapping: dict[str, Any],
    *,
    fresh: bool = True,
    root: Path = CONSUMER,
    pages: Mapping[str, str] = {},
    parallel: int = 0,
    **overrides: Any,
) -> tuple[BeautifulSoup, str, SphinxTestApp]:
    """Build a copy of the consumer (or ``root``, with more ``pages``) in
    ``workdir/src``, with ``overrides`` of its configuration; its index page and
    warnings. ``fresh=False`` builds again, incrementally."""
    src = workdir / "src"
    if fresh or not src.exists():
        shutil.rmtree(src, ignore_errors=True)
        shutil.copytree(root, src)
        for name, text in pages.items():
            (src / name).write_text(text, encoding="utf-8")
    confoverrides = {"intersphinx_mapping": dict(mapping), **overrides}
    app = SphinxTestApp("html", srcdir=src, confoverrides=confoverrides, parallel=parallel)
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
        "title": "widget tuning",  # the name as written, as on its own cards
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
    assert part(widget, "title") == "widget tuning"
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
    cache = app.env.domaindata["aiterms"]["external"]
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
    assert set(app.env.domaindata["aiterms"]["external"]) == {base + JSON_FILE}


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


# --- limits on another project's file (size, time) ------------------------------------


@contextmanager
def serve(directory: Path | None, handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 (serving ``directory`` if given); yields its base URL."""
    factory = handler if directory is None else partial(handler, directory=str(directory))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), factory)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def big_terms_file(producer: BuildResult, size: int) -> bytes:
    """A valid aiterms.json (the producer's terms) of about ``size`` bytes: one
    more entry with a long short text."""
    data = terms_file(producer.outdir)
    data["terms"].append({"name": "padding", "url": "glossary.html#pad", "short": "x" * size})
    return json.dumps(data).encode("utf-8")


def site_with(producer: BuildResult, folder: Path, terms: bytes | None = None) -> Path:
    """A copy of the producer's objects.inv and aiterms.json (or ``terms``)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(producer.outdir / "objects.inv", folder)
    if terms is None:
        shutil.copy(producer.outdir / JSON_FILE, folder)
    else:
        (folder / JSON_FILE).write_bytes(terms)
    return folder


def test_a_remote_file_above_the_size_cap_is_refused(producer: BuildResult, tmp_path: Path) -> None:
    """Content-Length above ``aiterms_external_max_bytes``: refused before the body."""
    site = site_with(producer, tmp_path / "site", big_terms_file(producer, 50_000))
    with serve(site, _QuietHandler) as base:
        soup, warnings, _ = build_consumer(
            tmp_path, {"proj": (base, None)}, aiterms_external_max_bytes=10_000
        )
    assert "[aiterms.external]" in warnings
    assert f"{base}{JSON_FILE} for 'proj'" in warnings
    assert "larger than aiterms_external_max_bytes (10000 bytes)" in warnings
    assert soup.select("a.reference.external")  # the build went on
    assert not soup.select(".aiterm-external, .aiterm-card[id*='ext_']")


class _Streaming(_QuietHandler):
    """Serves ``aiterms.json`` from :attr:`body` without a Content-Length (the
    end of the body is the end of the connection), in :attr:`pieces` writes
    :attr:`pause` seconds apart, for at most :attr:`limit` seconds."""

    body = b""
    pieces = 1
    pause = 0.0
    limit = 30.0

    def do_GET(self) -> None:
        if not self.path.endswith(JSON_FILE):
            super().do_GET()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        size = -(-len(self.body) // self.pieces)
        stop = time.monotonic() + self.limit
        try:
            for start in range(0, len(self.body), size):
                if time.monotonic() > stop:
                    break
                self.wfile.write(self.body[start : start + size])
                self.wfile.flush()
                time.sleep(self.pause)
        except OSError:
            pass  # the client hung up


def test_a_remote_file_above_the_size_cap_is_refused_while_streaming(
    producer: BuildResult, tmp_path: Path
) -> None:
    """No Content-Length: the cap is checked as the body arrives (20 MB sent)."""

    class Big(_Streaming):
        body = big_terms_file(producer, 20_000_000)
        pieces = 400

    site = site_with(producer, tmp_path / "site", b"{}")
    with serve(site, Big) as base:
        start = time.monotonic()
        soup, warnings, app = build_consumer(
            tmp_path, {"proj": (base, None)}, aiterms_external_max_bytes=10_000
        )
        elapsed = time.monotonic() - start
    assert "larger than aiterms_external_max_bytes (10000 bytes)" in warnings, warnings
    assert f"{base}{JSON_FILE} for 'proj'" in warnings
    assert not soup.select(".aiterm-external")
    assert app.env.domaindata["aiterms"]["external"] == {}  # nothing of it kept in the environment
    assert elapsed < 30, elapsed


def test_a_local_file_above_the_size_cap_is_refused(producer: BuildResult, tmp_path: Path) -> None:
    site = site_with(producer, tmp_path / "site", big_terms_file(producer, 50_000))
    soup, warnings, _ = build_consumer(
        tmp_path, {"proj": (BASE, str(site / "objects.inv"))}, aiterms_external_max_bytes=10_000
    )
    assert f"{site / JSON_FILE} for 'proj'" in warnings
    assert "larger than aiterms_external_max_bytes (10000 bytes)" in warnings
    assert not soup.select(".aiterm-external")


#: The consumer's four :external: links (its fifth, a plain hyperlink, names BASE).
ROLE_LINKS = 4


def test_a_file_of_exactly_the_cap_is_read(producer: BuildResult, tmp_path: Path) -> None:
    size = (producer.outdir / JSON_FILE).stat().st_size
    site = site_with(producer, tmp_path / "site")
    with serve(site, _QuietHandler) as remote:
        for mapping in ({"proj": (BASE, str(site / "objects.inv"))}, {"proj": (remote, None)}):
            soup, warnings, _ = build_consumer(tmp_path, mapping, aiterms_external_max_bytes=size)
            assert warnings == ""
            links = soup.select("a.aiterm-external")
            assert len(links) == ROLE_LINKS + (mapping["proj"][0] == BASE)
            widget = card(soup, links[0])
            assert part(widget, "def") == "Widget tuning is adjusting widgets until they behave."


def test_a_slow_server_is_given_up_after_intersphinx_timeout(
    producer: BuildResult, tmp_path: Path
) -> None:
    """A server sending a few bytes at a time, each well within the socket
    timeout, cannot hold the build: the whole download has intersphinx_timeout."""

    class Trickle(_Streaming):
        body = (producer.outdir / JSON_FILE).read_bytes()
        pieces = len(body)  # one byte a write, 50 a second, for at most 20 s
        pause = 0.02
        limit = 20.0

    site = site_with(producer, tmp_path / "site", b"{}")
    timeout = 1
    with serve(site, Trickle) as base:
        start = time.monotonic()
        soup, warnings, _ = build_consumer(
            tmp_path, {"proj": (base, None)}, intersphinx_timeout=timeout
        )
        elapsed = time.monotonic() - start
    assert f"{base}{JSON_FILE} for 'proj'" in warnings, warnings
    assert f"not downloaded within intersphinx_timeout ({timeout} s)" in warnings
    assert "[aiterms.external]" in warnings
    assert soup.select("a.reference.external")  # the build went on
    assert not soup.select(".aiterm-external")
    # The whole build (about 2 s here) plus the timeout, with slack for a busy machine.
    assert elapsed < timeout + 8, elapsed


def test_a_silent_server_is_given_up_after_intersphinx_timeout(
    producer: BuildResult, tmp_path: Path
) -> None:
    class Silent(_Streaming):
        body = (producer.outdir / JSON_FILE).read_bytes()
        pieces = 2
        pause = 5.0  # half the file, then nothing for 5 s

    site = site_with(producer, tmp_path / "site", b"{}")
    with serve(site, Silent) as base:
        start = time.monotonic()
        soup, warnings, _ = build_consumer(tmp_path, {"proj": (base, None)}, intersphinx_timeout=1)
        elapsed = time.monotonic() - start
    assert "not downloaded within intersphinx_timeout (1 s)" in warnings, warnings
    assert not soup.select(".aiterm-external")
    assert elapsed < 1 + 8, elapsed


NO_CONFIG = SimpleNamespace(user_agent="", tls_verify=True, tls_cacerts=None)


@pytest.mark.parametrize("protocol", ["HTTP/1.0", "HTTP/1.1"])
def test_a_stalled_read_ends_at_the_deadline(protocol: str) -> None:
    """A read already waiting when the deadline comes waits only the time left
    (a response ending with its connection, HTTP/1.0, or a keep-alive one)."""

    class Stalling(BaseHTTPRequestHandler):
        protocol_version = protocol

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            with contextlib.suppress(OSError):
                for pause in (1.5, 6.0):  # a byte, then a byte 1.5 s later, then nothing
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(pause)

    with serve(None, Stalling) as base:
        start = time.monotonic()
        with pytest.raises(TooSlow, match=r"intersphinx_timeout \(2 s\)"):
            fetch_remote(base, NO_CONFIG, 10_000_000, 2.0)  # type: ignore[arg-type]
        elapsed = time.monotonic() - start
    # Not 1.5 + 2 s (a whole timeout for the last read).
    assert 1.9 < elapsed < 2.9, elapsed


def test_the_size_cap_applies_to_the_decoded_body() -> None:
    """A small gzip body that inflates beyond the cap is refused too."""
    bomb = gzip.compress(b" " * 5_000_000)

    class Gzipped(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(bomb)))
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(bomb)

    assert len(bomb) < 10_000
    with serve(None, Gzipped) as base:
        with pytest.raises(TooLarge, match=r"aiterms_external_max_bytes \(10000 bytes\)"):
            fetch_remote(base, NO_CONFIG, 10_000, 5.0)  # type: ignore[arg-type]
        assert fetch_remote(base, NO_CONFIG, 5_000_000, 5.0) == b" " * 5_000_000  # type: ignore[arg-type]


def test_requests_honour_user_agent(producer: BuildResult, tmp_path: Path) -> None:
    """The file is fetched with Sphinx's request helper, so ``user_agent`` (and
    ``tls_verify``, ``tls_cacerts``) apply, on every supported Sphinx."""
    agents: list[str] = []

    class Recording(_QuietHandler):
        def do_GET(self) -> None:
            if self.path.endswith(JSON_FILE):
                agents.append(self.headers.get("User-Agent", ""))
            super().do_GET()

    site = site_with(producer, tmp_path / "site")
    with serve(site, Recording) as base:
        soup, warnings, _ = build_consumer(
            tmp_path, {"proj": (base, None)}, user_agent="aiterms-test-agent/1.0"
        )
    assert warnings == ""
    assert soup.select("a.aiterm-external")
    assert agents == ["aiterms-test-agent/1.0"]


def test_request_options_for_the_installed_sphinx(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compatibility shim: Sphinx ≥ 7.1 (so 7.3 and 9.0 alike, see tox) takes
    ``_user_agent`` and ``_tls_info``; Sphinx ≤ 7.0 took ``config=``."""
    from sphinx.util import requests as sphinx_requests

    config = SimpleNamespace(user_agent="ua/1", tls_verify=False, tls_cacerts={"h": "c.pem"})
    assert request_options(config) == {  # type: ignore[arg-type]
        "_user_agent": "ua/1",
        "_tls_info": (False, {"h": "c.pem"}),
    }

    class Legacy:
        def request(self, method: str, url: str, **kwargs: Any) -> None: ...

    monkeypatch.setattr(sphinx_requests, "_Session", Legacy)
    assert request_options(config) == {"config": config}  # type: ignore[arg-type]
    monkeypatch.delattr(sphinx_requests, "_Session")
    assert request_options(config) == {"config": config}  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (and its key)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def test_requests_honour_tls_settings(
    producer: BuildResult, certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    cert, key = certificate
    site = site_with(producer, tmp_path / "site")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site)))
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"https://127.0.0.1:{httpd.server_address[1]}/"
    try:
        # An unknown certificate: refused (intersphinx warns too), no cards.
        soup, warnings, _ = build_consumer(tmp_path / "a", {"proj": (base, None)})
        assert f"could not read {base}{JSON_FILE} for 'proj'" in warnings
        assert "CERTIFICATE_VERIFY_FAILED" in warnings
        assert not soup.select(".aiterm-external")
        # tls_cacerts trusts it; tls_verify = False skips the check.
        for settings in ({"tls_cacerts": str(cert)}, {"tls_verify": False}):
            soup, warnings, _ = build_consumer(tmp_path / "b", {"proj": (base, None)}, **settings)
            assert "aiterms.external" not in warnings, settings
            assert len(soup.select("a.aiterm-external")) == ROLE_LINKS, settings
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- card ids (issue 13, item 12) -----------------------------------------------------


def test_card_ids_are_unique_for_projects_named_alike(
    producer: BuildResult, tmp_path: Path
) -> None:
    """``p.x`` and ``p-x`` (the same slug) with a term of the same name: each
    link's card is its own project's."""
    mapping = {}
    for name, host in (("p.x", "one"), ("p-x", "two")):
        data = terms_file(producer.outdir)
        for entry in data["terms"]:
            if entry["name"] == "widget tuning":
                entry["short"] = f"Widget tuning as {name} defines it."
        site = site_with(producer, tmp_path / host, json.dumps(data).encode())
        mapping[name] = (f"https://{host}.example/px/", str(site / "objects.inv"))
    soup, warnings, _ = build_consumer(tmp_path, mapping, root=ROOTS / "test-external-alike")
    assert warnings == ""
    ids = [str(c["id"]) for c in soup.select(".aiterm-card")]
    assert len(ids) == len(set(ids))
    links = soup.select("a.aiterm-external")
    assert [str(a["href"]) for a in links] == [
        "https://one.example/px/glossary.html#aiterm-widget-tuning",
        "https://two.example/px/glossary.html#aiterm-widget-tuning",
        "https://one.example/px/glossary.html#aiterm-widget-tuning",
        "https://two.example/px/glossary.html#aiterm-widget-tuning",
    ]
    for link in links:
        name = "p.x" if "//one." in str(link["href"]) else "p-x"
        own = card(soup, link)
        assert part(own, "def") == f"Widget tuning as {name} defines it."
        assert link["aria-describedby"] == f"{own['id']}-def"
        described = soup.find(id=str(link["aria-describedby"]))
        assert described is not None
        assert described.get_text() == f"Widget tuning as {name} defines it."


# --- incremental builds (issue 13, item 13) -------------------------------------------


@pytest.mark.parametrize("parallel", [0, 2])
def test_an_edited_local_terms_file_rewrites_the_pages_using_it(
    producer: BuildResult, tmp_path: Path, parallel: int
) -> None:
    """Which pages link to another project is recorded while reading (merged
    from the workers under -j); an edit of its file rewrites those pages."""
    site = site_with(producer, tmp_path / "site")
    mapping = {"proj": (BASE, str(site / "objects.inv"))}
    pages = {
        f"other{i}.rst": f":orphan:\n\nOther {i}\n=======\n\nNo links to the other project.\n"
        for i in range(4)
    }
    soup, warnings, app = build_consumer(tmp_path, mapping, pages=pages, parallel=parallel)
    assert warnings == ""
    old = "Widget tuning is adjusting widgets until they behave."
    assert part(card(soup, soup.select("a.aiterm-external")[0]), "def") == old
    written = {
        page: (app.outdir / page).stat().st_mtime_ns for page in ("index.html", "other0.html")
    }

    # Re-read (local files are read every build), unchanged: nothing is rewritten.
    soup, warnings, app = build_consumer(tmp_path, mapping, fresh=False, parallel=parallel)
    assert warnings == ""
    assert (app.outdir / "index.html").stat().st_mtime_ns == written["index.html"]

    data = terms_file(site)
    for entry in data["terms"]:
        if entry["name"] == "widget tuning":
            entry["short"] = "Widget tuning, as edited."
    (site / JSON_FILE).write_text(json.dumps(data), encoding="utf-8")
    soup, warnings, app = build_consumer(tmp_path, mapping, fresh=False, parallel=parallel)
    assert warnings == ""
    widget = card(soup, soup.select("a.aiterm-external")[0])
    assert part(widget, "def") == "Widget tuning, as edited."
    assert old not in str(soup)
    # A page with no link to that project is not rewritten.
    assert (app.outdir / "other0.html").stat().st_mtime_ns == written["other0.html"]
    assert app.env.domaindata["aiterms"]["external_users"] == {"index": {"proj"}}


def test_a_refetched_remote_terms_file_rewrites_the_pages_using_it(
    producer: BuildResult, tmp_path: Path
) -> None:
    site = site_with(producer, tmp_path / "site")
    with serve(site, _QuietHandler) as base:
        mapping = {"proj": (base, None)}
        soup, _, _ = build_consumer(tmp_path, mapping)
        assert soup.select("a.aiterm-external")
        data = terms_file(site)
        for entry in data["terms"]:
            if entry["name"] == "widget tuning":
                entry["short"] = "Widget tuning, as served now."
        (site / JSON_FILE).write_text(json.dumps(data), encoding="utf-8")
        # Fetched again only once older than intersphinx_cache_limit days (0: always).
        soup, warnings, _ = build_consumer(tmp_path, mapping, fresh=False)
        assert "Widget tuning, as served now." not in str(soup)
        soup, warnings, _ = build_consumer(
            tmp_path, mapping, fresh=False, intersphinx_cache_limit=0
        )
        assert warnings == ""
        assert "Widget tuning, as served now." in str(soup)
