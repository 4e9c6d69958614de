"""The seed pages: five scraped pages of the AI Factory Glossary, shipped as the ``seeds`` pack.

The pages are kept as scraped (``seeds/``) and parsed when the package is
prepared (``python -m sphinxcontrib_aiterms.prepare``), not in every
documentation build: builds read the prepared form (:mod:`.prepared`) of the
``seeds`` pack, and of the default packs together (:data:`DEFAULT_PREPARED`).
:func:`parse_bundled` parses the pages themselves; the preparation and the test
that checks the prepared data use it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .build import GlossaryBuilder
from .model import Glossary
from .seedformat import parse_seed_text

#: How seed sources are named in :class:`~.model.Source` (stable, not machine paths).
SOURCE_PREFIX = "seeds/"
_PACKS = Path(__file__).resolve().parent.parent / "packs"
#: The prepared seed pages, and the prepared glossary of the default packs together.
SEEDS_PREPARED = _PACKS / "seeds.json.gz"
DEFAULT_PREPARED = _PACKS / "default.json.gz"


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
    """Parse the seed pages into a glossary of their own (the ``seeds`` pack alone)."""
    return parse_seed_pages().build()
