"""Density modes, line breaks and plurals (built once per density mode)."""

extensions = ["sphinxcontrib_aiterms"]
exclude_patterns = ["_build"]
