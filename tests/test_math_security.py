"""Glossary math is untrusted input (issue 13, items 1, 2 and 10).

* MathML passes an element and attribute allow-list: no ``style``, ``href``,
  ``class``, ``id`` or event handler from ``\\style``, ``\\href``, ``\\class``.
* TeX reaching LaTeX, Texinfo or a project's own MathJax/KaTeX is limited to a
  math-command allow-list: ``\\input``, ``\\def``, ``\\write18``… make the math
  unsafe, and it is shown as escaped literal text in every builder.
* The ``aiterms.math`` warning names the term and its glossary file and line,
  and is located there.

tests/roots/test-math-hostile holds the payloads in a YAML glossary; it is built
with the html, latex, texinfo and text builders, and the HTML page is opened in
Chromium from a local HTTP server (no request may leave its origin, nothing may
cover the page).
"""

from __future__ import annotations

import copy
import functools
import html
import http.server
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, fromstring, tostring

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from helpers import strip_colors
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_aiterms.glossary.bundled import parse_bundled, seeds_dir
from sphinxcontrib_aiterms.glossary.loader import load_glossary
from sphinxcontrib_aiterms.glossary.model import Definition, Source
from sphinxcontrib_aiterms.render import texmath
from sphinxcontrib_aiterms.render.markdown import markdown_to_nodes
from sphinxcontrib_aiterms.render.mathsafe import (
    ELEMENT_ATTRIBUTES,
    GLOBAL_ATTRIBUTES,
    MATHML_ELEMENTS,
    sanitize_mathml,
    sanitize_mathml_markup,
    tex_problem,
)
from sphinxcontrib_aiterms.render.texmath import AitermsMathTransform, latex_to_mathml, math_problem

ROOT = Path(__file__).parent / "roots" / "test-math-hostile"
GLOSSARY_FILE = "glossary/math.yaml"
MATHML = "http://www.w3.org/1998/Math/MathML"

#: term → (the TeX in its definition, display math?), as in the test root.
PAYLOADS: dict[str, tuple[str, bool]] = {
    "overlay": (
        r"\style{position:fixed;top:0;left:0;width:100vw;height:100vh;background:red;"
        r"z-index:99999}{X}",
        False,
    ),
    "beacon": (r"\style{background-image:url(http://127.0.0.1:9/leak.png)}{Z}", False),
    "script link": (r"\href{javascript:alert(1)}{x}", False),
    "class name": (r"\class{aiterm-card}{y}", False),
    "file input": (r"\text{\input{/etc/passwd}}", False),
    "macro redefinition": (r"\def\sphinxstyleemphasis{PWNED}", False),
    "shell escape": (r"\text{\immediate\write18{touch x}}", True),
}


def _stored_math() -> dict[str, str]:
    """term → its formula as the loaded glossary holds it (the loader may
    normalise it: it restored "lost" backslashes, ``top:0`` → ``\top:0``)."""
    glossary = load_glossary((ROOT / GLOSSARY_FILE,), bundled=False, base_dir=ROOT)
    settings = get_default_settings(Parser)
    stored = {}
    for term in PAYLOADS:
        found = [
            math.astext().strip()
            for node in markdown_to_nodes(glossary.terms[term].primary.body, settings)[0]
            if isinstance(node, nodes.Element)
            for math in node.findall(lambda n: isinstance(n, nodes.math | nodes.math_block))
        ]
        assert len(found) == 1, (term, found)
        stored[term] = found[0]
    return stored


STORED = _stored_math()
#: Why each payload is refused (the warning says so).
REASONS = {
    "overlay": r"\style is not an allowed command",
    "beacon": r"\style is not an allowed command",
    "script link": r"\href is not an allowed command",
    "class name": r"\class is not an allowed command",
    "file input": r"\input is not allowed in a text argument",
    "macro redefinition": r"\def is not an allowed command",
    "shell escape": r"\immediate is not allowed in a text argument",
}
#: TeX that must never appear as TeX commands in .tex / .texi output.
TEX_PAYLOADS = (r"\input{/etc/passwd}", r"\def\sphinxstyleemphasis", r"\write18")
#: Attributes that must never appear inside <math>.
FORBIDDEN = re.compile(r"^(?:style|href|class|id|src|xlink:href|on.*|.*:href)$", re.IGNORECASE)


