"""Allow-lists for glossary math: which TeX may reach a builder, which MathML a page.

Glossary definitions are data (a user's YAML file, the bundled seed pages), so
their math is treated as untrusted input twice:

* **TeX** (:func:`tex_problem`) goes verbatim into LaTeX (``\\(…\\)``), Texinfo
  (``@math{…}``) and a project's own MathJax or KaTeX. It may only use the math
  commands and environments listed here; anything else (``\\input``, ``\\def``,
  ``\\write``, ``\\catcode``, ``\\href``, ``\\style``…), ``#``, ``^^`` character
  escapes, an unescaped ``%`` or ``$``, control characters and unbalanced braces
  or environments make it unsafe: the caller shows it as literal text instead.
  The argument of ``\\text`` (and the other text-mode commands) is text: no
  command in it, only the escapes in :data:`TEXT_SYMBOLS`.
* **MathML** (:func:`sanitize_mathml`) from latex2mathml keeps only the MathML
  Core elements (and ``menclose``) and, per element, the presentation attributes
  MathML needs, each with a checked value: no ``style``, ``href``, ``class``,
  ``id``, event handlers, namespaced or URL-bearing attributes, and lengths
  bounded so that nothing can cover the page. Other elements are unwrapped
  (their checked children kept); ``annotation``/``annotation-xml`` are dropped.

Both lists are plain data, so what is allowed can be read (and reviewed) here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from xml.etree.ElementTree import Element, ParseError, fromstring, tostring

# ----------------------------------------------------------------------------- TeX


def _words(*groups: str) -> frozenset[str]:
    """The whitespace-separated words of ``groups`` (lists kept readable as prose)."""
    return frozenset(word for group in groups for word in group.split())


#: Control words allowed in math mode. Each is defined by LaTeX with amsmath and
#: amssymb (which Sphinx's LaTeX output loads) and typesets math only.
TEX_COMMANDS: frozenset[str] = _words(
    # Greek letters
    """
    alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa
    varkappa lambda mu nu xi pi varpi rho varrho sigma varsigma tau upsilon phi
    varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
    """,
    # binary operators and relations
    """
    cdot cdots ldots dots vdots ddots times div pm mp ast star circ bullet oplus
    ominus otimes odot oslash cup cap setminus wedge vee land lor lnot neg le leq
    ge geq ne neq approx sim simeq cong equiv propto ll gg lesssim gtrsim prec succ
    preceq succeq subset subseteq supset supseteq in notin ni mid nmid parallel
    perp models vdash triangleq doteq asymp not
    """,
    # arrows
    """
    to gets rightarrow leftarrow leftrightarrow Rightarrow Leftarrow Leftrightarrow
    longrightarrow longleftarrow Longrightarrow Longleftarrow implies iff mapsto
    longmapsto uparrow downarrow hookrightarrow xrightarrow xleftarrow
    """,
    # symbols
    """
    infty partial nabla forall exists nexists emptyset varnothing top bot intercal
    angle triangle prime ell hbar Re Im aleph colon vert Vert lvert rvert lVert
    rVert langle rangle lceil rceil lfloor rfloor lbrace rbrace backslash dagger
    therefore because checkmark square
    """,
    # big operators
    "sum prod coprod int iint iiint oint bigcup bigcap bigoplus bigotimes bigvee bigwedge",
    # named functions
    """
    log ln lg exp sin cos tan sec csc cot arcsin arccos arctan sinh cosh tanh min
    max arg sup inf lim limsup liminf det dim ker deg gcd Pr hom bmod pmod
    operatorname limits nolimits
    """,
    # structures, delimiters, styles, spaces
    """
    frac dfrac tfrac cfrac binom sqrt left right middle big Big bigg Bigg bigl
    bigr Bigl Bigr biggl biggr overline underline overbrace underbrace overset
    underset stackrel substack boxed displaystyle textstyle scriptstyle quad qquad
    """,
    # math alphabets
    "mathbb mathcal mathbf mathrm mathit mathsf mathtt mathfrak boldsymbol",
    # accents
    "hat widehat tilde widetilde bar vec dot ddot acute grave check breve",
)

#: Commands whose braced argument is *text*: only :data:`TEXT_SYMBOLS` inside.
TEXT_COMMANDS: frozenset[str] = _words("text textrm textbf textit textsf texttt mbox")

#: ``\begin{…}`` environments allowed (amsmath's, all usable inside Sphinx's
#: ``split`` display wrapper and inline).
TEX_ENVIRONMENTS: frozenset[str] = _words(
    "matrix pmatrix bmatrix Bmatrix vmatrix Vmatrix smallmatrix cases aligned gathered array"
)

#: Control symbols (``\`` and one non-letter) allowed in math mode (``\\`` is
#: a row break).
MATH_SYMBOLS: frozenset[str] = frozenset(",;:! {}%_&#$|\\")
#: Control symbols allowed in a text-mode argument.
TEXT_SYMBOLS: frozenset[str] = frozenset(",; {}%_&#$")

#: Column specifications of ``\begin{array}``: alignments and rules only
#: (``@{…}``, ``>{…}`` and ``p{…}`` would take code).
_ARRAY_SPEC = re.compile(r"\{[lcr| ]*\}")
_ENV_NAME = re.compile(r"\s*\{([A-Za-z]+\*?)\}")
_WORD = re.compile(r"[^\W\d_]+")  # TeX letters; non-ASCII ones in XeTeX/LuaTeX too


def _is_control(char: str) -> bool:
    return (ord(char) < 32 and char not in "\t\n\r") or ord(char) == 127


class _Frame:
    """An open brace group or environment while scanning."""

    __slots__ = ("env", "text")

    def __init__(self, *, text: bool, env: str | None = None) -> None:
        self.text = text
        self.env = env


@lru_cache(maxsize=4096)
def tex_problem(tex: str) -> str | None:
    """Why ``tex`` may not be passed to a TeX-based renderer, or ``None`` if it may.

    This is about safety (what TeX could run, read, write or redefine, and
    whether the formula stays inside its math delimiters), not about whether
    TeX would typeset it: ``&`` outside an alignment still fails in LaTeX.
    """
    stack: list[_Frame] = []
    text_argument = ""  # a text command waiting for its braced argument
    i, end = 0, len(tex)
    while i < end:
        char = tex[i]
        in_text = bool(stack) and stack[-1].text
        if text_argument and not char.isspace() and char != "{":
            return f"\\{text_argument} needs a braced argument"
        if char == "\\":
            if i + 1 >= end:
                return "a lone backslash ends the formula"
            word = _WORD.match(tex, i + 1)
            if word is None:
                symbol = tex[i + 1]
                i += 2
                allowed = TEXT_SYMBOLS if in_text else MATH_SYMBOLS
                if symbol not in allowed:
                    shown = repr(symbol) if _is_control(symbol) else symbol
                    return f"\\{shown} is not an allowed command"
                continue
            name = word.group()
            i = word.end()
            if in_text:
                return f"\\{name} is not allowed in a text argument"
            if name in TEXT_COMMANDS:
                text_argument = name
                continue
            if name in ("begin", "end"):
                env_match = _ENV_NAME.match(tex, i)
                if env_match is None:
                    return f"\\{name} needs an environment name"
                env_name = env_match.group(1)
                i = env_match.end()
                if env_name not in TEX_ENVIRONMENTS:
                    return f"\\{name}{{{env_name}}} is not an allowed environment"
                if name == "begin":
                    stack.append(_Frame(text=False, env=env_name))
                    if env_name == "array":
                        spec = _ARRAY_SPEC.match(tex, i)
                        if spec is None:
                            return "\\begin{array} needs a column specification of l, c, r and |"
                        i = spec.end()
                elif not stack or stack[-1].env != env_name:
                    return f"\\end{{{env_name}}} does not close an open \\begin{{{env_name}}}"
                else:
                    stack.pop()
                continue
            if name not in TEX_COMMANDS:
                return f"\\{name} is not an allowed command"
            continue
        i += 1
        if char == "{":
            stack.append(_Frame(text=in_text or bool(text_argument)))
            text_argument = ""
        elif char == "}":
            if not stack or stack[-1].env is not None:
                return "unbalanced braces"
            stack.pop()
        elif char == "#":
            return "# (a macro parameter) is not allowed"
        elif char == "%":
            return "an unescaped % (a TeX comment) is not allowed"
        elif char == "$":
            return "an unescaped $ is not allowed"
        elif char == "^" and i < end and tex[i] == "^":
            return "^^ (a TeX character escape) is not allowed"
        elif _is_control(char):
            return f"the control character {char!r} is not allowed"
    if text_argument:
        return f"\\{text_argument} needs a braced argument"
    if stack:
        env = next((f.env for f in reversed(stack) if f.env), None)
        return f"\\begin{{{env}}} is not closed" if env else "unbalanced braces"
    return None


# -------------------------------------------------------------------------- MathML

MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"

#: MathML Core's elements (without ``maction`` and the annotations), plus
#: MathML 3's ``menclose`` (latex2mathml writes it for ``\boxed``).
MATHML_ELEMENTS: frozenset[str] = _words(
    """
    math merror mfrac mi mmultiscripts mn mo mover mpadded mphantom mprescripts
    mroot mrow ms mspace msqrt mstyle msub msubsup msup mtable mtd mtext mtr
    munder munderover none menclose
    """
)
#: Dropped with their content (unwrapping them would show alternative markup).
DROPPED_ELEMENTS: frozenset[str] = frozenset({"annotation", "annotation-xml"})

#: Largest length allowed in a length attribute, in em (``\Huge`` is 2.49 em,
#: ``\qquad`` 2 em): enough for any formula, too little to cover a page.
MAX_LENGTH_EM = 20.0
#: Largest ``mathsize`` (a font size): twice ``\Huge``.
MAX_MATHSIZE_EM = 5.0
_UNIT_EM = {
    "": 1.0,  # a bare number (MathML 3 reads some as multiples of the default)
    "em": 1.0,
    "ex": 0.5,
    "mu": 1 / 18,
    "px": 1 / 16,
    "pt": 0.1,
    "pc": 1.2,
    "in": 7.2,
    "cm": 2.835,
    "mm": 0.2835,
}
_LENGTH = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))(em|ex|mu|px|pt|pc|in|cm|mm)?")
_NAMED_SPACES = frozenset(
    f"{sign}{size}mathspace"
    for sign in ("", "negative")
    for size in (
        "veryverythin",
        "verythin",
        "thin",
        "medium",
        "thick",
        "verythick",
        "veryverythick",
    )
)
_COLOR = re.compile(r"#[0-9A-Fa-f]{3,8}|[A-Za-z]{1,30}")

Check = Callable[[str], bool]


def _choice(*values: str) -> Check:
    allowed = frozenset(values)
    return lambda value: value.strip().lower() in allowed


def _tokens(*values: str) -> Check:
    allowed = frozenset(values)
    return lambda value: (
        0 < len(value.split()) <= 50 and all(token in allowed for token in value.split())
    )


def _length(value: str, limit: float = MAX_LENGTH_EM) -> bool:
    value = value.strip()
    if value in _NAMED_SPACES:
        return True
    match = _LENGTH.fullmatch(value)
    if match is None:
        return False
    return abs(float(match.group(1))) * _UNIT_EM[match.group(2) or ""] <= limit


def _lengths(value: str) -> bool:
    parts = value.split()
    return 0 < len(parts) <= 50 and all(_length(p) for p in parts)


def _integer(limit: int) -> Check:
    return lambda value: (
        re.fullmatch(r"[+-]?\d{1,3}", value.strip()) is not None and (abs(int(value)) <= limit)
    )


_BOOLEAN = _choice("true", "false")
_ALIGN = ("left", "center", "right", "top", "bottom", "baseline", "axis", "decimalpoint")
_LINES = ("none", "solid", "dashed")

#: Attributes allowed on every allowed element (MathML Core's own global ones;
#: not HTML's: no class, id, style, tabindex, nonce or event handlers).
GLOBAL_ATTRIBUTES: dict[str, Check] = {
    "dir": _choice("ltr", "rtl"),
    "displaystyle": _BOOLEAN,
    "scriptlevel": _integer(8),
    "mathsize": lambda v: _length(v, MAX_MATHSIZE_EM),
    "mathcolor": lambda v: _COLOR.fullmatch(v.strip()) is not None,
    "mathbackground": lambda v: _COLOR.fullmatch(v.strip()) is not None,
}

#: Element-specific attributes (MathML Core, plus MathML 3's table and
#: ``menclose`` attributes that latex2mathml writes).
ELEMENT_ATTRIBUTES: dict[str, dict[str, Check]] = {
    "math": {
        "xmlns": lambda v: v == MATHML_NAMESPACE,
        "display": _choice("block", "inline"),
    },
    "mi": {
        "mathvariant": _choice(
            "normal",
            "bold",
            "italic",
            "bold-italic",
            "double-struck",
            "bold-fraktur",
            "script",
            "bold-script",
            "fraktur",
            "sans-serif",
            "bold-sans-serif",
            "sans-serif-italic",
            "sans-serif-bold-italic",
            "monospace",
            "initial",
            "tailed",
            "looped",
            "stretched",
        )
    },
    "mo": {
        "form": _choice("prefix", "infix", "postfix"),
        "fence": _BOOLEAN,
        "separator": _BOOLEAN,
        "stretchy": _BOOLEAN,
        "symmetric": _BOOLEAN,
        "largeop": _BOOLEAN,
        "movablelimits": _BOOLEAN,
        "accent": _BOOLEAN,
        "lspace": _length,
        "rspace": _length,
        "minsize": _length,
        "maxsize": lambda v: v.strip() == "infinity" or _length(v),
    },
    "mfrac": {"linethickness": lambda v: v.strip() in ("thin", "medium", "thick") or _length(v)},
    "mover": {"accent": _BOOLEAN},
    "munder": {"accentunder": _BOOLEAN},
    "munderover": {"accent": _BOOLEAN, "accentunder": _BOOLEAN},
    "mpadded": {
        "width": _length,
        "height": _length,
        "depth": _length,
        "lspace": _length,
        "voffset": _length,
    },
    "mspace": {
        "width": _length,
        "height": _length,
        "depth": _length,
        "linebreak": _choice("auto", "newline", "nobreak", "goodbreak", "badbreak"),
    },
    "mtable": {
        "columnalign": _tokens(*_ALIGN),
        "rowalign": _tokens(*_ALIGN),
        "columnlines": _tokens(*_LINES),
        "rowlines": _tokens(*_LINES),
        "frame": _choice(*_LINES),
        "columnspacing": _lengths,
        "rowspacing": _lengths,
    },
    "mtr": {"columnalign": _tokens(*_ALIGN), "rowalign": _tokens(*_ALIGN)},
    "mtd": {
        "columnalign": _tokens(*_ALIGN),
        "rowalign": _tokens(*_ALIGN),
        "columnspan": _integer(100),
        "rowspan": _integer(100),
    },
    "menclose": {
        "notation": _tokens(
            "longdiv",
            "actuarial",
            "radical",
            "box",
            "roundedbox",
            "circle",
            "left",
            "right",
            "top",
            "bottom",
            "updiagonalstrike",
            "downdiagonalstrike",
            "verticalstrike",
            "horizontalstrike",
            "madruwb",
            "updiagonalarrow",
            "phasorangle",
        )
    },
}


def _local(tag: object) -> str | None:
    """The element name for an un-namespaced or MathML-namespaced tag, else None."""
    if not isinstance(tag, str):
        return None  # comments, processing instructions
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return name if namespace == MATHML_NAMESPACE else None
    return tag


def attribute_allowed(element: str, name: str, value: str) -> bool:
    """Whether ``name="value"`` may stay on an allowed MathML ``element``."""
    check = ELEMENT_ATTRIBUTES.get(element, {}).get(name) or GLOBAL_ATTRIBUTES.get(name)
    return check is not None and check(value)


def sanitize_mathml(root: Element) -> Element:
    """Filter a MathML tree in place through the allow-lists; returns ``root``.

    Elements outside :data:`MATHML_ELEMENTS` are replaced by their (filtered)
    children and text; :data:`DROPPED_ELEMENTS` and non-MathML namespaces go
    with their content. A root that is not ``<math>`` becomes one.
    """
    if _local(root.tag) != "math":
        inner = Element("mrow")
        inner.text = root.text
        inner.extend(list(root))
        root.clear()
        root.append(inner)
    root.tag = "math"
    _filter_attributes(root, "math")
    kept = [(k, v) for k, v in root.attrib.items() if k != "xmlns"]
    root.attrib.clear()
    for key, value in [("xmlns", MATHML_NAMESPACE), *kept]:  # xmlns first, as latex2mathml
        root.set(key, value)
    _filter_children(root)
    return root


def _filter_attributes(element: Element, name: str) -> None:
    for key, value in list(element.attrib.items()):
        if not attribute_allowed(name, key, value):
            del element.attrib[key]


def _filter_children(parent: Element) -> None:
    children = list(parent)
    for child in children:
        _filter_children(child)  # depth first: an unwrapped child is already clean
    kept: list[Element] = []
    for child in children:
        name = _local(child.tag)
        if name in MATHML_ELEMENTS and name != "math":
            child.tag = name
            _filter_attributes(child, name)
            kept.append(child)
            continue
        if name is None or name in DROPPED_ELEMENTS or name == "math":
            _append_text(parent, kept, child.tail)
            continue
        # Unwrap: its text, its (already filtered) children, then its tail.
        _append_text(parent, kept, child.text)
        for grandchild in list(child):
            kept.append(grandchild)
        _append_text(parent, kept, child.tail)
    parent[:] = kept


def _append_text(parent: Element, kept: list[Element], text: str | None) -> None:
    if not text:
        return
    if kept:
        kept[-1].tail = (kept[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def sanitize_mathml_markup(markup: str) -> str | None:
    """:func:`sanitize_mathml` for serialised MathML; ``None`` if it is not XML."""
    try:
        root = fromstring(markup)
    except ParseError:
        return None
    return tostring(sanitize_mathml(root), encoding="unicode")


__all__ = [
    "ELEMENT_ATTRIBUTES",
    "GLOBAL_ATTRIBUTES",
    "MATHML_ELEMENTS",
    "MATH_SYMBOLS",
    "TEXT_COMMANDS",
    "TEXT_SYMBOLS",
    "TEX_COMMANDS",
    "TEX_ENVIRONMENTS",
    "attribute_allowed",
    "sanitize_mathml",
    "sanitize_mathml_markup",
    "tex_problem",
]
