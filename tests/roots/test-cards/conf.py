extensions = ["sphinxcontrib_aiterms"]
exclude_patterns = ["_build"]
show_warning_types = True
aiterms_glossaries = ["terms.yaml"]
