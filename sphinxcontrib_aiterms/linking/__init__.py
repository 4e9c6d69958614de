"""Finding glossary names in prose and deciding which become links. No Sphinx here.

* :mod:`.matcher` — leftmost-longest whole-word matching of many names at once;
* :mod:`.names` — which names are looked for, under which case rule, and why
  the others are not;
* :mod:`.sense` — the evidence a common-word name needs;
* :mod:`.decision` — the reasons and verdicts, and the density rule;
* :mod:`.linker` — :class:`Linker`, the one decision function the auto-linker
  and the coverage report share.
"""

from __future__ import annotations

from .context import Block, Context
from .decision import DENSITY_VALUES, LINK, Density, Reason, Verdict
from .linker import Finding, Linker
from .names import AutolinkSettings, NameInfo, doc_excluded, is_partial_alias
from .sense import Evidence

__all__ = [
    "DENSITY_VALUES",
    "LINK",
    "AutolinkSettings",
    "Block",
    "Context",
    "Density",
    "Evidence",
    "Finding",
    "Linker",
    "NameInfo",
    "Reason",
    "Verdict",
    "doc_excluded",
    "is_partial_alias",
]
