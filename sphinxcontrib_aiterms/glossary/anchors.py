"""HTML anchors for terms: ASCII, readable, unique, and stable as terms are added.

A term's anchor is ``aiterm-`` plus the slug of its key: lower-case ASCII words
joined by ``-`` (``l-diversity`` → ``aiterm-l-diversity``, ``low-rank
adaptation`` → ``aiterm-low-rank-adaptation``, ``naïve bayes`` →
``aiterm-naive-bayes``). Keys whose slugs are equal (``c++``/``c#``/``c``,
``l-diversity``/``l diversity``) collide: the term loaded first keeps the
readable slug, and each later one gets the slug plus ``--`` and a hash of its
exact key (``aiterm-c--a8f5f167``). "First" is the fixed order definition ids
are assigned in, whatever ``aiterms_packs`` lists: the seed pages, the core
pack, other packs by name, then the ``aiterms_glossaries`` files in order, each
from its first line down. A term added after an existing one (in a later file,
or below it in its file) therefore never takes its anchor; the hashed form
depends on the key alone. A key with no ASCII letter or digit (``中文``) is always hashed
(``aiterm-x--…``). Readable anchors never contain ``--``, so they cannot equal a
hashed one.

Version 0.1 hashed every key that was not plain lower-case words separated by
single spaces (``aiterm-l-diversity--29e95ddf``). That anchor is kept as a
second id of the term (:attr:`.model.Term.legacy_anchors`), so links made to it
still arrive, unless it is now another term's anchor.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

PREFIX = "aiterm-"
_PLAIN = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by ``-`` (accents folded, the rest dropped)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_ALNUM.sub("-", ascii_text.lower()).strip("-")


def hashed_anchor(key: str) -> str:
    """The anchor of a key whose readable anchor another term holds: the slug,
    ``--`` and the first 8 hex digits of the SHA-256 of the exact key."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return f"{PREFIX}{slugify(key) or 'x'}--{digest}"


def term_anchor(key: str) -> str:
    """The anchor of the term whose (folded) key is ``key`` when no term loaded
    before it has the same slug: ``aiterm-<slug>``."""
    slug = slugify(key)
    return PREFIX + slug if slug else hashed_anchor(key)


def legacy_anchors(key: str) -> tuple[str, ...]:
    """The anchors earlier versions gave ``key`` (version 0.1: plain keys as
    today, every other key hashed)."""
    return ((PREFIX + key.replace(" ", "-")) if _PLAIN.fullmatch(key) else hashed_anchor(key),)


@dataclass(frozen=True, slots=True)
class Anchors:
    """A term's anchor and the earlier anchors it keeps as extra ids."""

    anchor: str
    legacy: tuple[str, ...] = ()


def assign_anchors(keys: Iterable[str]) -> dict[str, Anchors]:
    """The anchors of ``keys``, given in load order (see the module docstring).

    Every anchor and every kept legacy anchor is unique: a legacy anchor that
    is some term's anchor now, or repeats the new anchor, is dropped.
    """
    owners: dict[str, str] = {}
    for key in dict.fromkeys(keys):
        readable = term_anchor(key)
        anchor = hashed_anchor(key) if readable in owners else readable
        other = owners.setdefault(anchor, key)
        if other != key:  # pragma: no cover - a SHA-256 prefix collision
            raise ValueError(f"anchor collision: {key!r} and {other!r} -> {anchor}")
    result: dict[str, Anchors] = {}
    for anchor, key in owners.items():
        legacy = tuple(old for old in legacy_anchors(key) if old not in owners)
        result[key] = Anchors(anchor, legacy)
    return result
