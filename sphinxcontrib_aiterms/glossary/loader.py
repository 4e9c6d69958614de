"""Load a project's glossary: the bundled pages plus the project's own files.

(Stub: user glossary files are implemented by the user-glossaries work.)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .bundled import load_bundled
from .model import Glossary


def load_glossary(
    files: Sequence[str | Path] = (), *, bundled: bool = True, base_dir: Path | None = None
) -> Glossary:
    """The glossary for a project: bundled terms (unless ``bundled=False``) plus
    ``files`` (relative to ``base_dir``). Problems are in ``glossary.problems``."""
    if files or not bundled:
        raise NotImplementedError("user glossary files are not implemented yet")
    return load_bundled()
