"""A YAML definition and a MyST page with the same Markdown must render with the
same structure (nested lists, multi-paragraph items, indented and fenced code)."""

extensions = ["sphinxcontrib_aiterms", "myst_parser"]
project = "aiterms markdown structure"
author = "aiterms"
exclude_patterns = ["_build"]
show_warning_types = True
aiterms_packs = []
aiterms_autolink = False
aiterms_glossaries = ["structure.yaml"]
copyright = "2026, aiterms"
version = release = "1.0"
