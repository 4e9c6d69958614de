"""Benchmark the prose matcher's backends (design notes §3.1, reproducible).

Run: ``.venv/bin/python benchmarks/bench_matcher.py [--sizes 250,4000,40000]``

Synthetic glossaries of 250 / 4,000 / 40,000 terms (1–4 words, ~5 % acronyms,
~15 % sharing a prefix with the previous term) and ~2 MB of prose in which ~3 %
of the words start a term occurrence (mixed case, some with line breaks or
whitespace runs inside, some plural). Prints build and find time per backend
(best of ``--repeat``; "whole" is one 2 MB string, "per-para" the same text as
~400-character chunks, closer to docutils Text nodes) and checks that every
backend returns identical matches. Seeds are fixed.
"""

from __future__ import annotations

import argparse
import random
import re
import string
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sphinxcontrib_aiterms.linking.matcher import (
    Match,
    Matcher,
    Pattern,
    ahocorasick_available,
    build_matcher,
    case_sensitive_by_default,
)

T = TypeVar("T")

COMMON = (
    "the",
    "of",
    "and",
    "to",
    "in",
    "is",
    "that",
    "for",
    "it",
    "as",
    "with",
    "was",
    "on",
    "be",
    "by",
    "this",
    "are",
    "or",
    "from",
    "at",
    "an",
    "which",
    "but",
    "not",
    "have",
    "has",
    "can",
    "we",
    "model",
    "data",
    "training",
    "uses",
    "its",
    "more",
    "than",
    "also",
    "these",
    "their",
    "when",
    "one",
    "used",
    "into",
    "how",
    "such",
    "layer",
    "each",
    "between",
    "input",
    "output",
    "where",
)
TEXT_CHARS = 2_000_000


def make_vocabulary(rng: random.Random, size: int) -> list[str]:
    """Pronounceable pseudo-words, unique, 3–12 letters."""
    syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"] + ["str", "th", "qu"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(1, 5)))[:12])
    return sorted(words)


def make_terms(rng: random.Random, vocab: list[str], count: int) -> list[str]:
    """1–4 word terms; 5 % acronyms, 15 % extend the previous term's prefix."""
    terms: list[str] = []
    seen: set[str] = set()
    while len(terms) < count:
        roll = rng.random()
        if roll < 0.05:
            term = "".join(rng.choice(string.ascii_uppercase) for _ in range(rng.randint(2, 5)))
        elif roll < 0.20 and terms:
            term = terms[-1].split(" ")[0] + " " + rng.choice(vocab)
        else:
            term = " ".join(rng.choice(vocab) for _ in range(rng.choice((1, 2, 2, 3, 4))))
        if term.casefold() not in seen:
            seen.add(term.casefold())
            terms.append(term)
    return terms


def make_text(rng: random.Random, vocab: list[str], terms: list[str]) -> str:
    """~2 MB of prose with ~3 % of words starting a term occurrence."""
    parts: list[str] = []
    size = 0
    while size < TEXT_CHARS:
        if rng.random() < 0.03:
            words = rng.choice(terms).split(" ")
            if not words[0].isupper():
                style = rng.random()
                if style < 0.2:
                    words = [w.capitalize() for w in words]
                elif style < 0.25:
                    words = [w.upper() for w in words]
            if rng.random() < 0.15:
                words[-1] += "s"
            seps = [rng.choice(("\n", "\n   ", "  ")) if rng.random() < 0.2 else " " for _ in words]
            chunk = "".join(w + s for w, s in zip(words, seps, strict=True))[:-1]
        else:
            chunk = rng.choice(COMMON) if rng.random() < 0.5 else rng.choice(vocab)
        end = rng.choices((" ", ", ", ". ", "\n", "; ", " (", ") "), (80, 6, 5, 5, 1, 1, 1))[0]
        parts.append(chunk + end)
        size += len(chunk) + len(end)
    return "".join(parts)


def paragraphs(text: str, size: int = 400) -> list[str]:
    """Split at spaces near every ``size`` characters (never inside a word)."""
    out: list[str] = []
    start = 0
    while start < len(text):
        cut = text.find(" ", start + size)
        cut = len(text) if cut < 0 else cut + 1
        out.append(text[start:cut])
        start = cut
    return out


def best(repeat: int, fn: Callable[[], T]) -> tuple[float, T]:
    result: T | None = None
    times: list[float] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    assert result is not None
    return min(times), result


def cold_build(patterns: list[Pattern], backend: str) -> Matcher:
    """Build as a fresh process would: ``re`` caches compiled patterns by text."""
    re.purge()
    return build_matcher(patterns, backend=backend)


def find_paragraphs(matcher: Matcher, paras: list[str]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    offset = 0
    for para in paras:
        out.extend((m.start + offset, m.end + offset, m.target) for m in matcher.find(para))
        offset += len(para)
    return out


def spans(matches: list[Match]) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.target) for m in matches]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="250,4000,40000")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    backends = ["regex"] + (["ahocorasick"] if ahocorasick_available() else [])
    rng = random.Random(20260501)
    vocab = make_vocabulary(rng, 30_000)
    print(f"python {sys.version.split()[0]}; backends: {', '.join(backends)}")
    if "ahocorasick" not in backends:
        print("(pyahocorasick is not installed: only the regex backend is measured)")
    header = "| terms | keys | backend | build | find whole | find per-para | matches |"
    print(header)
    print("|---|---|---|---|---|---|---|")
    failed = False
    for size in (int(s) for s in args.sizes.split(",")):
        terms = make_terms(random.Random(size), vocab, size)
        text = make_text(random.Random(size + 1), vocab, terms)
        paras = paragraphs(text)
        patterns = [Pattern(t, t.casefold(), case_sensitive_by_default(t)) for t in terms]
        reference: list[tuple[int, int, str]] | None = None
        for backend in backends:
            build_s, matcher = best(args.repeat, partial(cold_build, patterns, backend))
            whole_s, found = best(args.repeat, partial(matcher.find, text))
            para_s, per_para = best(args.repeat, partial(find_paragraphs, matcher, paras))
            whole = spans(found)
            if reference is None:
                reference = whole
            same = whole == reference
            failed |= not same
            print(
                f"| {size:,} | {len(matcher.variants):,} | {backend} | {build_s:.3f} s "
                f"| {whole_s:.3f} s | {para_s:.3f} s | {len(whole):,} ({len(per_para):,})"
                f"{'' if same else ' MISMATCH'} |",
                flush=True,
            )
    print(f"text: {TEXT_CHARS / 1e6:.1f} M characters; per-para: ~400-character chunks")
    print("matches: whole (per-para); identical across backends" if not failed else "MISMATCH")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
