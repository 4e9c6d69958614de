"""Prepare the bundled packs: ``python -m sphinxcontrib_aiterms.prepare [--check]``.

Parses each pack of this package (the seed pages, the core vocabulary) and
renders every definition body once, into ``sphinxcontrib_aiterms/packs/<name>.json.gz``
(:mod:`.glossary.prepared`), and builds the default packs' glossary together
(``default.json.gz``), so a documentation build neither parses the sources nor
renders their Markdown (nor imports myst-parser and latex2mathml for them). Run
it after changing a pack's sources, the parser or the renderer; ``--check``
(also a test) compares the files with a fresh preparation and exits with status
1 when they differ. A third-party pack is prepared the same way, into the file
its ``Pack`` names as ``prepared``: ``python -m sphinxcontrib_aiterms.prepare
--pack NAME [--check]``.

The parsed glossary must always match. The rendered bodies depend on the
renderer's dependencies too (docutils, myst-parser, markdown-it-py, …): the
file records their versions, and rendered bodies are compared only when the
installed versions are the same (other versions may render a body with
insignificant differences; the file stays valid data for them).
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser

from .glossary.build import GlossaryBuilder
from .glossary.bundled import DEFAULT_PREPARED
from .glossary.loader import pack_drafts
from .glossary.packs import DEFAULT_PACKS, Pack, builtin_packs, id_rank, installed_packs
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


def prepare_pack(pack: Pack) -> dict[str, Any]:
    """The prepared document of a pack, made afresh from its sources (its
    definitions name the pack, as when it is loaded with others)."""
    builder = pack_drafts(pack, prepared=False)
    for draft in builder.drafts.values():
        draft.pack = pack.name
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


def prepare_default(packs: dict[str, Pack]) -> dict[str, Any]:
    """The default packs' glossary together (prepared glossary only: the bodies
    are in each pack's own file)."""
    combined = GlossaryBuilder()
    for order, name in enumerate(DEFAULT_PACKS, start=1):
        part = pack_drafts(packs[name], prepared=False)
        for key, draft in part.drafts.items():
            draft.rank, draft.order, draft.pack = id_rank(name, tuple(packs)), order, name
            combined.drafts[f"{name}\x00{key}"] = draft
        combined.add_problems(part.problems)
    glossary = combined.build()
    return dump(GlossaryBuilder(), glossary, {}, meta={"packs": list(DEFAULT_PACKS)})


def prepared_documents() -> dict[Path, dict[str, Any]]:
    """Every prepared file of this package and its fresh content."""
    packs = builtin_packs()
    out: dict[Path, dict[str, Any]] = {}
    for pack in packs.values():
        assert pack.prepared is not None
        out[pack.prepared] = prepare_pack(pack)
    out[DEFAULT_PREPARED] = prepare_default(packs)
    return out


def differences(stored: dict[str, Any], fresh: dict[str, Any]) -> list[str]:
    """What differs between a stored and a fresh preparation (empty: up to date)."""
    fresh = json.loads(json.dumps(fresh))  # as stored: lists, not tuples
    out = [
        f"{part} differ"
        for part in ("format", "version", "drafts", "glossary")
        if stored.get(part) != fresh.get(part)
    ]
    same_renderer = stored.get("meta", {}).get("renderer") == fresh["meta"].get("renderer")
    if same_renderer and stored.get("rendered") != fresh["rendered"]:
        out.append("rendered bodies differ")
    elif set(stored.get("rendered", {})) != set(fresh["rendered"]):
        out.append("the set of rendered bodies differs")
    return out


def pack_documents(names: list[str]) -> dict[Path, dict[str, Any]]:
    """The prepared file of each installed pack ``names`` (a third party's too:
    the file its :class:`~.glossary.packs.Pack` names as ``prepared``) and its
    fresh content."""
    installed = installed_packs()[0]
    out: dict[Path, dict[str, Any]] = {}
    for name in names:
        pack = installed.get(name)
        if pack is None:
            known = ", ".join(sorted(installed))
            raise SystemExit(f"no glossary pack {name!r} is installed (installed: {known})")
        if pack.prepared is None:
            raise SystemExit(
                f"the pack {name!r} names no prepared file: give its Pack a "
                "prepared=Path(...) beside its glossary files"
            )
        out[pack.prepared] = prepare_pack(pack)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument(
        "--pack",
        action="append",
        metavar="NAME",
        help="prepare this installed pack (a third party's too) into the file its Pack "
        "names as prepared; repeatable; default: this package's own packs",
    )
    args = parser.parse_args(argv)
    failed = False
    documents = pack_documents(args.pack) if args.pack else prepared_documents()
    command = "python -m sphinxcontrib_aiterms.prepare"
    if args.pack:
        command += "".join(f" --pack {name}" for name in args.pack)
    for path, fresh in documents.items():
        if not args.check:
            write(path, fresh)
            print(f"wrote {path}")
            continue
        try:
            stored = json.loads(gzip.decompress(path.read_bytes()))
        except (OSError, ValueError):
            stored = {}
        for problem in differences(stored, fresh):
            failed = True
            print(f"{path.name}: {problem}; run {command}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
