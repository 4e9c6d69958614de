"""Reproducible output and a lean, picklable environment.

* Two clean HTML builds of the full-feature project (tests/roots/test-builders:
  glossary page, user glossary, roles, auto-links, hover cards), each in its own
  process with a different ``PYTHONHASHSEED`` (set and dict order of strings
  differ between them), are byte-identical: every page, ``objects.inv``, the
  search index and every asset.
* The pickled environment round-trips, and the extension's data in it is equal
  after a reload.
* With a 40,000-term user glossary, ``environment.pickle`` is less than 1.5x its
  size with the bundled glossary alone: the glossary is never stored on the
  environment (design notes P4).
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"


def _build_in_process(src: Path, work: Path, hashseed: str, builder: str = "html") -> Path:
    """``sphinx-build`` in a fresh interpreter; returns the output folder."""
    out = work / builder
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    argv = [sys.executable, "-m", "sphinx", "-b", builder, "-q"]
    argv += ["-d", str(work / "doctrees"), str(src), str(out)]
    result = subprocess.run(
        argv,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr
    return out


def _files(outdir: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("reproducible")
    src = base / "src"
    shutil.copytree(ROOTS / "test-builders", src)
    first = _build_in_process(src, base / "one", "1")
    second = _build_in_process(src, base / "two", "2")
    return first, second


def test_two_clean_builds_are_byte_identical(two_builds: tuple[Path, Path]) -> None:
    first, second = (_files(out) for out in two_builds)
    assert set(first) == set(second)
    differ = sorted(name for name in first if first[name] != second[name])
    assert differ == []
    # not vacuous: the features are in the output
    names = set(first)
    assert {"index.html", "usage.html", "notes.html", "objects.inv", "searchindex.js"} <= names
    assert any(name.startswith("_static/aiterms") for name in names)
    index = first["index.html"].decode("utf-8")
    assert 'id="aiterm-widget-tuning"' in index
    usage = first["usage.html"].decode("utf-8")
    assert '<a class="aiterm reference internal"' in usage


def test_pickled_environments_hold_equal_extension_data(two_builds: tuple[Path, Path]) -> None:
    envs = []
    for out in two_builds:
        with (out.parent / "doctrees" / "environment.pickle").open("rb") as stream:
            envs.append(pickle.load(stream))
    data = [env.domaindata["aiterms"] for env in envs]
    assert data[0] == data[1]
    assert data[0]["placements"]["index"]  # the glossary page placed its terms
    assert pickle.loads(pickle.dumps(data[0])) == data[0]


def test_environment_round_trips(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-incremental", src)
    app = SphinxTestApp(
        "html",
        srcdir=src,
        status=StringIO(),
        warning=StringIO(),
        confoverrides={"aiterms_autolink": True},
    )
    try:
        app.build()
        data = app.env.domaindata["aiterms"]
        assert data["references"] and data["autolinks"] and data["placements"]
        copy = pickle.loads(pickle.dumps(app.env, pickle.HIGHEST_PROTOCOL))
        assert copy.domaindata["aiterms"] == data
        assert copy.all_docs == app.env.all_docs
    finally:
        app.cleanup()


# --- size with a large glossary ---------------------------------------------------------

#: Terms in the synthetic user glossary.
LARGE = 40_000


def synthetic_glossary(count: int) -> str:
    """A structured glossary file with ``count`` plain terms."""
    lines = ["version: 1", "terms:"]
    for i in range(count):
        lines += [
            f"  - term: synthetic term {i:05d}",
            "    category: synthetic",
            f"    definition: Synthetic term {i:05d} is made-up entry number {i}.",
        ]
    return "\n".join(lines) + "\n"


PAGES = {
    "index.rst": "Scale\n=====\n\n.. toctree::\n\n   one\n   two\n   three\n",
    "one.rst": "One\n===\n\nAbout :term-ai:`attention sink` and the KV cache.\n",
    "two.rst": "Two\n===\n\nAttention sinks in prose and :term-ai:`ATPG`.\n",
    "three.md": "# Three\n\nA {term-ai}`KV cache` and synthetic term 00042 in prose.\n",
}


def _pickle_size(tmp_path: Path, glossary: str | None) -> int:
    src = tmp_path / "src"
    src.mkdir(parents=True)
    conf = 'extensions = ["sphinxcontrib_aiterms", "myst_parser"]\nproject = "scale"\n'
    if glossary is not None:
        (src / "big.yaml").write_text(glossary, "utf-8")
        conf += 'aiterms_glossaries = ["big.yaml"]\n'
    (src / "conf.py").write_text(conf, "utf-8")
    for name, text in PAGES.items():
        (src / name).write_text(text, "utf-8")
    out = _build_in_process(src, tmp_path, "0", builder="text")
    assert (out / "one.txt").exists()
    return (tmp_path / "doctrees" / "environment.pickle").stat().st_size


@pytest.mark.slow
def test_large_glossary_keeps_the_environment_small(tmp_path: Path) -> None:
    bundled = _pickle_size(tmp_path / "bundled", None)
    large = _pickle_size(tmp_path / "large", synthetic_glossary(LARGE))
    print(f"environment.pickle: bundled {bundled} B, +{LARGE} terms {large} B")
    assert large < 1.5 * bundled, (bundled, large)
