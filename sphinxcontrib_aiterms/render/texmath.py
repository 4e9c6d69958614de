"""Glossary Markdown → docutils nodes, and glossary math → MathML.

Definition bodies are *data*, not documents: they are parsed with myst-parser's
docutils renderer under a fixed private configuration (CommonMark + GFM tables +
``$``/``$$`` math, no raw HTML, no directives, no roles, no linkify), into a
scratch document, so nothing a body contains can reach the host document's
settings, ids or targets. Headings become rubrics, because a section inside a
definition would break the host document's structure.

Math is untrusted data and validated once, at read time: its TeX must pass the
allow-list of :mod:`.mathsafe` (no ``\\input``, ``\\def``, ``\\write``,
``\\href``, ``\\style``…) and latex2mathml must parse it. Valid math becomes an
:class:`aiterms_math` / :class:`aiterms_math_block` placeholder; the
:class:`AitermsMathTransform` post-transform turns it into MathML for HTML
builders whose project uses Sphinx's default (CDN) MathJax, and into ordinary
``math`` / ``math_block`` nodes for every other builder (so LaTeX gets real
math, and a project with its own math setup keeps it). Placeholders, not math
nodes, are what keeps the CDN MathJax ``<script>`` off the glossary page: Sphinx
adds it to pages whose doctree (≤8.1) or rendered body (≥8.2) contains math.
Broken or disallowed TeX is shown as its source, literally, in every builder,
with an ``aiterms.math`` warning naming the term and its glossary file and line.
The MathML itself passes :func:`.mathsafe.sanitize_mathml` (an element and
attribute allow-list: no ``style``, ``href``, ``class``, ``id`` or events).

Rendering is cached (a definition renders the same way in every build): per
process, and on disk next to the bundled glossary's parse cache, keyed by the
body *and* the versions of everything that shapes the result (this package's
sources, myst-parser, markdown-it-py, mdit-py-plugins, docutils, Sphinx,
Pygments, latex2mathml, Python). Cached node lists are kept pickled and
unpickled on use (a fresh copy every time).
A body whose rendering warned is never cached, so its warning repeats in every
build. ``SPHINXCONTRIB_AITERMS_CACHE=off`` disables the disk cache.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import html
import importlib
import pickle
import re
import shutil
import sys
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary
from xml.etree.ElementTree import Element, tostring

import sphinx
from docutils import nodes
from docutils.utils import new_document
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from . import diskcache
from .diskcache import cache_dir
from .gcpause import paused_gc
from .mathsafe import sanitize_mathml, tex_problem
from .nodewalk import find_nodes

if TYPE_CHECKING:
    from collections.abc import Iterable

    from docutils.frontend import Values
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .glossary.model import Definition

logger = logging.getLogger(__name__)

#: Link schemes kept as links; anything else in a body renders as its text.
_LINK_SCHEMES = re.compile(r"^(?:https?|mailto|ftp):", re.IGNORECASE)
#: Sphinx < 8.2 decides "this page needs MathJax" from math nodes in the doctree
#: at read time; later versions decide while writing (has_maths_elements).
_MATHJAX_DECIDED_AT_READ = sphinx.version_info[:2] < (8, 2)


# --------------------------------------------------------------------------- nodes


class aiterms_math(nodes.Inline, nodes.TextElement):
    """Inline glossary math awaiting a builder-specific rendering.

    Deliberately *not* a ``nodes.math`` subclass: Sphinx must not see math on the
    page when the glossary uses MathML (it would load MathJax from its CDN).
    """

    #: Sphinx's SmartQuotes must leave TeX alone.
    support_smartquotes = False


class aiterms_math_block(nodes.General, nodes.FixedTextElement):
    """Display glossary math awaiting a builder-specific rendering."""

    support_smartquotes = False


def _visit_placeholder(self: Any, node: nodes.Element) -> None:
    # Only reached if the post-transform did not run (a builder that resolves
    # doctrees itself): show the TeX source as text, escaped the way this
    # writer escapes any text (never appended raw: it would be live TeX/roff).
    text = nodes.Text(node.astext())
    text.parent = node
    text.walkabout(self)
    raise nodes.SkipNode


# ------------------------------------------------------------------------ Markdown


def _renderer_class() -> type[Any]:
    """Build the renderer lazily: myst-parser is imported on first use only."""
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer

    base_module = sys.modules[DocutilsRenderer.__module__]

    class GlossaryRenderer(DocutilsRenderer):
        """myst-parser's docutils renderer, with everything executable removed."""

        #: Set when this render warned (such a result is not cached).
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
            if not _LINK_SCHEMES.match(href):
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
) -> list[nodes.Node]:
    """Parse glossary Markdown into body nodes (without ids or names).

    ``settings`` are the host document's settings; they are copied, since the
    renderer writes ``myst_*`` values into the settings it is given. ``source``
    and ``line`` are stamped on every element so warnings point at the host
    document rather than at a scratch one. Results come from the render cache
    when possible (always as fresh copies).
    """
    with paused_gc():
        return _markdown_to_nodes(text, settings, source, line)


