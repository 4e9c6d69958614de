extensions = ["sphinxcontrib_aiterms", "sphinxcontrib_aiterms.cards"]
exclude_patterns = ["_build"]
show_warning_types = True
aiterms_glossaries = ["terms.yaml"]
