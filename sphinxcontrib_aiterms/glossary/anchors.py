"""HTML anchors for terms: ASCII, readable, and a pure, injective function of the key.

Plain keys (lower-case ASCII words separated by single spaces) become
``aiterm-attention-sink``. Every other key keeps a readable ASCII slug and gains
``--`` plus a hash of the exact key, so ``c++``/``c#``/``c`` or ``l-diversity``/
``l diversity`` never collide. Plain anchors never contain ``--``, so the two
classes cannot collide with each other either.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

PREFIX = "aiterm-"
_PLAIN = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by ``-`` (accents folded, the rest dropped)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_ALNUM.sub("-", ascii_text.lower()).strip("-")


def term_anchor(key: str) -> str:
    """The HTML id of the term whose (folded) key is ``key``."""
    if _PLAIN.fullmatch(key):
        return PREFIX + key.replace(" ", "-")
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return f"{PREFIX}{slugify(key) or 'x'}--{digest}"