def _all_attributes() -> set[str]:
    names = set(GLOBAL_ATTRIBUTES)
    for attrs in ELEMENT_ATTRIBUTES.values():
        names |= set(attrs)
    return names


def _raw_mathml(tex: str, *, display: bool = False) -> Element:
    """latex2mathml's own tree for ``tex``, unfiltered."""
    from latex2mathml.converter import convert_to_element

    root: Element = convert_to_element(tex, display="block" if display else "inline")
    for element in root.iter():
        if element.text:
            element.text = html.unescape(element.text)
    return root


def _attributes(root: Element) -> list[tuple[str, str, str]]:
    return [(e.tag, k, v) for e in root.iter() for k, v in e.attrib.items()]


# --- the MathML allow-list -------------------------------------------------------------


@pytest.mark.parametrize("term", ["overlay", "beacon", "script link", "class name"])
def test_latex2mathml_attributes_are_removed(term: str) -> None:
    tex, display = PAYLOADS[term]
    raw = _raw_mathml(tex, display=display)
    # the premise: latex2mathml passes them through
    assert any(k in ("style", "href", "class") for _, k, _ in _attributes(raw))
    clean = sanitize_mathml(copy.deepcopy(raw))
    assert [(t, k) for t, k, _ in _attributes(clean)] == [("math", "xmlns"), ("math", "display")]
    # the content stays: only the wrapper's attribute goes
    assert "".join(clean.itertext()) == "".join(raw.itertext())


def test_hostile_markup_is_filtered() -> None:
    markup = (
        f'<math xmlns="{MATHML}" display="block" onload="alert(1)" class="x" id="y">'
        '<mrow style="position:fixed" href="javascript:alert(1)" tabindex="0">'
        '<mi onclick="alert(2)" mathvariant="bold" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' xlink:href="javascript:alert(3)">a</mi>'
        '<maction actiontype="statusline"><mi>b</mi><mtext>status</mtext></maction>'
        "<script>alert(4)</script>"
        '<semantics><mi>c</mi><annotation-xml encoding="text/html">'
        '<a xmlns="http://www.w3.org/1999/xhtml" href="https://evil.example/">d</a>'
        "</annotation-xml></semantics>"
        '<mspace width="1000em" height="100vh" depth="1em"/>'
        '<mstyle mathbackground="url(https://evil.example/x.png)" mathcolor="red"'
        ' mathsize="500em" displaystyle="true" scriptlevel="0"><mi>e</mi></mstyle>'
        '<mo stretchy="false" fence="true" form="prefix" lspace="0.2em" minsize="calc(1em)">(</mo>'
        "</mrow></math>"
    )
    clean = sanitize_mathml_markup(markup)
    assert clean is not None
    root = fromstring(clean)
    tags = {e.tag.rpartition("}")[2] for e in root.iter()}
    assert tags <= MATHML_ELEMENTS
    assert not tags & {"maction", "script", "semantics", "annotation-xml", "a"}
    found = {(e.tag.rpartition("}")[2], k): v for e in root.iter() for k, v in e.attrib.items()}
    assert found == {
        ("math", "display"): "block",
        ("mi", "mathvariant"): "bold",
        ("mspace", "depth"): "1em",
        ("mstyle", "mathcolor"): "red",
        ("mstyle", "displaystyle"): "true",
        ("mstyle", "scriptlevel"): "0",
        ("mo", "stretchy"): "false",
        ("mo", "fence"): "true",
        ("mo", "form"): "prefix",
        ("mo", "lspace"): "0.2em",
    }
    assert clean.startswith(f'<math xmlns="{MATHML}"')
    # unwrapped elements keep their text, as text; dropped annotations do not
    text = "".join(root.itertext())
    assert text == "abstatusalert(4)ce("
    assert "evil" not in clean and "javascript" not in clean


