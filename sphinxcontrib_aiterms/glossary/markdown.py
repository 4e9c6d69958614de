"""From scraped body lines to normalised Markdown, and to short card texts.

The scraper collapsed all whitespace: every paragraph, list item, table row and
code line is one line, with no blank lines between blocks, and code lost its
indentation. CommonMark would read such text as a few run-on paragraphs (a bold
"heading" line after a list item is a lazy continuation of that item), so
:func:`to_markdown` classifies each line and writes blocks separated by blank
lines, fences unfenced code, and repairs LaTeX that lost its backslashes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------------------
# Line classes

_FENCE = "```"
_LIST_ITEM = re.compile(r"^(?:[-*] |• |\d+\. )")
_TABLE_ROW = re.compile(r"^\|.*\|")
_HEADING_ONLY = re.compile(r"^\*\*[^*]+\*\*:?$|^\*\*[^*]+:\*\*$")
_MD_HEADING = re.compile(r"^#{1,6} ")
_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_CODE_START = re.compile(
    r"^(?:from [\w.]+ import |import [\w.]+|(?:async )?def \w+\(|class \w+[(:]|@\w+"
    r"|[A-Za-z_][\w.]*(?:\[[^\]]*\])?(?:, ?[A-Za-z_]\w*)* = |return\b|await |for \w+ in |if .+:$"
    r"|print\(|with .+:$)"
)
_TRIPLE_QUOTE = re.compile(r'"""|\'\'\'')


def _kind(line: str) -> str:
    if line.startswith(_FENCE):
        return "fence"
    if _RULE.match(line):
        return "rule"
    if _MD_HEADING.match(line):
        return "heading"
    if line.startswith("$$"):
        return "display"
    if _HEADING_ONLY.match(line):
        return "bold-heading"
    if _LIST_ITEM.match(line):
        return "list"
    if line.startswith("|") and line.count("|") >= 2:
        return "table"
    return "text"


# ---------------------------------------------------------------------------
# Math repair


_INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)")
#: ``\t`` and ``\n`` escapes that became whitespace: the letter after them survived.
_LOST_ESCAPE = re.compile(r"(^|[\s(])(ext\{|heta\b|imes\b|ilde\{|abla\b|au\b|ext(?=bf|rm|it))")
_LOST_ESCAPE_FIX = {
    "ext{": r"\text{",
    "heta": r"\theta",
    "imes": r"\times",
    "ilde{": r"\tilde{",
    "abla": r"\nabla",
    "au": r"\tau",
    "ext": r"\text",
}
#: Command words whose backslash simply vanished.
_COMMANDS = (
    "frac|sqrt|cdots|cdot|ldots|varepsilon|epsilon|infty|leq|geq|neq|approx|mathbb|mathcal"
    "|mathbf|mathrm|partial|sum|prod|int|alpha|beta|gamma|delta|Delta|lambda|mu|sigma|Sigma"
    "|phi|psi|omega|Omega|rho|pi|hat|tilde|ddot|dot|bar|vec|log|exp|max|min|arg|left|right"
    "|top|odot|otimes|oplus|nabla|sim|propto|langle|rangle|operatorname|lim|cos|sin|tanh|quad"
    "|mid|ell|forall|exists|cup|cap|subset|leftarrow|rightarrow|Rightarrow|to|circ|star|kappa"
    "|zeta|xi|chi|nu|varphi|boldsymbol|underbrace|overline"
)
_BARE_COMMAND = re.compile(r"(?<![\\A-Za-z])(" + _COMMANDS + r")(?![A-Za-z])")


def repair_latex(math: str) -> str:
    """Restore backslashes lost by the scraper inside one math span."""
    math = _LOST_ESCAPE.sub(lambda m: m.group(1) + _LOST_ESCAPE_FIX[m.group(2)], math)
    # A lost `\t` at the very start left a space after the opening dollar.
    return _BARE_COMMAND.sub(r"\\\1", math).lstrip()


def _math_spans(text: str) -> list[tuple[int, int]]:
    """Inline ``$…$`` spans (offsets of the dollars), currency left alone.

    ``$`` doubles as a currency sign (``$4.75 trillion``). When the dollars of
    a text do not pair up, the ones followed by a digit are taken as currency.
    """
    dollars = [m.start() for m in _INLINE_MATH.finditer(text)]
    if len(dollars) % 2:
        dollars = [d for d in dollars if not text[d + 1 : d + 2].isdigit()]
        if len(dollars) % 2:
            return []
    spans = list(zip(dollars[::2], dollars[1::2], strict=True))
    return [(a, b) for a, b in spans if not _is_currency_pair(text[a + 1 : b])]


