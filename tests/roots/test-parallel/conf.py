"""24 documents cross-referencing terms; two stand-in glossary directives that overlap."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

extensions = ["sphinxcontrib_aiterms", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