def test_sanitiser_rejects_non_xml_and_wraps_a_foreign_root() -> None:
    assert sanitize_mathml_markup("<math><mi>x</math>") is None
    clean = sanitize_mathml_markup('<div style="position:fixed"><mi>x</mi></div>')
    assert clean == f'<math xmlns="{MATHML}"><mrow><mi>x</mi></mrow></math>'


#: Legitimate math beyond the seed glossary's: latex2mathml's output for each is
#: kept as is (the attribute allow-list covers what the common math set needs).
COMMON_MATH = [
    (r"\frac{a}{b} + \sqrt[3]{x} - \binom{n}{k}", False),
    (r"\sum_{i=1}^{n} \prod_j \int_0^\infty f(x)\,dx", True),
    (r"\left( \frac{1}{2} \right) \cdot \|x\|_2 \le \epsilon", False),
    (r"\hat{y} \tilde{x} \bar{z} \vec{v} \dot{a} \ddot{b} \overline{AB}", False),
    (r"\mathbb{R}^n \mathcal{L} \mathbf{w} \mathrm{d}x \boldsymbol{\theta}", False),
    (r"\operatorname{softmax}(z)_i = \frac{\exp(z_i)}{\sum_j \exp(z_j)}", True),
    (r"\min_\theta \max_\phi \log p(x) \lim_{n \to \infty}", False),
    (r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", True),
    (r"\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}", False),
    (r"f(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}", True),
    (r"\begin{array}{lc|r} a & b & c \end{array}", True),
    (r"\displaystyle \sum_i x_i \quad \textstyle y \qquad \scriptstyle z", True),
    (r"a \ne b \approx c \in S \to T, \partial_x \nabla f, \forall \exists", False),
    (r"\overbrace{a+b}^{n} \underbrace{c}_{m} \boxed{x} \xrightarrow{f} y", False),
]


@pytest.mark.parametrize(("tex", "display"), COMMON_MATH)
def test_common_math_passes_both_allow_lists_unchanged(tex: str, display: bool) -> None:
    assert tex_problem(tex) is None
    raw = _raw_mathml(tex, display=display)
    before = tostring(raw, encoding="unicode")
    assert tostring(sanitize_mathml(raw), encoding="unicode") == before
    markup = latex_to_mathml(tex, display=display)
    assert markup is not None and "<math" in markup


def test_arg_is_an_operator_name_in_mathml() -> None:
    # (latex2mathml does not know \arg; TeX does, so both allow-lists must agree.)
    assert tex_problem(r"\arg\max_\theta f") is None
    markup = latex_to_mathml(r"\arg\max_\theta f")
    assert markup is not None and "<mo>arg</mo>" in markup


@functools.cache
def _seed_math() -> list[tuple[str, str, bool]]:
    """``(term, tex, display)`` for every formula in the bundled glossary."""
    settings = get_default_settings(Parser)
    found = []
    for definition in parse_bundled().definitions:
        for node in markdown_to_nodes(definition.body, settings)[0]:
            if not isinstance(node, nodes.Element):
                continue
            for math in node.findall(lambda n: isinstance(n, nodes.math | nodes.math_block)):
                display = isinstance(math, nodes.math_block)
                found.append((definition.term, math.astext(), display))
    return found


def test_seed_math_passes_both_allow_lists_unchanged() -> None:
    formulas = _seed_math()
    assert len(formulas) > 50
    for term, tex, display in formulas:
        assert tex_problem(tex) is None, (term, tex)
        raw = _raw_mathml(tex, display=display)
        before = tostring(raw, encoding="unicode")
        assert tostring(sanitize_mathml(raw), encoding="unicode") == before, (term, tex)
        assert math_problem(tex, display=display) is None, (term, tex)


# --- the TeX allow-list ----------------------------------------------------------------

UNSAFE_TEX = {
    r"\input{/etc/passwd}": r"\input is not an allowed command",
    r"\text{\input{/etc/passwd}}": r"\input is not allowed in a text argument",
    r"\def\sphinxstyleemphasis{PWNED}": r"\def is not an allowed command",
    r"\immediate\write18{touch x}": r"\immediate is not an allowed command",
    r"x \write18{ls}": r"\write is not an allowed command",
    r"\catcode`\^=7": r"\catcode is not an allowed command",
    r"\csname input\endcsname": r"\csname is not an allowed command",
    r"\openout1=x": r"\openout is not an allowed command",
    r"\href{javascript:alert(1)}{x}": r"\href is not an allowed command",
    r"\style{color:red}{x}": r"\style is not an allowed command",
    r"\alphaé": r"\alphaé is not an allowed command",
    r"^^5cinput{x}": "^^ (a TeX character escape) is not allowed",
    r"x^^M": "^^ (a TeX character escape) is not allowed",
    r"\frac{#1}{2}": "# (a macro parameter) is not allowed",
    r"a % comment \)": "an unescaped % (a TeX comment) is not allowed",
    r"a $ b": "an unescaped $ is not allowed",
    r"\frac{a}{b": "unbalanced braces",
    r"a}{b": "unbalanced braces",
    "x\\": "a lone backslash ends the formula",
    r"x \) \input{y}": r"\) is not an allowed command",
    r"\begin{equation*} x \end{equation*}": r"\begin{equation*} is not an allowed environment",
    r"\end{split} \input{x}": r"\end{split} is not an allowed environment",
    r"\begin{cases} x": r"\begin{cases} is not closed",
    r"\begin{cases} x \end{pmatrix}": r"\end{pmatrix} does not close an open \begin{pmatrix}",
    r"\begin{array}{@{\hskip 1em}c} x \end{array}": (
        r"\begin{array} needs a column specification of l, c, r and |"
    ),
    r"\text x": r"\text needs a braced argument",
    r"\text{\frac{a}{b}}": r"\frac is not allowed in a text argument",
    "a \x0c b": r"the control character '\x0c' is not allowed",
}


@pytest.mark.parametrize("tex", list(UNSAFE_TEX))
def test_unsafe_tex_is_refused(tex: str) -> None:
    assert tex_problem(tex) == UNSAFE_TEX[tex]
    assert latex_to_mathml(tex) is None  # never MathML either: one answer for all builders


@pytest.mark.parametrize(
    "tex",
    [
        r"\text{a \, b \; c \% d \_ e \{ f \} g}",
        r"\text{ million} \times 10^{6}",
        r"\operatorname*{argmax}_x f(x)",
        r"x_{discrete} = \text{argmax}(z)",
        r"100\% \cdot \frac{\text{Detected Faults}}{\text{Total}}",
        r"\left\{ x \middle| x > 0 \right\}",
        r"\text{<script>&}",
        r"a &= b \\ &= c",
    ],
)
def test_safe_tex_is_allowed(tex: str) -> None:
    assert tex_problem(tex) is None


# --- real builds -----------------------------------------------------------------------


@dataclass
class Built:
    builder: str
    srcdir: Path
    outdir: Path
    warnings: str

    def read(self, suffix: str) -> str:
        files = sorted(p for p in self.outdir.rglob(f"*{suffix}") if "_static" not in p.parts)
        assert files, suffix
        return "\n".join(p.read_text("utf-8") for p in files)


_BUILT: dict[str, Built] = {}


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Built]:
    def get(builder: str) -> Built:
        if builder not in _BUILT:
            src = tmp_path_factory.mktemp(f"math-{builder}") / "src"
            shutil.copytree(ROOT, src)
            warning = StringIO()
            app = SphinxTestApp(builder, srcdir=src, status=StringIO(), warning=warning)
            try:
                app.build()
            finally:
                app.cleanup()
            _BUILT[builder] = Built(builder, src, app.outdir, strip_colors(warning.getvalue()))
        return _BUILT[builder]

    return get


