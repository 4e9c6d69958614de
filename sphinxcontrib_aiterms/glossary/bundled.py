"""The bundled glossary: the five seed pages shipped with the package.

Loading is cached per process (the pages never change at run time), so every
Sphinx build, worker and CLI call after the first gets the same object.
"""

from __future__ import annotations

import functools
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


@functools.cache
def load_bundled() -> Glossary:
    """The bundled glossary (138 terms, 165 definitions, 250 sources)."""
    builder = GlossaryBuilder()
    add_bundled(builder)
    return builder.build()
