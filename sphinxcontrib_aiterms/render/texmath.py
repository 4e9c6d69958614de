"""Glossary math: validated while reading, given its final form per builder.

Math is untrusted glossary text. While a glossary page is read,
:func:`prepare_math` checks every formula against the TeX allow-list
(:mod:`.mathsafe`) and latex2mathml: valid math becomes an
:class:`~..nodes.aiterms_math` / :class:`~..nodes.aiterms_math_block`
placeholder, anything else its source shown literally, with an ``aiterms.math``
warning naming the term and its glossary file and line. While writing,
:class:`AitermsMathTransform` turns placeholders into sanitised MathML for HTML
builders whose project uses Sphinx's default (CDN) MathJax, and into ordinary
``math`` / ``math_block`` nodes for every other builder (so LaTeX gets real
math, and a project with its own math setup keeps it). Placeholders, not math
nodes, are what keeps the CDN MathJax ``<script>`` off the glossary page:
Sphinx adds it to pages whose doctree (≤8.1) or rendered body (≥8.2) contains
math.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element, tostring

import sphinx
from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..nodes import aiterms_math, aiterms_math_block, find_nodes
from ..project import confdir, current_builder
from ..warnings_ import Subtype, warn
from .mathsafe import sanitize_mathml, tex_problem

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from ..glossary.model import Definition

#: Sphinx < 8.2 decides "this page needs MathJax" from math nodes in the doctree
#: at read time; later versions decide while writing (has_maths_elements).
_MATHJAX_DECIDED_AT_READ = sphinx.version_info[:2] < (8, 2)


def visit_placeholder(self: Any, node: nodes.Element) -> None:
    # Only reached if the post-transform did not run (a builder that resolves
    # doctrees itself): show the TeX source as text, escaped the way this
    # writer escapes any text (never appended raw: it would be live TeX/roff).
    text = nodes.Text(node.astext())
    text.parent = node
    text.walkabout(self)
    raise nodes.SkipNode


# ---------------------------------------------------------------------------- math


def latex_to_mathml(tex: str, *, display: bool = False) -> str | None:
    """MathML markup for ``tex``, or ``None`` if latex2mathml cannot parse it or
    the TeX is outside the allow-list (memoised: the same formula is checked at
    read time and converted later). The MathML passes the element and attribute
    allow-list of :func:`.mathsafe.sanitize_mathml`.

    latex2mathml's own ``convert`` un-escapes its whole output, so ``\\text{<b>}``
    would come out as live markup. Serialise the element tree ourselves instead:
    its text holds character references as strings (``&#x0003C;``), which are
    decoded first and then escaped once by ElementTree.
    """
    return _mathml(tex, display)


@lru_cache(maxsize=4096)
def _mathml(tex: str, display: bool) -> str | None:
    from latex2mathml.converter import convert_to_element

    if tex_problem(tex) is not None:
        return None
    # latex2mathml does not know \arg (an allowed operator name): spell it out.
    source = _ARG.sub(r"\\operatorname{arg}", tex)
    try:
        root = convert_to_element(source, display="block" if display else "inline")
    except Exception:  # latex2mathml's errors share no base class
        return None
    for element in root.iter():
        if element.text:
            element.text = html.unescape(element.text)
        if element.tail:
            element.tail = html.unescape(element.tail)
        for key, value in element.attrib.items():
            element.attrib[key] = html.unescape(value)
        if _is_unknown_command(element):
            return None
    return tostring(sanitize_mathml(root), encoding="unicode")


_ARG = re.compile(r"(?<!\\)\\arg(?![A-Za-z])")


def _is_unknown_command(element: Element) -> bool:
    # latex2mathml keeps commands it does not know as text ("\foo"); TeX would
    # stop on them, so treat them as broken input.
    text = element.text or ""
    return element.tag.endswith(("mi", "mo")) and bool(re.fullmatch(r"\\[A-Za-z]+", text))


def _fallback(tex: str, *, display: bool) -> nodes.Element:
    """The TeX source, shown literally."""
    if display:
        block = nodes.literal_block(tex, tex, language="text", classes=["aiterms-math-source"])
        return block
    return nodes.literal(tex, tex, classes=["aiterms-math-source"])


def math_problem(tex: str, *, display: bool = False) -> str | None:
    """Why ``tex`` cannot be rendered (and is shown literally), or ``None``."""
    problem = tex_problem(tex)
    if problem is None and latex_to_mathml(tex, display=display) is None:
        problem = "it is not TeX that latex2mathml can convert"
    return problem


def _glossary_location(definition: Definition, env: BuildEnvironment | None) -> str | None:
    """``path:line`` of a definition's first source (a string with a colon, so
    Sphinx shows it as is), or ``None`` when the line is unknown."""
    from ..glossary.bundled import SOURCE_PREFIX, seeds_dir
    from ..glossary.packs import pack_file

    source = definition.first_source
    if not source.line:
        return None
    # A pack's definition is in the pack's file; the project's, relative to conf.py.
    found = pack_file(definition.pack, source.file) if definition.pack else None
    if found is not None:
        path = found
    elif source.file.startswith(SOURCE_PREFIX):
        path = seeds_dir() / source.file[len(SOURCE_PREFIX) :]
    else:
        path = Path(source.file)
        if not path.is_absolute() and env is not None:
            path = confdir(env) / path
    return f"{path}:{source.line}"


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def prepare_math(
    children: list[nodes.Node],
    *,
    keep_math: bool = False,
    location: Any = None,
    definition: Definition | None = None,
    env: BuildEnvironment | None = None,
) -> None:
    """Validate math in a definition body's ``children`` (read phase) and
    replace it in the list (a formula may be one of the children).

    TeX outside the :mod:`.mathsafe` allow-list or that latex2mathml cannot
    parse becomes a literal, with an ``aiterms.math`` warning: with
    ``definition`` (and ``env``, to find a user file), the warning names the term
    and is located at the definition's glossary file and line, else at
    ``location``. Valid TeX becomes a placeholder, or stays a math node when
    ``keep_math`` is set (Sphinx < 8.2 with the project's own math setup, which
    needs real math nodes in the doctree for its assets to be added).
    """
    where = location
    subject = "math in a glossary definition"
    if definition is not None:
        subject = f"math in the definition of '{definition.term}' ({definition.first_source})"
        where = _glossary_location(definition, env) or location
    holder = nodes.container()  # a parent for formulas that are children themselves
    holder.extend(children)
    # Collect first: replacing while iterating findall() skips nodes.
    for node in find_nodes(holder, (nodes.math, nodes.math_block)):
        assert isinstance(node, nodes.Element)
        display = isinstance(node, nodes.math_block)
        tex = node.astext()
        replacement: nodes.Element
        problem = math_problem(tex, display=display)
        if problem is not None:
            warn(
                Subtype.MATH,
                "%s could not be rendered: %s; showing its source: %s",
                subject,
                problem,
                _shorten(tex),
                location=where,
            )
            replacement = _fallback(tex, display=display)
        elif keep_math:
            continue
        elif display:
            replacement = aiterms_math_block(tex, tex)
        else:
            replacement = aiterms_math(tex, tex)
        replacement.source, replacement.line = node.source, node.line
        node.replace_self(replacement)
    children[:] = list(holder.children)
    holder.children = []


def mathml_enabled(builder: Builder, config: Config) -> bool:
    """True when this builder should get MathML: HTML output whose project still
    uses Sphinx's default MathJax from the CDN (or has no HTML math renderer)."""
    if builder.format != "html":
        return False
    renderer = getattr(builder, "math_renderer_name", None)
    if renderer is None:
        return True
    if renderer != "mathjax":
        return False  # imgmath, katex, ...: the project's choice
    try:
        from sphinx.ext.mathjax import MATHJAX_URL
    except ImportError:  # pragma: no cover - always present in supported versions
        return False
    return bool(getattr(config, "mathjax_path", MATHJAX_URL) == MATHJAX_URL)


