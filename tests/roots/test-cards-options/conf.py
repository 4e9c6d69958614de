# The test-cards project with non-default card options (built with -c here).
from pathlib import Path

exec((Path(__file__).parent.parent / "test-cards" / "conf.py").read_text())
aiterms_glossaries = ["../test-cards/terms.yaml"]
aiterms_card_fields = ["definition", "title"]
aiterms_card_open_delay = 100
aiterms_card_close_delay = 0
aiterms_card_touch = "navigate"

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
