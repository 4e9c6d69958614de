"""Two pages show the same term: links go to the first in toctree order."""

extensions = ["sphinxcontrib_aiterms"]
exclude_patterns = ["_build"]
aiterms_packs = ["seeds"]