def _term_lines() -> dict[str, int]:
    """The 1-based line of each ``- term:`` entry of the test glossary."""
    lines = (ROOT / GLOSSARY_FILE).read_text("utf-8").splitlines()
    found = {}
    for number, line in enumerate(lines, start=1):
        match = re.match(r"\s*- term: (.+)$", line)
        if match:
            found[match.group(1).strip()] = number
    return found


@pytest.mark.parametrize("builder", ["html", "latex", "texinfo", "text"])
def test_warnings_name_the_term_and_its_glossary_line(
    build: Callable[[str], Built], builder: str
) -> None:
    built = build(builder)
    lines = _term_lines()
    expected = []
    for term, tex in STORED.items():
        line = lines[term]
        shown = tex if len(tex) <= 80 else tex[:79] + "…"
        expected.append(
            f"{built.srcdir / GLOSSARY_FILE}:{line}: WARNING: math in the definition of "
            f"'{term}' ({GLOSSARY_FILE}:{line}) could not be rendered: {REASONS[term]}; "
            f"showing its source: {shown} [aiterms.math]"
        )
    assert sorted(built.warnings.splitlines()) == sorted(expected)


def _math_problems(raw: str) -> list[str]:
    soup = BeautifulSoup(raw, "html.parser")
    problems = []
    for math in soup.find_all("math"):
        for tag in [math, *math.find_all(True)]:
            for attr in tag.attrs:
                if FORBIDDEN.match(attr) or attr not in _all_attributes() | {"xmlns"}:
                    problems.append(f"{attr} on <{tag.name}>")
    return problems