_MATHY = re.compile(
    r"[{}\\^_=]|(?:^|\s)(?:ext|heta|imes|ilde|abla)\b|" + r"\b(?:frac|sqrt|cdot|leq|geq)\b"
)


def _is_currency_pair(inner: str) -> bool:
    """``$4.75 trillion … $25M`` pairs up like math; money starts with a digit
    and has no TeX in between."""
    return inner[:1].isdigit() and " " in inner and not _MATHY.search(inner)


def repair_math_in_text(text: str) -> str:
    """Repair every ``$$…$$`` and ``$…$`` span of a prose line."""
    if "$" not in text:
        return text
    text = re.sub(r"\$\$(.+?)\$\$", lambda m: "$$" + repair_latex(m.group(1)) + "$$", text)
    spans = _math_spans(text)
    for start, end in reversed(spans):
        text = text[: start + 1] + repair_latex(text[start + 1 : end]) + text[end:]
    return text


def escape_currency(text: str) -> str:
    r"""Escape the dollars of ``text`` that are not math (``\$4.75``), for Markdown
    renderers with dollar math on."""
    if "$" not in text:
        return text
    spans = _math_spans(re.sub(r"\$\$.+?\$\$", lambda m: "#" * len(m.group(0)), text))
    inside = {i for a, b in spans for i in (a, b)}
    out = []
    for index, char in enumerate(text):
        if char == "$" and index not in inside and not _in_display(text, index):
            out.append("\\$")
        else:
            out.append(char)
    return "".join(out)


def _in_display(text: str, index: int) -> bool:
    return any(m.start() <= index < m.end() for m in re.finditer(r"\$\$.+?\$\$", text))


# ---------------------------------------------------------------------------
# Markdown


def _join_split_math(lines: list[str]) -> list[str]:
    """Re-join a math span that a ``\\n`` escape (``\\nabla``) split over two lines."""
    out: list[str] = []
    for line in lines:
        if (
            out
            and line.startswith("abla")
            and len(_INLINE_MATH.findall(out[-1])) % 2
            and len(_INLINE_MATH.findall(line)) % 2
        ):
            out[-1] = out[-1] + "\\n" + line
        else:
            out.append(line)
    return out


def _is_code_line(line: str) -> bool:
    return bool(_CODE_START.match(line))


