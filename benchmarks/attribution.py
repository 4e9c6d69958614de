"""One Sphinx build, with the garbage collector's time and the extension's own.

Run by ``bench_build.py`` for every build, with and without the extension:
``python benchmarks/attribution.py REPORT.json -- <sphinx-build arguments>``.
It installs a :data:`gc.callbacks` hook before Sphinx is imported, runs
``sphinx-build`` in this process and writes REPORT.json:

* ``gc``: the CPU seconds spent in garbage collection (from each collection's
  "start" to its "stop") and the number of collections per generation;
* ``own``: CPU seconds (``time.process_time``) in sphinxcontrib_aiterms' own
  code, by entry point, when the project's ``conf.py`` calls :func:`wrap_setup`
  and :func:`instrument` (bench_build.py's wrapper ``conf.py`` does, for the
  builds with the extension). Timed, with no double counting of nested calls:

  - the extension's ``setup`` (with the imports it makes: in an empty
    ``PYTHONPYCACHEPREFIX`` that includes compiling them);
  - every event listener registered in ``sphinxcontrib_aiterms/__init__.py``
    ``setup()``;
  - the ``run`` of every transform and post-transform it registered, and its
    domain's ``resolve_xref`` / ``resolve_any_xref``;
  - the generated glossary page: producing it (the ``html-collect-pages``
    generator) and Sphinx writing it (``handle_page`` for that page).

  Not included: what the extension makes Sphinx do elsewhere (a larger search
  index, more objects to pickle, more garbage-collector work), which the A/B
  ratio of whole builds does include.

The wrappers cost a few microseconds per call, some thousand calls per build.
"""

from __future__ import annotations

import functools
import gc
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PACKAGE = "sphinxcontrib_aiterms"
_totals: dict[str, float] = {}
_active: list[str] = []  # the timed call in progress (nested calls count there)
#: [CPU seconds in collections, start of the running one]; collections per generation
_gc_time = [0.0, 0.0]
_gc_collections = [0, 0, 0]


def _gc_callback(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        _gc_time[1] = time.process_time()
    else:
        _gc_time[0] += time.process_time() - _gc_time[1]
        _gc_collections[info["generation"]] += 1


def _timed(label: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _active:  # nested in another timed call: counted there
            return func(*args, **kwargs)
        _active.append(label)
        start = time.process_time()
        try:
            result = func(*args, **kwargs)
        finally:
            _active.pop()
            _totals[label] = _totals.get(label, 0.0) + time.process_time() - start
        if isinstance(result, Iterator):
            return _timed_iter(label, result)
        return result

    return wrapper


def _timed_iter(label: str, iterator: Iterator[Any]) -> Iterator[Any]:
    next_item = _timed(label, lambda: next(iterator, _END))
    while (item := next_item()) is not _END:
        yield item


_END = object()


def _ours(obj: Any) -> bool:
    return str(getattr(obj, "__module__", "")).startswith(PACKAGE)


def wrap_setup() -> None:
    """Time the extension's ``setup`` (call before Sphinx loads it)."""
    import sphinxcontrib_aiterms

    sphinxcontrib_aiterms.setup = _timed("setup", sphinxcontrib_aiterms.setup)


def instrument(app: Any) -> None:
    """Wrap the extension's entry points in ``app`` (from a conf.py ``setup``,
    which Sphinx calls after the extensions' own)."""
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.events import EventListener

    from sphinxcontrib_aiterms.domain import AitermsDomain
    from sphinxcontrib_aiterms.nodes import GENERATED_PAGE

    for event, listeners in app.events.listeners.items():
        for i, listener in enumerate(listeners):
            if _ours(listener.handler):
                where = listener.handler.__module__.removeprefix(PACKAGE + ".")
                name = f"event {event}: {where}.{listener.handler.__name__}"
                handler = _timed(name, listener.handler)
                listeners[i] = EventListener(listener.id, handler, listener.priority)
    for transform in {*app.registry.transforms, *app.registry.post_transforms}:
        if _ours(transform):
            transform.run = _timed(f"transform {transform.__name__}", transform.run)
    for method in ("resolve_xref", "resolve_any_xref"):
        setattr(AitermsDomain, method, _timed(f"domain {method}", getattr(AitermsDomain, method)))
    handle_page = StandaloneHTMLBuilder.handle_page
    writing = _timed("writing the generated page", handle_page)

    def handle(self: Any, pagename: str, *args: Any, **kwargs: Any) -> Any:
        page = writing if pagename == GENERATED_PAGE else handle_page
        return page(self, pagename, *args, **kwargs)

    StandaloneHTMLBuilder.handle_page = handle  # type: ignore[method-assign]


def report() -> dict[str, Any]:
    return {
        "gc": {"seconds": _gc_time[0], "collections": _gc_collections},
        "own": dict(sorted(_totals.items())),
    }


def run(argv: list[str]) -> int:
    """``REPORT -- sphinx-build arguments``: build, then write REPORT."""
    if len(argv) < 2 or argv[1] != "--":
        raise SystemExit("usage: attribution.py REPORT.json -- <sphinx-build arguments>")
    gc.callbacks.append(_gc_callback)
    from sphinx.cmd.build import main

    status = main(argv[2:])
    Path(argv[0]).write_text(json.dumps(report(), indent=1), encoding="utf-8")
    return status


if __name__ == "__main__":
    # Run as the module "attribution" (this folder is sys.path[0]), so that the
    # project's conf.py, importing it, shares its totals.
    import attribution

    sys.exit(attribution.run(sys.argv[1:]))
