"""Shared fixtures: Sphinx's own test harness, with test roots under tests/roots."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent
SEEDS = REPO / "seeds"


def pytest_configure(config: pytest.Config) -> None:
    """Keep the package's on-disk cache (``SPHINXCONTRIB_AITERMS_CACHE``) out of
    the developer's home: one folder per checkout, shared by the xdist workers
    (they inherit the variable) and kept between runs like pytest's own cache."""
    if os.environ.get("SPHINXCONTRIB_AITERMS_CACHE"):
        return
    cache = getattr(config, "cache", None)
    folder = cache.mkdir("aiterms") if cache is not None else tempfile.mkdtemp()
    os.environ["SPHINXCONTRIB_AITERMS_CACHE"] = str(folder)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS
