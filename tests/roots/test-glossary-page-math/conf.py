"""Glossary math under different project math setups (see tests/test_render.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

extensions = ["sphinxcontrib_aiterms"]
project = "glossary math"
exclude_patterns = ["_build"]

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
