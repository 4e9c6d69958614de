"""What the fields of an entry header mean (``shared/docs/seed-format.md`` §4).

Header shapes, and what each field becomes:

* ``term, category`` (exactly two fields): the second is always a category;
* ``term, abbr, category`` (spaced, one-token middle): an alias and a category;
  an alias equal to the term is dropped (``ani, ani, chemistry ai``);
* ``x (y),x,y,category``: ``x`` is an alias; ``y`` too when it abbreviates or
  expands ``x`` (``attpsm``), otherwise it is a qualifier such as ``advanced``
  and becomes a keyword;
* keyword lists (everything else): SEO phrases, kept as keywords, never
  aliases; the last field is a category only if it is a known category word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import fold

_PAREN = re.compile(r"^(?P<x>.+?) \((?P<y>[^()]+)\)$")
_WORD = re.compile(r"[a-z0-9]+")
#: Words an abbreviation may skip (``lamda`` = language model *for* dialogue applications).
_MINOR_WORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "the", "to", "with"})


@dataclass(frozen=True, slots=True)
class HeaderFields:
    term: str
    aliases: tuple[str, ...]
    keywords: tuple[str, ...]
    category: str | None
    #: ``True`` when the shape states the category without doubt (for the vocabulary).
    category_certain: bool


def split_fields(header: str) -> list[str]:
    return [f.strip() for f in header.split(",") if f.strip()]


def _abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` is built from the initials of ``long`` (``attpsm`` ~
    ``attenuated psm``, ``kan`` ~ ``kolmogorov-arnold networks``)."""
    letters = "".join(_WORD.findall(short.lower()))
    words = _WORD.findall(long.lower().replace("-", " "))
    if not letters or len(words) < 2 or len(letters) > len("".join(words)):
        return False
    # Greedy: each letter of the abbreviation comes from the current word or
    # starts a later one; every word must contribute its first letter.
    position = 0
    for word in words:
        if position >= len(letters) or letters[position] != word[0]:
            if word in _MINOR_WORDS:
                continue
            return False
        position += 1
        offset = 1
        while position < len(letters) and offset < len(word) and letters[position] == word[offset]:
            position += 1
            offset += 1
    return position == len(letters)


def _names_each_other(x: str, y: str) -> bool:
    return _abbreviates(y, x) or _abbreviates(x, y)


def interpret(header: str, known_categories: frozenset[str] = frozenset()) -> HeaderFields:
    """Interpret one header; ``known_categories`` decides keyword-list tails."""
    fields = split_fields(header)
    term = fold(fields[0]) if fields else ""
    if len(fields) == 1:
        return HeaderFields(term, (), (), None, category_certain=False)
    if len(fields) == 2:
        return HeaderFields(term, (), (), fold(fields[1]), category_certain=True)
    spaced = ", " in header
    if len(fields) == 3 and spaced and " " not in fields[1]:
        alias = fold(fields[1])
        aliases = () if alias == term else (alias,)
        return HeaderFields(term, aliases, (), fold(fields[2]), category_certain=True)
    paren = _PAREN.match(fields[0])
    if (
        paren
        and len(fields) == 4
        and [fold(f) for f in fields[1:3]]
        == [
            fold(paren["x"]),
            fold(paren["y"]),
        ]
    ):
        x, y = fold(paren["x"]), fold(paren["y"])
        if _names_each_other(x, y):
            return HeaderFields(term, (x, y), (), fold(fields[3]), category_certain=True)
        return HeaderFields(term, (x,), (y,), fold(fields[3]), category_certain=True)
    rest = [fold(f) for f in fields[1:]]
    category = None
    if rest[-1] in known_categories:
        category = rest.pop()
    keywords = tuple(dict.fromkeys(k for k in rest if k != term))
    return HeaderFields(term, (), keywords, category, category_certain=False)
