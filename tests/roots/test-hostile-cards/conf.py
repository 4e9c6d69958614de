"""A term whose first definition has no category and whose third has one: the
card and aiterms.json show each definition's own category."""

extensions = ["sphinxcontrib_aiterms"]
project = "aiterms card categories"
author = "aiterms"
exclude_patterns = ["_build"]
show_warning_types = True
aiterms_packs = []
aiterms_autolink = False
aiterms_glossaries = ["categories.yaml"]
copyright = "2026, aiterms"
version = release = "1.0"
