"""A stand-in for a project's own HTML math renderer (imgmath, katex, ...)."""

from docutils import nodes


def visit_math(self, node):
    self.body.append('<span class="dummy-math">' + self.encode(node.astext()) + "</span>")
    raise nodes.SkipNode


def visit_math_block(self, node):
    self.body.append('<div class="dummy-math">' + self.encode(node.astext()) + "</div>")
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("dummy", (visit_math, None), (visit_math_block, None))
    return {"parallel_read_safe": True}