def _markdown_to_nodes(
    text: str, settings: Values, source: str | None, line: int | None
) -> list[nodes.Node]:
    key = _render_key(text, str(getattr(settings, "language_code", "") or ""))
    data = _MEMO.get(key)
    if data is None:
        data = _disk_load(key)
        if data is not None:
            _MEMO[key] = data
    children = _unpickle(data) if data is not None else None
    if children is None:
        children, warned = _render(text, settings, source)
        if not warned:
            with contextlib.suppress(Exception):  # an unpicklable node: just no cache
                data = pickle.dumps(children, protocol=pickle.HIGHEST_PROTOCOL)
                _MEMO[key] = data
                _disk_store(key, data)
    for child in children:
        for node in child.findall():
            node.source = source
            node.line = line
    return children


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


#: Per-process render cache: key → the pickled node list. Unpickling is the
#: copy: much faster than ``deepcopy`` of docutils nodes, and never shared.
_MEMO: dict[str, bytes] = {}


def _unpickle(data: bytes) -> list[nodes.Node] | None:
    # The caller pauses the cyclic GC (see gcpause): unpickling the bundled
    # glossary's 165 bodies took 0.44 s with it on, 0.05 s with it paused.
    try:
        children = pickle.loads(data)
    except Exception:  # corrupt or stale: render again
        return None
    if isinstance(children, list) and all(isinstance(n, nodes.Node) for n in children):
        return children
    return None


#: Distributions whose code shapes a rendered definition.
_RENDER_DISTRIBUTIONS = (
    "myst-parser",
    "markdown-it-py",
    "mdit-py-plugins",
    "docutils",
    "sphinx",
    "pygments",
    "latex2mathml",
)


@cache
def _versions_key() -> str:
    digest = hashlib.sha256(sys.version.encode())
    for name in _RENDER_DISTRIBUTIONS:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version};".encode())
    # This package's sources (a renderer change must not be served stale nodes).
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def _render_key(text: str, language: str) -> str:
    digest = hashlib.sha256(_versions_key().encode())
    digest.update(language.encode())
    digest.update(b"\0")
    digest.update(text.encode())
    return digest.hexdigest()[:32]


def _cache_folder() -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"render-{_versions_key()}"


#: Rendered definitions kept on disk (≈ 3 KB each). Pruned once per process,
#: when the first one is stored: a listing of the folder per store would cost
#: more than rendering for a large glossary.
KEEP_RENDERED = 50_000
_PRUNED: set[Path] = set()


def _disk_load(key: str) -> bytes | None:
    folder = _cache_folder()
    return None if folder is None else diskcache.load_bytes(folder / f"def-{key}.pickle")


def _disk_store(key: str, data: bytes) -> None:
    folder = _cache_folder()
    if folder is None:
        return
    if folder not in _PRUNED:
        _PRUNED.add(folder)
        _prune_other_versions(folder)
        diskcache.prune(folder, "def-*.pickle", keep=KEEP_RENDERED)
    diskcache.store_bytes(folder / f"def-{key}.pickle", data, keep=None)


def _prune_other_versions(folder: Path) -> None:
    """Delete render caches of other versions (a new version starts its own
    folder; without this, every upgrade would leave ~2 MB behind)."""
    with contextlib.suppress(OSError):
        for other in folder.parent.glob("render-*"):
            if other != folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)


