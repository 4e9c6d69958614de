"""The prepared form of a glossary source: parsed once, shipped as data, loaded in milliseconds.

Parsing the seed pages and rendering their Markdown cost about a second of CPU
in every documentation build, on CI and Read the Docs as much as anywhere
(nothing survives between their builds). The bundled glossary is therefore
prepared ahead of time (``python -m sphinxcontrib_aiterms.prepare``; a test
checks the committed data against its sources) into one JSON document:

* ``drafts`` — the parser's output before the glossary is built (what user
  glossary files extend and edit), and its ``problems``;
* ``glossary`` — the :class:`~.model.Glossary` those drafts build alone (what a
  project without glossary files of its own uses as is);
* ``rendered`` — each definition body rendered into a builder-neutral node tree,
  keyed by :func:`body_key`: ``[tagname, {attributes}, child…]`` with text
  children as strings. This module treats trees as opaque JSON; the Sphinx layer
  makes them and turns them back into docutils nodes, only for the definitions a
  page shows.

The drafts and each rendered body are stored as JSON *text* inside the
document and decoded only when used: decoded, they are tens of thousands of
small objects that would live for the whole build, and every full collection of
CPython's garbage collector would walk them again.

A document names its ``format`` and ``version``; anything else is refused with
a :class:`ValueError` naming what was found. Nothing here imports Sphinx.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .build import DraftDefinition, GlossaryBuilder
from .model import Definition, Glossary, Problem, Source, Term

#: The prepared-data format this module reads and writes.
FORMAT = "sphinxcontrib-aiterms/prepared-glossary"
VERSION = 1

#: A rendered definition body: ``[tagname, {attributes}, *children]``, text as ``str``.
Tree = list[Any]


def body_key(body: str) -> str:
    """The key of a rendered body: a hash of its Markdown (ids may change when
    glossaries are combined; the text renders the same way)."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class Prepared:
    """One prepared glossary source."""

    glossary: Glossary
    meta: dict[str, Any]
    #: The drafts and problems, as JSON text (see :meth:`builder`).
    drafts_json: str
    #: Rendered bodies by :func:`body_key`, each as JSON text (see :meth:`rendered`).
    rendered_json: dict[str, str]

    def builder(self) -> GlossaryBuilder:
        """A fresh builder holding the drafts (to add a project's files to)."""
        data = json.loads(self.drafts_json)
        builder = GlossaryBuilder()
        builder.drafts = {str(key): _draft(d) for key, d in data["drafts"]}
        builder.problems = [_problem(p) for p in data["problems"]]
        return builder

    def rendered(self, key: str) -> list[Tree] | None:
        """The rendered body with :func:`body_key` ``key``, if prepared."""
        text = self.rendered_json.get(key)
        return None if text is None else list(json.loads(text))


# --- writing ---------------------------------------------------------------------------


def _source(source: Source) -> list[Any]:
    return [source.file, source.line]


def _draft_data(draft: DraftDefinition) -> dict[str, Any]:
    if draft.raw_header_fields is not None:
        raise ValueError(f"draft {draft.header!r} is already interpreted: prepare before build")
    data: dict[str, Any] = {}
    for f in fields(DraftDefinition):
        if f.name == "raw_header_fields":
            continue
        value = getattr(draft, f.name)
        if f.name == "sources":
            value = [_source(s) for s in value]
        data[f.name] = value
    return data


def _definition_data(definition: Definition) -> dict[str, Any]:
    data: dict[str, Any] = {f.name: getattr(definition, f.name) for f in fields(Definition)}
    data["sources"] = [_source(s) for s in definition.sources]
    return data


def _term_data(term: Term) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in fields(Term):
        value = getattr(term, f.name)
        if f.name == "definitions":
            value = [_definition_data(d) for d in value]
        elif isinstance(value, tuple):
            value = list(value)
        data[f.name] = value
    return data


def _problem_data(problem: Problem) -> list[Any]:
    return [problem.file, problem.line, problem.message, problem.path]


def dump(
    builder: GlossaryBuilder,
    glossary: Glossary,
    rendered: Mapping[str, Tree],
    *,
    meta: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON-ready prepared form: the unbuilt ``builder`` (drafts and problems;
    no overlays), the ``glossary`` it builds, and ``rendered`` bodies by
    :func:`body_key`, with free-form ``meta`` (such as the renderer's versions)."""
    if builder.overlays or builder.extra_aliases or builder.hidden_terms:
        raise ValueError("only plain parsed sources can be prepared (no overlays)")
    return {
        "format": FORMAT,
        "version": VERSION,
        "meta": dict(meta or {}),
        "drafts": _text(
            {
                "drafts": [[key, _draft_data(d)] for key, d in builder.drafts.items()],
                "problems": [_problem_data(p) for p in builder.problems],
            }
        ),
        "glossary": {
            "terms": [_term_data(t) for t in glossary.terms.values()],
            "names": dict(glossary.names),
            "ambiguous": {k: list(v) for k, v in glossary.ambiguous.items()},
            "problems": [_problem_data(p) for p in glossary.problems],
        },
        "rendered": {key: _text(tree) for key, tree in rendered.items()},
    }


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write(path: Path, document: Mapping[str, Any]) -> None:
    """Write a prepared document deterministically (sorted keys; gzip without a
    timestamp for ``.gz``): the same sources give the same bytes."""
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    data = text.encode("utf-8")
    if path.suffix == ".gz":
        data = gzip.compress(data, compresslevel=9, mtime=0)
    path.write_bytes(data)


# --- reading ---------------------------------------------------------------------------


def _sources(data: list[list[Any]]) -> list[Source]:
    return [Source(str(file), int(line)) for file, line in data]


def _problem(data: list[Any]) -> Problem:
    file, line, message, path = data
    return Problem(str(file), int(line), str(message), str(path))


def _draft(data: Mapping[str, Any]) -> DraftDefinition:
    values = dict(data)
    values["sources"] = _sources(data["sources"])
    for name in ("aliases", "keywords", "lines"):
        values[name] = list(values[name])
    values["related"] = tuple(values.get("related", ()))
    return DraftDefinition(**values)


def _definition(data: Mapping[str, Any]) -> Definition:
    values = dict(data)
    values["sources"] = tuple(_sources(data["sources"]))
    return Definition(**values)


def _term(data: Mapping[str, Any]) -> Term:
    values: dict[str, Any] = {}
    for f in fields(Term):
        value = data[f.name]
        if f.name == "definitions":
            value = tuple(_definition(d) for d in value)
        elif isinstance(value, list):
            value = tuple(value)
        values[f.name] = value
    return Term(**values)


def load(document: Mapping[str, Any]) -> Prepared:
    """A prepared document read back."""
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise ValueError(
            f"not a prepared glossary of version {VERSION}: format "
            f"{document.get('format')!r}, version {document.get('version')!r}"
        )
    data = document["glossary"]
    glossary = Glossary(
        terms={t.key: t for t in map(_term, data["terms"])},
        names=dict(data["names"]),
        ambiguous={k: tuple(v) for k, v in data["ambiguous"].items()},
        problems=tuple(_problem(p) for p in data["problems"]),
    )
    return Prepared(
        glossary, dict(document["meta"]), str(document["drafts"]), dict(document["rendered"])
    )


def read(path: Path) -> Prepared:
    """:func:`load` from a ``.json`` or ``.json.gz`` file."""
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return load(json.loads(raw))
