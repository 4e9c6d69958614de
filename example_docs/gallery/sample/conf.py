"""The one-page project that build_gallery.py builds in every theme."""

project = "aiterms theme gallery"
author = "sphinxcontrib-aiterms contributors"
copyright = "2026, sphinxcontrib-aiterms contributors"
extensions = ["sphinxcontrib_aiterms", "sphinx_design"]
# The theme is set on the command line (-D html_theme=...).
html_theme = "alabaster"
