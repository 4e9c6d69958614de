"""Auto-linking in rst, MyST and autodoc'd API docs, with every exclusion."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

extensions = ["sphinxcontrib_aiterms", "myst_parser", "sphinx.ext.autodoc", "readlog"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
show_warning_types = True
nitpicky = True
aiterms_autolink_exclude_docs = ["excluded/*"]
aiterms_autolink_exclude_terms = ["langevin dynamics"]
rst_prolog = """
.. |sub| replace:: latent diffusion
"""

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
