extensions = ["sphinxcontrib_aiterms", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
show_warning_types = True
project = "zeroconf"
latex_documents = [("index", "zeroconf.tex", "Zero config", "Tester", "manual")]
man_pages = [("index", "project", "Zero config", ["Tester"], 1)]
texinfo_documents = [("index", "zeroconf", "Zero config", "Tester", "zeroconf", "Test.", "Misc")]
version = "1.0"
copyright = "2025, Tester"

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
