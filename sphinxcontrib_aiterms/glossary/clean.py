"""Text hygiene for glossary fields: control characters and invisible names.

Both loaders (seed text and YAML) pass every field through here, so nothing
downstream (Sphinx's index, XML builders, the terminal) ever sees:

* **control characters**: C0 and C1 controls (``ESC[31m``, BEL, NUL, CSI, DEL)
  other than tab and newline, lone surrogates (``"\\ud800"`` in YAML; not
  encodable as UTF-8) and U+FFFE/U+FFFF (not XML characters). They are
  removed; the loader reports one located problem per field.
* **invisible names**: a name (term, alias, keyword, category) is stored
  without bidi controls, zero-width characters and other default-ignorable
  characters (``zero\\u200b width\\u200f`` → ``zero width``), silently, like
  collapsed whitespace. Zero-width (non-)joiners between two visible
  characters are kept: they spell words in Persian, Indic scripts and emoji.
  A name with no visible character left, after NFKC normalisation, is a
  located problem and is dropped (a right-to-left mark as an alias crashed
  Sphinx's index).

Nothing here imports Sphinx.
"""

from __future__ import annotations

import re
import unicodedata

#: Removed from every field: C0/C1 controls except tab and newline, DEL,
#: surrogates, and the two BMP noncharacters XML forbids.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: Default-ignorable code points (Unicode DerivedCoreProperties), bidi controls
#: included: invisible in a name, and never part of how it is looked up.
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff]"
)
_JOINERS = "\u200c\u200d"
_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "BS",
    "\x0b": "VT",
    "\x0c": "FF",
    "\r": "CR",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\x85": "NEL",
    "\x9b": "CSI",
}


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR → LF (a CR is a line break, not a control, to a person)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def find_controls(text: str) -> list[str]:
    """The distinct control characters in ``text``, in order of first occurrence."""
    return list(dict.fromkeys(_CONTROL.findall(text)))


def remove_controls(text: str) -> str:
    return _CONTROL.sub("", text)


def describe(chars: list[str] | str, *, limit: int = 4) -> str:
    """``U+001B ESC, U+200F RIGHT-TO-LEFT MARK``: code points as a person can
    look them up."""
    out = []
    for char in list(dict.fromkeys(chars))[:limit]:
        name = _NAMES.get(char) or unicodedata.name(char, "")
        out.append(f"U+{ord(char):04X} {name}".rstrip())
    if len(set(chars)) > limit:
        out.append("…")
    return ", ".join(out)


def clean_name(name: str) -> str:
    """``name`` with whitespace collapsed (tabs and newlines become spaces) and
    invisible characters removed; joiners between visible characters kept."""
    name = " ".join(name.split())
    if not _IGNORABLE.search(name):
        return name
    out: list[str] = []
    for index, char in enumerate(name):
        if not _IGNORABLE.match(char):
            out.append(char)
        elif char in _JOINERS and out and _visible(out[-1]):
            following = next((c for c in name[index + 1 :] if c not in _JOINERS), "")
            if following and _visible(following):
                out.append(char)
    return " ".join("".join(out).split())


_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp", "Zs"})


def _visible(char: str) -> bool:
    return not (
        char.isspace()
        or _IGNORABLE.match(char)
        or unicodedata.category(char) in _INVISIBLE_CATEGORIES
    )


def is_blank(name: str) -> bool:
    """Whether ``name`` is empty after NFKC normalisation and removal of format
    characters (category Cf), default-ignorable characters and whitespace."""
    return not any(_visible(c) for c in unicodedata.normalize("NFKC", name))


def invisible_characters(name: str) -> list[str]:
    """The characters of a blank ``name`` that are not plain spaces (for messages)."""
    return [c for c in dict.fromkeys(name) if c != " "]


#: What :func:`escape_controls` escapes: controls other than tab and newline,
#: and surrogates (which a UTF-8 terminal cannot even be sent).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def escape_controls(text: str) -> str:
    """``text`` safe for a terminal: each control character as ``\\u001b``
    (also a valid escape inside a JSON string, where only such characters can
    occur in ``json.dumps`` output)."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _UNSAFE.search(text) else text
