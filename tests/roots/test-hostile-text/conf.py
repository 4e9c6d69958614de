"""Control characters in every field of a YAML glossary, ';' in names and unclosed
blocks in definitions: located warnings, clean output, well-formed epub XML."""

extensions = ["sphinxcontrib_aiterms"]
project = "aiterms hostile text"
author = "aiterms"
exclude_patterns = ["_build"]
show_warning_types = True
aiterms_packs = []
aiterms_glossaries = ["text.yaml"]
copyright = "2026, aiterms"
version = release = "1.0"
