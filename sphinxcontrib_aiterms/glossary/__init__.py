"""The glossary data layer: parse, assemble and query. No Sphinx imports here.

Public API::

    from sphinxcontrib_aiterms.glossary import load_bundled, Glossary, Term, Definition
    glossary = load_bundled()
    term = glossary.resolve("attention sinks")      # key/alias, any case, plurals
    term, definition = glossary.lookup("attribution (rag)")

A glossary pack (see :mod:`.packs`) names a :class:`Pack` through the
``sphinxcontrib_aiterms.packs`` entry point group.
"""

from __future__ import annotations

from .anchors import term_anchor
from .build import GlossaryBuilder
from .loader import load_bundled, load_glossary
from .model import Definition, Glossary, Problem, Source, Term
from .names import fold, plural_forms, singular_forms
from .packs import Pack
from .seedformat import RawEntry, parse_seed_text

__all__ = [
    "Definition",
    "Glossary",
    "GlossaryBuilder",
    "Pack",
    "Problem",
    "RawEntry",
    "Source",
    "Term",
    "fold",
    "load_bundled",
    "load_glossary",
    "parse_seed_text",
    "plural_forms",
    "singular_forms",
    "term_anchor",
]