def test_html_math_has_no_style_href_or_events(build: Callable[[str], Built]) -> None:
    page = build("html").read(".html")
    assert _math_problems(page) == []
    soup = BeautifulSoup(page, "html.parser")
    # the safe term's math is MathML (inline and display) ...
    maths = soup.find_all("math")
    assert [m.get("display") for m in maths] == ["inline", "block"]
    assert "position" not in str(maths) and "url(" not in str(maths)
    # ... and each payload is shown as its source, literally
    sources = [s.get_text() for s in soup.select(".aiterms-math-source")]
    assert sorted(s.strip() for s in sources) == sorted(STORED.values())


def test_latex_gets_no_payload_as_tex(build: Callable[[str], Built]) -> None:
    tex = build("latex").read(".tex")
    for payload in TEX_PAYLOADS:
        assert payload not in tex
    assert r"\immediate" not in tex and r"\style" not in tex and r"\href{javascript" not in tex
    # shown escaped, as text
    assert r"\textbackslash{}input\{/etc/passwd\}" in tex
    assert r"\textbackslash{}def\textbackslash{}sphinxstyleemphasis\{PWNED\}" in tex
    # the safe math is real math
    assert r"\(\frac{a}{b} + \sqrt{x} \le \alpha_i\)" in tex
    assert r"\sum_{i=1}^{n} \hat{y}_i" in tex


def test_texinfo_gets_no_payload_as_tex(build: Callable[[str], Built]) -> None:
    texi = build("texinfo").read(".texi")
    # Texinfo hands @math{…} to TeX with \ as its escape character: only the
    # safe formula is there; the payloads are @code/@example text, where a
    # backslash is an ordinary character (and braces are @{ @}).
    maths = re.findall(r"@math\{((?:[^{}@]|@.)*)\}", texi)
    assert maths == [r"\frac@{a@}@{b@} + \sqrt@{x@} \le \alpha_i"]
    assert r"@code{\text@{\input@{/etc/passwd@}@}}" in texi
    assert r"@code{\def\sphinxstyleemphasis@{PWNED@}}" in texi
    assert "@example\n\\text@{\\immediate\\write18@{touch x@}@}\n@end example" in texi
    outside = re.sub(r"@code\{(?:[^{}@]|@.)*\}|@example\n.*?@end example", "", texi, flags=re.S)
    assert outside.startswith("\\input texinfo")  # Texinfo's own first line
    for command in (r"\input@{", r"\def", r"\write", r"\immediate", r"\style", r"\href"):
        assert command not in outside


def test_text_shows_the_payloads_literally(build: Callable[[str], Built]) -> None:
    text = re.sub(r"\s", "", build("text").read(".txt"))  # (lines are wrapped)
    for tex in STORED.values():
        assert re.sub(r"\s", "", tex) in text


