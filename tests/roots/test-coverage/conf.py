"""Glossary coverage: terms used by role and auto-link, mentions left unlinked
(for every reason), an unknown :term-ai: target and an unused user term."""

extensions = ["sphinxcontrib_aiterms"]
exclude_patterns = ["_build"]
show_warning_types = True
aiterms_glossaries = ["terms.yaml"]
aiterms_autolink_exclude_docs = ["excluded"]
aiterms_autolink_exclude_terms = ["langevin dynamics"]
aiterms_autolink_exclude_categories = ["internal"]

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
