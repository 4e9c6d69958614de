"""The bundled glossary: the five seed pages shipped with the package.

The pages are kept as scraped (``seeds/``) and parsed when the package is
prepared, not in every documentation build: :func:`load_bundled` reads the
prepared form (:mod:`.prepared`, ``sphinxcontrib_aiterms/packs/seeds.json.gz``),
once per process. :func:`parse_bundled` parses the pages themselves; the
preparation script and the test that checks the prepared data use it.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from .build import GlossaryBuilder
from .model import Glossary
from .prepared import Prepared, read
from .seedformat import parse_seed_text

#: How bundled sources are named in :class:`~.model.Source` (stable, not machine paths).
SOURCE_PREFIX = "seeds/"
#: The prepared seed pages, inside the package.
PREPARED_FILE = Path(__file__).resolve().parent.parent / "packs" / "seeds.json.gz"


def seeds_dir() -> Path:
    """The folder holding the seed pages: inside the installed package (wheel),
    else the repository's ``seeds/`` (source checkout, editable install)."""
    packaged = resources.files("sphinxcontrib_aiterms") / "seeds"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "seeds"


def seed_files() -> list[Path]:
    return sorted(seeds_dir().glob("*.txt"))


def parse_seed_pages() -> GlossaryBuilder:
    """Parse every seed page into a builder (not yet built)."""
    builder = GlossaryBuilder()
    for path in seed_files():
        entries, problems = parse_seed_text(
            path.read_text(encoding="utf-8"), SOURCE_PREFIX + path.name
        )
        builder.add_entries(entries)
        builder.add_problems(problems)
    return builder


def parse_bundled() -> Glossary:
    """Parse the seed pages (what :func:`load_bundled` reads prepared)."""
    return parse_seed_pages().build()


@functools.cache
def prepared_bundled() -> Prepared:
    """The prepared seed pages (read once per process)."""
    return read(PREPARED_FILE)


def load_bundled() -> Glossary:
    """The bundled glossary (138 terms, 165 definitions, 250 sources)."""
    return prepared_bundled().glossary


def bundled_builder() -> GlossaryBuilder:
    """A builder holding the bundled drafts, to add a project's files to (a
    fresh copy: user glossaries edit drafts)."""
    return prepared_bundled().builder()