def test_placeholders_are_escaped_text_without_the_post_transform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Placeholders reach a writer only if the post-transform did not run: their
    # TeX is then text, escaped as the writer escapes text (Texinfo braces too).
    monkeypatch.setattr(AitermsMathTransform, "run", lambda self, **kwargs: None)
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    app = SphinxTestApp("texinfo", srcdir=src, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    texi = "\n".join(p.read_text("utf-8") for p in app.outdir.rglob("*.texi"))
    assert r"\frac@{a@}@{b@} + \sqrt@{x@}" in texi
    assert "@math{" not in texi and r"\frac{a}" not in texi


def test_seed_definitions_are_located_in_the_seed_file() -> None:
    definition = Definition(
        id="xyz",
        term="xyz",
        header="XYZ",
        category=None,
        title="XYZ",
        body="$\\input{x}$",
        short="",
        concise="",
        sources=(Source("seeds/001_page.txt", 12), Source("seeds/002_page.txt", 3)),
    )
    root = nodes.container()
    root += nodes.math("\\input{x}", "\\input{x}")
    with mock.patch.object(texmath, "warn") as warning:
        texmath.prepare_math([root], definition=definition, location="index")
    (subtype, message, *args), kwargs = warning.call_args
    assert subtype == "math"
    assert message % tuple(args) == (
        "math in the definition of 'xyz' (seeds/001_page.txt:12) could not be rendered: "
        "\\input is not an allowed command; showing its source: \\input{x}"
    )
    assert kwargs == {"location": f"{seeds_dir() / '001_page.txt'}:12"}
    literal = root.next_node(nodes.literal)
    assert literal is not None and literal.astext() == "\\input{x}"


# --- in a browser ----------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")


@pytest.fixture(scope="module")
def served(build: Callable[[str], Built]) -> Iterator[str]:
    """The HTML build served over HTTP from 127.0.0.1 (an origin of its own)."""
    outdir = build("html").outdir

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(outdir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.browser
def test_browser_page_stays_on_its_origin_and_uncovered(served: str) -> None:
    if CHROMIUM is None and not os.environ.get("CI"):
        pytest.skip("no Chromium (in CI this fails instead)")
    if not os.environ.get("CI"):
        pytest.importorskip("playwright.sync_api")
    from playwright.sync_api import sync_playwright

    origin = urlsplit(served)[:2]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 800})
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(served + "index.html")
            page.wait_for_load_state("networkidle")
            for anchor in ("aiterm-overlay", "aiterm-beacon", "aiterm-safe-math"):
                page.evaluate(f"document.getElementById('{anchor}')?.scrollIntoView()")
                page.wait_for_timeout(100)
                # Math at the middle of the screen is in place: inside its own
                # entry (or the box that scrolls it), never covering the page.
                covering = page.evaluate(
                    """() => {
                        const el = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
                        const math = el && el.closest('math');
                        if (!math) return null;
                        let box = math.parentElement;
                        while (box && box.tagName !== 'DD'
                               && !['auto', 'scroll', 'hidden']
                                   .includes(getComputedStyle(box).overflowX)) {
                            box = box.parentElement;
                        }
                        if (!box) return math.outerHTML;
                        const r = math.getBoundingClientRect();
                        const b = box.getBoundingClientRect();
                        const inside = r.top >= b.top - 1 && r.bottom <= b.bottom + 1
                            && (box.tagName !== 'DD'
                                || (r.left >= b.left - 1 && r.right <= b.right + 1));
                        return inside ? null : math.outerHTML;
                    }"""
                )
                assert covering is None, covering
            fixed = page.evaluate(
                """() => [...document.querySelectorAll('math, math *')]
                    .filter(e => ['fixed', 'absolute', 'sticky']
                        .includes(getComputedStyle(e).position))
                    .map(e => e.outerHTML)"""
            )
            assert fixed == []
            assert page.locator("math").count() == 2
            page.wait_for_load_state("networkidle")
        finally:
            browser.close()
    assert requests
    elsewhere = [url for url in requests if urlsplit(url)[:2] != origin]
    assert elsewhere == []
