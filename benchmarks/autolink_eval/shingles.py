"""Hashed 8-word shingles of every sentence stored in the evaluation data.

The core vocabulary's originality test (tests/test_core_vocabulary.py) must
fail if an entry shares 8 consecutive words with any sentence of the
evaluation set, frozen part included, while tests never read the frozen part.
So this script, run whenever the labels change, writes only hashes:
``shingles8.txt.gz``, one 16-hex-digit blake2b digest per distinct 8-word
sequence (words: lower-case runs of letters and digits), sorted. The test
hashes each entry's 8-word sequences the same way (:func:`shingles`).

Run: ``python benchmarks/autolink_eval/shingles.py``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "shingles8.txt.gz"
WORD = re.compile(r"[a-z0-9]+")
SIZE = 8


def shingles(text: str, size: int = SIZE) -> Iterator[str]:
    """The hashed ``size``-word sequences of ``text``."""
    words = WORD.findall(text.casefold())
    for i in range(len(words) - size + 1):
        gram = " ".join(words[i : i + size])
        yield hashlib.blake2b(gram.encode("utf-8"), digest_size=8).hexdigest()


def stored_sentences() -> Iterable[str]:
    for path in sorted((HERE / "labels").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield str(json.loads(line)["sentence"])


def main() -> None:
    found = {digest for sentence in stored_sentences() for digest in shingles(sentence)}
    data = "\n".join(sorted(found)) + "\n"
    OUTPUT.write_bytes(gzip.compress(data.encode("ascii"), mtime=0))
    print(f"{len(found)} shingles -> {OUTPUT.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main()
