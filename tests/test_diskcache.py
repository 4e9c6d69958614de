"""The on-disk cache: entries round-trip, bad entries are ignored, and every
kind of entry stays bounded (checked through the real loaders, not only the
helper: an edited glossary must not leave its old parse behind for good)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from sphinxcontrib_aiterms import diskcache
from sphinxcontrib_aiterms.domain import KEEP_USER_GLOSSARIES, load_cached_glossary


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(diskcache.ENV_VAR, str(folder))
    return folder


def _age(path: Path, seconds: int) -> None:
    """Make ``path`` look used ``seconds`` ago (mtimes may tie within a test)."""
    stamp = path.stat().st_mtime - seconds
    os.utime(path, (stamp, stamp))


def test_entries_round_trip_and_bad_ones_are_ignored(cache: Path) -> None:
    path = cache / "thing-1.pickle"
    diskcache.store(path, {"a": [1, 2]}, keep=4)
    assert diskcache.load(path, dict) == {"a": [1, 2]}
    assert diskcache.load(path, list) is None  # another type: not trusted
    path.write_bytes(b"not a pickle")
    assert diskcache.load(path, dict) is None
    assert diskcache.load(cache / "thing-missing.pickle", dict) is None
    diskcache.store(cache / "thing-2.pickle", lambda: None, keep=4)  # unpicklable: skipped
    assert not (cache / "thing-2.pickle").exists()
    assert not list(cache.glob("*.tmp"))


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    diskcache.store(blocker / "thing-1.pickle", [1], keep=4)
    assert diskcache.load(blocker / "thing-1.pickle", list) is None


def test_each_kind_keeps_its_most_recently_used_entries(cache: Path) -> None:
    for n in range(5):
        diskcache.store(cache / f"thing-{n}.pickle", n, keep=10)
        _age(cache / f"thing-{n}.pickle", 100 - n)  # thing-0 is the oldest
    diskcache.store(cache / "other-0.pickle", "x", keep=1)
    assert diskcache.load(cache / "thing-0.pickle", int) == 0  # a hit: now the newest
    diskcache.store(cache / "thing-5.pickle", 5, keep=3)
    kept = sorted(p.name for p in cache.glob("thing-*.pickle"))
    assert kept == ["thing-0.pickle", "thing-4.pickle", "thing-5.pickle"]
    assert (cache / "other-0.pickle").exists()  # another kind: untouched


def test_an_edited_user_glossary_does_not_pile_up_parses(cache: Path, tmp_path: Path) -> None:
    glossary = tmp_path / "terms.yaml"
    for edit in range(KEEP_USER_GLOSSARIES + 3):
        glossary.write_text(
            f"version: 1\nterms:\n  - term: Widget {edit}\n    definition: Edit number {edit}.\n",
            encoding="utf-8",
        )
        loaded = load_cached_glossary((Path("terms.yaml"),), False, tmp_path)
        assert f"widget {edit}" in loaded.terms
        for entry in cache.glob("user-*.pickle"):
            _age(entry, 1)  # strictly older than the next edit's parse
    entries = list(cache.glob("user-*.pickle"))
    assert len(entries) == KEEP_USER_GLOSSARIES
    newest = max(entries, key=lambda p: p.stat().st_mtime_ns)
    last = KEEP_USER_GLOSSARIES + 2
    assert f"widget {last}" in pickle.loads(newest.read_bytes()).terms
