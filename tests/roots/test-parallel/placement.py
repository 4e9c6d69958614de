"""A stand-in for the ai-glossary directive: ``.. show-terms:: key; key; ...``.

It only does what the domain's contract asks of a glossary directive: an
anchor per term, an id per definition block, and ``note_placement`` calls.
"""

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from sphinxcontrib_aiterms.domain import definition_anchor, get_domain, get_glossary


class ShowTerms(SphinxDirective):
    has_content = False
    required_arguments = 1
    final_argument_whitespace = True

    def run(self):
        glossary = get_glossary(self.env)
        domain = get_domain(self.env)
        out = []
        for name in self.arguments[0].split(";"):
            term = glossary.resolve(name.strip())
            domain.note_placement(self.env.docname, term.key)
            block = nodes.container(ids=[term.anchor])
            block += nodes.paragraph("", term.display)
            for d in term.definitions:
                block += nodes.paragraph("", d.concise, ids=[definition_anchor(d.id)])
            out.append(block)
        return out


def setup(app):
    app.add_directive("show-terms", ShowTerms)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
