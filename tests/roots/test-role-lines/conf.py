"""Roles on various lines of multi-line paragraphs, in rST and MyST: warnings,
reference records and the coverage report give each role's own line."""

extensions = ["myst_parser", "sphinxcontrib_aiterms"]
exclude_patterns = ["_build"]
show_warning_types = True
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
myst_enable_extensions = ["deflist"]

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
