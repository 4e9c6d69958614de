"""The ``aiterms`` command (also ``python -m sphinxcontrib_aiterms``).

Subcommands: ``list``, ``show``, ``search``, ``categories``, ``validate`` and
``export``. Each works on glossary packs plus any ``--glossary FILE``
(repeatable; the same files and formats as ``aiterms_glossaries``): the default
packs (``core`` and ``seeds``, as a build without ``aiterms_packs``), or those
``--pack NAME`` selects (repeatable, in order), or none with ``--no-packs``
(``--no-bundled``, the old switch, means the same and is deprecated). ``packs``
lists the installed packs. Text output is wrapped to the terminal; ``--json``
gives stable machine-readable output instead. ``coverage DOCS_DIR`` runs the
``aiterms-coverage`` builder on a Sphinx project (see :mod:`.coverage`) and
prints its report.

Output is made safe for a terminal: a control character that reached the
glossary despite the loaders (which remove them) is printed as ``\u001b``, never
raw (no escape sequences, in text or ``--json`` output).

Exit status: 0 on success, 1 when there is nothing to show (unknown term, no
search hit), ``validate`` finds problems or ``coverage`` finds undefined
references, 2 for usage errors (argparse, a folder that is no Sphinx project, a
build that fails). Errors are one line on stderr, never a traceback.

Finding terms and search scoring live in :mod:`.glossary.search`; this module
only parses arguments and prints.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import textwrap
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ._version import __version__
from .glossary.categories import category_table
from .glossary.clean import escape_controls
from .glossary.export import term_record, to_csv, to_json
from .glossary.loader import load_glossary
from .glossary.names import fold
from .glossary.overlay import suggestion
from .glossary.packs import DEFAULT_PACKS, installed_packs, pack_file
from .glossary.search import Match, find_terms, search

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from .glossary.model import Glossary, Problem, Term


class CliError(Exception):
    """A user-facing error: printed as one line on stderr, exit status 1."""


class UsageError(CliError):
    """A user-facing error about how the command was called: exit status 2."""


# ---------------------------------------------------------------------------
# Output helpers


def _out(text: str = "", *, file: TextIO | None = None) -> None:
    """Print one line, control characters escaped (see the module docstring)."""
    print(escape_controls(text), file=file if file is not None else sys.stdout)


def _write(text: str) -> None:
    sys.stdout.write(escape_controls(text))


def _width() -> int:
    # Capped so paragraphs stay readable on very wide terminals.
    return max(40, min(shutil.get_terminal_size((80, 24)).columns, 110))


def _wrap(text: str, indent: str = "", width: int | None = None) -> str:
    return textwrap.fill(
        text,
        width=width or _width(),
        initial_indent=indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
    )


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)].rstrip() + "…"


def _print_json(data: Any) -> None:
    _write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _problem_line(problem: Problem) -> str:
    """``file:line: message`` (the form editors and CI annotate)."""
    where = f"{problem.file}:{problem.line}" if problem.line else problem.file
    at = f"{problem.path}: " if problem.path else ""
    return f"{where}: {at}{problem.message}"


def _problem_record(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "path": problem.path,
        "message": problem.message,
    }


def _categories(term: Term) -> str:
    return f"[{', '.join(term.categories)}]" if term.categories else ""


# ---------------------------------------------------------------------------
# Loading


def _warn(message: str) -> None:
    _out(f"aiterms: warning: {message}", file=sys.stderr)


def _selected_packs(args: argparse.Namespace) -> tuple[str, ...] | None:
    """The packs the options select (``None``: none selected, the default packs
    or, for ``validate``, those of conf.py). A name no installed pack has is a
    usage error; so is ``--pack`` with ``--no-packs``."""
    names: list[str] = list(getattr(args, "packs", None) or [])
    none = getattr(args, "no_packs", False)
    if getattr(args, "no_bundled", False):
        _warn("--no-bundled is deprecated: it means no glossary packs; write --no-packs")
        none = True
    if none and names:
        raise UsageError("give --pack NAME or --no-packs, not both")
    if none:
        return ()
    if not names:
        return None
    installed = installed_packs()[0]
    for name in names:
        if name not in installed:
            known = ", ".join(sorted(installed)) or "none"
            raise UsageError(
                f"no glossary pack {name!r} is installed (installed: {known}); "
                "`aiterms packs` lists them"
            )
    return tuple(dict.fromkeys(names))


def _load(args: argparse.Namespace, *, quiet: bool = False) -> Glossary:
    files: list[str] = list(getattr(args, "glossary", None) or [])
    glossary = load_glossary(files, packs=_selected_packs(args))
    if not quiet:
        for problem in glossary.problems:
            _warn(_problem_line(problem))
    return glossary


#: How ``list`` and ``show`` name the source of a project's own definition.
OWN = "(own)"


def _packs_of(term: Term) -> str:
    """The packs of a term's definitions, in order, joined by ``+`` (``(own)`` for
    a project's file)."""
    return "+".join(dict.fromkeys(d.pack or OWN for d in term.definitions))


