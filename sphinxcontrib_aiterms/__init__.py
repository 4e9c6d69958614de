"""sphinxcontrib-aiterms: a curated AI/ML glossary for Sphinx documentation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0.dev0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension with Sphinx."""
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
