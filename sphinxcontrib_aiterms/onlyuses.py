"""Term uses inside ``only`` blocks: counted for the builders that keep them.

"Used on" back-links and ``:used-only:`` glossaries are decided from what each
document used, recorded while reading (so they work under ``-j``). But the
read phase cannot know the builder's verdict on ``.. only:: latex``: Sphinx
prunes those blocks per builder, at post-transform priority 50 (design notes
P5). So a document records, for each term it uses *only* inside such blocks,
the conditions around each use; after reading, the current builder's tags
decide whether one of those uses survives (:func:`kept_by`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from .autolink import aiterm_candidate
from .domain import ATTR_TERM, DOMAIN, get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.tags import Tags

#: The expressions of the nested ``only`` blocks around one use, outermost first.
Condition = tuple[str, ...]


def _is_term_use(node: nodes.Node) -> bool:
    """An explicit reference to a term, or an auto-link candidate."""
    return (
        isinstance(node, nodes.Element)
        and ATTR_TERM in node.attributes
        and (node.get("refdomain") == DOMAIN or isinstance(node, aiterm_candidate))
    )


def _condition(node: nodes.Node) -> Condition:
    exprs = []
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.only):
            exprs.append(str(parent["expr"]))
        parent = parent.parent
    return tuple(reversed(exprs))


def only_uses(doctree: nodes.document) -> dict[str, list[Condition]]:
    """Term key → the conditions of its uses, for the terms ``doctree`` uses
    only inside ``only`` blocks (explicit references and auto-link candidates)."""
    if next(iter(doctree.findall(addnodes.only)), None) is None:
        return {}  # most documents: nothing conditional
    conditional: dict[str, set[Condition]] = {}
    plain: set[str] = set()
    for node in doctree.findall(_is_term_use):
        assert isinstance(node, nodes.Element)
        key = str(node[ATTR_TERM])
        condition = _condition(node)
        if condition:
            conditional.setdefault(key, set()).add(condition)
        else:
            plain.add(key)
    return {k: sorted(v) for k, v in sorted(conditional.items()) if k not in plain}


def kept_by(tags: Tags | None) -> Callable[[Condition], bool]:
    """Whether a builder with ``tags`` keeps a use under a condition: every
    expression true. An expression that does not parse counts as true, as
    Sphinx keeps such a block (with a warning of its own)."""

    def keeps(condition: Condition) -> bool:
        if tags is None:
            return True
        for expr in condition:
            try:
                if not tags.eval_condition(expr):
                    return False
            except Exception:
                continue
        return True

    return keeps


def _on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    domain = get_domain(app.env)
    docname = app.env.docname
    # Most documents use no term: nothing to look for (and no walk to pay).
    uses = docname in domain.references or docname in domain.autolinks
    domain.note_only_uses(docname, only_uses(doctree) if uses else {})


def setup_only_uses(app: Sphinx) -> None:
    # After auto-linking (600) has marked its candidates.
    app.connect("doctree-read", _on_doctree_read, priority=700)
