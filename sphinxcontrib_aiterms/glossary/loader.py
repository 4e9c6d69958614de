"""Load a project's glossary: the bundled pages plus the project's own files.

Files are read in the order given, after the bundled pages, and their format is
chosen by extension: ``.txt`` is the seed text format (:mod:`.seedformat`; only
adds entries), ``.yaml``/``.yml`` the structured format (:mod:`.userfile`; adds
terms and edits what was loaded before). Files are named in sources and
problems as the user wrote them, relative to ``base_dir``, so warnings and
exports are the same on every machine.

Nothing here raises on bad input: a missing file, a wrong extension, bad
UTF-8 or YAML all become :class:`~.model.Problem` records in
``glossary.problems``, and everything valid still loads.

Loading is cached on the files' *content* (plus name and options): Sphinx calls
:func:`load_glossary` once per build and once per parallel worker, and an edit
must be seen even when it keeps the size and lands within the file system's
mtime granularity. Reading a few small files per call costs far less than
building (about 0.1 s for the bundled pages alone).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from .build import DraftDefinition, GlossaryBuilder
from .bundled import DEFAULT_PREPARED
from .model import Problem
from .names import fold
from .packs import (
    DEFAULT_PACKS,
    USER_RANK,
    Pack,
    find_pack,
    id_rank,
    installed_packs,
    prepared_of,
    read_prepared,
)
from .seedformat import parse_seed_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .model import Glossary
    from .userfile import UserFile

#: Extension (lower case) → format.
FORMATS = {".txt": "seed", ".yaml": "yaml", ".yml": "yaml"}

_CACHE_SIZE = 16


@dataclass(frozen=True, slots=True)
class _Input:
    """One file as read: the cache key and everything needed to parse it."""

    name: str
    #: The file's bytes; ``None`` when it could not be read (see ``error``).
    data: bytes | None
    error: str = ""


def load_glossary(
    files: Sequence[str | Path] = (),
    *,
    packs: Sequence[str] | None = None,
    bundled: bool | None = None,
    base_dir: Path | str | None = None,
) -> Glossary:
    """The glossary for a project: the ``packs`` (default :data:`.packs.DEFAULT_PACKS`;
    ``bundled=False``, the old switch, means none) plus ``files`` (relative to
    ``base_dir``, default the working directory).

    Problems are in ``glossary.problems``. The same options and file contents
    return the same object.
    """
    names = _pack_names(packs, bundled)
    if not files:
        return load_packs(names)
    base = Path(base_dir) if base_dir is not None else None
    inputs = tuple(_read(file, base) for file in files)
    return _load(names, inputs)


def load_bundled() -> Glossary:
    """The default packs' glossary (what a project with no settings gets)."""
    return load_packs(DEFAULT_PACKS)


def _pack_names(packs: Sequence[str] | None, bundled: bool | None) -> tuple[str, ...]:
    if packs is not None:
        return tuple(packs)
    return () if bundled is False else DEFAULT_PACKS


def load_contents(
    contents: Sequence[tuple[str, str | bytes]],
    *,
    packs: Sequence[str] | None = None,
    bundled: bool | None = None,
) -> Glossary:
    """The glossary from in-memory files: ``(name, content)`` pairs, the format
    chosen by the name's extension as for files on disk (tests, tools)."""
    inputs = tuple(
        _Input(name, data.encode("utf-8") if isinstance(data, str) else data)
        if PurePath(name).suffix.lower() in FORMATS
        else _read(name, None)
        for name, data in contents
    )
    return _load(_pack_names(packs, bundled), inputs)


def display_name(file: str | Path, base_dir: Path | None) -> str:
    """How a file is named in sources and problems: relative to ``base_dir`` when
    it lies inside it, with ``/`` separators; otherwise as given."""
    path = PurePath(file)
    if path.is_absolute() and base_dir is not None:
        try:
            return path.relative_to(base_dir.resolve()).as_posix()
        except ValueError:
            try:
                return path.relative_to(base_dir).as_posix()
            except ValueError:
                pass
    return path.as_posix()


def _read(file: str | Path, base_dir: Path | None) -> _Input:
    name = display_name(file, base_dir)
    path = Path(file)
    if base_dir is not None and not path.is_absolute():
        path = base_dir / path
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        return _Input(
            name,
            None,
            f"unsupported glossary file type {path.suffix or '(no extension)'!r}; "
            f"use one of {known} (.txt is the seed text format, .yaml/.yml the structured one)",
        )
    try:
        return _Input(name, path.read_bytes())
    except FileNotFoundError:
        return _Input(name, None, "glossary file not found")
    except IsADirectoryError:
        return _Input(name, None, "glossary file is a directory")
    except OSError as error:
        return _Input(name, None, f"cannot read glossary file: {error.strerror or error}")


