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
