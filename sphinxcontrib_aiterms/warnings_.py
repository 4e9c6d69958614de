"""Every warning the extension gives: one type (``aiterms``), named subtypes.

Users silence a kind with ``suppress_warnings = ["aiterms.<subtype>"]``; the
documentation's warnings page lists each :class:`Subtype`. Call :func:`warn`
with a location whenever one is known (a node, ``(docname, line)``, or a
``"path:line"`` string for files that are not documents, such as glossary files).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from docutils.nodes import Node

WARNING_TYPE = "aiterms"

_logger = logging.getLogger("sphinxcontrib_aiterms")


class Subtype(StrEnum):
    """The warning subtypes (``aiterms.<value>`` in ``suppress_warnings``)."""

    #: A ``:term-ai:`` target that is no term, key or alias.
    UNKNOWN_TERM = "unknown_term"
    #: A problem in one of the project's glossary files (file and line).
    GLOSSARY = "glossary"
    #: An ``aiterms_*`` option of the wrong type or naming nothing known.
    CONFIG = "config"
    #: An invalid ``ai-glossary`` option (the page still builds).
    DIRECTIVE = "directive"
    #: TeX in a definition that cannot be rendered (shown literally).
    MATH = "math"
    #: Another project's ``aiterms.json`` that cannot be read (no cards for its terms).
    EXTERNAL = "external"


def warn(
    subtype: Subtype,
    message: str,
    *args: object,
    location: Node | tuple[str, int | None] | str | None = None,
) -> None:
    """Log ``message % args`` as an ``aiterms.<subtype>`` warning at ``location``."""
    _logger.warning(message, *args, type=WARNING_TYPE, subtype=str(subtype), location=location)
