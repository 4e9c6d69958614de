"""The ``:term-ai:`` role (also ``:aiterms:term:`` and ``:aiterms:term-ai:``).

An :class:`~sphinx.roles.XRefRole`: it makes a ``pending_xref`` that the domain
resolves (house style §5), because the term may live in another document. The
target is checked while reading, when the glossary is already known, so an
unknown term is reported with its exact location (``aiterms.unknown_term``) and
becomes plain text: no ``pending_xref`` is left for Sphinx's generic dangling or
nitpicky warnings (design notes P10, P11).
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.roles import XRefRole
from sphinx.transforms import SphinxTransform, SphinxTransformer

from .domain import get_domain
from .glossary.names import fold
from .nodes import ATTR_ANCHOR, ATTR_DEFINITION, ATTR_TERM, DOMAIN, UNKNOWN_CLASS, definition_anchor
from .project import get_glossary, glossary_sources
from .warnings_ import Subtype, warn

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils.nodes import Node, system_message
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .glossary.model import Glossary

#: ``:external+inv:aiterms:term-ai:`` (rST) or ``{external+inv:...}`` (MyST): the
#: intersphinx role calls ours with the outer raw text.
_EXTERNAL = re.compile(r"^[:{]external[+:]")

#: Set by the role on a reference to record, or an unknown term to report (the
#: warning text), for :class:`RoleLinesTransform`; removed by it.
_PENDING_REFERENCE = "aiterms_pending_reference"
_PENDING_WARNING = "aiterms_pending_warning"


def close_matches(glossary: Glossary, name: str, n: int = 3) -> list[str]:
    """The known names closest to ``name`` (keys and aliases, folded), and the
    terms whose keywords are close ("cas (atomic operation)")."""
    pool = [*glossary.names, *(w for w in glossary.keyword_terms if w not in glossary.names)]
    found = difflib.get_close_matches(fold(name), pool, n=n, cutoff=0.6)
    return [w if w in glossary.names else f"{w} ({glossary.keyword_terms[w]})" for w in found]


class TermRole(XRefRole):
    """``:term-ai:`name```, ``:term-ai:`text <name>``` or ``:term-ai:`text <name (category)>```."""

    def __init__(self) -> None:
        super().__init__(innernodeclass=nodes.inline, warn_dangling=True)

    def create_xref_node(self) -> tuple[list[Node], list[system_message]]:
        # Whatever name the role was used under, the reference is an aiterms term.
        self.refdomain, self.reftype = DOMAIN, "term"
        self.classes = ["xref", DOMAIN, f"{DOMAIN}-term"]
        return super().create_xref_node()

    def process_link(
        self,
        env: BuildEnvironment,
        refnode: nodes.Element,
        has_explicit_title: bool,
        title: str,
        target: str,
    ) -> tuple[str, str]:
        # Targets are compared folded; objects.inv names are folded keys, so
        # intersphinx users may write any case too.
        return title, fold(target)

    def result_nodes(
        self,
        document: nodes.document,
        env: BuildEnvironment,
        node: nodes.Element,
        is_ref: bool,
    ) -> tuple[list[Node], list[system_message]]:
        if not is_ref or _EXTERNAL.match(self.rawtext):
            return [node], []  # another project's term: intersphinx resolves it
        glossary = get_glossary(env)
        domain = get_domain(env)
        docname = env.docname
        target = node["reftarget"]
        found = glossary.lookup(target)
        deferred = _schedule(document)
        if found is None:
            domain.note_dependent(docname)  # a glossary edit may fix it
            message = unknown_term_message(glossary, self.target, target, glossary_sources(env))
            contnode = node[0]
            assert isinstance(contnode, nodes.Element)
            contnode["classes"].append(UNKNOWN_CLASS)
            contnode.source, contnode.line = node.source, node.line
            if deferred:
                contnode[_PENDING_WARNING] = message
            else:
                warn(Subtype.UNKNOWN_TERM, "%s", message, location=contnode)
            return [contnode], []
        term, definition = found
        node[ATTR_TERM] = term.key
        node[ATTR_DEFINITION] = definition.id
        # A qualified target ("attribution (rag)") links to that definition's block.
        qualified = glossary.resolve(target) is None and target not in glossary.keyword_terms
        node[ATTR_ANCHOR] = definition_anchor(definition.id) if qualified else term.anchor
        if deferred:
            node[_PENDING_REFERENCE] = True
        else:
            domain.note_reference(docname, term.key, definition.id, node.line or 0)
        return [node], []


def unknown_term_message(glossary: Glossary, written: str, target: str, sources: str) -> str:
    """The ``aiterms.unknown_term`` warning for ``written`` (folded: ``target``):
    the closest names, what the glossary is made of, and where adding a term
    is shown (the warnings page of the docs)."""
    suggestions = close_matches(glossary, target)
    hint = f" (did you mean: {', '.join(suggestions)}?)" if suggestions else ""
    return (
        f"unknown AI term {' '.join(written.split())!r}{hint}; not in {sources}: "
        "to add it, see 'aiterms.unknown_term' in the warnings page of the docs"
    )


# --- locations ----------------------------------------------------------------------------


def _schedule(document: nodes.document) -> bool:
    """Schedule :class:`RoleLinesTransform` on ``document``, once; False when
    its transforms will not run (a translated message parsed on its own by
    Sphinx's i18n transform, or a parse after reading): then the role reports
    and records at once, at the line it was given."""
    transformer = getattr(document, "transformer", None)
    if not isinstance(transformer, SphinxTransformer):
        return False
    if not any(item[1] is RoleLinesTransform for item in transformer.transforms):
        transformer.add_transform(RoleLinesTransform)
    return True


def _block_of(node: nodes.Element) -> nodes.Element | None:
    """The nearest enclosing block that knows its line (a paragraph, title,
    term, table cell's paragraph…), as the coverage report starts counting."""
    block = node.parent
    while block is not None and (
        isinstance(block, nodes.Inline) or not isinstance(block.line, int) or block.line <= 0
    ):
        block = block.parent
    return block


def _in_std_glossary(node: nodes.Node) -> bool:
    return any(isinstance(parent, addnodes.glossary) for parent in _ancestors(node))


def _ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _first_line(block: nodes.Element, rst: bool) -> int:
    """The line where ``block``'s text starts."""
    line = int(block.line or 0)
    if rst and isinstance(block, nodes.title) and isinstance(block.parent, nodes.section):
        return line - 1  # docutils gives a section title the line of its underline
    if isinstance(block, nodes.term) and _in_std_glossary(block):
        return line + 1  # Sphinx's glossary gives 0-based content offsets
    return line


def own_lines(found: list[nodes.Element], *, rst: bool) -> dict[int, int]:
    """``id(node)`` → the line where the role that made ``node`` starts.

    The first line of the enclosing block (paragraph, title, term…) plus the
    line breaks in its text before the role: the coverage report's count (a
    parser gives a role its block's line, and not always that: docutils is one
    line late in table cells). One walk per block, however many roles it holds.
    """
    by_block: dict[int, tuple[nodes.Element, set[int]]] = {}
    for node in found:
        block = _block_of(node)
        if block is not None:
            by_block.setdefault(id(block), (block, set()))[1].add(id(node))
    lines: dict[int, int] = {}
    for block, wanted in by_block.values():
        line = _first_line(block, rst)
        for item in block.findall(include_self=False):
            if isinstance(item, nodes.Text):
                line += item.count("\n")
            elif id(item) in wanted:
                lines[id(item)] = line
    return lines


def is_rst(config: Config, path: str) -> bool:
    """Whether the source file ``path`` is reStructuredText (by ``source_suffix``)."""
    suffixes: object = config.source_suffix
    if not isinstance(suffixes, dict):
        return True
    filetype = next((t for s, t in suffixes.items() if path.endswith(s)), None)
    return filetype in {None, "restructuredtext"}


class RoleLinesTransform(SphinxTransform):
    """Locate references and unknown terms at the role's own line (see the
    module docstring), then warn and record them, in document order.

    Runs after Sphinx's i18n transform (20), so translated paragraphs are in
    place, and before substitutions are applied (220), so a role in a
    substitution definition is reported once, where it is written.
    """

    default_priority = 100

    def apply(self, **kwargs: object) -> None:
        domain = get_domain(self.env)
        docname = self.env.docname

        def pending(node: nodes.Node) -> bool:
            return isinstance(node, nodes.Element) and (
                _PENDING_REFERENCE in node.attributes or _PENDING_WARNING in node.attributes
            )

        found = [n for n in self.document.findall(pending) if isinstance(n, nodes.Element)]
        lines = own_lines(found, rst=is_rst(self.config, str(self.document.get("source", ""))))
        for node in found:
            node.line = lines.get(id(node), node.line)
            if _PENDING_WARNING in node.attributes:
                message = str(node.attributes.pop(_PENDING_WARNING))
                warn(Subtype.UNKNOWN_TERM, "%s", message, location=node)
            else:
                del node[_PENDING_REFERENCE]
                key, definition = str(node[ATTR_TERM]), str(node[ATTR_DEFINITION])
                domain.note_reference(docname, key, definition, node.line or 0)
