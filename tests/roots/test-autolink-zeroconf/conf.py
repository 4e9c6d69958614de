"""No ai-glossary directive: the generated page, limited to used terms."""

extensions = ["sphinxcontrib_aiterms"]
exclude_patterns = ["_build"]
aiterms_used_only = True

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
