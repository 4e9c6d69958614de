"""Parser for the seed text format: the scraped "AI Factory Glossary" pages.

Two layouts share one grammar (``shared/docs/seed-format.md`` §3): the *lines*
layout (a header line, then body lines, no blank lines anywhere) and the *page*
layout (a preamble ending in ``Showing page N of M (K entries)``, then
``header / blank / body / blank``, each body flattened onto one line). Users may
write glossary files in the same format, with blank lines wherever they like.

A header is recognised by rules H0–H4, never by "a line followed by ``**X** is``"
(closing summary lines have exactly that shape). The parser never raises on bad
input: it returns the entries it could read and a located :class:`Problem` for
the rest. Control characters (see :mod:`.clean`) are removed before parsing,
with one problem for an entry's header and one for its definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import describe, find_controls, normalise_newlines, remove_controls
from .model import Problem
from .pagelayout import rebuild_lines

_PREAMBLE_END = re.compile(r"^Showing page \d+ of \d+ \([\d,]+ entries\)$")
_HEADER_CHARS = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ,()&/+'-]*$")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_FENCE = "```"
#: How far into the next line a comma-less header must reappear (rule H4).
_H4_WINDOW = 200


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One header and its body lines, exactly as found (page bodies re-split)."""

    header: str
    #: Body lines; page-layout bodies are rebuilt into their original lines.
    lines: tuple[str, ...]
    file: str
    #: 1-based line of the header.
    line: int
    #: 1-based line where the body starts.
    body_line: int
    layout: str  # "lines" or "page"


def _normalise(text: str) -> str:
    return _NON_ALNUM.sub(" ", text.lower()).strip()


def _preamble_end(lines: list[str]) -> int:
    """Index of the first line after a page preamble, or 0 (rule H0)."""
    for index, line in enumerate(lines[:40]):
        if _PREAMBLE_END.match(line.strip()):
            return index + 1
    return 0


def _next_nonblank(lines: list[str], start: int) -> int | None:
    for index in range(start, len(lines)):
        if lines[index].strip():
            return index
    return None


def _is_header(lines: list[str], index: int) -> bool:
    """Rules H2–H4; H0 (preamble) and H1 (fences) are the caller's."""
    line = lines[index]
    if not _HEADER_CHARS.match(line):
        return False
    nxt = _next_nonblank(lines, index + 1)
    if nxt is None:
        return False
    following = lines[nxt].lstrip()
    if not (following.startswith("**") or following[:1].isupper()):
        return False
    if "," in line:
        return True
    return _normalise(line) in _normalise(following[:_H4_WINDOW])


def _find_headers(lines: list[str], start: int) -> tuple[list[int], list[int]]:
    """Header line indexes (H1–H4), and the openers of fences that never close.

    A fence left open would hide every later header, so an unclosed opener is
    reported and the scan repeated as if it were an ordinary line.
    """
    ignored: list[int] = []
    while True:
        headers: list[int] = []
        fence_open: int | None = None
        for index in range(start, len(lines)):
            line = lines[index]
            if line.startswith(_FENCE) and index not in ignored:
                fence_open = None if fence_open is not None else index
                continue
            if fence_open is None and _is_header(lines, index):
                headers.append(index)
        if fence_open is None:
            return headers, ignored
        ignored.append(fence_open)


