"""The bundled glossary: the five seed pages shipped with the package.

Loading is cached twice: per process (every Sphinx build, worker and CLI call
after the first gets the same object), and on disk as a pickle keyed by a hash
of the seed pages *and* of this package's parser sources, so a new parser or
new pages can never be served a stale glossary (see :mod:`..diskcache`: where
the cache lives, ``SPHINXCONTRIB_AITERMS_CACHE=off`` to disable it). Any cache
error (read-only home, corrupt file) falls back to parsing.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from importlib import resources
from pathlib import Path

from .. import diskcache
from ..diskcache import cache_dir
from .build import GlossaryBuilder
from .model import Glossary
from .seedformat import parse_seed_text

#: How bundled sources are named in :class:`~.model.Source` (stable, not machine paths).
SOURCE_PREFIX = "seeds/"
#: Cached parses kept (one per Python and package version in use).
KEEP_BUNDLED = 4


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


@functools.cache
def content_key() -> str:
    """A hash of the seed pages, the parser's sources and Python's version:
    what the bundled glossary's parse depends on (read once per process)."""
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
    path = folder / f"bundled-{content_key()}.pickle"
    cached = diskcache.load(path, Glossary)
    if cached is not None:
        return cached
    glossary = parse_bundled()
    diskcache.store(path, glossary, keep=KEEP_BUNDLED)
    return glossary
