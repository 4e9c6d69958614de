"""What the linker reads: a page as blocks of text, and one occurrence in its block."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-like element of a page."""

    #: All of its text (code and links included: context for the sense).
    text: str
    #: The ``[start, end)`` ranges of ``text`` that may be linked.
    spans: tuple[tuple[int, int], ...]
    #: Section titles from the page title down to the innermost section.
    sections: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Context:
    """Where a name was found: its block and its span in the block's text."""

    block: Block
    start: int
    end: int