def _blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Group lines into (kind, lines) blocks; unfenced code runs become ``code``."""
    blocks: list[tuple[str, list[str]]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        kind = _kind(line)
        if kind == "fence":
            end = index + 1
            while end < len(lines) and not lines[end].startswith(_FENCE):
                end += 1
            blocks.append(("fenced", lines[index : end + 1]))
            index = end + 1
            continue
        if kind == "text" and _is_code_line(line):
            end, in_string = index, False
            while end < len(lines):
                current = lines[end]
                if not in_string and end > index and _kind(current) not in {"text", "table"}:
                    break
                if not in_string and end > index and current.count("|") >= 3:
                    break  # a real table row, not an LCEL pipe
                if not in_string and end > index and _looks_like_prose(current):
                    break
                if len(_TRIPLE_QUOTE.findall(current)) % 2:
                    in_string = not in_string
                end += 1
            blocks.append(("code", lines[index:end]))
            index = end
            continue
        if kind in {"list", "table"} and blocks and blocks[-1][0] == kind:
            blocks[-1][1].append(line)
        else:
            blocks.append((kind, [line]))
        index += 1
    return blocks


def _looks_like_prose(line: str) -> bool:
    """A sentence, not code: starts upper case, several words, no code punctuation."""
    return (
        line[:1].isupper()
        and " " in line
        and not re.search(r"[=(){}\[\]]|^\w+\.\w+", line)
        and not _CODE_START.match(line)
    )


def to_markdown(lines: list[str] | tuple[str, ...]) -> str:
    """Normalised Markdown for a scraped body (blank lines between blocks)."""
    out: list[str] = []
    for kind, block in _blocks(_join_split_math(list(lines))):
        if kind == "fenced":
            text = "\n".join(block)
            if not block[-1].startswith(_FENCE) or len(block) == 1:
                text += "\n" + _FENCE
        elif kind == "code":
            text = "\n".join(["```python", *block, _FENCE])
        elif kind == "list":
            text = "\n".join(_normalise_item(line) for line in block)
        elif kind == "table":
            text = "\n".join(_normalise_row(_prose(line)) for line in block)
        else:
            text = "\n".join(_prose(line) for line in block)
            # A run-on body ("… tokens. **Memory cost**: … **Impact**: …"): each
            # labelled part becomes a paragraph of its own.
            text = _RUN_IN_LABEL.sub("\n\n", text)
        out.append(text)
    return "\n\n".join(out)


#: A bold run-in label ("**Memory cost**:") after the end of a sentence.
_RUN_IN_LABEL = re.compile(r"(?<=[.!?)\]]) +(?=\*\*[^*\n]{2,60}\*\*:)")


def _normalise_item(line: str) -> str:
    if line.startswith("• "):
        line = "- " + line[2:]
    return _prose(line)


def _prose(line: str) -> str:
    """Repaired math, and currency dollars escaped so dollar-math leaves them text."""
    return escape_currency(repair_math_in_text(line))


def _normalise_row(line: str) -> str:
    # Some scraped rows lost their closing pipe (001:146–149).
    return line if line.endswith("|") else line + " |"


# ---------------------------------------------------------------------------
# Lead, title, short text

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LEADING_HEADINGS = re.compile(r"^(?:\*\*[^*]+\*\*\s*(?=\*\*|[A-Z0-9]))+")
_ABBREVIATIONS = (
    "vs",
    "e.g",
    "i.e",
    "al",
    "etc",
    "cf",
    "approx",
    "fig",
    "eq",
    "no",
    "dr",
    "mr",
    "ms",
    "prof",
    "inc",
    "ltd",
    "st",
    "resp",
    "viz",
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s|$)")


@dataclass(frozen=True, slots=True)
class Lead:
    """The first prose line of a body and the bold title it opens with, if any."""

    text: str
    title: str | None

    @classmethod
    def of(cls, lines: list[str] | tuple[str, ...]) -> Lead:
        flat = " ".join(lines)
        heading = _LEADING_HEADINGS.match(flat)
        headings = _BOLD.findall(heading.group(0)) if heading else []
        rest = flat[heading.end() :] if heading else flat
        title_match = re.match(r"\*\*(.+?)\*\*", rest)
        if title_match:
            title = title_match.group(1)
        elif headings:
            title = headings[0]
        else:
            title = None
        if title is not None:
            title = plain_text(title).rstrip(":").strip()
        return cls(text=rest, title=title or None)


def plain_text(markdown_text: str) -> str:
    """Markdown emphasis and code marks removed; math and Unicode kept."""
    text = markdown_text.replace("**", "")
    text = re.sub(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = text.replace("`", "")
    return re.sub(r"\s+", " ", text).strip()


def first_sentence(text: str) -> str:
    """Up to the first real sentence end: not after an abbreviation, an
    ellipsis, or when the next word starts lower case."""
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        before = text[: match.start()]
        if before.endswith(".."):
            continue
        last_word = re.split(r"[\s(]", before)[-1].lower().lstrip("(")
        if match.group(0)[0] == "." and last_word.rstrip(".") in _ABBREVIATIONS:
            continue
        if match.group(0)[0] == "." and re.fullmatch(r"[a-z]", last_word):
            continue  # an initial or a list marker: "x. y"
        following = text[end:].lstrip()
        if following[:1].islower():
            continue
        return text[:end].strip()
    return text.strip()


def short_text(lines: list[str] | tuple[str, ...]) -> str:
    """The card text: the lead's first sentence with Markdown removed and math
    written as text (cards are plain text)."""
    flat = " ".join(lines)
    heading = _LEADING_HEADINGS.match(flat)
    if heading:
        flat = flat[heading.end() :]
    return math_to_text(first_sentence(plain_text(flat)))


#: Cards show :func:`concise_text`; longer sentences are cut near this length.
CONCISE_LIMIT = 220

_MATH_SYMBOLS = {
    "infty": "∞",
    "epsilon": "ε",
    "varepsilon": "ε",
    "leq": "≤",
    "geq": "≥",
    "neq": "≠",
    "approx": "≈",
    "times": "×",
    "cdot": "·",
    "cdots": "⋯",
    "ldots": "…",
    "pm": "±",
    "sum": "Σ",
    "prod": "∏",
    "int": "∫",
    "partial": "∂",
    "nabla": "∇",
    "in": "∈",
    "sim": "∼",
    "propto": "∝",
    "to": "→",
    "rightarrow": "→",
    "leftarrow": "←",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "Delta": "Δ",
    "theta": "θ",
    "lambda": "λ",
    "mu": "μ",
    "sigma": "σ",
    "Sigma": "Σ",
    "pi": "π",
    "phi": "φ",
    "psi": "ψ",
    "omega": "ω",
    "Omega": "Ω",
    "rho": "ρ",
    "tau": "τ",
    "eta": "η",
    "kappa": "κ",
    "nu": "ν",
    "xi": "ξ",
    "zeta": "ζ",
    "chi": "χ",
    "ell": "ℓ",
}
_ACCENTS = {
    "hat": "\u0302",
    "tilde": "\u0303",
    "bar": "\u0304",
    "vec": "\u20d7",
    "dot": "\u0307",
    "ddot": "\u0308",
}
_SUBSCRIPT_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def math_to_text(text: str) -> str:
    r"""Inline math as readable text: ``$L_\infty$`` → ``L∞``, ``$L_0$`` → ``L₀``.

    Backslashes lost by the scraper are repaired first; commands without a
    symbol keep their name (``\text{x}`` → ``x``). Currency is left alone.
    """
    spans = _math_spans(text)
    for start, end in reversed(spans):
        math = repair_latex(text[start + 1 : end])
        math = re.sub(r"\\(?:text|mathrm|mathbf|operatorname)\{([^{}]*)\}", r"\1", math)
        math = re.sub(r"\\sqrt\{([^{}]*)\}", r"√(\1)", math)
        math = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"(\1)/(\2)", math)
        math = re.sub(
            r"\\(hat|tilde|bar|vec|dot|ddot)\{([^{}]*)\}",
            lambda m: m.group(2) + _ACCENTS[m.group(1)],
            math,
        )
        math = re.sub(r"\\([A-Za-z]+)", lambda m: _MATH_SYMBOLS.get(m.group(1), m.group(1)), math)
        math = re.sub(
            r"_(\d)|_\{(\d+)\}",
            lambda m: (m.group(1) or m.group(2)).translate(_SUBSCRIPT_DIGITS),
            math,
        )
        math = re.sub(r"_(?=[∞≤≥])", "", math)
        math = math.replace("\\", "").replace("{", "").replace("}", "")
        text = text[:start] + math + text[end + 1 :]
    return text


def concise_text(lines: list[str] | tuple[str, ...], short: str, title: str) -> str:
    """A shorter card text for long leads.

    ``**T** is **D** - more`` gives "T is D." (the bold definition is the core).
    Anything still longer than :data:`CONCISE_LIMIT` is cut at its first `` - ``
    or `` — `` that does not directly follow the title ("Atomic Operations — …"
    would leave "Atomic Operations."), else at a word boundary with an ellipsis.
    """
    flat = " ".join(lines)
    heading = _LEADING_HEADINGS.match(flat)
    if heading:
        flat = flat[heading.end() :]
    sentence = first_sentence(flat)
    candidate = short
    core = re.match(r"^(\*\*[^*]+\*\*[^*]{0,40}?\*\*[^*]+\*\*)(?=\s+[-—–]\s|[.!?]|$)", sentence)
    if core:
        candidate = _as_sentence(math_to_text(plain_text(core.group(1))))
    if len(candidate) <= CONCISE_LIMIT:
        return candidate
    title_end = len(title) if candidate.lower().startswith(title.lower()) else 0
    for separator in (" - ", " — ", " – "):
        cut = candidate.find(separator, title_end + 1)
        if cut > title_end + 3:
            return _as_sentence(candidate[:cut])
    return candidate[: candidate.rfind(" ", 0, CONCISE_LIMIT)].rstrip(" ,;:-—–") + "…"


def _as_sentence(text: str) -> str:
    text = text.rstrip(" ,;:-—–")
    return text if text.endswith((".", "!", "?")) else text + "."
