"""Count every candidate of ``candidates.txt`` in the prose of every corpus.

    .venv/bin/python benchmarks/vocabulary/count_terms.py
    .venv/bin/python benchmarks/vocabulary/count_terms.py --show "KV cache" [--max 5]

Corpora (README.md, "Corpora"):

* the auto-linker evaluation corpora, read ONLY through
  ``../autolink_eval/evalset.iter_pages`` with its default tuning split (the
  frozen pages, and so the whole ``vllm`` corpus, are never read); the ML ones
  are counted for the selection, the non-ML ones (sphinx, pytest) as a contrast;
* the extra corpora of ``corpora/`` (built by ``build_extra.py``).

Text: the eligible spans of every block (the prose the auto-linker sees; inline
code and references are excluded), touching spans joined into one region (MyST
makes a Text node per source line). Matching (see ``variant_regex``): whole
words, case-insensitive except for acronym-like words, free spaces / hyphen /
nothing between words, regular plural of the last word. All variants of a
candidate are counted together; overlapping matches count once.

Output ``counts.csv`` (sorted as in candidates.txt, deterministic): per corpus
``df`` (pages containing the candidate) and ``tf`` (occurrences), the totals
over the ML corpora, the page-normalised rates and the flag.
"""

from __future__ import annotations

import bisect
import csv
import gzip
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "autolink_eval"))

import evalset  # noqa: E402  (the only way the evaluation corpora are read)

CANDIDATES = HERE / "candidates.txt"
EXTRA_DIR = HERE / "corpora"
OUT = HERE / "counts.csv"

#: The evaluation corpora not used: frozen as a whole (never readable anyway).
SKIP_EVAL = {evalset.load_config().frozen_corpus}
#: The extra corpora, in this order (corpora.toml).
EXTRA = ["lmcache", "llmcompressor", "outlines", "transformer-lens", "river"]


# --- candidates -------------------------------------------------------------------------


@dataclass
class Candidate:
    name: str
    aliases: list[str]
    category: str
    flag: str  # "" or "generic"
    line: int
    regex: re.Pattern[str] | None = field(default=None, repr=False)

    @property
    def variants(self) -> list[str]:
        return [self.name, *self.aliases]


def load_candidates(path: Path = CANDIDATES) -> list[Candidate]:
    out: list[Candidate] = []
    seen: dict[str, int] = {}
    category = ""
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("## "):
            category = line[3:].strip()
            continue
        if line.startswith("#"):
            continue
        flag = ""
        if line.endswith("!generic"):
            flag = "generic"
            line = line[: -len("!generic")].strip()
        parts = [p.strip() for p in line.split(" | ") if p.strip()]
        for p in parts:
            key = p.casefold()
            if key in seen and seen[key] != n:
                raise SystemExit(f"{path.name}:{n}: {p!r} is already on line {seen[key]}")
            seen[key] = n
        out.append(Candidate(parts[0], parts[1:], category, flag, n))
    return out


# --- matching ---------------------------------------------------------------------------

_SPACE = r"[ \t\r\n\u00a0]"
_DASH = r"[-\u2010\u2011\u2012\u2013\u2014]"
#: Between two words: spaces, or a hyphen (with optional spaces), or nothing.
SEP = rf"(?:{_SPACE}+|{_SPACE}*{_DASH}{_SPACE}*|)"
LEFT = r"(?<![A-Za-z0-9_])"
RIGHT = r"(?![A-Za-z0-9_])"


