"""The package's on-disk cache: one folder, one write rule, a bounded size.

Parsing glossaries, building the matcher, rendering definitions and building
the zero-configuration glossary page are paid once and then loaded by later
``sphinx-build`` processes. Everything lives under one folder:
``$SPHINXCONTRIB_AITERMS_CACHE`` if set (``off`` disables the cache), else
``$XDG_CACHE_HOME/sphinxcontrib-aiterms`` or ``~/.cache/sphinxcontrib-aiterms``.

Entries are content-keyed files, so an edited glossary or a new version makes
new entries instead of stale reads. Each kind of entry (a file name prefix)
keeps only its most recently used ones: without that, every glossary edit and
every upgrade would leave files behind for good. Writes go to a temporary file
renamed into place, so parallel builds never read a half-written entry; a
missing, corrupt or unwritable cache is never an error, only a slower build.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import TypeVar

_T = TypeVar("_T")

#: The environment variable naming the cache folder (``off``: no cache).
ENV_VAR = "SPHINXCONTRIB_AITERMS_CACHE"


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off."""
    configured = os.environ.get(ENV_VAR)
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sphinxcontrib-aiterms"


def load_bytes(path: Path) -> bytes | None:
    """An entry's bytes (None if missing or unreadable); a hit marks it as
    recently used, so pruning keeps it."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)
    return data


def load(path: Path, kind: type[_T]) -> _T | None:
    """An entry unpickled, if it is an instance of ``kind`` (else None)."""
    data = load_bytes(path)
    if data is None:
        return None
    try:
        value = pickle.loads(data)
    except Exception:  # corrupt, or written by an incompatible version
        return None
    return value if isinstance(value, kind) else None


def store_bytes(path: Path, data: bytes, *, keep: int | None) -> None:
    """Write an entry, then prune its kind (files in the same folder with the
    same prefix, up to the first ``-``) to the ``keep`` most recently used
    (``None``: the caller prunes)."""
    with contextlib.suppress(OSError):  # read-only home, full disk: no disk cache
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            Path(temporary).replace(path)
        finally:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
        if keep is not None:
            prune(path.parent, path.name.split("-", 1)[0] + "-*" + path.suffix, keep=keep)


def store(path: Path, value: object, *, keep: int) -> None:
    """Pickle ``value`` into an entry (see :func:`store_bytes`); a value that
    cannot be pickled is simply not cached."""
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an unpicklable node or object
        return
    store_bytes(path, data, keep=keep)


def prune(folder: Path, pattern: str, *, keep: int) -> None:
    """Delete the least recently used files matching ``pattern`` beyond ``keep``."""
    with contextlib.suppress(OSError):
        entries = []
        for entry in folder.glob(pattern):
            with contextlib.suppress(OSError):  # removed meanwhile by another build
                entries.append((entry.stat().st_mtime_ns, entry.name, entry))
        entries.sort()
        for _mtime, _name, entry in entries[: max(len(entries) - keep, 0)]:
            with contextlib.suppress(OSError):
                entry.unlink()
