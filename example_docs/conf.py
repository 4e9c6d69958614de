"""The documentation of sphinxcontrib-aiterms, built with the extension itself."""

from __future__ import annotations

project = "sphinxcontrib-aiterms"
author = "sphinxcontrib-aiterms contributors"
copyright = "2026, sphinxcontrib-aiterms contributors"

extensions = ["myst_parser", "sphinx_design", "sphinxcontrib_aiterms"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
