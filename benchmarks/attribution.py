"""Time spent in sphinxcontrib_aiterms' own code during one Sphinx build.

Used by ``bench_build.py`` (``--attribute``): its wrapper ``conf.py`` calls
:func:`instrument` when ``AITERMS_BENCH_ATTRIBUTE`` names an output file. A
build's wall time on a shared VM drifts by more than the extension costs; the
time measured inside the extension's entry points, in the same process, does
not drift with it. What is timed (CPU time of the process, no double counting
of nested calls):

* the extension's ``setup`` and every event listener it registered;
* the ``run`` of every transform and post-transform it registered, and its
  domain's ``resolve_xref`` / ``resolve_any_xref`` (called by Sphinx's resolver);
* the generated glossary page: producing it (the ``html-collect-pages``
  generator) and Sphinx writing it (``handle_page`` for that page).

Not included: what the extension makes Sphinx do elsewhere (a larger search
index and ``objects.inv``, more garbage-collector work), which the A/B ratio
of whole builds does include.
"""

from __future__ import annotations

import functools
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PACKAGE = "sphinxcontrib_aiterms"
_totals: dict[str, float] = {}
_active: list[str] = []  # the timed call in progress (nested calls count there)


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
    """Wrap the extension's entry points in ``app`` (a conf.py ``setup``)."""
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.events import EventListener

    from sphinxcontrib_aiterms.domain import GENERATED_PAGE, AitermsDomain

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
    app.connect("build-finished", _dump, priority=999)


def _dump(app: Any, exception: BaseException | None) -> None:
    path = Path(os.environ["AITERMS_BENCH_ATTRIBUTE"])
    path.write_text(json.dumps(dict(sorted(_totals.items())), indent=1), encoding="utf-8")
