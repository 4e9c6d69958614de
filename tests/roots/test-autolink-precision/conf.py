"""Hand-labelled pages for the auto-linking precision/recall test (labels.json)."""

extensions = ["sphinxcontrib_aiterms"]
exclude_patterns = ["_build"]
# Every occurrence is judged, not only the first per page.
aiterms_autolink_density = "every"

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