def parse_seed_text(text: str, file: str) -> tuple[list[RawEntry], list[Problem]]:
    """Split seed-format ``text`` into entries; ``file`` names it in sources."""
    lines = normalise_newlines(text).split("\n")
    # Tolerate what an editor adds to user files: CRLF, trailing spaces.
    lines = [line.rstrip() for line in lines]
    dirty = _remove_controls(lines)
    start = _preamble_end(lines)
    problems: list[Problem] = []

    # Unclosed fences are reported per entry by _check_body.
    headers, _unclosed = _find_headers(lines, start)

    # A header-shaped line straight before another header is an entry whose
    # definition is missing (H3 rejects it, so it is not in `headers`).
    header_set = set(headers)
    orphans = [
        index
        for index in range(start, len(lines))
        if index not in header_set
        and "," in lines[index]
        and _HEADER_CHARS.match(lines[index])
        and _next_nonblank(lines, index + 1) in header_set
    ]
    for index in orphans:
        problems.append(
            Problem(file, index + 1, f"header {lines[index].strip()!r} has no definition")
        )
    skipped = set(orphans)

    first_text = next(
        (i for i in range(start, len(lines)) if lines[i].strip() and i not in skipped), None
    )
    if first_text is not None and (not headers or first_text < headers[0]):
        message = (
            "text before the first entry header is ignored"
            if headers
            else "no entry header found (an entry starts with a line such as "
            "'term, category' followed by its definition)"
        )
        problems.append(Problem(file, first_text + 1, message))

    entries: list[RawEntry] = []
    for position, index in enumerate(headers):
        end = headers[position + 1] if position + 1 < len(headers) else len(lines)
        body_index = _next_nonblank(lines, index + 1)
        header = lines[index].strip()
        if dirty:
            problems += _control_problems(dirty, file, index, end, header)
        if body_index is None or body_index >= end:
            problems.append(Problem(file, index + 1, f"header {header!r} has no definition"))
            continue
        body = [line for line in lines[body_index:end] if line.strip()]
        page = len(body) == 1 and start > 0
        if page:
            body = rebuild_lines(body[0])
        problem = _check_body(body, file, body_index + 1, lines, end)
        if problem is not None:
            problems.append(problem)
            continue
        entries.append(
            RawEntry(
                header=header,
                lines=tuple(body),
                file=file,
                line=index + 1,
                body_line=body_index + 1,
                layout="page" if page else "lines",
            )
        )
    return entries, problems


def _remove_controls(lines: list[str]) -> dict[int, list[str]]:
    """Remove control characters from ``lines`` in place: {line index: removed}."""
    dirty: dict[int, list[str]] = {}
    for index, line in enumerate(lines):
        found = find_controls(line)
        if found:
            dirty[index] = found
            lines[index] = remove_controls(line).rstrip()
    return dirty


def _control_problems(
    dirty: dict[int, list[str]], file: str, header: int, end: int, name: str
) -> list[Problem]:
    """One problem for the header's line, one for the definition's first line."""
    out = []
    if header in dirty:
        out.append(
            Problem(
                file,
                header + 1,
                f"control characters removed from the header: {describe(dirty[header])}",
            )
        )
    body = sorted(i for i in dirty if header < i < end)
    if body:
        found = [c for i in body for c in dirty[i]]
        out.append(
            Problem(
                file,
                body[0] + 1,
                f"control characters removed from the definition of {name!r}: {describe(found)}",
            )
        )
    return out


def _check_body(
    body: list[str], file: str, body_line: int, lines: list[str], end: int
) -> Problem | None:
    """Structural checks that make a body unrenderable: unclosed fences, odd ``$$``."""
    fences = [line for line in body if line.startswith(_FENCE)]
    if len(fences) % 2:
        where = _physical_line(lines, body_line - 1, end, fences[-1])
        return Problem(file, where, "unclosed ``` code fence; the entry is skipped")
    in_fence = False
    markers: list[str] = []
    for line in body:
        if line.startswith(_FENCE):
            in_fence = not in_fence
        elif not in_fence:
            markers.extend([line] * line.count("$$"))
    if len(markers) % 2:
        where = _physical_line(lines, body_line - 1, end, markers[-1])
        return Problem(
            file, where, "unbalanced $$ display math (odd number of $$); the entry is skipped"
        )
    return None


def _physical_line(lines: list[str], start: int, end: int, wanted: str) -> int:
    for index in range(end - 1, start - 1, -1):
        if lines[index].rstrip() == wanted or wanted in lines[index]:
            return index + 1
    return start + 1
