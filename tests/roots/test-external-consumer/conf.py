# Links to test-external-producer's terms; the test sets intersphinx_mapping.
extensions = ["sphinxcontrib_aiterms", "sphinx.ext.intersphinx"]
project = "Consumer"
exclude_patterns = ["_build"]
show_warning_types = True
