"""Definition bodies written by people (structured YAML files): kept as written.

Seed bodies lost their structure to a scraper and are rebuilt line by line
(:mod:`.markdown`). A YAML definition is real CommonMark: nested lists, list
items of several paragraphs, indented code. Reflowing it line by line would
flatten all of that, so its body is the text as written, and it renders as
MyST-Parser renders the same text in a ``.md`` page. Two things are still done,
by the same rules as for the seeds but only where Markdown has inline text
(paragraphs, headings, table cells; never code or display math), ``$`` used
as currency is escaped, so dollar math does not pair two prices. The math
itself is kept as written: the backslash repair of the scraped seed pages
(:func:`.markdown.repair_latex`) would corrupt correct TeX (``top:0`` is no
``\\top``).

Two things are reported, as the seed format reports them: a code fence
left open (the code runs to the end of the definition, or of its list item)
and a ``$$`` that never closes (shown as text).

Parsing uses markdown-it-py with the configuration the renderer uses
(CommonMark, GFM tables, dollar math; see ``render._markdown_parser``), and only
when the text holds a backtick, tilde or dollar. Nothing here imports Sphinx.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .markdown import escape_currency

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@dataclass(frozen=True, slots=True)
class Unclosed:
    """A block that never closes."""

    kind: Literal["fence", "math"]
    #: 0-based line of its opening marker in the definition text.
    line: int
    #: The opening line, stripped (``- ```python``, ``$$``): to find it in a file.
    opening: str
    #: The marker: ```` ``` ````, ``~~~~``, ``$$``.
    marker: str


_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_DISPLAY = re.compile(r"(?<!\\)\$\$")
_CONTAINER_PREFIX = re.compile(r"^[ \t>]*")


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark", {"html": False})
    md.enable("table")
    md.use(dollarmath_plugin, allow_labels=False, allow_space=True, allow_digits=True)
    return md


def user_markdown(text: str) -> tuple[str, tuple[Unclosed, ...]]:
    """The body to store for ``text`` (newlines already normalised), and its
    unclosed blocks with lines counted in ``text``."""
    lines = text.rstrip().split("\n")
    lead = 0
    while lead < len(lines) and not lines[lead].strip():
        lead += 1
    lines = lines[lead:]
    body = "\n".join(lines)
    if not any(mark in body for mark in ("`", "~", "$")):
        return body, ()
    ranges: set[tuple[int, int]] = set()
    unclosed: list[Unclosed] = []
    for token in _parser().parse(body):
        if token.map is None:
            continue
        start, end = token.map
        if token.type == "fence" and not _closes(lines, start, end, token.markup):
            unclosed.append(Unclosed("fence", start + lead, lines[start].strip(), token.markup))
        elif token.type == "inline" and "$" in token.content:
            ranges.add((start, end))
            if _DISPLAY.search(token.content) and any(
                child.type == "text" and "$$" in child.content for child in token.children or []
            ):
                line = max(i for i in range(start, end) if "$$" in lines[i])
                unclosed.append(Unclosed("math", line + lead, lines[line].strip(), "$$"))
    for start, end in sorted(ranges, reverse=True):
        lines[start:end] = _prose("\n".join(lines[start:end])).split("\n")
    return "\n".join(lines), tuple(sorted(unclosed, key=lambda u: u.line))


def _closes(lines: list[str], start: int, end: int, marker: str) -> bool:
    """Whether the fence opened at ``start`` ends with a closing line at ``end - 1``."""
    if end - start < 2:
        return False
    last = _CONTAINER_PREFIX.sub("", lines[end - 1]).rstrip()
    return len(last) >= len(marker) and last == marker[0] * len(last)


def _prose(text: str) -> str:
    """Currency escaped, outside inline code spans."""
    out: list[str] = []
    cursor = 0
    for span in _CODE_SPAN.finditer(text):
        out += [escape_currency(text[cursor : span.start()]), span.group()]
        cursor = span.end()
    out.append(escape_currency(text[cursor:]))
    return "".join(out)