def uses_mathml(env: BuildEnvironment) -> bool:
    """Whether glossary math becomes MathML in the current build."""
    return mathml_enabled(current_builder(env), env.config)


def keep_math_at_read(env: BuildEnvironment) -> bool:
    """Whether the read phase must leave real math nodes (see :func:`prepare_math`)."""
    return _MATHJAX_DECIDED_AT_READ and builder_format(env) == "html" and not uses_mathml(env)


class AitermsMathTransform(SphinxPostTransform):
    """Give glossary math its final form for the current builder."""

    default_priority = 400

    def run(self, **kwargs: Any) -> None:
        found = find_nodes(self.document, (aiterms_math, aiterms_math_block))
        if not found:
            return
        use_mathml = uses_mathml(self.env)
        for node in found:
            assert isinstance(node, nodes.Element)
            display = isinstance(node, aiterms_math_block)
            tex = node.astext()
            replacement: nodes.Element
            if tex_problem(tex) is not None:
                # Validated at read time; a doctree from elsewhere is checked again.
                replacement = _fallback(tex, display=display)
            elif use_mathml:
                markup = latex_to_mathml(tex, display=display)
                if markup is None:
                    replacement = _fallback(tex, display=display)
                elif display:
                    replacement = nodes.raw(
                        "",
                        f'<div class="aiterms-math aiterms-math-block">{markup}</div>\n',
                        format="html",
                    )
                else:
                    replacement = nodes.raw(
                        "", f'<span class="aiterms-math">{markup}</span>', format="html"
                    )
            elif display:
                replacement = nodes.math_block(tex, tex, nowrap=False, number=None)
            else:
                replacement = nodes.math(tex, tex)
            replacement.source, replacement.line = node.source, node.line
            node.replace_self(replacement)


def builder_format(env: BuildEnvironment) -> str:
    """The output format of the running builder, on every supported Sphinx.

    ``env._builder_cls`` exists from Sphinx 7.4; 7.3 only has ``env.app``.
    """
    builder_cls = getattr(env, "_builder_cls", None)
    if builder_cls is not None:
        return str(builder_cls.format)
    builder = getattr(getattr(env, "app", None), "builder", None)
    return str(getattr(builder, "format", ""))
