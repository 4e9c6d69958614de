"""Definition bodies and their math, as docutils nodes.

* :mod:`.markdown` — a body's Markdown through myst-parser, under a fixed,
  private configuration (no raw HTML, no directives, no roles);
* :mod:`.trees` — rendered bodies as JSON trees: the bundled glossary ships its
  bodies rendered (:mod:`..glossary.prepared`), so a build renders only the
  project's own definitions;
* :mod:`.mathsafe` — the TeX and MathML allow-lists (pure);
* :mod:`.texmath` — math validated while reading, given its final form per builder.

:func:`definition_nodes` is what glossary pages call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..glossary.packs import find_pack, prepared_of
from ..glossary.prepared import body_key
from ..nodes import aiterms_math, aiterms_math_block, find_nodes
from .markdown import markdown_to_nodes
from .texmath import keep_math_at_read, prepare_math
from .trees import from_tree

if TYPE_CHECKING:
    from docutils.frontend import Values
    from sphinx.environment import BuildEnvironment

    from ..glossary.model import Definition


def _prepared(definition: Definition) -> list[nodes.Node] | None:
    """The body rendered ahead of time, if its pack ships it prepared."""
    pack = find_pack(definition.pack) if definition.pack else None
    prepared = prepared_of(pack) if pack is not None else None
    trees = prepared.rendered(body_key(definition.body)) if prepared is not None else None
    return None if trees is None else [from_tree(tree) for tree in trees]


def _unprepare_math(children: list[nodes.Node]) -> None:
    """Placeholders back to math nodes (see :func:`.texmath.keep_math_at_read`),
    in place; a top-level placeholder (no parent) is replaced in ``children``."""
    for index, root in enumerate(children):
        for node in find_nodes(root, (aiterms_math, aiterms_math_block)):
            assert isinstance(node, nodes.Element)
            tex = node.astext()
            math: nodes.Element
            if isinstance(node, aiterms_math_block):
                math = nodes.math_block(tex, tex, nowrap=False, number=None)
            else:
                math = nodes.math(tex, tex)
            math.source, math.line = node.source, node.line
            if node.parent is None:
                children[index] = math
            else:
                node.replace_self(math)


def definition_nodes(
    definition: Definition,
    *,
    env: BuildEnvironment,
    settings: Values,
    source: str | None = None,
    line: int | None = None,
    location: object = None,
) -> list[nodes.Node]:
    """A definition's body as body nodes, its math validated: from the prepared
    bundled data when it has the body, else rendered now. ``source`` and
    ``line`` are stamped on every node (warnings point at the host document);
    math warnings point at the definition's glossary file (else ``location``)."""
    keep_math = keep_math_at_read(env)
    children = _prepared(definition)
    if children is None:
        children, _warned = markdown_to_nodes(definition.body, settings, source=source, line=line)
        prepare_math(
            children, keep_math=keep_math, location=location, definition=definition, env=env
        )
        return children
    for child in children:
        for node in child.findall():
            node.source, node.line = source, line
    if keep_math:
        _unprepare_math(children)
    return children


__all__ = ["definition_nodes"]
