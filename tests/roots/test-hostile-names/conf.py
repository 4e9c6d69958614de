"""Invisible names, control characters, ';' and unclosed blocks in a YAML glossary:
html, dirhtml and epub must build, with located [aiterms.glossary] warnings."""

extensions = ["sphinxcontrib_aiterms"]
project = "aiterms hostile names"
author = "aiterms"
exclude_patterns = ["_build"]
show_warning_types = True
aiterms_packs = []
aiterms_glossaries = ["names.yaml"]
copyright = "2026, aiterms"
version = release = "1.0"
