"""Translatable strings: the ``sphinxcontrib-aiterms`` message catalog.

Every user-visible string goes through :data:`_` (lazy until Sphinx registers the
catalog, so module-level labels are safe) and the catalog is registered in
:func:`sphinxcontrib_aiterms.setup` with ``app.add_message_catalog``.
Translations live next to this file as ``<lang>/LC_MESSAGES/sphinxcontrib-aiterms.mo``;
``sphinxcontrib-aiterms.pot`` is the template.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

#: The gettext domain (catalog name) of this extension.
MESSAGE_CATALOG = "sphinxcontrib-aiterms"
#: The folder holding ``<lang>/LC_MESSAGES/*.mo``.
LOCALE_DIR = Path(__file__).parent

#: ``_("text")`` and, for plurals, ``_("%d definition", "%d definitions", n)``.
_ = get_translation(MESSAGE_CATALOG)

__all__ = ["LOCALE_DIR", "MESSAGE_CATALOG", "_"]
