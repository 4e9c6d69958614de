"""The bundled glossary: the five seed pages shipped with the package.

Loading is cached twice: per process (every Sphinx build, worker and CLI call
after the first gets the same object), and on disk as a pickle keyed by a hash
of the seed pages *and* of this package's parser sources, so a new parser or
new pages can never be served a stale glossary. The disk cache lives in
``$SPHINXCONTRIB_AITERMS_CACHE``, else ``$XDG_CACHE_HOME/sphinxcontrib-aiterms``
(``~/.cache/…``); set ``SPHINXCONTRIB_AITERMS_CACHE=off`` to disable it. Any
cache error (read-only home, corrupt file) falls back to parsing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import tempfile
from importlib import resources
from pathlib import Path

from .build import GlossaryBuilder
from .model import Glossary
from .seedformat import parse_seed_text

#: How bundled sources are named in :class:`~.model.Source` (stable, not machine paths).
SOURCE_PREFIX = "seeds/"


def seeds_dir() -> Path:
    """The folder holding the seed pages: inside the installed package (wheel),
    else the repository's ``seeds/`` (source checkout, editable install)."""
    packaged = resources.files("sphinxcontrib_aiterms") / "seeds"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "seeds"


def seed_files() -> list[Path]:
    return sorted(seeds_dir().glob("*.txt"))


def add_bundled(builder: GlossaryBuilder) -> None:
    """Parse every seed page into ``builder``."""
    for path in seed_files():
        entries, problems = parse_seed_text(
            path.read_text(encoding="utf-8"), SOURCE_PREFIX + path.name
        )
        builder.add_entries(entries)
        builder.add_problems(problems)


def parse_bundled() -> Glossary:
    """Parse the seed pages (no caching)."""
    builder = GlossaryBuilder()
    add_bundled(builder)
    return builder.build()


def cache_dir() -> Path | None:
    configured = os.environ.get("SPHINXCONTRIB_AITERMS_CACHE")
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sphinxcontrib-aiterms"


def _cache_key() -> str:
    digest = hashlib.sha256(sys.version.encode())
    for path in [*seed_files(), *sorted(Path(__file__).parent.glob("*.py"))]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


@functools.cache
def load_bundled() -> Glossary:
    """The bundled glossary (138 terms, 165 definitions, 250 sources)."""
    folder = cache_dir()
    if folder is None:
        return parse_bundled()
    path = folder / f"bundled-{_cache_key()}.pickle"
    with contextlib.suppress(Exception):
        cached = pickle.loads(path.read_bytes())
        if isinstance(cached, Glossary):
            return cached
    glossary = parse_bundled()
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        # Write-then-rename: parallel builds never read a half-written file.
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(glossary, stream, protocol=pickle.HIGHEST_PROTOCOL)
        Path(temporary).replace(path)
    return glossary