@functools.lru_cache(maxsize=_CACHE_SIZE)
def load_packs(names: tuple[str, ...]) -> Glossary:
    """The glossary of the packs ``names`` alone: prepared when it can be (the
    default packs and any single pack with a prepared form), else built."""
    if names == DEFAULT_PACKS and DEFAULT_PREPARED.is_file():
        return read_prepared(DEFAULT_PREPARED).glossary
    if len(names) == 1:
        pack = find_pack(names[0])
        prepared = prepared_of(pack) if pack is not None else None
        if prepared is not None:
            return prepared.glossary
    builder, problems = packs_builder(names)
    builder.add_problems(problems)
    return builder.build()


def packs_builder(names: Sequence[str]) -> tuple[GlossaryBuilder, list[Problem]]:
    """A builder holding the drafts of the packs ``names``, in that display
    order, and the problems of finding them."""
    installed, found_problems = installed_packs()
    problems = list(found_problems)
    builder = GlossaryBuilder()
    for order, name in enumerate(names, start=1):
        pack = installed.get(name)
        if pack is None:
            known = ", ".join(sorted(installed)) or "none"
            problems.append(
                Problem("aiterms_packs", 0, f"no pack named {name!r} is installed ({known})")
            )
            continue
        part = pack_drafts(pack)
        rank = id_rank(name, tuple(installed))
        for key, draft in part.drafts.items():
            draft.rank, draft.order, draft.pack = rank, order, name
            builder.drafts[f"{name}\x00{key}"] = draft
        builder.overlays.extend(part.overlays)
        builder.add_problems(part.problems)
    return builder, problems


def pack_drafts(pack: Pack, *, prepared: bool = True) -> GlossaryBuilder:
    """A fresh builder with one pack's drafts: from its prepared form (unless
    ``prepared`` is false), else parsed; sources are named ``<pack>/<file name>``."""
    ready = prepared_of(pack) if prepared else None
    if ready is not None:
        return ready.builder()
    builder = GlossaryBuilder()
    if prepared and pack.prepared is not None and pack.prepared.is_file():
        builder.add_problems(
            [
                Problem(
                    f"{pack.name}/{pack.prepared.name}",
                    0,
                    "the pack's prepared form cannot be read (made by another version?); "
                    "its glossary files are read instead",
                )
            ]
        )
    for path in pack.files:
        name = f"{pack.name}/{path.name}"
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            builder.add_problems([Problem(name, 0, f"cannot read the pack file: {error}")])
            continue
        _add_text(builder, name, text, rank=0, order=0)
    return builder


def _add_text(builder: GlossaryBuilder, name: str, text: str, *, rank: int, order: int) -> None:
    if FORMATS.get(PurePath(name).suffix.lower()) == "seed":
        entries, problems = parse_seed_text(text, name)
        builder.add_entries(entries, rank=rank)
        for draft in builder.drafts.values():
            if draft.rank == rank and not draft.term:
                draft.order = order
        builder.add_problems(problems)
    else:
        # Imported here: PyYAML (200 KiB of Python, compiled anew on a fresh
        # machine) is only needed by a project with YAML files of its own.
        from .userfile import parse_user_yaml

        user = parse_user_yaml(text, name, rank=rank)
        add_user_file(builder, user, rank=rank, order=order)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _load(names: tuple[str, ...], inputs: tuple[_Input, ...]) -> Glossary:
    builder, problems = packs_builder(names)
    builder.add_problems(problems)
    for index, item in enumerate(inputs):
        rank = USER_RANK + index
        if item.data is None:
            builder.add_problems([Problem(item.name, 0, item.error)])
            continue
        try:
            text = item.data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = item.data.count(b"\n", 0, error.start) + 1
            builder.add_problems(
                [Problem(item.name, line, "not valid UTF-8 text; the file is skipped")]
            )
            continue
        _add_text(builder, item.name, text, rank=rank, order=0)
    return builder.build()


def add_user_file(
    builder: GlossaryBuilder, user: UserFile, *, rank: int, order: int = 0, pack: str = ""
) -> None:
    """Add a parsed structured file to ``builder``: its terms as drafts that
    arrive interpreted, its edits as an overlay applied at build time."""
    for entry in user.terms:
        header = ", ".join(part for part in (entry.term, entry.category) if part)
        # Keyed by location: user entries never merge with seed copies.
        builder.drafts[f"\x00{entry.source}"] = DraftDefinition(
            header=header,
            term=fold(entry.term),
            category=entry.category,
            aliases=list(entry.aliases),
            keywords=list(entry.keywords),
            lines=list(entry.lines),
            sources=[entry.source],
            markdown=entry.markdown,
            title=entry.title,
            rank=rank,
            order=order,
            pack=pack,
            short=entry.short,
            related=entry.related,
            autolink=entry.autolink,
        )
    if user.overlay:
        builder.overlays.append(user.overlay)
    builder.add_problems(user.problems)


def clear_cache() -> None:
    """Forget cached glossaries (tests; long-running processes)."""
    _load.cache_clear()
