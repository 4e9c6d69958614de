"""Glossary packs: glossaries that Python packages provide, selected by name.

A pack is a glossary in the project glossary formats (``.yaml`` files, or
seed-format ``.txt`` pages) with a name and a version, and optionally its
prepared form (:mod:`.prepared`), which loads without parsing or rendering.
This package provides two: ``seeds`` (the five scraped pages of the AI Factory
Glossary) and ``core`` (the core ML vocabulary this project writes). Any
installed distribution can add more through the entry point group
``sphinxcontrib_aiterms.packs``: each entry point names a :class:`Pack` (or a
callable returning one)::

    [project.entry-points."sphinxcontrib_aiterms.packs"]
    mypack = "mypack_glossary:PACK"

Packs load in the order a project lists them (``aiterms_packs``), before the
project's own files; a term several packs define has a definition from each,
in that order, and the project's own definitions come first of all. Definition
ids are assigned in a fixed order of sources (the seed pages, then the core
vocabulary, then other packs by name, then the project's files), so adding a
pack never renumbers another source's ids.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .model import Problem
from .prepared import Prepared, Tree, read

ENTRY_POINT_GROUP = "sphinxcontrib_aiterms.packs"
#: What a pack's name may be: it names the pack's sources (``<name>/<file name>``).
PACK_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
#: The packs a project uses unless it says otherwise, in definition order.
DEFAULT_PACKS = ("core", "seeds")
#: This package's pack data.
PACKS_DIR = Path(__file__).resolve().parent.parent / "packs"


@dataclass(frozen=True, slots=True)
class Pack:
    """A glossary a package provides."""

    #: The name projects select it by (``aiterms_packs``).
    name: str
    #: The pack's own version: part of what makes a rebuild necessary.
    version: str
    #: A short human-readable title ("Core ML vocabulary").
    title: str = ""
    #: The glossary files, in load order (``.yaml``/``.yml`` or seed ``.txt``).
    files: tuple[Path, ...] = ()
    #: The prepared form of those files, when the pack ships one.
    prepared: Path | None = None
    #: Where it comes from: the distribution that provides it.
    provider: str = ""


def _version() -> str:
    from .._version import __version__

    return __version__


#: The distribution that provides this package's own packs.
DISTRIBUTION = "sphinxcontrib-aiterms"


def seeds_pack() -> Pack:
    """The ``seeds`` pack: the five scraped pages of the AI Factory Glossary."""
    from .bundled import SEEDS_PREPARED, seed_files

    return Pack(
        "seeds",
        _version(),
        "AI Factory Glossary (five scraped pages)",
        tuple(seed_files()),
        SEEDS_PREPARED,
        DISTRIBUTION,
    )


def core_pack() -> Pack:
    """The ``core`` pack: the core ML vocabulary this project writes."""
    return Pack(
        "core",
        _version(),
        "Core ML vocabulary (sphinxcontrib-aiterms)",
        tuple(sorted((PACKS_DIR / "core").glob("*.yaml"))),
        PACKS_DIR / "core.json.gz",
        DISTRIBUTION,
    )


def builtin_packs() -> dict[str, Pack]:
    """The packs of this package. They are also declared as entry points of
    :data:`ENTRY_POINT_GROUP` (``pyproject.toml``), so that tools which list a
    group's entry points see them, but they are always found here, without
    reading any metadata: a source checkout that was never installed has them."""
    return {"seeds": seeds_pack(), "core": core_pack()}


#: Fixed id-assignment ranks of the built-in packs; others follow by name.
_RANKS = {"seeds": 0, "core": 1}
#: The rank of a project's first own file (its later files follow).
USER_RANK = 1000


def id_rank(name: str, others: tuple[str, ...] = ()) -> int:
    """The id-assignment rank of pack ``name`` (``others``: every pack's name)."""
    if name in _RANKS:
        return _RANKS[name]
    rest = sorted(n for n in {*others, name} if n not in _RANKS)
    return len(_RANKS) + rest.index(name)


@functools.cache
def installed_packs() -> tuple[dict[str, Pack], tuple[Problem, ...]]:
    """Every pack installed: this package's, and those of the entry point group
    (an entry point that fails to load is a problem, not an error)."""
    packs = builtin_packs()
    problems: list[Problem] = []
    for entry in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if entry.name in packs and entry.value.startswith("sphinxcontrib_aiterms."):
            continue  # this package's own, declared for discovery
        where = f"entry point {entry.name} = {entry.value}"
        try:
            value = entry.load()
            pack = value() if callable(value) and not isinstance(value, Pack) else value
        except Exception as error:  # a broken third-party pack must not stop a build
            problems.append(Problem(where, 0, f"cannot load the pack: {error}"))
            continue
        if not isinstance(pack, Pack):
            problems.append(Problem(where, 0, f"is not a Pack ({type(pack).__name__})"))
            continue
        if pack.name != entry.name:
            problems.append(Problem(where, 0, f"names itself {pack.name!r}; it is skipped"))
            continue
        if not PACK_NAME.fullmatch(pack.name):
            problems.append(
                Problem(
                    where,
                    0,
                    "a pack's name is lower-case letters, digits, '.', '_' and '-' "
                    "(starting with a letter or digit); it is skipped",
                )
            )
            continue
        if pack.name in packs:
            problems.append(Problem(where, 0, f"a pack named {pack.name!r} is already installed"))
            continue
        provider = entry.dist.name if entry.dist is not None else ""
        packs[pack.name] = Pack(
            pack.name, pack.version, pack.title, pack.files, pack.prepared, provider
        )
    return packs, tuple(problems)


def find_pack(name: str) -> Pack | None:
    return installed_packs()[0].get(name)


def pack_file(pack: str, source: str) -> Path | None:
    """The file on disk behind a source name of pack ``pack`` (the loader names
    a pack's sources ``<pack>/<file name>``), or ``None`` when it names none:
    where a problem or a math warning in a pack is located."""
    found = find_pack(pack)
    prefix = f"{pack}/"
    if found is None or not source.startswith(prefix):
        return None
    name = source[len(prefix) :]
    return next((path for path in found.files if path.name == name), None)


def is_builtin(name: str) -> bool:
    """Whether ``name`` is one of this package's own packs."""
    return name in _RANKS


@functools.cache
def read_prepared(path: Path) -> Prepared:
    """A pack's prepared form (read once per process)."""
    return read(path)


def prepared_of(pack: Pack) -> Prepared | None:
    """The pack's prepared form, if it ships one. A third-party pack's that
    cannot be read (another format version, a damaged file) is ``None``: its
    glossary files are read instead (:func:`.loader.pack_drafts` says so)."""
    if pack.prepared is None or not pack.prepared.is_file():
        return None
    try:
        return read_prepared(pack.prepared)
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        if is_builtin(pack.name):
            raise
        return None


def rendered_body(key: str, names: tuple[str, ...] = DEFAULT_PACKS) -> list[Tree] | None:
    """A body rendered ahead of time by one of the packs ``names`` (by its
    :func:`.prepared.body_key`), if one has it."""
    installed = installed_packs()[0]
    for name in names:
        pack = installed.get(name)
        prepared = prepared_of(pack) if pack is not None else None
        if prepared is not None:
            found = prepared.rendered(key)
            if found is not None:
                return found
    return None
