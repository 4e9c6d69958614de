"""Shared fixtures: Sphinx's own test harness, with test roots under tests/roots."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(autouse=True)
def _forget_translations() -> object:
    """Sphinx keeps the message catalogs of the last language it loaded for the
    whole process (``sphinx.locale.translators``): after a German build, an
    English one in the same worker would show German text. Sphinx's own ``app``
    fixture clears them; builds through ``build_main`` need this."""
    import sphinx.locale

    yield
    sphinx.locale.translators.clear()
