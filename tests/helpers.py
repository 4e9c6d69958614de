"""Build-and-compare helpers shared by the test modules.

:func:`build_project` runs a real ``sphinx-build`` (in-process, through
``build_main``) into a fresh directory and returns what the tests compare: the
warnings, every page's term links and the ``objects.inv`` entries.
:func:`assert_parallel_matches_serial` builds a project twice, serially and with
``-j``, and asserts those are equal (design notes P1, P13). Later features add
their own per-page data with ``extract=`` (e.g. hover-card contents).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main
from sphinx.util.inventory import InventoryFile

#: Every builder the extension supports (the full-feature tests build each).
BUILDERS = (
    "html",
    "dirhtml",
    "singlehtml",
    "epub",
    "latex",
    "text",
    "man",
    "texinfo",
    "gettext",
    "linkcheck",
)
#: Builders that write HTML (with term links as ``<a>``).
HTML_BUILDERS = ("html", "dirhtml", "singlehtml", "epub")

#: ``{page: extracted data}`` for one built page; ``page`` is relative to outdir.
Extractor = Callable[[BeautifulSoup], Any]


def term_links(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """``(text, href)`` of every term link on a page, in document order."""
    return [(a.get_text(), str(a.get("href", ""))) for a in soup.select("a.aiterm")]


def load_inventory(path: Path) -> dict[str, dict[str, str]]:
    """``{objtype: {name: uri}}`` from an ``objects.inv`` (Sphinx 7.3 to 9)."""
    with path.open("rb") as stream:
        data = InventoryFile.load(stream, "", lambda base, uri: uri)
    result: dict[str, dict[str, str]] = {}
    for objtype, entries in data.items():
        result[objtype] = {}
        for name, item in entries.items():
            uri = getattr(item, "uri", None)
            result[objtype][name] = str(uri if uri is not None else item[2])
    return result


def html_pages(outdir: Path) -> dict[str, BeautifulSoup]:
    """Every HTML page of a build, parsed, keyed by its path relative to ``outdir``."""
    return {
        str(path.relative_to(outdir)): BeautifulSoup(
            path.read_text(encoding="utf-8"), "html.parser"
        )
        for path in sorted(outdir.rglob("*.html"))
        if "_static" not in path.parts and "_sources" not in path.parts
    }


@dataclass
class BuildResult:
    """What one build produced."""

    status: int
    outdir: Path
    warnings: str
    #: ``{page: extract(soup)}`` for HTML builders (empty otherwise).
    pages: dict[str, Any] = field(default_factory=dict)
    #: ``{objtype: {name: uri}}``; empty when the builder writes no inventory.
    inventory: dict[str, dict[str, str]] = field(default_factory=dict)


def build_project(
    srcdir: Path,
    workdir: Path,
    *,
    builder: str = "html",
    jobs: int = 1,
    confoverrides: Mapping[str, str] | None = None,
    extract: Extractor = term_links,
    fresh: bool = True,
    extra_args: tuple[str, ...] = (),
) -> BuildResult:
    """Build ``srcdir`` into ``workdir/<builder>`` (doctrees in ``workdir/doctrees``).

    The source folder is only read. ``fresh=False`` keeps an earlier build's
    environment, for incremental builds.
    """
    outdir = workdir / builder
    doctrees = workdir / "doctrees"
    if fresh:
        shutil.rmtree(outdir, ignore_errors=True)
        shutil.rmtree(doctrees, ignore_errors=True)
    warnfile = workdir / f"warnings-{builder}.txt"
    argv = ["-b", builder, "-d", str(doctrees), "-w", str(warnfile), "-q", "-j", str(jobs)]
    for name, value in (confoverrides or {}).items():
        argv += ["-D", f"{name}={value}"]
    argv += [*extra_args, str(srcdir), str(outdir)]
    status = build_main(argv)
    warnings = warnfile.read_text(encoding="utf-8") if warnfile.exists() else ""
    result = BuildResult(status, outdir, warnings)
    if (outdir / "objects.inv").exists():
        result.inventory = load_inventory(outdir / "objects.inv")
    result.pages = {page: extract(soup) for page, soup in html_pages(outdir).items()}
    return result


def assert_parallel_matches_serial(
    srcdir: Path,
    tmp_path: Path,
    *,
    jobs: int = 4,
    builder: str = "html",
    extract: Extractor = term_links,
    confoverrides: Mapping[str, str] | None = None,
) -> tuple[BuildResult, BuildResult]:
    """Build serially and with ``-j jobs``; assert same pages, links and inventory.

    Returns both results, so callers can assert more (e.g. that links exist).
    """
    serial = build_project(
        srcdir,
        tmp_path / "serial",
        builder=builder,
        extract=extract,
        confoverrides=confoverrides,
    )
    parallel = build_project(
        srcdir,
        tmp_path / "parallel",
        builder=builder,
        jobs=jobs,
        extract=extract,
        confoverrides=confoverrides,
    )
    assert serial.status == 0, serial.warnings
    assert parallel.status == 0, parallel.warnings
    assert serial.warnings == parallel.warnings
    assert set(serial.pages) == set(parallel.pages)
    for page in serial.pages:
        assert serial.pages[page] == parallel.pages[page], page
    assert serial.inventory == parallel.inventory
    return serial, parallel


def card_data(soup: BeautifulSoup) -> list[str]:
    """Each term link's card attributes and each hover card element, as written."""
    links = [
        f"{a.get('data-aiterms-card')} {a.get('aria-describedby')}" for a in soup.select("a.aiterm")
    ]
    return links + [str(card) for card in soup.select("div.aiterm-card")]


