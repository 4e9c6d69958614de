"""Rebuild the lines of a page-layout body, whose every line break became one space.

The page layout (``seeds/004_*``) flattened each body onto one line: lists read
`` - **Definition**: … - **Core Mechanism**: …``, tables ``| a | b | |---|---| …``
and fenced code ``` ```python def f(): … ``` ```. Because the scraper had already
collapsed all whitespace and every original line break became exactly one space,
rebuilding is deciding, at each space, whether it was a line break.

The decision is local and explained rule by rule below: block starts in prose
(list items, bullets, bold heading lines, table rows, fences), row ends in
tables (by the header's cell count), and statement starts in code (with bracket
depth and open strings tracked). The rules were checked against every body of
the *lines* layout, flattened and rebuilt (see ``tests/test_seed_parser.py``).
"""

from __future__ import annotations

import re

_FENCE = "```"
_SENTENCE_END = tuple(".:!?)\"'$")
_HEADING_ONLY = re.compile(r"^(?:\*\*[^*]+\*\*|\*\*[^*]+:\*\*)$")
_LABEL_ONLY = re.compile(r"^\*\*[^*]+\*\*:$")
_BLOCK_AFTER_HEADING = re.compile(r"^(?:\*\*|[-•|]\s|\|[-:]|```|\$\$|\d+\.\s|[A-Z0-9$\"])")
_NUMBERED = re.compile(r"^\d{1,2}\.\s+(?:\*\*|[A-Z])")
_TABLE_AHEAD = re.compile(r"^\|(?: [^|]+ \|)+ \|[-:]+(?:\|[-:]+)*\|")
# The closing summary of template and article entries: "X is **a long bold phrase** …".
_CLOSING_LINE = re.compile(
    r"^[A-Z][^\s.!?*|]*(?: [^\s.!?*|]+){0,5} (?:is|are|remains|represents?) "
    r"(?:\w+ ){0,2}\*\*\S+(?: [^*]+){2,}\*\*"
)
# A bold span followed by a block start, or ending in a colon: a heading line.
_HEADING_AHEAD = re.compile(r"^\*\*[^*]+(?::\*\*|\*\* (?:- \*\*|• |\| |```|\*\*))")
# A "\n" escape in LaTeX (``\nabla``) became a real line break inside math.
_LOST_NEWLINE_ESCAPE = re.compile(r"^(?:abla|eq|u|ot|orm|ewline)(?![a-z])")
# Tokens after which a Python line cannot end.
_CONTINUING_KEYWORDS = frozenset(
    {
        *("async", "await", "return", "from", "import", "in", "not", "and", "or", "is"),
        *("lambda", "yield", "as", "with", "for", "if", "elif", "while", "del", "raise"),
        *("assert", "else"),
    }
)

# Code: what starts a statement, given that the current line is complete.
_STATEMENT = re.compile(
    r"""^(?:
        from\s[\w.]+\simport\b | import\s[\w.]+ | (?:async\s)?def\s\w+\( | class\s\w+
      | @\w+ | return\b | raise\b | yield\b | pass\b | break\b | continue\b
      | (?:if|elif|for|while|with|try|except|else|finally)\b
      | print\( | await\s
      | [A-Za-z_][\w.]*(?:\[[^\]]*\])?(?:,\s?[A-Za-z_][\w.]*)*\s[-+*/]?=\s
      | \#\s | \"\"\" | \|\s | [)\]}]
    )""",
    re.VERBOSE,
)
_STRONG_STATEMENT = re.compile(
    r"^(?:from\s[\w.]+\simport\b|import\s[\w.]+|(?:async\s)?def\s\w+\(|class\s\w+[(:]|@\w+$"
    r"|return\b|\#\s|```|[A-Za-z_][\w.]*(?:\[[^\]]*\])?(?:,\s?[A-Za-z_]\w*)*\s[-+*/]?=\s"
    r"|[a-z_]\w*(?:\.\w+)*\()"
)
_CODE_START = re.compile(
    r"^(?:from\s[\w.]+\simport\b|import\s[\w.]+|(?:async\s)?def\s\w+\(|class\s\w+|@\w+"
    r"|[a-z_][\w.]*(?:,\s?[a-z_]\w*)*\s=\s)"
)
_BLOCK_HEADER = re.compile(
    r"^(?:(?:async\s)?def|class|if|elif|else|for|while|with|try|except|finally)\b"
)
_IDENT = re.compile(r"[A-Za-z0-9]+")


def rebuild_lines(flat: str) -> list[str]:
    """Split one flattened body back into its original lines."""
    if not flat.startswith("**"):
        # Plain-lead bodies ("Attention masks indicate …") were single lines
        # with inline bold labels; there is nothing to rebuild.
        return [flat]
    return _Rebuilder(flat).run()


