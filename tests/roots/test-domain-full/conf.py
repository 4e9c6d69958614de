"""Every feature at once, with the real ai-glossary directive: for every builder."""

extensions = ["sphinxcontrib_aiterms", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
project = "domain-full"
copyright = "2025, Tester"
version = "1.0"
latex_documents = [("index", "project.tex", "Domain", "Tester", "manual")]
man_pages = [("index", "project", "Domain", ["Tester"], 1)]
texinfo_documents = [("index", "project", "Domain", "Tester", "project", "Test.", "Misc")]

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
