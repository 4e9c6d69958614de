"""A project with a stand-in glossary directive and no warnings (every builder)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

extensions = ["sphinxcontrib_aiterms", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
show_warning_types = True
project = "domain-clean"
version = "1.0"
latex_documents = [("index", "project.tex", "Domain", "Tester", "manual")]
man_pages = [("index", "project", "Domain", ["Tester"], 1)]
texinfo_documents = [("index", "project", "Domain", "Tester", "project", "Test.", "Misc")]
copyright = "2025, Tester"

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
