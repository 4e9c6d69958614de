"""The bundled glossary on one page, with sphinx-design (the full-featured case)."""

extensions = ["sphinxcontrib_aiterms", "sphinxcontrib_aiterms.glossary_page", "sphinx_design"]
project = "glossary page"
exclude_patterns = ["_build"]
show_warning_types = True  # Sphinx < 8 prints [type.subtype] only when asked