def clear_render_cache() -> None:
    """Forget the per-process render cache (tests; long-running processes)."""
    _MEMO.clear()
    _mathml.cache_clear()


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
    from .glossary.bundled import SOURCE_PREFIX, seeds_dir

    source = definition.first_source
    if not source.line:
        return None
    if source.file.startswith(SOURCE_PREFIX):
        path = seeds_dir() / source.file[len(SOURCE_PREFIX) :]
    else:
        path = Path(source.file)
        if not path.is_absolute() and env is not None:
            from .domain import _confdir

            path = _confdir(env) / path
    return f"{path}:{source.line}"


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def prepare_math(
    roots: Iterable[nodes.Node],
    *,
    keep_math: bool = False,
    location: Any = None,
    definition: Definition | None = None,
    env: BuildEnvironment | None = None,
) -> None:
    """Validate math in ``roots`` (read phase) and replace it in place.

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
    for root in roots:
        if not isinstance(root, nodes.Element):
            continue
        # Collect first: replacing while iterating findall() skips nodes.
        found = list(root.findall(lambda n: isinstance(n, nodes.math | nodes.math_block)))
        for node in found:
            assert isinstance(node, nodes.Element)
            display = isinstance(node, nodes.math_block)
            tex = node.astext()
            replacement: nodes.Element
            problem = math_problem(tex, display=display)
            if problem is not None:
                logger.warning(
                    "%s could not be rendered: %s; showing its source: %s",
                    subject,
                    problem,
                    _shorten(tex),
                    type="aiterms",
                    subtype="math",
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


#: The per-build answer of :func:`mathml_enabled`, computed on ``builder-inited``
#: (a transform has no public way to reach the builder instance). Derived from
#: configuration only, so it is not document state and does not belong on env.
_MATHML: WeakKeyDictionary[BuildEnvironment, bool] = WeakKeyDictionary()


def _note_builder(app: Sphinx) -> None:
    _MATHML[app.env] = mathml_enabled(app.builder, app.config)


def uses_mathml(env: BuildEnvironment) -> bool:
    """Whether glossary math becomes MathML in the current build."""
    known = _MATHML.get(env)
    if known is None:  # builder-inited not seen (should not happen): be conservative
        return builder_format(env) == "html"
    return known


def keep_math_at_read(env: BuildEnvironment) -> bool:
    """Whether the read phase must leave real math nodes (see :func:`prepare_math`)."""
    return _MATHJAX_DECIDED_AT_READ and builder_format(env) == "html" and not uses_mathml(env)


class AitermsMathTransform(SphinxPostTransform):
    """Give glossary math its final form for the current builder."""

    default_priority = 400

    def run(self, **kwargs: Any) -> None:
        from .domain import registered_domain

        domain = registered_domain(self.env)
        if domain is not None and domain.skips(self.env.docname, glossary=True):
            return
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


def setup_render(app: Sphinx) -> None:
    """Register the placeholder nodes and the math post-transform."""
    placeholder_visitors = (_visit_placeholder, None)
    for node_class in (aiterms_math, aiterms_math_block):
        app.add_node(
            node_class,
            html=placeholder_visitors,
            latex=placeholder_visitors,
            text=placeholder_visitors,
            man=placeholder_visitors,
            texinfo=placeholder_visitors,
        )
    app.add_post_transform(AitermsMathTransform)
    # Early priority: before anything that reads the builder's math setup.
    app.connect("builder-inited", _note_builder, priority=100)


__all__ = [
    "AitermsMathTransform",
    "aiterms_math",
    "aiterms_math_block",
    "clear_render_cache",
    "keep_math_at_read",
    "latex_to_mathml",
    "markdown_to_nodes",
    "math_problem",
    "mathml_enabled",
    "prepare_math",
    "setup_render",
    "uses_mathml",
]


def builder_format(env: BuildEnvironment) -> str:
    """The output format of the running builder, on every supported Sphinx.

    ``env._builder_cls`` exists from Sphinx 7.4; 7.3 only has ``env.app``.
    """
    builder_cls = getattr(env, "_builder_cls", None)
    if builder_cls is not None:
        return str(builder_cls.format)
    builder = getattr(getattr(env, "app", None), "builder", None)
    return str(getattr(builder, "format", ""))
