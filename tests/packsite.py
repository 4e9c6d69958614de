"""The third-party test pack (tests/data/packs), installed for one test.

``tests/data/packs`` is a tiny ``site-packages``: the distribution
``aiterms-testpack`` 1.0 (a ``.dist-info`` with ``METADATA`` and
``entry_points.txt``) and its module ``aiterms_testpack``, whose entry point
names the pack ``testpack``. On ``sys.path``, ``importlib.metadata`` finds it,
offline.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from sphinxcontrib_aiterms import directive
from sphinxcontrib_aiterms.glossary import loader
from sphinxcontrib_aiterms.glossary.packs import installed_packs

SITE = Path(__file__).resolve().parent / "data" / "packs"
#: The pack's glossary file (its third entry, at line 21, is broken).
GLOSSARY = SITE / "aiterms_testpack" / "glossary.yaml"


def forget_packs() -> None:
    """What a new process would not remember: installed packs, loaded
    glossaries, the pack's module."""
    installed_packs.cache_clear()
    loader.load_packs.cache_clear()
    loader.clear_cache()
    directive.pack_sources.cache_clear()
    sys.modules.pop("aiterms_testpack", None)
    importlib.invalidate_caches()


def install(monkeypatch: pytest.MonkeyPatch, site: Path = SITE) -> None:
    """Put ``site`` on ``sys.path`` (undone by ``monkeypatch``) and forget what
    was found before."""
    monkeypatch.syspath_prepend(str(site))
    forget_packs()
