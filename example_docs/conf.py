"""The documentation of sphinxcontrib-aiterms, built with the extension itself.

Offline and warning-free: ``make docs`` runs ``sphinx-build -n -W``. Nothing
here fetches anything (no intersphinx inventories, no CDN).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

# The local extension that generates the reference pages from the code.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

import sphinxcontrib_aiterms

project = "sphinxcontrib-aiterms"
author = "sphinxcontrib-aiterms contributors"
copyright = "2026, sphinxcontrib-aiterms contributors"
release = sphinxcontrib_aiterms.__version__
version = release

extensions = ["myst_parser", "sphinx_design", "sphinxcontrib_aiterms", "aiterms_docs"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
# gallery/sample is the page the theme gallery script builds, not a page of this site.
exclude_patterns = ["_build", "gallery/sample"]

# The project's own terms, on top of the bundled AI glossary (see user-glossaries.rst).
aiterms_glossaries = ["terms/project.yaml", "terms/project.txt"]

# furo when installed (pip install furo, or the "themes" extra); alabaster otherwise,
# so `make docs` works with only the "docs" extra.
html_theme = "furo" if importlib.util.find_spec("furo") else "alabaster"
html_title = f"sphinxcontrib-aiterms {release}"
html_static_path = ["_static/docs.css"]  # images are copied by the image directive
html_css_files = ["docs.css"]
