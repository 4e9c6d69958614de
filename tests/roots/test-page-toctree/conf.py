"""The generated glossary page listed in a toctree (MyST) like any page."""

extensions = ["sphinxcontrib_aiterms", "myst_parser"]
exclude_patterns = ["_build"]
project = "serving"
copyright = "2026, aiterms"
version = release = "1.0"
