"""Rendered definition bodies as plain JSON trees, and back: how prepared bodies travel.

A tree is ``[tagname, {attributes}, *children]`` with text children as strings
(see :mod:`..glossary.prepared`). Prepared data is glossary data, so untrusted
like the rest: :func:`from_tree` accepts only what the Markdown renderer makes
(:data:`NODE_CLASSES`, with their attributes), links with the schemes the
renderer keeps, and no raw markup but the renderer's own line break; anything
else is a :class:`ValueError`. Ids, names and positions never travel (a body is
placed into a host document that gives its own).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

from ..nodes import aiterms_math, aiterms_math_block
from .markdown import LINK_SCHEMES

Tree = list[Any]

#: What a rendered body may hold: element class → the attributes it may keep.
NODE_CLASSES: dict[str, tuple[type[nodes.Element], frozenset[str]]] = {
    cls.__name__: (cls, frozenset(attrs))
    for cls, attrs in (
        (nodes.paragraph, {"classes"}),
        (nodes.strong, {"classes"}),
        (nodes.emphasis, {"classes"}),
        (nodes.literal, {"classes"}),
        (nodes.literal_block, {"classes", "language", "force", "xml:space"}),
        (nodes.block_quote, {"classes"}),
        (nodes.bullet_list, {"classes", "bullet"}),
        (nodes.enumerated_list, {"classes", "enumtype", "prefix", "suffix", "start"}),
        (nodes.list_item, {"classes"}),
        (nodes.table, {"classes"}),
        (nodes.tgroup, {"classes", "cols"}),
        (nodes.colspec, {"classes", "colwidth"}),
        (nodes.thead, {"classes"}),
        (nodes.tbody, {"classes"}),
        (nodes.row, {"classes"}),
        (nodes.entry, {"classes", "morecols", "morerows"}),
        (nodes.rubric, {"classes"}),
        (nodes.container, {"classes"}),
        (nodes.reference, {"classes", "refuri"}),
        (nodes.raw, {"format", "xml:space"}),
        (nodes.math, {"classes"}),
        (nodes.math_block, {"classes", "nowrap", "xml:space"}),
        (aiterms_math, {"classes"}),
        (aiterms_math_block, {"classes", "xml:space"}),
    )
}
#: The only raw markup a body may hold: the renderer's hard line break.
RAW_ALLOWED = frozenset({("html", "<br />\n"), ("latex", "\\\\\n")})
#: The raw source of literal blocks matters (LaTeX treats a literal block whose
#: rawsource differs from its text as parsed-literal): kept under this key.
_RAW_SOURCE = "\0raw"


def _jsonable(value: Any) -> bool:
    if isinstance(value, str | int | float | bool):
        return True
    return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)


def to_tree(node: nodes.Node) -> Tree | str:
    """A rendered node as a tree (text as a string). Raises ValueError for what a
    prepared body may not hold."""
    if isinstance(node, nodes.Text):
        return str(node)
    name = type(node).__name__
    allowed = NODE_CLASSES.get(name)
    if not isinstance(node, nodes.Element) or allowed is None or allowed[0] is not type(node):
        raise ValueError(f"a rendered body cannot hold a {name} node")
    attributes: dict[str, Any] = {}
    for key, value in node.attributes.items():
        if key in allowed[1] and value is not None and value != [] and _jsonable(value):
            attributes[key] = list(value) if isinstance(value, tuple) else value
    if isinstance(node, nodes.FixedTextElement) and node.rawsource != node.astext():
        attributes[_RAW_SOURCE] = node.rawsource
    tree: Tree = [name, attributes, *(to_tree(child) for child in node.children)]
    _check(tree)
    return tree


def _check(tree: Tree) -> None:
    name, attributes, *children = tree
    if name == "reference" and not LINK_SCHEMES.match(str(attributes.get("refuri", ""))):
        raise ValueError(f"a link to {attributes.get('refuri')!r} in a rendered body")
    if name == "raw":
        text = "".join(c for c in children if isinstance(c, str))
        if (attributes.get("format"), text) not in RAW_ALLOWED or len(children) != 1:
            raise ValueError(f"raw markup {text[:40]!r} in a rendered body")


def from_tree(tree: Tree | str) -> nodes.Node:
    """The node a tree describes (a fresh copy every call); ValueError for
    anything a rendered body may not hold."""
    if isinstance(tree, str):
        return nodes.Text(tree)
    if not isinstance(tree, list) or len(tree) < 2 or not isinstance(tree[1], dict):
        raise ValueError(f"not a node tree: {str(tree)[:60]!r}")
    name, attributes, *children = tree
    allowed = NODE_CLASSES.get(str(name))
    if allowed is None:
        raise ValueError(f"a rendered body cannot hold a {name!r} node")
    cls, names = allowed
    attrs = {k: v for k, v in attributes.items() if k in names and _jsonable(v)}
    raw_source = attributes.get(_RAW_SOURCE)
    _check([name, attrs, *children])
    node = cls("", **attrs)  # children after: TextElement takes a second positional
    node.extend(from_tree(child) for child in children)  # argument as its text
    if isinstance(node, nodes.FixedTextElement):
        node.rawsource = str(raw_source) if isinstance(raw_source, str) else node.astext()
    return node
