"""Another project linking to test-domain-clean's terms through intersphinx.

The test sets ``intersphinx_mapping`` (the inventory is built first)."""

extensions = ["sphinxcontrib_aiterms", "sphinx.ext.intersphinx"]
exclude_patterns = ["_build"]
show_warning_types = True

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
