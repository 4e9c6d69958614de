"""Hostile glossary math: CSS, links and TeX commands must not reach any output."""

extensions = ["sphinxcontrib_aiterms"]
project = "aiterms math"
author = "aiterms"
exclude_patterns = ["_build"]
show_warning_types = True
aiterms_packs = []
aiterms_glossaries = ["glossary/math.yaml"]
latex_documents = [("index", "math.tex", "Math", "aiterms", "manual")]
man_pages = [("index", "math", "Math", ["aiterms"], 7)]
texinfo_documents = [("index", "math", "Math", "aiterms", "math", "Math.", "Misc")]
copyright = "2026, aiterms"
version = release = "1.0"