def _name_candidates(glossary: Glossary) -> set[str]:
    return {name for term in glossary for name in (*term.names, *map(fold, term.keywords))}


# ---------------------------------------------------------------------------
# Commands


def cmd_list(args: argparse.Namespace) -> int:
    glossary = _load(args)
    terms = list(glossary)
    if args.category:
        # A source category as written, a taxonomy name or its slug.
        table = category_table()
        terms = [t for t in terms if any(table.matches(args.category, c) for c in t.categories)]
        if not terms:
            wanted = fold(args.category)
            names = {*glossary.categories, *(c.slug for c in table.categories)}
            raise CliError(
                f"no category {args.category!r}{suggestion(wanted, names)}; "
                "`aiterms categories` lists them"
            )
    if args.json:
        _print_json(
            [
                {
                    "key": t.key,
                    "display": t.display,
                    "title": t.title,
                    "categories": list(t.categories),
                    "aliases": list(t.aliases),
                    "definitions": len(t.definitions),
                    "packs": [d.pack or None for d in t.definitions],
                    "short": t.primary.concise,
                }
                for t in terms
            ]
        )
        return 0
    rows = [(t.display, _packs_of(t), ", ".join(t.categories), t.primary.concise) for t in terms]
    for line in _table(rows):
        _out(line)
    return 0


#: Widest name, pack and category columns of ``aiterms list`` (longer values are
#: clipped; at most 30 %, 15 % and 20 % of the terminal's width).
NAME_COLUMN, PACK_COLUMN, CATEGORY_COLUMN = 32, 16, 26


