"""Readable anchors: links use them, the glossary page also keeps 0.1's hashed
anchors as second ids, objects.inv keeps its names."""

extensions = ["sphinxcontrib_aiterms"]
exclude_patterns = ["_build"]
show_warning_types = True
aiterms_glossaries = ["terms.yaml"]

# Written for the seed pages (their l-diversity; the core pack has its own LoRA).
aiterms_packs = ["seeds"]
