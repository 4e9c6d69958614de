"""A project with a stand-in glossary directive (so the domain is tested alone)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

extensions = ["sphinxcontrib_aiterms", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
show_warning_types = True

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
