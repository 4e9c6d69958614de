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
from sphinx.roles import XRefRole

from .domain import get_domain
from .glossary.names import fold
from .nodes import ATTR_ANCHOR, ATTR_DEFINITION, ATTR_TERM, DOMAIN, UNKNOWN_CLASS, definition_anchor
from .project import get_glossary
from .warnings_ import Subtype, warn

if TYPE_CHECKING:
    from docutils.nodes import Node, system_message
    from sphinx.environment import BuildEnvironment

    from .glossary.model import Glossary

#: ``:external+inv:aiterms:term-ai:`` (rST) or ``{external+inv:...}`` (MyST): the
#: intersphinx role calls ours with the outer raw text.
_EXTERNAL = re.compile(r"^[:{]external[+:]")


def close_matches(glossary: Glossary, name: str, n: int = 3) -> list[str]:
    """The known names closest to ``name`` (keys and aliases, folded)."""
    return difflib.get_close_matches(fold(name), list(glossary.names), n=n, cutoff=0.6)


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
        if found is None:
            domain.note_dependent(docname)  # a glossary edit may fix it
            suggestions = close_matches(glossary, target)
            hint = f" (did you mean: {', '.join(suggestions)}?)" if suggestions else ""
            warn(Subtype.UNKNOWN_TERM, "unknown AI term %r%s", self.target, hint, location=node)
            contnode = node[0]
            assert isinstance(contnode, nodes.Element)
            contnode["classes"].append(UNKNOWN_CLASS)
            return [contnode], []
        term, definition = found
        node[ATTR_TERM] = term.key
        node[ATTR_DEFINITION] = definition.id
        # A qualified target ("attribution (rag)") links to that definition's block.
        qualified = glossary.resolve(target) is None
        node[ATTR_ANCHOR] = definition_anchor(definition.id) if qualified else term.anchor
        domain.note_reference(docname, term.key, definition.id, node.line or 0)
        return [node], []
