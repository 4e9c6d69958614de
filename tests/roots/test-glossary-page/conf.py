"""The bundled glossary on one page, with sphinx-design (the full-featured case)."""

extensions = ["sphinxcontrib_aiterms", "sphinx_design"]
project = "glossary page"
exclude_patterns = ["_build"]
show_warning_types = True  # Sphinx < 8 prints [type.subtype] only when asked

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
