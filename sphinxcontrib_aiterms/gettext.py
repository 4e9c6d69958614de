"""Keep the glossary's own text out of the project's message catalogs.

An ``ai-glossary`` directive renders every definition as ordinary docutils
nodes with a source location, so Sphinx's ``gettext`` builder would extract
thousands of messages (every bundled definition) into the user's ``.pot``
file, which translators would then be asked to translate. The glossary is
content the extension ships, not the user's prose: a post-transform for the
``gettext`` builder marks everything inside the directive's output as not
translatable. The user's own text, including ``:term-ai:`` references, is
still extracted as usual. A project that wants to translate the glossary as
well sets ``aiterms_translate_glossary = True``.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .config import aiterms_config
from .nodes import GLOSSARY_CLASS


class UntranslatableGlossaryTransform(SphinxPostTransform):
    """Mark the nodes of generated glossary pages ``translatable = False``."""

    default_priority = 900  # late: after every other post-transform has run
    builders = ("gettext",)

    def run(self, **kwargs: Any) -> None:
        if aiterms_config(self.config).translate_glossary:
            return  # the project translates the glossary too (opt-in)
        roots = [
            node
            for node in self.document.findall(nodes.container)
            if GLOSSARY_CLASS in node["classes"]
        ]
        for root in roots:
            for node in root.findall(nodes.Element):
                node["translatable"] = False
                if isinstance(node, nodes.image):
                    node.attributes.pop("alt", None)  # alt text would be extracted too
