"""The extension's doctree vocabulary: node classes, attribute and class names.

Every module that makes or finds the extension's nodes takes the names from
here, so a node written by one phase is recognised by the others. Node classes
subclass a standard docutils node (design notes P6): a writer that knows
nothing of them still has the standard node's visitor to fall back on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from docutils import nodes

# --- names ---------------------------------------------------------------------------

#: The domain.
DOMAIN = "aiterms"
#: The generated glossary page (HTML builders, no ``ai-glossary`` directive).
GENERATED_PAGE = "aiterms-glossary"
#: The glossary directive.
DIRECTIVE = "ai-glossary"

#: Attributes on pending and resolved references and on auto-link candidates.
ATTR_TERM = "aiterms_term"
ATTR_DEFINITION = "aiterms_definition"
ATTR_ANCHOR = "aiterms_anchor"
#: An auto-link candidate's folded text, as found.
ATTR_FORM = "aiterms_form"
#: A read document's page-level evidence: ``(ml_page, page_signals)``.
ATTR_EVIDENCE = "aiterms_evidence"
#: A glossary entry's term key (``definition_list_item`` of a glossary page).
ATTR_ENTRY = "aiterms_entry"
#: A link to another project's term: its absolute URL (see ``html.external``).
ATTR_EXTERNAL = "aiterms_external"

#: Class of every resolved term reference, and of the auto-made ones besides it.
REF_CLASS = "aiterm"
AUTO_CLASS = "aiterms-auto"
#: Class of an ``:term-ai:`` whose target is unknown (left as text).
UNKNOWN_CLASS = "aiterm-unknown"
#: Class of another project's term link.
EXTERNAL_CLASS = "aiterm-external"
#: Root class of a glossary page's output (directive or generated page).
GLOSSARY_CLASS = "aiterms-glossary"
#: Root class of a ``:used-only:`` glossary page.
USED_ONLY_CLASS = "aiterms-used-only"
#: Marks the HTML-only navigation of a glossary page.
NAV_CLASS = "aiterms-nav"
#: Classes whose whole subtree is never auto-linked.
OPT_OUT_CLASSES = frozenset({"no-autolink", "no-aiterms"})

#: Prefix of a definition block's id on a glossary page.
DEFINITION_ID_PREFIX = "aiterm-def-"


def definition_anchor(definition_id: str) -> str:
    """The HTML id of a definition block on the glossary page."""
    return DEFINITION_ID_PREFIX + definition_id


# --- node classes ----------------------------------------------------------------------


class aiterm_candidate(nodes.inline):
    """A possible auto-link (read phase); always replaced while writing."""


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


class aiterms_used_on(nodes.General, nodes.Element):
    """Placeholder for a term's "Used on" line: which pages use a term is known
    only once every document is read, so it is filled in while writing."""


# --- walking ---------------------------------------------------------------------------

Condition = type[nodes.Node] | tuple[type[nodes.Node], ...] | Callable[[nodes.Node], bool]


def find_nodes(root: nodes.Node, condition: Condition) -> list[nodes.Node]:
    """The nodes under ``root`` (itself included) matching ``condition`` — a
    node class, a tuple of them, or a predicate — in document order (the same
    list as ``list(root.findall(condition))``).

    docutils' ``findall`` is a chain of nested generators, one per tree level;
    the transforms that look for the extension's few nodes in every page spend
    most of their time there. An explicit stack visits each node once.
    """
    test: Callable[[nodes.Node], bool]
    if isinstance(condition, type | tuple):
        classes = condition

        def test(node: nodes.Node) -> bool:
            return isinstance(node, classes)

    else:
        test = condition
    found: list[nodes.Node] = [root] if test(root) else []
    if not isinstance(root, nodes.Element):
        return found
    stack: list[Iterator[nodes.Node]] = [iter(root.children)]
    append = found.append
    while stack:
        for child in stack[-1]:
            if test(child):
                append(child)
            if isinstance(child, nodes.Element) and child.children:
                stack.append(iter(child.children))
                break
        else:
            stack.pop()
    return found


def replace_all(found: list[nodes.Node], replacements: dict[int, nodes.Node]) -> None:
    """Put each replaced node's substitute in its place, one pass per parent.

    ``replacements`` maps ``id(node)`` to its substitute, for nodes of ``found``.
    Replacing nodes one by one scans the parent's children each time (and
    ``Element.replace`` compares by ``==``, design notes P2): quadratic in a long
    paragraph. Rebuilding each affected parent's child list once is linear.
    """
    parents: dict[int, nodes.Element] = {}
    for node in found:
        if id(node) in replacements and node.parent is not None:
            parents.setdefault(id(node.parent), node.parent)
    for parent in parents.values():
        children = [replacements.get(id(child), child) for child in parent.children]
        parent.children = []
        parent.extend(children)
