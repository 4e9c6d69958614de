"""A tiny third-party glossary pack (tests/test_packs.py), written as the
template in example_docs/packs.rst says: the pack's version is its
distribution's, so releasing a new version makes projects rebuild."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from sphinxcontrib_aiterms.glossary import Pack

HERE = Path(__file__).resolve().parent


def pack() -> Pack:
    """The entry point ``testpack = aiterms_testpack:pack``."""
    return Pack(
        name="testpack",
        version=metadata.version("aiterms-testpack"),
        title="Test pack (sphinxcontrib-aiterms tests)",
        files=(HERE / "glossary.yaml",),
    )