def _table(rows: Sequence[tuple[str, str, str, str]]) -> Iterator[str]:
    """Rows of name, packs, categories and text as aligned columns within the
    terminal width: every row's cells start at the same columns, whether or not
    it has categories (clipped with "…" when too long); the text is left out
    when fewer than 10 characters would remain for it."""
    width = _width()
    # On narrow terminals the first columns give the text some room.
    limits = (
        min(NAME_COLUMN, width * 3 // 10),
        min(PACK_COLUMN, width * 3 // 20),
        min(CATEGORY_COLUMN, width // 5),
    )
    widths = [
        min(max((len(r[column]) for r in rows), default=0), limit)
        for column, limit in enumerate(limits)
    ]
    text_width = width - sum(w + 2 for w in widths if w)
    for row in rows:
        cells = [f"{_clip(value, w):<{w}}" for value, w in zip(row, widths, strict=False) if w]
        if text_width > 10:
            cells.append(_clip(row[3], text_width))
        yield "  ".join(cells).rstrip()


def cmd_show(args: argparse.Namespace) -> int:
    glossary = _load(args)
    name = " ".join(args.term)
    matches = find_terms(glossary, name)
    if not matches:
        raise CliError(
            f"no term {name!r}{suggestion(fold(name), _name_candidates(glossary))}; "
            f"try `aiterms search {name}`"
        )
    if args.json:
        records = []
        for match in matches:
            record = term_record(match.term)
            for data, definition in zip(record["definitions"], match.term.definitions, strict=True):
                data["pack"] = definition.pack or None
            if match.only is not None:
                record["definitions"] = [
                    d for d in record["definitions"] if d["id"] == match.only.id
                ]
            records.append(record)
        _print_json(records)
        return 0
    for index, match in enumerate(matches):
        if index:
            _out()
        _print_term(match, full=args.full)
    if not args.full:
        _out()
        _out(_wrap(f"Short text shown; `aiterms show --full {name}` prints the whole definitions."))
    return 0


def _print_term(match: Match, *, full: bool) -> None:
    term = match.term
    width = _width()
    _out(term.title)
    facts = [f"key: {term.display}"]
    if term.aliases:
        facts.append(f"aliases: {', '.join(term.aliases)}")
    if term.keywords:
        facts.append(f"keywords: {', '.join(term.keywords)}")
    if term.categories:
        facts.append(f"categories: {', '.join(term.categories)}")
    for fact in facts:
        _out(_wrap(fact, "  ", width))
    definitions = [match.only] if match.only is not None else list(term.definitions)
    for number, definition in enumerate(definitions, start=1):
        _out()
        category = definition.category or "no category"
        # "(id: …)" never breaks: the id is what users copy into a glossary file.
        nbsp = "\N{NO-BREAK SPACE}"
        heading = f"{number}. {definition.title} [{category}] (id:{nbsp}{definition.id})"
        _out(_wrap(heading, "", width).replace(nbsp, " "))
        if full:
            for paragraph in definition.body.split("\n\n"):
                lines = paragraph.split("\n")
                # Code, lists and tables keep their lines; prose is re-wrapped.
                if paragraph.startswith(("```", "|", "- ", "$$")) or len(lines) > 1:
                    _out("\n".join("   " + line for line in lines))
                else:
                    _out(_wrap(paragraph, "   ", width))
                _out()
        else:
            _out(_wrap(definition.short, "   ", width))
        _out(
            f"   pack: {definition.pack}" if definition.pack else "   pack: none (a glossary file)"
        )
        sources = ", ".join(str(s) for s in definition.sources)
        if len(sources) + 12 <= width:
            _out(f"   sources: {sources}")
        else:  # one per line: a wrapped file:line is hard to copy
            _out("   sources:")
            for source in definition.sources:
                _out(f"     {source}")


def cmd_search(args: argparse.Namespace) -> int:
    glossary = _load(args)
    query = " ".join(args.words)
    hits = search(glossary, query)[: args.limit]
    if not hits:
        raise CliError(f"no term matches {query!r}")
    if args.json:
        _print_json(
            [
                {
                    "key": h.term.key,
                    "display": h.term.display,
                    "title": h.term.title,
                    "score": h.score,
                    "matched_words": h.matched,
                    "categories": list(h.term.categories),
                    "packs": [d.pack or None for d in h.term.definitions],
                    "short": h.term.primary.short,
                }
                for h in hits
            ]
        )
        return 0
    width = _width()
    for hit in hits:
        _out(f"{hit.score:>4}  {hit.term.display}  {_categories(hit.term)}".rstrip())
        _out(_clip("      " + hit.term.primary.concise, width))
    return 0


def cmd_categories(args: argparse.Namespace) -> int:
    glossary = _load(args)
    table = category_table()
    definitions: Counter[str | None] = Counter()
    terms: Counter[str | None] = Counter()
    for term in glossary:
        for category in {d.category for d in term.definitions}:
            terms[category] += 1
        for definition in term.definitions:
            definitions[definition.category] += 1
    # Grouped by taxonomy category, in the table's order, then by name; categories
    # outside the taxonomy next, definitions without a category last.
    order = {c.slug: index for index, c in enumerate(table.categories)}

    def rank(name: str) -> tuple[int, str]:
        found = table.category(name)
        return (order[found.slug] if found is not None else len(order), name)

    keys = sorted((c for c in definitions if c is not None), key=rank)
    rows: list[str | None] = [*keys, *([None] if None in definitions else [])]
    if args.json:
        records = []
        for name in rows:
            found = table.category(name)
            records.append(
                {
                    "category": name,
                    "terms": terms[name],
                    "definitions": definitions[name],
                    "taxonomy": found.slug if found is not None else None,
                    "ml": found.ml if found is not None else None,
                }
            )
        _print_json(records)
        return 0
    labels = [name if name is not None else "(no category)" for name in rows]
    width = max((len(label) for label in labels), default=8)
    _out(f"{'terms':>5}  {'defs':>4}  {'category':<{width}}  taxonomy")
    for name, label in zip(rows, labels, strict=True):
        found = table.category(name)
        taxonomy = f"{found.name}{'' if found.ml else ' (not AI/ML)'}" if found else ""
        line = f"{terms[name]:>5}  {definitions[name]:>4}  {label:<{width}}  {taxonomy}"
        _out(line.rstrip())
    return 0


def _conf_glossaries(conf_dir: str) -> tuple[Path, list[str], tuple[str, ...]]:
    """``conf.py`` in ``conf_dir`` (read with Sphinx's configuration API, without
    building), its ``aiterms_glossaries`` relative to ``conf_dir``, and its packs
    (``aiterms_packs``; none when ``aiterms_bundled`` is false, as in a build)."""
    from sphinx.config import Config
    from sphinx.util.tags import Tags

    from .config import BOOLEAN_WORDS, OPTIONS_BY_NAME

    folder = Path(conf_dir)
    conf_py = folder / "conf.py"
    if not conf_py.is_file():
        raise UsageError(
            f"no conf.py in {conf_dir}: name the glossary files to check "
            "(aiterms validate FILE...), or the folder holding conf.py (-c DIR)"
        )
    options = [OPTIONS_BY_NAME[name] for name in ("glossaries", "packs", "bundled")]
    try:
        # Sphinx runs conf.py in its folder: an absolute path, whatever the cwd.
        config = Config.read(folder.resolve(), overrides={}, tags=Tags())
        for option in options:
            config.add(option.confval, option.default, option.rebuild, option.types)
        config.init_values()
        names, packs, bundled = (getattr(config, option.confval) for option in options)
    except Exception as error:  # conf.py raised, or is no Python
        # Sphinx's message holds conf.py's traceback: its first and last lines.
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        summary = lines[0].rstrip(":") if lines else type(error).__name__
        if len(lines) > 1:
            summary += f": {lines[-1]}"
        raise UsageError(f"cannot read {conf_py}: {summary}") from None
    for option, value in zip(options[:2], (names, packs), strict=True):
        if not option.check(value):
            raise UsageError(
                f"{option.confval} in {conf_py} must be a list of names, not {value!r}"
            )
    if isinstance(bundled, str):
        bundled = BOOLEAN_WORDS.get(bundled.strip().lower(), bundled)
    return (
        conf_py,
        [(folder / name).as_posix() for name in names],
        tuple(packs) if bundled is not False else (),
    )


def cmd_validate(args: argparse.Namespace) -> int:
    conf_py: Path | None = None
    selected = _selected_packs(args)
    packs: tuple[str, ...] | None = selected  # None: the default packs
    if args.files:
        if args.conf_dir is not None:
            raise UsageError("give glossary files or -c DIR, not both")
        named = list(args.files)
    elif selected and args.conf_dir is None and not args.glossary:
        return _validate_packs(selected, as_json=args.json)
    else:
        conf_py, named, conf_packs = _conf_glossaries(args.conf_dir or ".")
        if selected is None:
            packs = conf_packs
        if not named:
            if args.json:
                _print_json({"ok": True, "conf": str(conf_py), "files": [], "problems": []})
            else:
                _out(f"{conf_py} lists no glossary files (aiterms_glossaries): nothing to check")
            return 0
    files = [*(args.glossary or []), *named]
    glossary = load_glossary(files, packs=packs)
    problems = glossary.problems
    checked = {Path(f).as_posix() for f in files}
    added = [d for d in glossary.definitions if any(s.file in checked for s in d.sources)]
    if args.json:
        _print_json(
            {
                "ok": not problems,
                "conf": None if conf_py is None else str(conf_py),
                "files": files,
                "problems": [_problem_record(p) for p in problems],
                "definitions_from_files": len(added),
                "terms": len(glossary),
                "definitions": sum(len(t.definitions) for t in glossary),
            }
        )
        return 1 if problems else 0
    if problems:
        for problem in problems:
            _out(_problem_line(problem))
        files_with = len({p.file for p in problems})
        noun = "problem" if len(problems) == 1 else "problems"
        _out(f"{len(problems)} {noun} in {files_with} file(s)", file=sys.stderr)
        return 1
    noun = "file" if len(files) == 1 else "files"
    listed = f" ({', '.join(named)}, listed in {conf_py})" if conf_py is not None else ""
    _out(
        f"OK: {len(files)} {noun}{listed}, {_count(len(added), 'definition')} from them; "
        f"{_count(len(glossary), 'term')} in the glossary"
    )
    return 0


def _validate_packs(names: tuple[str, ...], *, as_json: bool) -> int:
    """``validate --pack NAME`` without FILE: check the packs themselves (what a
    pack's author runs before publishing it)."""
    glossary = load_glossary(packs=names)
    problems = glossary.problems
    if as_json:
        _print_json(
            {
                "ok": not problems,
                "packs": list(names),
                "problems": [_problem_record(p) for p in problems],
                "terms": len(glossary),
                "definitions": sum(len(t.definitions) for t in glossary),
            }
        )
        return 1 if problems else 0
    for problem in problems:
        # Named by the pack's file on disk: what an editor or CI annotates.
        pack = problem.file.partition("/")[0]
        path = pack_file(pack, problem.file) if pack in names else None
        _out(_problem_line(replace(problem, file=str(path)) if path else problem))
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        packs = f"pack {names[0]}" if len(names) == 1 else f"packs {', '.join(names)}"
        _out(f"{len(problems)} {noun} in {packs}", file=sys.stderr)
        return 1
    definitions = sum(len(t.definitions) for t in glossary)
    noun = "pack" if len(names) == 1 else "packs"
    _out(
        f"OK: {noun} {', '.join(names)}: {_count(len(glossary), 'term')}, "
        f"{_count(definitions, 'definition')}"
    )
    return 0


def cmd_packs(args: argparse.Namespace) -> int:
    installed, problems = installed_packs()
    for problem in problems:
        _warn(_problem_line(problem))
    records: list[dict[str, Any]] = []
    for name in sorted(installed):
        pack = installed[name]
        glossary = load_glossary(packs=(name,))
        records.append(
            {
                "name": name,
                "version": pack.version,
                "title": pack.title,
                "terms": len(glossary),
                "definitions": sum(len(t.definitions) for t in glossary),
                "provider": pack.provider,
                "default": name in DEFAULT_PACKS,
                "prepared": pack.prepared is not None and pack.prepared.is_file(),
                "files": [path.as_posix() for path in pack.files],
                "problems": len(glossary.problems),
            }
        )
    if args.json:
        _print_json(records)
        return 0
    header = ("name", "version", "terms", "default", "provider", "title")
    rows: list[tuple[str, ...]] = [
        (
            r["name"],
            r["version"],
            str(r["terms"]),
            "yes" if r["default"] else "no",
            r["provider"] or "-",
            r["title"],
        )
        for r in records
    ]
    table: list[tuple[str, ...]] = [header, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
    width = _width()
    for row in table:
        cells = [
            f"{value:>{w}}" if i == 2 else f"{value:<{w}}"
            for i, (value, w) in enumerate(zip(row, widths, strict=False))
        ]
        line = "  ".join(cells)
        _out(_clip(f"{line}  {row[-1]}", width).rstrip())
    default = ", ".join(DEFAULT_PACKS)
    _out()
    _out(
        _wrap(
            f"Default packs, in definition order: {default} (aiterms_packs in conf.py, "
            "--pack NAME here). `aiterms validate --pack NAME` checks a pack."
        )
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    glossary = _load(args)
    text = to_json(glossary) if args.format == "json" else to_csv(glossary)
    if args.output:
        try:
            with Path(args.output).open("w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as error:
            raise CliError(f"cannot write {args.output}: {error.strerror or error}") from None
    else:
        _write(text)
    return 0


def _overrides(values: Iterable[str]) -> dict[str, str]:
    """``-D name=value`` options, as ``sphinx-build`` takes them."""
    out: dict[str, str] = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"-D takes NAME=VALUE, not {value!r}")
        out[name.strip()] = setting
    return out


def _jobs(value: str) -> int:
    if value == "auto":
        return os.cpu_count() or 1
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number or 'auto', not {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("expected a positive number")
    return jobs


def cmd_coverage(args: argparse.Namespace) -> int:
    import tempfile

    from .coverage.builder import JSON_FILE, TEXT_FILE
    from .coverage.run import run_coverage

    srcdir = Path(args.docs_dir)
    if not (srcdir / "conf.py").is_file():
        raise UsageError(f"{srcdir} is not a Sphinx project (no conf.py)")
    overrides = _overrides(args.define or [])
    with tempfile.TemporaryDirectory(prefix="aiterms-coverage-") as tmp:
        build = Path(args.builddir) if args.builddir else Path(tmp)
        outdir = Path(args.output) if args.output else build / "aiterms-coverage"
        try:
            run_coverage(
                srcdir.resolve(),
                outdir.resolve(),
                (build / "doctrees").resolve(),
                overrides=overrides,
                jobs=args.jobs,
                quiet=args.quiet,
            )
        except Exception as error:  # conf.py errors, extension errors, …
            raise UsageError(f"the coverage build failed: {error}") from None
        try:
            text = (outdir / TEXT_FILE).read_text(encoding="utf-8")
            data = json.loads((outdir / JSON_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise UsageError(
                "the coverage build wrote no report (see the messages above)"
            ) from None
    _write(json.dumps(data, ensure_ascii=False, indent=2) + "\n" if args.json else text)
    return 1 if data["undefined"] else 0


# ---------------------------------------------------------------------------
# Parser


def _glossary_options(*, files: bool = True) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("glossary")
    if files:
        group.add_argument(
            "-g",
            "--glossary",
            action="append",
            metavar="FILE",
            help="also load this glossary file (.txt seed format or .yaml/.yml); repeatable",
        )
    group.add_argument(
        "-p",
        "--pack",
        dest="packs",
        action="append",
        metavar="NAME",
        help="use this glossary pack (repeatable; in definition order); default: "
        f"{', '.join(DEFAULT_PACKS)}; `aiterms packs` lists the installed ones",
    )
    group.add_argument(
        "--no-packs", action="store_true", help="use no glossary pack: only --glossary files"
    )
    group.add_argument(
        "--no-bundled",
        action="store_true",
        help="deprecated: the same as --no-packs",
    )
    return common


def _json_option() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON instead of text")
    return common


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aiterms",
        description="Inspect, search, validate and export the sphinxcontrib-aiterms glossary.",
        epilog="Run `aiterms COMMAND --help` for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    both = [_glossary_options(), _json_option()]

    def add(
        name: str, handler: Callable[[argparse.Namespace], int], summary: str, **kwargs: Any
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=summary, **kwargs)
        sub.set_defaults(handler=handler)
        return sub

    listing = add("list", cmd_list, "list every term with its packs and categories", parents=both)
    listing.add_argument(
        "-c",
        "--category",
        help="only terms with this category: as the glossary writes it, a taxonomy "
        "name or its slug (all the categories the taxonomy maps to it)",
    )

    show = add(
        "show",
        cmd_show,
        "show a term: every definition with its category, id, pack and sources",
        parents=both,
    )
    show.add_argument(
        "term",
        nargs="+",
        metavar="TERM",
        help="a key, alias, keyword or definition id (any case); "
        "'name (category)' picks one definition",
    )
    show.add_argument("--full", action="store_true", help="print whole definitions (Markdown)")

    search_cmd = add(
        "search",
        cmd_search,
        "search titles, names, aliases, keywords and definitions",
        parents=both,
        epilog="A term is listed when every query word occurs in it, at least one outside "
        "its definitions' bodies (names, aliases, titles, keywords, categories or card "
        "text); exit status 1 when none is. Scoring: each query word counts the best "
        "field it occurs in (name 10, alias 8, title 6, keyword 5, category 3, card text "
        "2, body 1; a prefix of a word in name/alias/title/keyword scores half); a query "
        "that is a name of the term adds 50. Ranked by score.",
    )
    search_cmd.add_argument("words", nargs="+", metavar="WORD")
    search_cmd.add_argument(
        "-n", "--limit", type=int, default=10, help="how many results (default 10)"
    )

    add(
        "categories",
        cmd_categories,
        "list categories with term and definition counts, and the taxonomy "
        "category each one is shown under",
        parents=both,
    )

    add(
        "packs",
        cmd_packs,
        "list the installed glossary packs: name, version, terms, provider, default",
        parents=[both[1]],
        epilog="A pack is a glossary a Python package provides (entry point group "
        "sphinxcontrib_aiterms.packs); conf.py selects packs with aiterms_packs, the "
        "other commands with --pack NAME.",
    )

    validate = add(
        "validate",
        cmd_validate,
        "check glossary files; exit status 1 if there are problems",
        parents=both,
        epilog="Without FILE, checks the files conf.py lists in aiterms_glossaries, "
        "with its aiterms_packs unless --pack or --no-packs is given (conf.py is read, "
        "the project is not built); with --pack NAME and neither FILE nor -c, checks "
        "the packs themselves. Each problem is printed as FILE:LINE: MESSAGE. "
        "--glossary files are loaded first, as context (e.g. terms that FILE adds "
        "aliases to). Exit status 2 when there is no FILE and no conf.py.",
    )
    validate.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="a glossary file (.txt or .yaml/.yml); default: those conf.py lists",
    )
    validate.add_argument(
        "-c",
        "--conf-dir",
        metavar="DIR",
        help="the folder holding conf.py, as for sphinx-build -c (default: the current "
        "folder); its aiterms_glossaries are relative to it",
    )

    export = add("export", cmd_export, "write the whole glossary as JSON or CSV", parents=[both[0]])
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument("-o", "--output", metavar="FILE", help="file to write (default: stdout)")

    coverage = add(
        "coverage",
        cmd_coverage,
        "report glossary use in a Sphinx project: terms used and where, mentions "
        "not linked and why, undefined references, unused user-glossary terms",
        parents=[both[1]],
        epilog="Runs `sphinx-build -b aiterms-coverage` (the extension is added if conf.py "
        "does not list it) and prints the report. Exit status 1 when a :term-ai: "
        "target is undefined, 0 otherwise, 2 when the project cannot be built.",
    )
    coverage.add_argument("docs_dir", metavar="DOCS_DIR", help="the folder holding conf.py")
    coverage.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="also keep aiterms-coverage.txt and aiterms-coverage.json in DIR",
    )
    coverage.add_argument(
        "--builddir",
        metavar="DIR",
        help="keep the doctrees in DIR/doctrees, so that later runs only re-read changed "
        "files (default: a temporary folder)",
    )
    coverage.add_argument(
        "-D",
        dest="define",
        action="append",
        metavar="NAME=VALUE",
        help="override a conf.py setting, as with sphinx-build; repeatable",
    )
    coverage.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="read in parallel with N processes ('auto': one per CPU)",
    )
    coverage.add_argument(
        "-q", "--quiet", action="store_true", help="no progress messages (warnings still shown)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except UsageError as error:
        _out(f"aiterms: {error}", file=sys.stderr)
        return 2
    except CliError as error:
        _out(f"aiterms: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `aiterms list | head`: stop quietly; silence the flush at exit too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


__all__ = ["CliError", "UsageError", "main"]


def _count(number: int, noun: str) -> str:
    """``1 term``, ``2 terms``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
