"""Prepare the bundled glossary: ``python -m sphinxcontrib_aiterms.prepare [--check]``.

Parses the seed pages and renders every definition body once, into
``sphinxcontrib_aiterms/packs/seeds.json.gz`` (:mod:`.glossary.prepared`), so a
documentation build neither parses the pages nor renders their Markdown (nor
imports myst-parser and latex2mathml for them). Run it after changing the seed
pages, the parser or the renderer; ``--check`` (also a test) compares the file
with a fresh preparation and exits with status 1 when they differ.

The parsed glossary must always match. The rendered bodies depend on the
renderer's dependencies too (docutils, myst-parser, markdown-it-py, …): the
file records their versions, and rendered bodies are compared only when the
installed versions are the same (other versions may render a body with
insignificant differences; the file stays valid data for them).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from importlib import metadata
from typing import Any

from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser

from .glossary.bundled import PREPARED_FILE, parse_seed_pages
from .glossary.prepared import Tree, body_key, dump, write
from .render.markdown import markdown_to_nodes
from .render.texmath import prepare_math
from .render.trees import to_tree

#: Distributions whose code shapes a rendered body.
RENDERER_DISTRIBUTIONS = (
    "docutils",
    "myst-parser",
    "markdown-it-py",
    "mdit-py-plugins",
    "latex2mathml",
)


def renderer_versions() -> dict[str, str]:
    versions = {}
    for name in RENDERER_DISTRIBUTIONS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "-"
    return versions


def prepare_seeds() -> dict[str, Any]:
    """The prepared document of the seed pages, made afresh."""
    builder = parse_seed_pages()
    glossary = copy.deepcopy(builder).build()  # building interprets (mutates) drafts
    settings = get_default_settings(Parser)
    settings.env = None
    rendered: dict[str, Tree] = {}
    for definition in glossary.definitions:
        key = body_key(definition.body)
        if key in rendered:
            continue
        children, _warned = markdown_to_nodes(definition.body, settings)
        prepare_math(children, definition=definition)
        rendered[key] = [to_tree(child) for child in children]
    return dump(builder, glossary, rendered, meta={"renderer": renderer_versions()})


def differences(stored: dict[str, Any], fresh: dict[str, Any]) -> list[str]:
    """What differs between a stored and a fresh preparation (empty: up to date)."""
    fresh = json.loads(json.dumps(fresh))  # as stored: lists, not tuples
    out = [
        f"{part} differ"
        for part in ("format", "version", "drafts", "glossary")
        if stored.get(part) != fresh.get(part)
    ]
    same_renderer = stored.get("meta", {}).get("renderer") == fresh["meta"]["renderer"]
    if same_renderer and stored.get("rendered") != fresh["rendered"]:
        out.append("rendered bodies differ")
    elif set(stored.get("rendered", {})) != set(fresh["rendered"]):
        out.append("the set of rendered bodies differs")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    fresh = prepare_seeds()
    if not args.check:
        write(PREPARED_FILE, fresh)
        print(f"wrote {PREPARED_FILE}")
        return 0
    import gzip

    stored = json.loads(gzip.decompress(PREPARED_FILE.read_bytes()))
    problems = differences(stored, fresh)
    for problem in problems:
        print(f"{PREPARED_FILE.name}: {problem}; run python -m sphinxcontrib_aiterms.prepare")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
