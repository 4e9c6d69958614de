"""Non-HTML fallbacks: term links become plain text where links make no sense.

Term references are ordinary ``reference`` nodes, so every builder can write
them. The man writer ignores Sphinx's reference handling and text output has no
links (design notes P16); texinfo would print a cross-reference note for each
term. For those builders a post-transform, run after references are resolved,
replaces each term reference by its content. Nothing is registered per builder
*name* with ``add_node`` (design notes P6).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .nodes import REF_CLASS


class UnwrapTermReferencesTransform(SphinxPostTransform):
    """Replace resolved term references by their text (man, text, texinfo)."""

    # After ReferencesResolver (10), so the references exist.
    default_priority = 20
    builders = ("man", "text", "texinfo")

    def run(self, **kwargs: Any) -> None:
        # Collect first, then replace by identity (design notes P2).
        for ref in list(self.document.findall(nodes.reference)):
            if REF_CLASS in ref["classes"]:
                parent = ref.parent
                if parent is None:
                    continue
                position = next(i for i, child in enumerate(parent.children) if child is ref)
                parent[position : position + 1] = [child.deepcopy() for child in ref.children]
