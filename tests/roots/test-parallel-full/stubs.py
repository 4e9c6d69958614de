"""Stand-ins for the extension's markup, for the build without the extension."""

from docutils import nodes
from docutils.parsers.rst import Directive, directives


def term_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    title = text.split("<")[0].strip() if text.endswith(">") else text
    return [nodes.inline(rawtext, title)], []


class Nothing(Directive):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {"terms": directives.unchanged, "letters": directives.unchanged}

    def run(self):
        return []


def setup(app):
    app.add_role("term-ai", term_role)
    app.add_directive("ai-glossary", Nothing)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
