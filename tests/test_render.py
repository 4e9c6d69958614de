"""Markdown → docutils nodes, and math → MathML (units, then real builds per math setup)."""

from __future__ import annotations

import re
import shutil
from io import StringIO
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_aiterms.nodes import aiterms_math, aiterms_math_block
from sphinxcontrib_aiterms.render.markdown import markdown_to_nodes
from sphinxcontrib_aiterms.render.texmath import latex_to_mathml, prepare_math

if TYPE_CHECKING:
    from pathlib import Path

BODY = """\
**Lead** with $a^2 + b^2$ inline.

## A heading

- one
- two

1. first
2. second

| Col A | Col B |
|-------|-------|
| 1     | $x$   |

```python
def f():
return 1
```

```{eval-rst}
.. raw:: html

   <i>x</i>
```

$$
\\frac{1}{2}
$$

---

<span>raw html</span> [link](https://example.org) [relative](other.md) ![img](https://x/y.png)
"""


def render(text: str) -> nodes.container:
    root = nodes.container()
    root.extend(markdown_to_nodes(text, get_default_settings(Parser), source="doc.rst", line=7)[0])
    return root


def test_blocks_become_docutils_nodes() -> None:
    root = render(BODY)
    assert root.next_node(nodes.strong).astext() == "Lead"
    assert len(list(root.findall(nodes.bullet_list))) == 1
    assert len(list(root.findall(nodes.enumerated_list))) == 1
    table = root.next_node(nodes.table)
    assert table is not None
    assert [e.astext() for e in table.findall(nodes.entry)] == ["Col A", "Col B", "1", "x"]
    maths = list(root.findall(nodes.math))
    assert [m.astext() for m in maths] == ["a^2 + b^2", "x"]
    block = root.next_node(nodes.math_block)
    assert block is not None and block.astext().strip() == "\\frac{1}{2}"


def test_headings_become_rubrics_never_sections() -> None:
    root = render(BODY)
    assert not list(root.findall(nodes.section))
    rubric = root.next_node(nodes.rubric)
    assert rubric is not None and rubric.astext() == "A heading"
    assert "aiterms-heading" in rubric["classes"]


def test_code_is_code_and_directives_do_not_run() -> None:
    root = render(BODY)
    code = list(root.findall(nodes.literal_block))
    assert [c["language"] for c in code] == ["python", "text"]
    assert all(c["force"] for c in code)
    assert code[0].astext() == "def f():\nreturn 1"
    assert code[1].astext().startswith(".. raw:: html")
    assert not list(root.findall(nodes.raw))


def test_raw_html_is_text_and_links_are_safe() -> None:
    root = render(BODY)
    assert not list(root.findall(nodes.raw))
    text = root.astext()
    assert "<span>raw html</span>" in text
    refs = list(root.findall(nodes.reference))
    assert [r["refuri"] for r in refs] == ["https://example.org"]
    assert "relative" in text  # kept as text, not a dangling reference
    assert not list(root.findall(nodes.image))
    assert "img" in text


def test_rule_is_not_a_transition() -> None:
    root = render(BODY)
    assert not list(root.findall(nodes.transition))
    assert any("aiterms-rule" in c["classes"] for c in root.findall(nodes.container))


def test_no_ids_or_names_and_source_is_stamped() -> None:
    root = render(BODY)
    for element in root.findall(nodes.Element):
        if element is root:
            continue
        assert element["ids"] == [] and element["names"] == []
        assert element.source == "doc.rst" and element.line == 7


def test_unknown_code_language_falls_back_to_text() -> None:
    root = render("```no-such-language\nx\n```\n")
    block = root.next_node(nodes.literal_block)
    assert block is not None and block["language"] == "text"


def test_latex_to_mathml() -> None:
    markup = latex_to_mathml("\\frac{a}{b}")
    assert markup is not None
    assert markup.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">')
    assert "<mfrac>" in markup
    block = latex_to_mathml("x", display=True)
    assert block is not None and 'display="block"' in block
    # Less-than as an operator stays a character reference, not markup.
    lt = latex_to_mathml("x < y")
    assert lt is not None and "&lt;" in lt and "< y" not in lt


def test_latex_to_mathml_escapes_text() -> None:
    markup = latex_to_mathml("\\text{<script>&}")
    assert markup is not None
    assert "<script>" not in markup
    assert "&lt;script&gt;&amp;" in markup


@pytest.mark.parametrize("tex", ["\\frac{a}{", "x^^", "\\begin{foo}", "\\nosuchmacro x"])
def test_broken_latex_gives_none(tex: str) -> None:
    assert latex_to_mathml(tex) is None


def test_prepare_math_placeholders_and_fallback() -> None:
    root = render("$x$ and $\\nosuchmacro$\n\n$$\ny\n$$\n")
    prepare_math([root])
    assert not list(root.findall(nodes.math)) and not list(root.findall(nodes.math_block))
    assert [n.astext() for n in root.findall(aiterms_math)] == ["x"]
    # (myst-parser 4 keeps the newlines around display math; 5 strips them)
    assert [n.astext().strip() for n in root.findall(aiterms_math_block)] == ["y"]
    literal = root.next_node(nodes.literal)
    assert literal is not None and literal.astext() == "\\nosuchmacro"
    assert "aiterms-math-source" in literal["classes"]


def test_prepare_math_can_keep_math_nodes() -> None:
    root = render("$x$\n")
    prepare_math([root], keep_math=True)
    assert [n.astext() for n in root.findall(nodes.math)] == ["x"]


# -- real builds: which math setup gets what -------------------------------------------


def build(root: Path, dest: Path, **overrides: object) -> tuple[str, str]:
    src = dest / "src"
    shutil.copytree(root, src)
    warning = StringIO()
    app = SphinxTestApp(
        "html", srcdir=src, status=StringIO(), warning=warning, confoverrides=overrides
    )
    try:
        app.build()
    finally:
        app.cleanup()
    html = (app.outdir / "index.html").read_text("utf-8")
    return html, re.sub(r"\x1b\[[0-9;]*m", "", warning.getvalue())


def scripts(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [str(s.get("src", "")) for s in soup.find_all("script")]


def test_default_mathjax_gets_mathml_and_no_script(rootdir: Path, tmp_path: Path) -> None:
    html, warnings = build(rootdir / "test-glossary-page-math", tmp_path)
    assert warnings == ""
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("math")) >= 5
    assert not [s for s in scripts(html) if "mathjax" in s.lower() or "://" in s]
    assert not soup.select("span.math, div.math")


def test_own_mathjax_path_is_kept(rootdir: Path, tmp_path: Path) -> None:
    html, warnings = build(
        rootdir / "test-glossary-page-math", tmp_path, mathjax_path="mathjax/tex-chtml.js"
    )
    assert warnings == ""
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all("math")
    assert soup.select("span.math") and soup.select("div.math")
    assert any(s.endswith("mathjax/tex-chtml.js") for s in scripts(html))


def test_own_math_renderer_is_kept(rootdir: Path, tmp_path: Path) -> None:
    html, warnings = build(
        rootdir / "test-glossary-page-math",
        tmp_path,
        extensions=["sphinxcontrib_aiterms", "dummymath"],
    )
    assert warnings == ""
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all("math")
    assert soup.select("span.dummy-math") and soup.select("div.dummy-math")
    assert "\\frac{\\text{Detected Faults}}" in soup.select_one("div.dummy-math").get_text()  # type: ignore[union-attr]