def page_record(soup: BeautifulSoup) -> dict[str, Any]:
    """What a page must keep under ``-j``: term links, card data and the whole
    rendered body (the body is compared only where Sphinx itself is stable)."""
    body = soup.select_one("div.body") or soup.body or soup
    return {"links": term_links(soup), "cards": card_data(soup), "body": str(body)}


@dataclass
class JobsComparison:
    """Builds of one project with several ``-j`` values, with and without the extension."""

    #: ``{jobs: result}`` with the extension.
    results: dict[int, BuildResult]
    #: ``{jobs: result}`` without it (``baseline_overrides``), or empty.
    baseline: dict[int, BuildResult]


def _unstable_pages(results: Mapping[int, BuildResult]) -> set[str]:
    """Pages whose body differs between the ``-j`` builds."""
    first, *others = results.values()
    return {
        page
        for other in others
        for page in first.pages
        if first.pages[page]["body"] != other.pages.get(page, {}).get("body")
    }


def _unstable_inventory(results: Mapping[int, BuildResult]) -> set[tuple[str, str]]:
    first, *others = results.values()
    keys = {(t, n) for t, entries in first.inventory.items() for n in entries}
    return {
        (t, n)
        for other in others
        for t, n in keys
        if other.inventory.get(t, {}).get(n) != first.inventory[t][n]
    }


def assert_jobs_agree(
    srcdir: Path,
    tmp_path: Path,
    *,
    jobs: tuple[int, ...] = (1, 2, 4),
    confoverrides: Mapping[str, str] | None = None,
    baseline_overrides: Mapping[str, str] | None = None,
) -> JobsComparison:
    """Build ``srcdir`` once per ``jobs`` value and assert the builds agree.

    Term links, card data, warnings and the ``aiterms`` inventory must be equal
    in every build. Page bodies and other inventory entries must be equal too,
    except where the same ``-j`` builds *without* the extension
    (``baseline_overrides``, e.g. ``{"extensions": "myst_parser,stubs"}``) differ
    as well: those differences are Sphinx's own, not ours.
    """
    results = {
        n: build_project(
            srcdir, tmp_path / f"j{n}", jobs=n, extract=page_record, confoverrides=confoverrides
        )
        for n in jobs
    }
    baseline: dict[int, BuildResult] = {}
    if baseline_overrides is not None:
        baseline = {
            n: build_project(
                srcdir,
                tmp_path / f"base-j{n}",
                jobs=n,
                extract=page_record,
                confoverrides=baseline_overrides,
            )
            for n in jobs
        }
    first = results[jobs[0]]
    for n, result in results.items():
        assert result.status == 0, (n, result.warnings)
        assert result.warnings == first.warnings, n
        assert set(result.pages) == set(first.pages), n
        for page, record in first.pages.items():
            assert result.pages[page]["links"] == record["links"], (n, page)
            assert result.pages[page]["cards"] == record["cards"], (n, page)
        ours = {k: v for k, v in result.inventory.items() if k.startswith("aiterms:")}
        assert ours == {k: v for k, v in first.inventory.items() if k.startswith("aiterms:")}, n
    sphinx_pages = _unstable_pages(baseline) if baseline else set()
    assert _unstable_pages(results) <= sphinx_pages
    sphinx_inventory = _unstable_inventory(baseline) if baseline else set()
    assert _unstable_inventory(results) <= sphinx_inventory
    return JobsComparison(results, baseline)


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def strip_colors(text: str) -> str:
    """Warning text without ANSI colour codes (sphinx.testing keeps them off, but
    ``build_main`` may not)."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


__all__ = [
    "BuildResult",
    "Extractor",
    "JobsComparison",
    "assert_jobs_agree",
    "assert_parallel_matches_serial",
    "build_project",
    "card_data",
    "html_pages",
    "load_inventory",
    "page_record",
    "soup_of",
    "strip_colors",
    "term_links",
]


#: The seed pages' pack alone: what tests written for the seed glossary load.
SEEDS = ("seeds",)


def load_seeds() -> Any:
    """The glossary of the seed pages alone (138 terms, 165 definitions)."""
    from sphinxcontrib_aiterms.glossary import load_glossary

    return load_glossary(packs=SEEDS)
