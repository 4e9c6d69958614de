"""The ``aiterms`` command (also ``python -m sphinxcontrib_aiterms``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .glossary import load_bundled
from .glossary.export import to_csv, to_json


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aiterms", description="Inspect and export the sphinxcontrib-aiterms glossary."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    export = commands.add_parser("export", help="write the whole glossary as JSON or CSV")
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "export":
        glossary = load_bundled()
        text = to_json(glossary) if args.format == "json" else to_csv(glossary)
        if args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        else:
            sys.stdout.write(text)
    return 0
