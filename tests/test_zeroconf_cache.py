"""The generated glossary page's cache: a cached page is byte for byte the page
built without the cache, and a glossary or option change builds it again."""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOTS
from helpers import build_project

PAGE = "aiterms-glossary.html"
COMPARED = (PAGE, "searchindex.js")


def _outputs(outdir: Path) -> dict[str, bytes]:
    return {name: (outdir / name).read_bytes() for name in COMPARED}


def _cached_pages(cache: Path) -> list[Path]:
    return sorted((cache / "pages").glob("glossary-*.pickle"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """A copy of a user-glossary project (its glossary file gets edited) and a
    fresh cache folder, set for the module's builds."""
    base = tmp_path_factory.mktemp("zeroconf-cache")
    srcdir = base / "src"
    shutil.copytree(ROOTS / "test-domain-userfile", srcdir)
    cache = base / "cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPHINXCONTRIB_AITERMS_CACHE", str(cache))
        yield srcdir, cache


def test_cached_page_is_byte_identical(
    project: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir, cache = project
    first = build_project(srcdir, tmp_path / "first")
    assert first.status == 0
    stored = _cached_pages(cache)
    assert len(stored) == 1, "the first build stores the page"
    second = build_project(srcdir, tmp_path / "second")
    assert _cached_pages(cache) == stored, "the second build reuses it"
    monkeypatch.setenv("SPHINXCONTRIB_AITERMS_CACHE", "off")
    uncached = build_project(srcdir, tmp_path / "uncached")
    assert _outputs(first.outdir) == _outputs(uncached.outdir)
    assert _outputs(second.outdir) == _outputs(uncached.outdir)
    assert "widget tuning" in (uncached.outdir / PAGE).read_text(encoding="utf-8").casefold()

    # The second build really came from the cache: a marked entry shows up.
    monkeypatch.setenv("SPHINXCONTRIB_AITERMS_CACHE", str(cache))
    data = pickle.loads(stored[0].read_bytes())
    original = stored[0].read_bytes()
    data["body"] = data["body"].replace("<dl", "<dl data-from-cache", 1)
    stored[0].write_bytes(pickle.dumps(data))
    try:
        marked = build_project(srcdir, tmp_path / "marked")
        assert "data-from-cache" in (marked.outdir / PAGE).read_text(encoding="utf-8")
    finally:
        stored[0].write_bytes(original)


def test_changes_invalidate(
    project: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir, cache = project
    build_project(srcdir, tmp_path / "warm")
    before = set(_cached_pages(cache))

    # An option that shapes the page: built again, as without the cache.
    option = {"aiterms_used_on": "0"}
    cached = build_project(srcdir, tmp_path / "option", confoverrides=option)
    assert set(_cached_pages(cache)) > before
    monkeypatch.setenv("SPHINXCONTRIB_AITERMS_CACHE", "off")
    uncached = build_project(srcdir, tmp_path / "option-off", confoverrides=option)
    assert _outputs(cached.outdir) == _outputs(uncached.outdir)
    monkeypatch.setenv("SPHINXCONTRIB_AITERMS_CACHE", str(cache))

    # A glossary edit: the new text is on the page and in the search index.
    glossary = srcdir / "terms.yaml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(
        text.replace("until they behave", "until they behave zyxwvutsrq"), encoding="utf-8"
    )
    try:
        edited = build_project(srcdir, tmp_path / "edited")
        assert "zyxwvutsrq" in (edited.outdir / PAGE).read_text(encoding="utf-8")
        assert "zyxwvutsrq" in (edited.outdir / "searchindex.js").read_text(encoding="utf-8")
    finally:
        glossary.write_text(text, encoding="utf-8")


def test_cache_folder_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sphinxcontrib_aiterms import zeroconf

    monkeypatch.setenv("SPHINXCONTRIB_AITERMS_CACHE", str(tmp_path))
    for n in range(zeroconf.MAX_CACHED_PAGES + 5):
        zeroconf._store_page(f"{n:032x}", {"body": str(n), "index": None})
    assert len(_cached_pages(tmp_path)) == zeroconf.MAX_CACHED_PAGES
    # A surviving page still loads (mtimes may tie, so which survive is not asserted).
    survivor = _cached_pages(tmp_path)[0].stem.removeprefix("glossary-")
    assert zeroconf._load_page(survivor) == {"body": str(int(survivor, 16)), "index": None}
