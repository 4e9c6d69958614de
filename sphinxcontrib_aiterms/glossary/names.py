"""Name normalisation shared by lookup, auto-linking and the CLI.

Plural handling is deliberately simple and table-free (``s``/``es``/``ies`` on
the last word): stemming gives false positives on technical vocabulary.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")
_SIBILANT_END = ("s", "x", "z", "ch", "sh")
_VOWELS = frozenset("aeiou")


def fold(name: str) -> str:
    """Case-fold and collapse whitespace: the form every lookup compares."""
    return _SPACE.sub(" ", name).strip().casefold()


def name_key(text: str) -> str:
    """The form names are compared in, for the role and the auto-linker alike:
    case-folded, hyphens and whitespace runs as one space (``KV-Cache`` and
    ``kv cache`` are the same name)."""
    return " ".join(fold(text).replace("-", " ").replace("\u2010", " ").split())


def plural_forms(name: str) -> tuple[str, ...]:
    """Plural spellings of ``name`` (the last word inflected), keeping its case.

    ``sink`` → ``sinks``; ``bias`` → ``biases``; ``policy`` → ``policies``;
    ``LLM`` → ``LLMs``. Names ending in a non-letter get no plural.
    """
    if not name or not name[-1].isalpha():
        return ()
    last = name.rsplit(" ", 1)[-1]
    if last.isupper() and len(last) > 1:
        return (name + "s",)
    lower = last.lower()
    if lower.endswith(_SIBILANT_END):
        return (name + "es",)
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in _VOWELS:
        return (name[:-1] + "ies",)
    return (name + "s",)


def singular_forms(name: str) -> tuple[str, ...]:
    """Candidate singulars of a folded ``name``; the inverse of :func:`plural_forms`."""
    out: list[str] = []
    if name.endswith("ies") and len(name) > 3:
        out.append(name[:-3] + "y")
    if name.endswith("es") and name[:-2].endswith(_SIBILANT_END):
        out.append(name[:-2])
    if name.endswith("s") and not name.endswith("ss"):
        out.append(name[:-1])
    return tuple(out)