def acronym_like(word: str) -> bool:
    """Matched case-sensitively: two capitals, or a capital after the first
    character (LoRA, MoE, kNN, RAG, GPU, ReLU); not "Adam", "Triton", "F1"."""
    letters = [c for c in word if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 or any(c.isupper() for c in word[1:])


def _literal(word: str) -> str:
    return "".join("['\u2019]" if c in "'\u2019" else re.escape(c) for c in word)


def _plural(word: str) -> str:
    """The last word with its regular plural forms."""
    if acronym_like(word):
        return _literal(word) + ("s?" if word[-1].isupper() else "")
    if not word.isalpha():
        return _literal(word)
    if len(word) > 2 and word[-1] in "yY" and word[-2].lower() not in "aeiou":
        return _literal(word[:-1]) + "(?:y|ies)"
    return _literal(word) + "(?:e?s)?"


def variant_regex(variant: str) -> str:
    """A variant as a regex: words split at spaces and hyphens; each word
    case-insensitive unless acronym-like; SEP between words; plural last word."""
    words = [w for w in re.split(rf"{_SPACE}+|{_DASH}", variant) if w]
    parts = []
    for i, w in enumerate(words):
        body = _plural(w) if i == len(words) - 1 else _literal(w)
        parts.append(body if acronym_like(w) else f"(?i:{body})")
    return LEFT + SEP.join(parts) + RIGHT


def compile_candidate(c: Candidate) -> re.Pattern[str]:
    # Longest variants first: the alternation then prefers the longest match.
    variants = sorted(set(c.variants), key=lambda v: (-len(v), v))
    return re.compile("|".join(f"(?:{variant_regex(v)})" for v in variants))


# --- corpora ----------------------------------------------------------------------------


def regions(page: dict[str, Any]) -> Iterator[str]:
    """The eligible text of a page: per block, touching spans joined."""
    for block in page["blocks"]:
        text = block["text"]
        merged: list[list[int]] = []
        for a, b in block["spans"]:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        for a, b in merged:
            if text[a:b].strip():
                yield text[a:b]


@dataclass
class Corpus:
    name: str
    kind: str  # "ml" | "non-ml"
    source: str  # "eval (tuning split)" | "extra"
    docs: list[str]
    text: str  # all regions of all pages, joined by "\x00" (never matched across)
    starts: list[int]  # offset of each page in text


def _assemble(name: str, kind: str, source: str, pages: list[dict[str, Any]]) -> Corpus:
    chunks: list[str] = []
    starts: list[int] = []
    pos = 0
    docs = []
    for page in pages:
        starts.append(pos)
        docs.append(page["doc"])
        body = "\x00".join(regions(page)) + "\x00"
        chunks.append(body)
        pos += len(body)
    return Corpus(name, kind, source, docs, "".join(chunks), starts)


def load_corpora() -> list[Corpus]:
    out = []
    for c in evalset.load_config().corpora:
        if c.name in SKIP_EVAL:
            continue
        pages = list(evalset.iter_pages(c.name))  # the tuning split, the default
        out.append(_assemble(c.name, c.kind, "eval (tuning split)", pages))
    for name in EXTRA:
        with gzip.open(EXTRA_DIR / f"{name}.jsonl.gz", "rt", encoding="utf-8") as f:
            pages = [json.loads(line) for line in f]
        out.append(_assemble(name, "ml", "extra", pages))
    return out


def count(regex: re.Pattern[str], corpus: Corpus) -> tuple[int, int]:
    """(document frequency, occurrences) of one candidate in one corpus."""
    pages: set[int] = set()
    tf = 0
    last_end = -1
    for m in regex.finditer(corpus.text):
        if m.start() < last_end:  # overlapping variants: counted once
            continue
        last_end = m.end()
        tf += 1
        pages.add(bisect.bisect_right(corpus.starts, m.start()) - 1)
    return len(pages), tf


# --- main -------------------------------------------------------------------------------


def show(name: str, corpora: list[Corpus], candidates: list[Candidate], limit: int) -> None:
    """Print up to ``limit`` matches per corpus of one candidate, in context."""
    wanted = [c for c in candidates if name.casefold() in (v.casefold() for v in c.variants)]
    if not wanted:
        raise SystemExit(f"no candidate {name!r}")
    rx = compile_candidate(wanted[0])
    for corpus in corpora:
        for i, m in enumerate(rx.finditer(corpus.text)):
            if i >= limit:
                break
            doc = corpus.docs[bisect.bisect_right(corpus.starts, m.start()) - 1]
            a, b = max(0, m.start() - 60), m.end() + 60
            ctx = corpus.text[a:b].replace("\x00", " | ").replace("\n", " ")
            print(f"{corpus.name}/{doc}: ...{ctx}...")


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", metavar="NAME", help="print matches of one candidate instead")
    parser.add_argument("--max", type=int, default=5, help="matches per corpus for --show")
    args = parser.parse_args(argv)
    candidates = load_candidates()
    corpora = load_corpora()
    if args.show:
        show(args.show, corpora, candidates, args.max)
        return 0
    ml = [c for c in corpora if c.kind == "ml"]
    nonml = [c for c in corpora if c.kind != "ml"]
    for c in corpora:
        print(f"{c.name:18} {c.kind:6} {len(c.docs):4} pages {len(c.text):8} chars  [{c.source}]")
    header = ["candidate", "aliases", "category", "flag"]
    for c in corpora:
        header += [f"df:{c.name}", f"tf:{c.name}"]
    header += ["ml_corpora", "ml_df", "ml_tf", "ml_rate", "nonml_rate"]
    rows = []
    for cand in candidates:
        rx = compile_candidate(cand)
        stats = {c.name: count(rx, c) for c in corpora}
        row: list[Any] = [cand.name, " | ".join(cand.aliases), cand.category, cand.flag]
        for c in corpora:
            row += list(stats[c.name])
        ml_rate = sum(stats[c.name][0] / len(c.docs) for c in ml) / len(ml)
        nonml_rate = sum(stats[c.name][0] / len(c.docs) for c in nonml) / max(1, len(nonml))
        row += [
            sum(1 for c in ml if stats[c.name][0]),
            sum(stats[c.name][0] for c in ml),
            sum(stats[c.name][1] for c in ml),
            f"{ml_rate:.5f}",
            f"{nonml_rate:.5f}",
        ]
        rows.append(row)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(f"{len(rows)} candidates -> {OUT.relative_to(HERE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
