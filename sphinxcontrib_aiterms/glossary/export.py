"""Export a glossary in a documented, stable, deterministic schema.

JSON schema (``schema_version`` 1)::

    {
      "schema_version": 1,
      "generator": "sphinxcontrib-aiterms <version>",
      "counts": {"terms": 138, "definitions": 165, "sources": 250},
      "terms": [
        {
          "key": "attention sink", "display": "attention sink",
          "title": "Attention Sink", "anchor": "aiterm-attention-sink",
          "aliases": [...], "keywords": [...], "categories": [...],
          "definitions": [
            {"id": "attention-sink-architecture", "category": "architecture",
             "title": "...", "header": "attention sink, architecture",
             "short": "...", "concise": "...", "body": "<Markdown>",
             "sources": [{"file": "seeds/000_….txt", "line": 12}]}
          ]
        }
      ]
    }

Terms are sorted by key and definitions by first source, so the output of the
same inputs is byte-identical. CSV has one row per definition.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .model import Definition, Glossary, Term

SCHEMA_VERSION = 1

CSV_COLUMNS = (
    "key",
    "title",
    "anchor",
    "aliases",
    "keywords",
    "definition_id",
    "category",
    "short",
    "concise",
    "sources",
    "body",
)


def definition_record(definition: Definition) -> dict[str, Any]:
    return {
        "id": definition.id,
        "category": definition.category,
        "title": definition.title,
        "header": definition.header,
        "short": definition.short,
        "concise": definition.concise,
        "body": definition.body,
        "sources": [{"file": s.file, "line": s.line} for s in definition.sources],
    }


def term_record(term: Term) -> dict[str, Any]:
    return {
        "key": term.key,
        "display": term.display,
        "title": term.title,
        "anchor": term.anchor,
        "aliases": list(term.aliases),
        "keywords": list(term.keywords),
        "categories": list(term.categories),
        "definitions": [definition_record(d) for d in term.definitions],
    }


def to_data(glossary: Glossary) -> dict[str, Any]:
    from .._version import __version__

    definitions = list(glossary.definitions)
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": f"sphinxcontrib-aiterms {__version__}",
        "counts": {
            "terms": len(glossary),
            "definitions": len(definitions),
            "sources": sum(len(d.sources) for d in definitions),
        },
        "terms": [term_record(t) for t in glossary],
    }


def to_json(glossary: Glossary) -> str:
    return json.dumps(to_data(glossary), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def to_csv(glossary: Glossary) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for term in glossary:
        for d in term.definitions:
            writer.writerow(
                [
                    term.key,
                    d.title,
                    term.anchor,
                    "; ".join(term.aliases),
                    "; ".join(term.keywords),
                    d.id,
                    d.category or "",
                    d.short,
                    d.concise,
                    "; ".join(str(s) for s in d.sources),
                    d.body,
                ]
            )
    return buffer.getvalue()
