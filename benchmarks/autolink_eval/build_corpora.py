"""Build the auto-linker evaluation corpora from pinned PyPI source distributions.

    python benchmarks/autolink_eval/build_corpora.py [--only NAME] [--keep-going]

For every corpus in ``corpora.toml``: download the sdist into ``_work/`` (through
pip's own HTTP session, so pip's index, certificate and proxy settings apply),
check its sha256, unpack it, and build ``docs_dir`` with Sphinx (``-b dummy -E
-q``) under OUR neutral configuration: ``myst_parser`` plus this module as a
Sphinx extension, which

* registers every directive and role the sources use but Sphinx does not know
  as a harmless stub (pre-scanned from the sources: see :func:`prescan`), and
* dumps each document's visible prose on ``doctree-read`` (priority 900) with
  the auto-linker's own eligibility rule (``eligible_texts``).

The project's own conf.py is never used, the documented package is never
imported, nothing is executed, nothing is fetched. The result is
``corpora/<name>.jsonl.gz``: one JSON object per page, sorted by docname,
gzip with mtime 0, byte-identical on every run (see README.md for the format).
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from pathlib import Path
from typing import Any, ClassVar

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "corpora.toml"
WORK = HERE / "_work"
OUT_DIR = HERE / "corpora"
INDEX_URL = os.environ.get("AITERMS_EVAL_INDEX_URL", "https://pypi.org/simple")

#: Source suffixes read by the neutral configuration. Notebooks are read by our
#: own converter (markdown cells as MyST, code cells as code; outputs dropped).
SOURCE_SUFFIXES = {".rst": "restructuredtext", ".md": "markdown", ".ipynb": "jupyter_notebook"}
MYST_EXTENSIONS = [
    "amsmath",
    "attrs_block",
    "attrs_inline",
    "colon_fence",
    "deflist",
    "dollarmath",
    "fieldlist",
    "html_admonition",
    "html_image",
    "substitution",
    "tasklist",
]


# =======================================================================================
# THE ONE PLACE that imports the auto-linker's eligibility rule. If the module moves,
# change this import (and only this one).
def _eligible_texts_rule() -> Any:
    from sphinxcontrib_aiterms.autolink import eligible_texts

    return eligible_texts


# =======================================================================================


# --------------------------------------------------------------------------- config ---


def load_config(path: Path = CONFIG) -> dict[str, Any]:
    with path.open("rb") as f:
        data = tomllib.load(f)
    names = [c["name"] for c in data["corpus"]]
    if len(set(names)) != len(names):
        raise SystemExit("corpora.toml: duplicate corpus names")
    return data


# ----------------------------------------------------------------------- download ---


def _session() -> Any:
    from pip._internal.network.session import PipSession

    return PipSession()


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch_sdist(corpus: dict[str, Any]) -> Path:
    """The pinned sdist in ``_work/sdist/``, downloaded if missing, sha256 checked."""
    dest_dir = WORK / "sdist"
    dest_dir.mkdir(parents=True, exist_ok=True)
    path = dest_dir / corpus["sdist"]
    if path.exists() and sha256_of(path) == corpus["sha256"]:
        return path
    session = _session()
    url = f"{INDEX_URL.rstrip('/')}/{corpus['package']}/"
    resp = session.get(url, headers={"Accept": "application/vnd.pypi.simple.v1+json"}, timeout=120)
    resp.raise_for_status()
    files = [f for f in resp.json()["files"] if f["filename"] == corpus["sdist"]]
    if not files:
        raise SystemExit(f"{corpus['name']}: {corpus['sdist']} is not on the index")
    entry = files[0]
    if entry.get("hashes", {}).get("sha256") not in (None, corpus["sha256"]):
        raise SystemExit(f"{corpus['name']}: the index's sha256 differs from corpora.toml")
    print(f"  downloading {corpus['sdist']}", flush=True)
    tmp = path.with_suffix(".part")
    with session.get(entry["url"], stream=True, timeout=600) as r:
        r.raise_for_status()
        with tmp.open("wb") as f:
            for chunk in r.iter_content(1 << 20):
                f.write(chunk)
    digest = sha256_of(tmp)
    if digest != corpus["sha256"]:
        tmp.unlink()
        raise SystemExit(f"{corpus['name']}: sha256 mismatch ({digest})")
    tmp.replace(path)
    return path


def unpack(corpus: dict[str, Any], sdist: Path) -> Path:
    """Unpack the sdist into ``_work/src/<name>/`` (fresh); return the docs dir."""
    dest = WORK / "src" / corpus["name"]
    marker = dest / ".sha256"
    if not (marker.exists() and marker.read_text() == corpus["sha256"]):
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        if sdist.name.endswith(".zip"):
            with zipfile.ZipFile(sdist) as z:
                for member in z.namelist():
                    target = (dest / member).resolve()
                    if not str(target).startswith(str(dest.resolve())):
                        raise SystemExit(f"unsafe path in {sdist.name}: {member}")
                z.extractall(dest)
        else:
            with tarfile.open(sdist) as t:
                t.extractall(dest, filter="data")
        marker.write_text(corpus["sha256"])
    tops = [p for p in dest.iterdir() if p.is_dir()]
    if len(tops) != 1:
        raise SystemExit(f"{corpus['name']}: expected one top-level folder in the sdist")
    docs = tops[0] / corpus["docs_dir"]
    if not docs.is_dir():
        raise SystemExit(f"{corpus['name']}: no {corpus['docs_dir']} in the sdist")
    # Sources the project's own build copies into the docs (e.g. example notebooks).
    for source, target in corpus.get("extra", []):
        src = tops[0] / source
        dst = docs / target
        if not src.is_dir() or not dst.resolve().is_relative_to(docs.resolve()):
            raise SystemExit(f"{corpus['name']}: bad extra entry {source!r} -> {target!r}")
        shutil.copytree(src, dst, dirs_exist_ok=True)
    return docs


# ---------------------------------------------------------------------- notebooks ---


def _fence(code: str, info: str) -> str:
    longest = max((len(m) for m in re.findall(r"`{3,}", code)), default=2)
    ticks = "`" * (longest + 1)
    return f"{ticks}{info}\n{code}\n{ticks}"


def notebook_to_myst(text: str) -> str:
    """A Jupyter notebook as MyST Markdown: markdown cells as they are, code cells
    as code blocks (never executed), outputs and raw cells dropped."""
    try:
        nb = json.loads(text)
    except ValueError:
        return ""
    cells = nb.get("cells")
    if cells is None:  # nbformat 3
        cells = [c for ws in nb.get("worksheets", []) for c in ws.get("cells", [])]
    language = (nb.get("metadata", {}).get("kernelspec") or {}).get("language", "python")
    parts = []
    for cell in cells:
        source = cell.get("source", cell.get("input", ""))
        source = "".join(source) if isinstance(source, list) else str(source)
        kind = cell.get("cell_type")
        if kind in ("markdown", "heading"):
            if kind == "heading":
                source = "#" * int(cell.get("level", 1)) + " " + source
            parts.append(source.strip("\n"))
        elif kind == "code" and source.strip():
            parts.append(_fence(source.strip("\n"), language))
    return "\n\n".join(parts) + "\n"


def _notebook_parser() -> type:
    from myst_parser.parsers.sphinx_ import MystParser

    class NotebookParser(MystParser):
        supported = ("jupyter_notebook",)

        def parse(self, inputstring: str, document: Any) -> None:
            super().parse(notebook_to_myst(inputstring), document)

    return NotebookParser


# ------------------------------------------------------------------------ prescan ---

_RST_DIRECTIVE = re.compile(
    r"^[ \t]*\.\.[ \t]+(?:\|[^|\n]+\|[ \t]+)?([A-Za-z][\w:.+-]*)[ \t]*::", re.M
)
_MD_DIRECTIVE = re.compile(r"^[ \t]*(?:`{3,}|~{3,}|:{3,})[ \t]*\{([A-Za-z][\w:.+-]*)\}", re.M)
_RST_ROLE = re.compile(r"(?<![\w`\\]):([A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*):`")
_MD_ROLE = re.compile(r"\{([A-Za-z][\w:.+-]*)\}`")
_RST_INCLUDE = re.compile(r"^[ \t]*\.\.[ \t]+include::[ \t]*(\S+)", re.M)
_MD_INCLUDE = re.compile(r"^[ \t]*(?:`{3,}|:{3,})[ \t]*\{include\}[ \t]*(\S+)", re.M)


def _excluded(rel: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(rel, p) for p in patterns)


def prescan(docs: Path, exclude: list[str]) -> dict[str, Any]:
    """Directive and role names used by the sources, and the files that are not
    documents: those only ``include``-d by others (the projects exclude them too)
    and notebooks paired with a .md or .rst of the same name (jupytext)."""
    directive_names: set[str] = set()
    role_names: set[str] = set()
    included: set[str] = set()
    paired: set[str] = set()
    for path in sorted(docs.rglob("*")):
        if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
            continue
        rel = path.relative_to(docs).as_posix()
        if _excluded(rel, exclude) or "/_build/" in f"/{rel}":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".ipynb":
            if any(path.with_suffix(s).exists() for s in (".md", ".rst")):
                paired.add(rel)  # a jupytext pair: the text source is the document
                continue
            text = notebook_to_myst(text)
        for rx in (_RST_DIRECTIVE, _MD_DIRECTIVE):
            directive_names.update(m.lower() for m in rx.findall(text))
        for rx in (_RST_ROLE, _MD_ROLE):
            role_names.update(m.lower() for m in rx.findall(text))
        for rx in (_RST_INCLUDE, _MD_INCLUDE):
            for target in rx.findall(text):
                if target.startswith("<"):
                    continue
                base = docs if target.startswith("/") else path.parent
                resolved = (base / target.lstrip("/")).resolve()
                try:
                    inc_rel = resolved.relative_to(docs.resolve()).as_posix()
                except ValueError:
                    continue
                if Path(inc_rel).suffix in SOURCE_SUFFIXES:
                    included.add(inc_rel)
    return {
        "directives": sorted(directive_names),
        "roles": sorted(role_names),
        "included": sorted(included | paired),
    }


# -------------------------------------------------------------------------- build ---

CONF_TEMPLATE = """\
# Neutral configuration written by build_corpora.py: never the project's own.
import sys
sys.path.insert(0, {here!r})
project = {name!r}
root_doc = {root_doc!r}
language = "en"
extensions = ["myst_parser", "build_corpora"]
source_suffix = {suffixes!r}
exclude_patterns = {exclude!r}
templates_path = []
html_static_path = []
myst_enable_extensions = {myst!r}
myst_heading_anchors = 6
aiterms_eval = {settings!r}
"""


def package_snapshot(rev: str) -> Path:
    """The auto-linker package (and its seeds) as of git revision ``rev``, exported
    into ``_work/pkg-<rev>/``: builds that do not depend on a work tree that other
    people are editing. Returns the folder to put first on ``PYTHONPATH``."""
    repo = HERE.parents[1]
    commit = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--verify", f"{rev}^{{commit}}"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    dest = WORK / f"pkg-{commit[:12]}"
    if not (dest / "sphinxcontrib_aiterms").is_dir():
        dest.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(repo), "archive", commit, "sphinxcontrib_aiterms", "seeds"],
            capture_output=True, check=True,
        ).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def build(corpus: dict[str, Any], docs: Path, pythonpath: Path | None = None) -> Path:
    """Run Sphinx on ``docs`` with the neutral configuration; return the dump."""
    name = corpus["name"]
    base = WORK / "build" / name
    if base.exists():
        shutil.rmtree(base)
    (base / "conf").mkdir(parents=True)
    exclude = list(corpus.get("exclude", []))
    scan = prescan(docs, exclude)
    exclude_patterns = sorted(
        {*exclude, *scan["included"], "_build", "**/.ipynb_checkpoints", "**/_build/**"}
    )
    dump = base / "pages.jsonl"
    settings = {
        "corpus": name,
        "dump": str(dump),
        "directives": scan["directives"],
        "roles": scan["roles"],
    }
    (base / "conf" / "conf.py").write_text(
        CONF_TEMPLATE.format(
            here=str(HERE),
            name=name,
            root_doc=corpus.get("root_doc", "index"),
            suffixes=SOURCE_SUFFIXES,
            exclude=exclude_patterns,
            myst=MYST_EXTENSIONS,
            settings=settings,
        )
    )
    cmd = [
        sys.executable, "-m", "sphinx", "-b", "dummy", "-E", "-q", "-j", "1",
        "-c", str(base / "conf"), "-d", str(base / "doctrees"), str(docs), str(base / "out"),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "0"}
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), env.get("PYTHONPATH")]))
    t0 = time.time()
    with (base / "sphinx.log").open("w") as log:
        proc = subprocess.run(
            cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=base, check=False
        )
    if proc.returncode != 0 or not dump.exists():
        raise SystemExit(
            f"{name}: sphinx-build failed (exit {proc.returncode}); see {base / 'sphinx.log'}"
        )
    print(
        f"  sphinx: {time.time() - t0:.0f} s, log {base.relative_to(HERE)}/sphinx.log", flush=True
    )
    return dump


def write_corpus(name: str, dump: Path) -> tuple[Path, int, int]:
    """Compress the dump deterministically into ``corpora/<name>.jsonl.gz``."""
    pages = [json.loads(line) for line in dump.read_text(encoding="utf-8").splitlines()]
    pages = [p for p in pages if p["blocks"]]
    pages.sort(key=lambda p: p["doc"])
    OUT_DIR.mkdir(exist_ok=True)
    out = OUT_DIR / f"{name}.jsonl.gz"
    payload = "".join(
        json.dumps(p, ensure_ascii=False, separators=(",", ":")) + "\n" for p in pages
    ).encode("utf-8")
    with (
        out.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(payload)
    return out, len(pages), sum(len(p["blocks"]) for p in pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", help="build only this corpus (repeatable)")
    parser.add_argument("--keep-going", action="store_true", help="go on after a failing corpus")
    parser.add_argument(
        "--snapshot",
        metavar="REV",
        help="take the auto-linker's eligibility rule from git revision REV (exported to"
        " _work/) instead of the installed package, e.g. while the work tree is being edited",
    )
    args = parser.parse_args(argv)
    # Heavy builds are polite on the shared machine.
    with contextlib.suppress(OSError):
        os.nice(max(0, 10 - os.nice(0)))
    config = load_config()
    corpora = config["corpus"]
    if args.only:
        unknown = set(args.only) - {c["name"] for c in corpora}
        if unknown:
            parser.error(f"unknown corpus: {', '.join(sorted(unknown))}")
        corpora = [c for c in corpora if c["name"] in args.only]
    pythonpath = package_snapshot(args.snapshot) if args.snapshot else None
    if pythonpath is not None:
        print(f"eligibility rule from {pythonpath.relative_to(HERE)}", flush=True)
    failed = []
    for corpus in corpora:
        print(f"{corpus['name']} {corpus['version']}", flush=True)
        try:
            docs = unpack(corpus, fetch_sdist(corpus))
            out, n_pages, n_blocks = write_corpus(corpus["name"], build(corpus, docs, pythonpath))
        except SystemExit as err:
            if not args.keep_going:
                raise
            print(f"  FAILED: {err}", flush=True)
            failed.append(corpus["name"])
            continue
        size = out.stat().st_size
        where = out.relative_to(HERE)
        print(f"  {n_pages} pages, {n_blocks} blocks, {size / 1e6:.2f} MB gzipped -> {where}")
    all_size = sum(p.stat().st_size for p in OUT_DIR.glob("*.jsonl.gz"))
    print(f"all corpora: {all_size / 1e6:.2f} MB gzipped")
    return 1 if failed else 0


# =======================================================================================
# Sphinx side: this module is also the neutral configuration's extension.
# =======================================================================================

#: A stub directive whose name contains one of these words (split at - : _ .), or
#: starts with "auto", holds code, data or generated material: it is dropped whole.
DROP_WORDS = frozenset(
    [
        "code",
        "exec",
        "execute",
        "executable",
        "output",
        "ipython",
        "jupyter",
        "notebook",
        "nb",
        "plot",
        "plots",
        "graphviz",
        "graph",
        "diagram",
        "mermaid",
        "plantuml",
        "ditaa",
        "blockdiag",
        "seqdiag",
        "nwdiag",
        "actdiag",
        "wavedrom",
        "bokeh",
        "altair",
        "chart",
        "test",
        "doctest",
        "testsetup",
        "testcleanup",
        "testcode",
        "testoutput",
        "argparse",
        "click",
        "typer",
        "program",
        "command",
        "literalinclude",
        "bibliography",
        "footbibliography",
        "gallery",
        "minigallery",
        "nbgallery",
        "math",
        "tikz",
        "todo",
        "todolist",
        "raw",
        "jinja",
        "datatemplate",
        "csv",
        "inheritance",
        "spelling",
        "redirect",
        "prompt",
        "termynal",
        "asciinema",
        "video",
        "youtube",
        "iframe",
        "image",
        "figure",
        "glue",
        "sql",
        "shell",
        "console",
        "bash",
        "runblock",
        "automodapi",
        "automodsumm",
        "openapi",
        "swagger",
        "json",
        "yaml",
        "schema",
        "include",
        "toctree",
        "index",
        "module",
        "currentmodule",
        "sourcecode",
        "highlight",
        "doxygen",
        "exercise",
        "solution",
    ]
)


class _AnyOptions(dict):  # type: ignore[type-arg]
    """An option spec that accepts every option, as plain text."""

    def __missing__(self, key: str) -> Any:
        from docutils.parsers.rst import directives

        return directives.unchanged

    def get(self, key: str, default: Any = None) -> Any:
        return self[key]

    def __contains__(self, key: object) -> bool:
        return True


def _drop_directive(name: str) -> bool:
    words = re.split(r"[-:_.]", name.lower())
    return name.lower().startswith("auto") or any(w in DROP_WORDS for w in words)


def _make_directive(name: str) -> type:
    from docutils import nodes
    from docutils.parsers.rst import Directive

    drop = _drop_directive(name)

    class StubDirective(Directive):
        has_content = True
        required_arguments = 0
        optional_arguments = 100
        final_argument_whitespace = True
        option_spec: ClassVar[dict[str, Any]] = _AnyOptions()

        def run(self) -> list[Any]:
            if drop or not self.content:
                return []
            container = nodes.container(classes=["aiterms-eval-stub", f"stub-{name}"])
            self.state.nested_parse(self.content, self.content_offset, container)
            return [container]

    StubDirective.__name__ = "Stub_" + re.sub(r"\W", "_", name)
    return StubDirective


def _stub_role(  # noqa: PLR0917 (the docutils role signature)
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: Any = None,
    content: Any = None,
) -> Any:
    """An unknown role: its text as a literal (like the reference it usually is)."""
    from docutils import nodes
    from docutils.utils import unescape

    shown = unescape(text)
    m = re.match(r"^(.*?)\s*<([^<>]*)>$", shown, re.S)
    if m and m.group(1):
        shown = m.group(1)
    elif shown.startswith(("~", "!")):
        shown = shown.lstrip("~!").rsplit(".", 1)[-1]
    return [nodes.literal(rawtext, shown, classes=["aiterms-eval-stub-role"])], []


def _known_directive(env: Any, name: str) -> bool:
    from docutils.parsers.rst import directives

    domains = env.domains
    if ":" in name:
        domain_name, _, short = name.partition(":")
        try:
            domain = domains[domain_name]
        except KeyError:
            domain = None
        if domain is not None and domain.directive(short) is not None:
            return True
    else:
        short = name
        if domains["py"].directive(short) is not None:
            return True
    if domains.standard_domain.directive(short) is not None:
        return True
    from docutils.parsers.rst.languages import en

    return (
        name in directives._directives  # type: ignore[attr-defined]
        or name in directives._directive_registry  # type: ignore[attr-defined]
        or name in en.directives
    )


def _known_role(env: Any, name: str) -> bool:
    from docutils.parsers.rst import roles

    domains = env.domains
    if ":" in name:
        domain_name, _, short = name.partition(":")
        try:
            domain = domains[domain_name]
        except KeyError:
            domain = None
        if domain is not None and domain.role(short) is not None:
            return True
    else:
        short = name
        if domains["py"].role(short) is not None:
            return True
    if domains.standard_domain.role(short) is not None:
        return True
    from docutils.parsers.rst.languages import en

    return (
        name in roles._roles  # type: ignore[attr-defined]
        or name in roles._role_registry  # type: ignore[attr-defined]
        or name in en.roles
    )


#: Names MyST handles itself.
_MYST_DIRECTIVES = frozenset({"eval-rst", "include"})
_MYST_ROLES = frozenset({"sub-ref"})


def _register_stubs(app: Any) -> None:
    settings = app.config.aiterms_eval
    stubbed_d, stubbed_r = [], []
    for name in settings.get("directives", []):
        if name in _MYST_DIRECTIVES or _known_directive(app.env, name):
            continue
        app.add_directive(name, _make_directive(name), override=True)
        stubbed_d.append(name)
    for name in settings.get("roles", []):
        if name in _MYST_ROLES or _known_role(app.env, name):
            continue
        app.add_role(name, _stub_role, override=True)
        stubbed_r.append(name)
    print(f"[aiterms-eval] stub directives: {', '.join(stubbed_d)}", file=sys.stderr)
    print(f"[aiterms-eval] stub roles: {', '.join(stubbed_r)}", file=sys.stderr)


# --- extraction -------------------------------------------------------------------------


def _html_tags() -> Any:
    from sphinx.util.tags import Tags

    return Tags(["html", "format_html", "builder_html"])


def _drop_false_only(doctree: Any) -> None:
    """Remove ``only`` blocks whose expression is false for the html builder."""
    from sphinx import addnodes

    tags = _html_tags()
    for node in list(doctree.findall(addnodes.only)):
        try:
            keep = tags.eval_condition(node["expr"])
        except Exception:
            keep = True
        if not keep and node.parent is not None:
            node.parent.remove(node)


def _block_of(text: Any) -> Any:
    from docutils import nodes

    node = text.parent
    first = node
    while node is not None:
        if isinstance(node, nodes.TextElement) and not isinstance(node, nodes.Inline):
            return node
        node = node.parent
    return first


def _line_of(node: Any) -> int | None:
    while node is not None:
        line = getattr(node, "line", None)
        if isinstance(line, int):
            return line
        node = node.parent
    return None


def _sections(block: Any) -> list[str]:
    from docutils import nodes

    titles = []
    node = block.parent
    while node is not None:
        if isinstance(node, nodes.section) and node.children and isinstance(node[0], nodes.title):
            titles.append(" ".join(node[0].astext().split()))
        node = node.parent
    return titles[::-1]


def extract_page(doctree: Any, corpus: str, docname: str, title: str) -> dict[str, Any]:
    """One page record: every block holding eligible text (see README.md)."""
    from docutils import nodes

    eligible_texts = _eligible_texts_rule()
    _drop_false_only(doctree)
    texts = eligible_texts(doctree)
    eligible_ids = {id(t) for t in texts}
    blocks: list[Any] = []
    seen: set[int] = set()
    for text in texts:
        block = _block_of(text)
        if id(block) not in seen:
            seen.add(id(block))
            blocks.append(block)
    out = []
    for block in blocks:
        parts: list[str] = []
        spans: list[list[int]] = []
        pos = 0
        for t in block.findall(nodes.Text):
            s = str(t)
            if id(t) in eligible_ids and s:
                spans.append([pos, pos + len(s)])
            parts.append(s)
            pos += len(s)
        joined = "".join(parts)
        if not any(joined[a:b].strip() for a, b in spans):
            continue
        out.append(
            {
                "id": len(out),
                "section": _sections(block),
                "line": _line_of(block),
                "text": joined,
                "spans": spans,
            }
        )
    return {"corpus": corpus, "doc": docname, "title": title, "blocks": out}


def _on_doctree_read(app: Any, doctree: Any) -> None:
    env = app.env
    docname = env.docname
    title_node = env.titles.get(docname)
    title = " ".join(title_node.astext().split()) if title_node is not None else ""
    page = extract_page(doctree, app.config.aiterms_eval["corpus"], docname, title)
    app._aiterms_eval_pages[docname] = page


def _on_build_finished(app: Any, exception: BaseException | None) -> None:
    if exception is not None:
        return
    pages = app._aiterms_eval_pages
    with Path(app.config.aiterms_eval["dump"]).open("w", encoding="utf-8") as f:
        for docname in sorted(pages):
            f.write(json.dumps(pages[docname], ensure_ascii=False) + "\n")


def setup(app: Any) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.add_source_parser(_notebook_parser())
    app.add_config_value("aiterms_eval", {}, "env")
    app._aiterms_eval_pages = {}
    app.connect("builder-inited", _register_stubs)
    app.connect("doctree-read", _on_doctree_read, priority=900)
    app.connect("build-finished", _on_build_finished)
    return {"version": "1", "parallel_read_safe": False, "parallel_write_safe": True}


if __name__ == "__main__":
    sys.exit(main())
