"""A glossary page with wide content (tables, code, display math) and a long
page of term links, built in every theme by tests/test_page_browser.py."""

extensions = ["sphinxcontrib_aiterms"]
# A short title: pydata-sphinx-theme's phone header overflows with a long one.
project = "pb"
html_title = "pb"
exclude_patterns = ["_build"]
show_warning_types = True
aiterms_autolink = False

# Written for the seed pages.
aiterms_packs = ["seeds"]
