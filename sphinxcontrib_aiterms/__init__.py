"""sphinxcontrib-aiterms: a curated AI/ML glossary for Sphinx documentation."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0.dev0"

#: Version of the pickled environment data; bump when ``domain.data`` changes shape.
ENV_VERSION = 1


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension with Sphinx: config → domain → roles and directives
    → transforms → events."""
    from .config import setup_config
    from .domain import setup_domain
    from .incremental import setup_incremental
    from .locale import LOCALE_DIR, MESSAGE_CATALOG
    from .roles import setup_roles
    from .writers import setup_writers
    from .zeroconf import setup_zeroconf

    setup_config(app)
    importlib.import_module(f"{__name__}.configcheck").setup_configcheck(app)  # names in options
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
    setup_domain(app)
    setup_roles(app)
    # The ai-glossary directive lands separately; everything else works without it.
    if importlib.util.find_spec(f"{__name__}.glossary_page") is not None:
        from .glossary_page import setup_glossary_page

        setup_glossary_page(app)
    setup_writers(app)
    setup_incremental(app)
    setup_zeroconf(app)
    importlib.import_module(f"{__name__}.autolink").setup_autolink(app)  # auto-linking
    from .cards import setup_cards  # hover cards on HTML pages

    setup_cards(app)
    importlib.import_module(f"{__name__}.coverage").setup_coverage(app)  # -b aiterms-coverage
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
