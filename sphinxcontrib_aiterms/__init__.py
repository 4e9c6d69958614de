"""sphinxcontrib-aiterms: a curated AI/ML glossary for Sphinx documentation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0.dev0"

#: Version of the pickled environment data; bump when ``domain.data`` changes shape.
ENV_VERSION = 3


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension with Sphinx: config → domain → roles and directives
    → transforms → events → builders."""
    from .autolink import setup_autolink
    from .cards import setup_cards
    from .config import setup_config
    from .configcheck import setup_configcheck
    from .coverage import setup_coverage
    from .domain import setup_domain
    from .glossary_page import setup_glossary_page
    from .incremental import setup_incremental
    from .locale import LOCALE_DIR, MESSAGE_CATALOG
    from .onlyuses import setup_only_uses
    from .roles import setup_roles
    from .writers import setup_writers
    from .zeroconf import setup_zeroconf

    setup_config(app)
    setup_configcheck(app)  # names in options (terms, categories, files) exist
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
    setup_domain(app)
    setup_roles(app)
    setup_glossary_page(app)
    setup_writers(app)  # plain text for term links where links make no sense
    setup_incremental(app)  # what a glossary file change re-reads or re-writes
    setup_zeroconf(app)  # the generated page when no ai-glossary directive exists
    setup_autolink(app)
    setup_only_uses(app)  # uses inside `only` blocks count where the builder keeps them
    setup_cards(app)  # hover cards on HTML pages
    setup_coverage(app)  # -b aiterms-coverage
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
