"""Occurrences judged in their own sense: the same text as reStructuredText
(``*.rst``) and MyST (``*.md``); every occurrence is a candidate (density
"every") so that each verdict shows in the HTML."""

extensions = ["sphinxcontrib_aiterms", "myst_parser"]
exclude_patterns = ["_build"]
aiterms_autolink_density = "every"
