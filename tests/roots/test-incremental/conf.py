"""Incremental builds: a user glossary, a glossary page, references, a plain page."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

extensions = ["sphinxcontrib_aiterms", "myst_parser", "readlog"]
project = "aiterms incremental"
exclude_patterns = ["_build"]
show_warning_types = True
aiterms_packs = []
aiterms_glossaries = ["terms.yaml"]
# Off by default here, so name changes show their precise effect; the tests turn it on too.
aiterms_autolink = False
