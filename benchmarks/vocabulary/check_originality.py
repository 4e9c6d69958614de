"""Check glossary entries for 8-word overlaps with the seed pages and the
evaluation sentences (the same rule as tests/test_core_vocabulary.py, which
imports :func:`known` and :func:`overlaps` from here).

Run: ``python benchmarks/vocabulary/check_originality.py FILE.yaml [...]``;
prints every entry field that shares 8 consecutive words, exit status 1 if any.
"""

from __future__ import annotations

import functools
import gzip
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks" / "autolink_eval"))
from shingles import OUTPUT, shingles  # noqa: E402

#: The entry fields whose text must be our own.
FIELDS = ("title", "short", "definition")


def stored_shingles() -> set[str]:
    """The hashed 8-word runs of every sentence in the evaluation data
    (``shingles8.txt.gz``, written by ``benchmarks/autolink_eval/shingles.py``)."""
    return set(gzip.decompress(OUTPUT.read_bytes()).decode("ascii").split())


def seed_shingles(pages: Iterable[Path] | None = None) -> set[str]:
    """The hashed 8-word runs of the seed pages."""
    found: set[str] = set()
    for page in sorted(pages if pages is not None else (REPO / "seeds").glob("*.txt")):
        found.update(shingles(page.read_text(encoding="utf-8")))
    return found


@functools.cache
def known() -> frozenset[str]:
    """Every 8-word run an entry must not share: the seed pages' and the
    evaluation sentences'."""
    return frozenset(stored_shingles() | seed_shingles())


def overlaps(entry: Mapping[str, Any], seen: Iterable[str] | None = None) -> dict[str, int]:
    """``{field: number of shared 8-word runs}`` for the fields of ``entry``
    (a YAML entry: ``title``, ``short``, ``definition``) that share any."""
    found = known() if seen is None else seen
    table = found if isinstance(found, (set, frozenset)) else set(found)
    out: dict[str, int] = {}
    for field in FIELDS:
        text = str(entry.get(field) or "")
        hits = sum(1 for digest in shingles(text) if digest in table)
        if hits:
            out[field] = hits
    return out


def main(paths: list[str]) -> int:
    bad = 0
    for path in paths:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        for entry in data.get("terms", []):
            for field, hits in overlaps(entry).items():
                bad += 1
                print(f"{path}: {entry.get('term')!r} {field}: {hits} shared 8-word run(s)")
    print("ok" if not bad else f"{bad} field(s) overlap")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
