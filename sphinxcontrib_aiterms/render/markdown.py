"""Glossary Markdown → docutils nodes (definition bodies).

Definition bodies are *data*, not documents: they are parsed with myst-parser's
docutils renderer under a fixed private configuration (CommonMark + GFM tables +
``$``/``$$`` math, no raw HTML, no directives, no roles, no linkify), into a
scratch document, so nothing a body contains can reach the host document's
settings, ids or targets. Headings become rubrics, because a section inside a
definition would break the host document's structure; links keep only the
``http``, ``https``, ``mailto`` and ``ftp`` schemes; images keep their alt text.

The bundled glossary's bodies are rendered once, when the package is prepared
(:mod:`.trees`), so a documentation build imports myst-parser only for the
project's own definitions.
"""

from __future__ import annotations

import copy
import importlib
import re
import sys
from functools import cache
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import new_document

if TYPE_CHECKING:
    from docutils.frontend import Values
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

#: Link schemes kept as links; anything else in a body renders as its text.
LINK_SCHEMES = re.compile(r"^(?:https?|mailto|ftp):", re.IGNORECASE)


def _renderer_class() -> type[Any]:
    """Build the renderer lazily: myst-parser is imported on first use only."""
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer

    base_module = sys.modules[DocutilsRenderer.__module__]

    class GlossaryRenderer(DocutilsRenderer):
        """myst-parser's docutils renderer, with everything executable removed."""

        #: Set when this render warned.
        warned = False

        def setup_render(self, options: dict[str, Any], env: Any) -> None:
            # myst evaluates ``options.get("document", make_document())`` eagerly:
            # a throw-away document with fresh default settings on every render
            # (~40 % of the time per definition). We always pass a document.
            self.warned = False
            original = getattr(base_module, "make_document", None)
            if original is None or "document" not in options:
                super().setup_render(options, env)
                return
            setattr(base_module, "make_document", _no_document)  # noqa: B010
            try:
                super().setup_render(options, env)
            finally:
                setattr(base_module, "make_document", original)  # noqa: B010

        def create_warning(self, *args: Any, **kwargs: Any) -> Any:
            self.warned = True
            return super().create_warning(*args, **kwargs)

        def render_fence(self, token: SyntaxTreeNode) -> None:
            # A ```{name} fence would run a directive (``{eval-rst}`` → raw rST):
            # glossary code is always just code.
            info = (token.info or "").strip().split(maxsplit=1)
            self._append_code(token, info[0] if info else "")

        def render_code_block(self, token: SyntaxTreeNode) -> None:
            self._append_code(token, "")

        def _append_code(self, token: SyntaxTreeNode, name: str) -> None:
            text = token.content.rstrip("\n")
            node = nodes.literal_block(text, text, language=_pygments_name(name))
            # Seed code is often not valid in its language (lost indentation,
            # prose in a ```python fence): highlight leniently, never warn.
            node["force"] = True
            node["classes"].append("aiterms-code")
            self.add_line_and_source_path(node, token)
            self.current_node.append(node)

        def render_heading(self, token: SyntaxTreeNode) -> None:
            rubric = nodes.rubric(token.content, "", classes=["aiterms-heading"])
            self.add_line_and_source_path(rubric, token)
            with self.current_node_context(rubric, append=True):
                self.render_children(token)

        def render_hr(self, token: SyntaxTreeNode) -> None:
            # docutils only allows transitions between sections/document blocks;
            # inside a definition a styled empty block does the same job.
            node = nodes.container(classes=["aiterms-rule"])
            self.add_line_and_source_path(node, token)
            self.current_node.append(node)

        def render_link(self, token: SyntaxTreeNode) -> None:
            href = str(token.attrGet("href") or "")
            if not LINK_SCHEMES.match(href):
                # Relative links and anchors mean nothing outside the seed page.
                self.render_children(token)
                return
            ref = nodes.reference(refuri=href, classes=["aiterms-external"])
            self.add_line_and_source_path(ref, token)
            with self.current_node_context(ref, append=True):
                self.render_children(token)

        def render_image(self, token: SyntaxTreeNode) -> None:
            # No remote fetches and no nonlocal-image warnings: keep the alt text.
            alt = "".join(c.content for c in token.children or [])
            if alt:
                self.current_node.append(nodes.Text(alt))

        def render_html_block(self, token: SyntaxTreeNode) -> None:
            # Unreachable with html=False; kept so raw HTML can never pass through.
            self.current_node.append(nodes.Text(token.content))

        def render_html_inline(self, token: SyntaxTreeNode) -> None:
            self.current_node.append(nodes.Text(token.content))

    return GlossaryRenderer


def _no_document(*args: Any, **kwargs: Any) -> None:
    return None


@cache
def _pygments_name(name: str) -> str:
    """A lexer name Pygments knows, else ``text`` (an unknown name makes Sphinx warn)."""
    if not name:
        return "text"
    # Through importlib: Pygments ships no type information.
    lexers = importlib.import_module("pygments.lexers")
    util = importlib.import_module("pygments.util")
    try:
        lexers.get_lexer_by_name(name)
    except util.ClassNotFound:
        return "text"
    return name


@cache
def _markdown_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from myst_parser.config.main import MdParserConfig

    # The private configuration: independent of the project's myst_* settings.
    config = MdParserConfig(enable_extensions={"dollarmath"}, heading_anchors=0)
    md = MarkdownIt("commonmark", {"html": False}, renderer_cls=_renderer_class())
    md.enable("table")
    md.use(dollarmath_plugin, allow_labels=False, allow_space=True, allow_digits=True)
    md.options["myst_config"] = config
    return md


def markdown_to_nodes(
    text: str,
    settings: Values,
    *,
    source: str | None = None,
    line: int | None = None,
) -> tuple[list[nodes.Node], bool]:
    """Parse glossary Markdown into body nodes (without ids or names), and
    whether the rendering warned.

    ``settings`` are the host document's settings; they are copied, since the
    renderer writes ``myst_*`` values into the settings it is given. ``source``
    and ``line`` are stamped on every element so warnings point at the host
    document rather than at a scratch one.
    """
    children, warned = _render(text, settings, source)
    for child in children:
        for node in child.findall():
            node.source = source
            node.line = line
    return children, warned


def _render(text: str, settings: Values, source: str | None) -> tuple[list[nodes.Node], bool]:
    """Render ``text``: (nodes without ids/names/positions/document, whether it warned)."""
    md = _markdown_parser()
    scratch = new_document(source or "<aiterms>", copy.copy(settings))
    messages: list[nodes.system_message] = []
    scratch.reporter.attach_observer(
        lambda msg: messages.append(msg) if msg["level"] >= 2 else None
    )
    root = nodes.container()
    scratch.append(root)
    md.options["document"] = scratch
    md.options["current_node"] = root
    try:
        md.render(text)
    finally:
        md.options.pop("document", None)
        md.options.pop("current_node", None)
    warned = bool(messages) or bool(getattr(md.renderer, "warned", True))
    children = list(root.children)
    root.clear()
    for child in children:
        # Detached from the scratch document: nothing of it is copied or pickled.
        child.parent = None
        for node in child.findall():
            node.document = None  # type: ignore[assignment]
            node.source = None
            node.line = None
            if not isinstance(node, nodes.Element):
                continue
            # Ids/names from a scratch document would collide in the host one.
            node["ids"] = []
            node["names"] = []
            if isinstance(node, nodes.system_message):
                warned = True
    return children, warned
