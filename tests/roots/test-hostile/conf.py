"""Hostile glossary content: every builder must write it as inert text."""

extensions = ["sphinxcontrib_aiterms", "myst_parser"]
project = "aiterms hostile"
author = "aiterms"
exclude_patterns = ["_build"]
show_warning_types = True
aiterms_packs = []
aiterms_glossaries = ["hostile.yaml", "more.yaml"]
latex_documents = [("index", "hostile.tex", "Hostile", "aiterms", "manual")]
man_pages = [("index", "hostile", "Hostile", ["aiterms"], 7)]
texinfo_documents = [("index", "hostile", "Hostile", "aiterms", "hostile", "Hostile.", "Misc")]
copyright = "2026, aiterms"
version = release = "1.0"
