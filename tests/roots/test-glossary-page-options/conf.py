"""One page per ai-glossary option, rST and MyST; no sphinx-design (the plain look)."""

extensions = ["myst_parser", "sphinxcontrib_aiterms"]
project = "glossary page options"
exclude_patterns = ["_build"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
show_warning_types = True  # Sphinx < 8 prints [type.subtype] only when asked

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
