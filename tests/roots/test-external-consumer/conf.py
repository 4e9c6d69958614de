# Links to test-external-producer's terms; the test sets intersphinx_mapping.
extensions = ["sphinxcontrib_aiterms", "sphinx.ext.intersphinx"]
project = "Consumer"
exclude_patterns = ["_build"]
show_warning_types = True

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
