"""No ai-glossary directive: the generated page, limited to used terms."""

extensions = ["sphinxcontrib_aiterms"]
exclude_patterns = ["_build"]
aiterms_used_only = True
