"""Density modes, line breaks and plurals (built once per density mode)."""

extensions = ["sphinxcontrib_aiterms"]
exclude_patterns = ["_build"]

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
