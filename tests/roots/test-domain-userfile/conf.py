extensions = ["sphinxcontrib_aiterms"]
exclude_patterns = ["_build"]
show_warning_types = True
aiterms_glossaries = ["terms.yaml"]

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