class _Rebuilder:
    def __init__(self, flat: str) -> None:
        self.flat = flat
        self.tokens = flat.split(" ")
        # Where each token starts in `flat`: `rest()` is then a slice, not a join.
        self.offsets: list[int] = []
        position = 0
        for token in self.tokens:
            self.offsets.append(position)
            position += len(token) + 1
        self.offsets.append(position)  # a sentinel: the end of the last token + 1
        self.lines: list[str] = []
        self.current: list[str] = []
        self.line_start = 0  # offset in `flat` of the current line's first token
        self.mode = "prose"  # prose | fence | code (unfenced)
        self.table_cells = 0  # pipes per row of the table being read
        self.depth = 0  # bracket depth in code
        self.in_string = False  # inside a triple-quoted string in code
        self.in_string_opened_here = False  # the last token opened that string
        self.index = 0

    # -- helpers -----------------------------------------------------------
    @property
    def line(self) -> str:
        """The current line so far (a slice of the flat text)."""
        if not self.current:
            return ""
        return self.flat[self.line_start : self.offsets[self.index] - 1]

    def rest(self, index: int, length: int = 400) -> str:
        start = self.offsets[index] if index < len(self.tokens) else len(self.flat)
        return self.flat[start : start + length]

    def newline(self) -> None:
        if self.current:
            self.lines.append(self.line)
            self.current = []

    # -- main loop ---------------------------------------------------------
    def run(self) -> list[str]:
        for index, token in enumerate(self.tokens):
            self.index = index
            if self.current and self.breaks_before(index, token):
                self.newline()
            if not self.current:
                self.line_start = self.offsets[index]
            self.current.append(token)
            self.index = index + 1
            self.after_token(token)
        self.index = len(self.tokens)
        self.newline()
        return self.lines

    def after_token(self, token: str) -> None:
        if token.startswith(_FENCE):
            if self.mode == "fence":
                self.mode = "prose"
                self.newline()
            elif len(self.current) == 1:
                self.mode = "fence"
                self.depth, self.in_string = 0, False
                self.newline()
            return
        if self.mode in {"fence", "code"}:
            self.track_code(token)

    def track_code(self, token: str) -> None:
        self.in_string_opened_here = False
        if len(re.findall(r'"""', token)) % 2:
            self.in_string = not self.in_string
            self.in_string_opened_here = self.in_string
            return
        if self.in_string:
            return
        stripped = re.sub(r'"[^"]*"|\'[^\']*\'', "", token)
        self.depth += sum(stripped.count(c) for c in "([{") - sum(stripped.count(c) for c in ")]}")
        self.depth = max(self.depth, 0)

    # -- the decision --------------------------------------------------------
    def breaks_before(self, index: int, token: str) -> bool:
        if self.mode == "fence":
            return token.startswith(_FENCE) or self.code_breaks(index, token)
        if self.mode == "code":
            if token.startswith("**"):
                self.mode = "prose"
                self.depth, self.in_string = 0, False
                return True
            return self.code_breaks(index, token)
        return self.prose_breaks(index, token)

    def prose_breaks(self, index: int, token: str) -> bool:
        line = self.line
        rest = self.rest(index)
        if token.startswith(_FENCE):
            return True
        # Tables: a row ends after as many pipes as the header row had.
        if line.startswith("|"):
            pipes = line.count("|")
            if token.startswith(("|-", "|:")) and not self.table_cells:
                self.table_cells = pipes
                return True
            if self.table_cells and pipes >= self.table_cells:
                if not token.startswith("|"):
                    self.table_cells = 0
                return True
            return False
        if token == "|" and _TABLE_AHEAD.match(rest):
            self.table_cells = 0
            return True
        heading = bool(_HEADING_ONLY.match(line))
        label = bool(_LABEL_ONLY.match(line))
        if (heading or label) and _CODE_START.match(rest) and not rest.startswith("**"):
            self.mode = "code"
            self.depth, self.in_string = 0, False
            return True
        if heading and _BLOCK_AFTER_HEADING.match(rest):
            return True
        in_math = _inside_math(line)
        if token in {"-", "*"} and index + 1 < len(self.tokens) and not in_math:
            following = self.tokens[index + 1]
            if following.startswith("**"):
                return True
            if label or heading:
                return True
            starts_item = following[:1].isupper() or following[:1].isdigit()
            in_list = line.startswith(("- ", "• "))
            return starts_item and (line.endswith(_SENTENCE_END) or in_list)
        if token == "•":
            return True
        if _NUMBERED.match(rest) and (line.endswith(_SENTENCE_END) or heading):
            return True
        if _LOST_NEWLINE_ESCAPE.match(token) and line.count("$") % 2:
            return True
        ends_sentence = line.endswith(_SENTENCE_END)
        in_item = line.startswith(("- ", "• ")) or bool(re.match(r"\d+\. ", line))
        if token.startswith("**") and (
            ends_sentence or ((in_item or heading) and _HEADING_AHEAD.match(rest))
        ):
            return True
        closing_context = in_item or (ends_sentence and bool(self.lines))
        return bool(
            closing_context
            and not line.endswith(":")
            and len(line) > 15
            and _CLOSING_LINE.match(rest)
        )

    def code_breaks(self, index: int, token: str) -> bool:
        line = self.line
        rest = self.rest(index)
        if self.in_string and self.in_string_opened_here and self.current[-1].endswith('"""'):
            return True  # `prompt = f("""` : the string's text starts on the next line
        if self.in_string:
            # Inside a triple-quoted string: its lines start with a capital
            # ("Question: {question}") or close the string.
            return token.startswith('"""') or (bool(re.match(r"^[A-Z]\w*:", rest)) and "{" in line)
        last = self.current[-1]
        if last in _CONTINUING_KEYWORDS or (line.startswith("from ") and " import " not in line):
            return False
        if token == ")" and _balance(line) >= 0:
            return True  # a closing bracket alone on its line
        if token == "|" and (line.startswith("| ") or line.endswith((")", "}", "]"))):
            return True  # LCEL pipes: one `| step` per line
        if line.endswith(("(", "[", "{")) and self.depth > 0:
            return True  # an opening bracket ends its line: `rag_chain = (`
        if self.depth > 0 and not token.startswith(("|", ")", "]", "}")):
            # A continuation inside brackets stays on the line, except after a
            # line that ended with a closing bracket of the inner level.
            return False
        if line.endswith(":") and _BLOCK_HEADER.match(line):
            return True
        if line.startswith("@") and " " not in line:
            return True
        if line.endswith(('"""',)) and line.count('"""') == 2:
            return True
        if token == "#" or token.startswith("#"):
            return self.comment_on_own_line(index)
        if line.startswith("#") or " # " in line:
            # Inside a comment only unmistakable code ends it, and never its first word.
            return not line.endswith("#") and bool(_STRONG_STATEMENT.match(rest))
        if not _STATEMENT.match(rest):
            return False
        if token.startswith(("|", ")", "]", "}")):
            return (self.depth <= 1 and line.endswith((")", "}", "]"))) or token.startswith(")")
        return not line.endswith((",", "(", "[", "{", "=", "+", "-", "*", "/", "\\", "|"))

    def comment_on_own_line(self, index: int) -> bool:
        """Whether the ``#`` comment at ``index`` had a line of its own.

        Flattening erased the difference between ``x = f()  # note`` and a
        comment line before the next statement. A comment usually shares words
        with the code it annotates: with the statement before it when inline
        (``k=10  # Keep last 10 exchanges``), with the one after it when it is a
        heading for that code (``# Query`` before ``query_engine = …``).
        When neither tells, a capitalised comment is taken as its own line.
        """
        comment_words: list[str] = []
        end = index + 1
        while end < len(self.tokens):
            nxt = self.tokens[end]
            if comment_words and _STRONG_STATEMENT.match(self.rest(end)):
                break
            comment_words.append(nxt)
            end += 1
        following = self.rest(end, 120).split(" ")[0] if end < len(self.tokens) else ""
        words = _words(" ".join(comment_words))
        before = _words(self.line)
        after = _words(following.split("=")[0])
        if words & after and not words & before:
            return True
        if words & before and not words & after:
            return False
        return bool(comment_words) and comment_words[0][:1].isupper()


def _inside_math(line: str) -> bool:
    """Whether ``line`` ends inside an inline ``$…$`` span (currency ``$5M`` is not math)."""
    # A line that continues a split span (``abla_x L)$``) starts inside math.
    opened = 1 if _LOST_NEWLINE_ESCAPE.match(line) else 0
    if (line.count("$") + opened) % 2 == 0:
        return False
    if "$" not in line:
        return True
    after = line[line.rindex("$") + 1 :]
    return bool(after) and not after[0].isdigit() and not after[0].isspace()


def _balance(line: str) -> int:
    """Opening minus closing brackets of one line, strings ignored."""
    stripped = re.sub(r'"[^"]*"|\'[^\']*\'', "", line)
    return sum(stripped.count(c) for c in "([{") - sum(stripped.count(c) for c in ")]}")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _IDENT.findall(text.replace("_", " ")) if len(w) > 1 or w.isdigit()}
