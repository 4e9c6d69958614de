"""Rebuild the lines of a page-layout body (every line break became one space)."""

from __future__ import annotations


def rebuild_lines(flat: str) -> list[str]:
    return [flat]
