"""The package's structure: no import circles, and layers that never import upward.

Imports are read from the source with ``ast`` (module level and inside
functions alike, ``TYPE_CHECKING`` blocks included), so a circle hidden in a
function-level import fails too. The layers, lowest first (see the package
docstring): the pure data and linking layers, the Sphinx layer, ``html/`` and
``coverage/``, then the command line and ``setup``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = "sphinxcontrib_aiterms"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE

#: Layer of each module, by name prefix (the longest prefix wins); a module may
#: import modules of its own layer or lower, never higher.
LAYERS = {
    f"{PACKAGE}._version": 0,
    f"{PACKAGE}.glossary": 1,
    f"{PACKAGE}.linking": 2,
    f"{PACKAGE}.warnings_": 3,
    f"{PACKAGE}.nodes": 3,
    f"{PACKAGE}.locale": 3,
    f"{PACKAGE}.config": 4,
    f"{PACKAGE}.project": 5,
    f"{PACKAGE}.render": 6,
    f"{PACKAGE}.domain": 7,
    f"{PACKAGE}.gettext": 7,
    f"{PACKAGE}.writers": 7,
    f"{PACKAGE}.roles": 8,
    f"{PACKAGE}.directive": 8,
    f"{PACKAGE}.autolink": 8,
    f"{PACKAGE}.incremental": 8,
    f"{PACKAGE}.prepare": 8,
    f"{PACKAGE}.html": 9,
    f"{PACKAGE}.coverage": 9,
    f"{PACKAGE}.cli": 10,
    f"{PACKAGE}.__main__": 11,
    PACKAGE: 11,  # __init__: setup() registers everything
}
#: Layers that must not import Sphinx or docutils at all.
PURE = (f"{PACKAGE}.glossary", f"{PACKAGE}.linking")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports (absolute names; ``from x import y`` counts
    ``x.y`` when that is a module of the package, else ``x``)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {m for m in found if m in MODULES or not m.startswith(PACKAGE)}


MODULES = {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}
GRAPH = {
    name: {m for m in _imports(path) if m in MODULES and m != name}
    for name, path in MODULES.items()
}


def _layer(module: str) -> int:
    best = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len)
    return LAYERS[best]


def _circles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(GRAPH[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return found


def test_the_graph_is_read() -> None:
    assert f"{PACKAGE}.linking.matcher" in GRAPH[f"{PACKAGE}.linking.linker"]
    assert f"{PACKAGE}.domain" in GRAPH[f"{PACKAGE}.autolink"]
    assert len(MODULES) > 40


def test_no_import_circles() -> None:
    # Parents import their children's names (package __init__ files): only
    # real module circles count, not a package and its own submodules.
    circles = [
        c
        for c in _circles()
        if not all(m.startswith(min(c, key=len) + ".") or m == min(c, key=len) for m in c)
    ]
    assert circles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_runs_up_a_layer(module: str) -> None:
    higher = sorted(m for m in GRAPH[module] if _layer(m) > _layer(module))
    assert higher == [], f"{module} (layer {_layer(module)}) imports {higher}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith(PURE)))
def test_pure_layers_import_no_sphinx(module: str) -> None:
    outside = {m.split(".")[0] for m in _imports(MODULES[module]) if not m.startswith(PACKAGE)}
    assert not outside & {"sphinx", "docutils", "myst_parser"}, outside
