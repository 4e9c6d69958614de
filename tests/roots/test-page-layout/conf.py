"""Glossary pages and ordinary pages: which static files each links (issue 16, item 9)."""

extensions = ["sphinxcontrib_aiterms"]
project = "page layout"
exclude_patterns = ["_build"]
show_warning_types = True

# Written for the seed pages.
aiterms_packs = ["seeds"]
