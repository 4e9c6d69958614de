"""33 documents (rST and MyST): roles, auto-linked prose, two overlapping glossary pages.

Built with the extension, and (``-D extensions=myst_parser,stubs``) without it:
``stubs.py`` gives the role and directive names plain stand-ins, so the same
sources build and the comparison shows what Sphinx itself does under ``-j``.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

project = "aiterms parallel"
extensions = ["sphinxcontrib_aiterms", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
