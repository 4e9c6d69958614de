"""Check glossary entries for 8-word overlaps with the seed pages and the
evaluation sentences (the same rule as tests/test_core_vocabulary.py).

Run: ``python benchmarks/vocabulary/check_originality.py FILE.yaml [...]``;
prints every entry field that shares 8 consecutive words, exit status 1 if any.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks" / "autolink_eval"))
from shingles import OUTPUT, shingles  # noqa: E402


def known() -> set[str]:
    found = set(gzip.decompress(OUTPUT.read_bytes()).decode("ascii").split())
    for page in sorted((REPO / "seeds").glob("*.txt")):
        found.update(shingles(page.read_text(encoding="utf-8")))
    return found


def main(paths: list[str]) -> int:
    seen = known()
    bad = 0
    for path in paths:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        for entry in data.get("terms", []):
            for field in ("short", "definition"):
                text = str(entry.get(field) or "")
                hits = [s for s in shingles(text) if s in seen]
                if hits:
                    bad += 1
                    print(
                        f"{path}: {entry.get('term')!r} {field}: {len(hits)} shared 8-word run(s)"
                    )
    print("ok" if not bad else f"{bad} field(s) overlap")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
