"""List every occurrence of a glossary name in the corpora's prose, for labelling.

    python benchmarks/autolink_eval/candidates.py [--only NAME] [--prune]
        [--vocab MODULE:FUNCTION] [--snapshot REV] [--dry-run] [--top N]

Independent of the extension's matcher on purpose (it never imports it): a
deliberately generous finder, so that the labels can measure what the
auto-linker misses as well as what it gets wrong. Inside the eligible spans of
every block it finds, case-insensitively,

* every name or alias of a term (never its keywords: they are not link targets);
* plural and singular forms of the last word (s / es / ies, acronym + s);
* any run of spaces, newlines, hyphens or underscores, or nothing, between the
  words of a multi-word name ("KV cache", "kv-cache", "kv\\ncache", "KVCache");
* compounds holding a name as a part: joined by hyphens or underscores
  ("self-attention", "attention-based"), or attached letters ("FlashAttention",
  "inattention"); the candidate then covers the whole compound. Letters attach
  freely to a lower-case word of 5+ letters; to a short name or an acronym only
  at a camel-case boundary ("OpenAPI"), or, for an acronym written in capitals,
  inside a word all in capitals ("SARIMAX"); never "kanban" for KAN, "animal" for ANI.

Touching eligible spans are searched as one (MyST makes a Text node per source
line). Overlapping occurrences are merged into one candidate (the union of the spans)
that carries every term key whose name occurs in it. Output: one JSONL file per
corpus, ``labels/<corpus>.jsonl``, sorted by doc, block, start. Re-running
MERGES: labels of candidates with the same id are kept, new candidates come
unlabelled, vanished candidates are reported and dropped only with ``--prune``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import evalset  # noqa: E402

#: A vocabulary: (term key, names) pairs; names keep their case (acronyms matter).
Vocabulary = list[tuple[str, tuple[str, ...]]]


# --- vocabulary sources (pluggable: --vocab MODULE:FUNCTION) -----------------------------


def bundled_vocabulary() -> Vocabulary:
    """The bundled glossary through its pure data API: key, display and aliases
    (keywords are search phrases, never link targets, so never candidates)."""
    from sphinxcontrib_aiterms.glossary import load_bundled

    glossary = load_bundled()
    return [
        (key, (term.key, term.display, *term.aliases))
        for key, term in sorted(glossary.terms.items())
    ]


def load_vocabulary(spec: str | None) -> Vocabulary:
    if not spec:
        return bundled_vocabulary()
    module, _, func = spec.partition(":")
    if not func:
        raise SystemExit("--vocab wants MODULE:FUNCTION")
    source: Callable[[], Iterable[tuple[str, Sequence[str]]]] = getattr(
        importlib.import_module(module), func
    )
    return [(str(k), tuple(str(n) for n in names)) for k, names in source()]


# --- the finder ----------------------------------------------------------------------------

_WORD_SPLIT = re.compile(r"[\s\-\u2010\u2011\u2012\u2013_]+")
#: Between the words of a name: nothing, or any run of these.
_SEP = r"[\s\-\u2010\u2011\u2012\u2013_]*"
#: Characters that join the parts of a compound ("self-attention", "kv_cache").
_JOINERS = "-_\u2010\u2011"
#: A lower-case word this long accepts directly attached letters.
FREE_ATTACH_MIN = 5


def _inflections(word: str) -> set[str]:
    """The last word's plural and singular forms (lower case)."""
    w = word.lower()
    if not w.isalnum() or not w[-1].isalpha():
        return {w}
    forms = {w, w + "s", w + "es"}
    if len(w) > 2 and w.endswith("y") and w[-2] not in "aeiou":
        forms.add(w[:-1] + "ies")
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "as", "os")):
        forms.add(w[:-1])
        if w.endswith("ies"):
            forms.add(w[:-3] + "y")
        if w.endswith(("ses", "xes", "zes", "ches", "shes")):
            forms.add(w[:-2])
    return forms


def _free(word: str) -> bool:
    """May letters attach directly to this (cased) word?"""
    return (
        word.isalpha()
        and len(word) >= FREE_ATTACH_MIN
        and not word.isupper()
        and not any(c.isupper() for c in word[1:])
    )


@dataclass(frozen=True)
class _Name:
    key: str
    pattern: re.Pattern[str]
    left_free: bool
    right_free: bool
    acronym: bool


def _best_cased(names: Sequence[str]) -> dict[str, str]:
    """Folded name -> the variant that shows its case best (one with capitals)."""
    out: dict[str, str] = {}
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        folded = name.casefold()
        if folded not in out or (name != name.lower() and out[folded] == out[folded].lower()):
            out[folded] = name
    return out


def _lower(text: str) -> str:
    """``text`` in lower case, offset for offset (a character whose lower case is
    longer, like "İ", stays as it is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _trie_regex(words: Iterable[str]) -> str:
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class Finder:
    """Finds candidate occurrences of a vocabulary's names in text spans."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        by_prefix: dict[str, list[_Name]] = defaultdict(list)
        for key, names in vocabulary:
            for name in _best_cased(names).values():
                words = [w for w in _WORD_SPLIT.split(name) if w]
                if not words:
                    continue
                last = sorted(_inflections(words[-1]), key=lambda f: (-len(f), f))
                body = "".join(re.escape(w) + _SEP for w in words[:-1])
                body += "(?:" + "|".join(re.escape(f) for f in last) + ")"
                entry = _Name(
                    key,
                    re.compile(body.lower()),
                    _free(words[0]),
                    _free(words[-1]),
                    name.replace(" ", "").isupper(),
                )
                first = last if len(words) == 1 else [words[0].lower()]
                by_prefix[os.path.commonprefix(first)[:3]].append(entry)  # noqa: RUF071
        prefixes = sorted(by_prefix)
        #: A found prefix -> every name whose prefix is a prefix of it.
        self._dispatch = {
            p: [n for q in prefixes if p.startswith(q) for n in by_prefix[q]] for p in prefixes
        }
        self._scan = re.compile(f"(?=({_trie_regex(prefixes)}))")
        self.size = sum(len(v) for v in by_prefix.values())

    def find_in_span(
        self, text: str, a: int, b: int, low: str | None = None
    ) -> list[tuple[int, int, str]]:
        """Occurrences ``(start, end, term key)`` inside ``text[a:b]``, each
        widened to its whole compound (not yet merged). Matching is done on
        ``low``, the text in lower case with the same offsets."""
        low = _lower(text) if low is None else low
        out = []
        for m in self._scan.finditer(low, a, b):
            pos = m.start()
            for name in self._dispatch[m.group(1)]:
                hit = name.pattern.match(low, pos, b)
                if hit is None:
                    continue
                s, e = hit.span()
                caps = text[s:e].isupper() and name.acronym  # "SARIMAX" holds "ARIMA"
                if (
                    s > a
                    and text[s - 1].isalnum()
                    and not (
                        name.left_free
                        or (text[s - 1].islower() and text[s].isupper())
                        or (caps and text[s - 1].isupper())
                    )
                ):
                    continue
                if (
                    e < b
                    and text[e].isalnum()
                    and not (
                        name.right_free
                        or (text[e].isupper() and text[e - 1].islower())
                        or (caps and text[e].isupper())
                    )
                ):
                    continue
                while s > a and (
                    text[s - 1].isalnum()
                    or (text[s - 1] in _JOINERS and s - 2 >= a and text[s - 2].isalnum())
                ):
                    s -= 1
                while e < b and (
                    text[e].isalnum()
                    or (text[e] in _JOINERS and e + 1 < b and text[e + 1].isalnum())
                ):
                    e += 1
                out.append((s, e, name.key))
        return out

    def find(self, text: str, spans: Iterable[Sequence[int]]) -> list[tuple[int, int, list[str]]]:
        """Merged candidates ``(start, end, sorted term keys)`` in one block."""
        low = _lower(text)
        regions: list[list[int]] = []
        for a, b in spans:  # touching spans (MyST splits lines into Text nodes) flow on
            if regions and a <= regions[-1][1]:
                regions[-1][1] = max(regions[-1][1], b)
            else:
                regions.append([a, b])
        hits = sorted(h for a, b in regions for h in self.find_in_span(text, a, b, low))
        merged: list[tuple[int, int, set[str]]] = []
        for s, e, key in hits:
            if merged and s < merged[-1][1]:
                ps, pe, keys = merged[-1]
                keys.add(key)
                merged[-1] = (ps, max(pe, e), keys)
            else:
                merged.append((s, e, {key}))
        return [(s, e, sorted(keys)) for s, e, keys in merged]


# --- sentences ----------------------------------------------------------------------------

_SENT_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*\s+|\n[ \t]*\n\s*")
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "vs",
        "cf",
        "fig",
        "figs",
        "eq",
        "eqs",
        "al",
        "approx",
        "resp",
        "sec",
        "ch",
        "ref",
        "refs",
        "no",
        "nos",
        "dr",
        "mr",
        "ms",
        "inc",
        "ltd",
        "jr",
        "sr",
        "st",
        "vol",
        "pp",
        "ed",
        "eds",
        "viz",
        "incl",
        "esp",
    ]
)
SENTENCE_CAP = 400


def sentence_bounds(text: str) -> list[int]:
    """Sentence start offsets (a simple rule: . ! ? followed by white space and
    not an abbreviation or initial, or a blank line), always starting with 0."""
    starts = [0]
    for m in _SENT_END.finditer(text):
        end = m.end()
        if end >= len(text):
            break
        if "\n" not in m.group() or m.group()[0] in ".!?\u2026":
            before = text[: m.start()].split()
            token = before[-1].lower().rstrip(".") if before else ""
            nxt = text[end]
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()) or nxt.islower():
                continue
        starts.append(end)
    return starts


def sentence_around(text: str, start: int, end: int, bounds: list[int] | None = None) -> str:
    bounds = bounds if bounds is not None else sentence_bounds(text)
    lo = max((b for b in bounds if b <= start), default=0)
    hi = min((b for b in bounds if b >= end), default=len(text))
    prefix = suffix = ""
    if hi - lo > SENTENCE_CAP:
        mid = (start + end) // 2
        new_lo = max(lo, min(start, mid - SENTENCE_CAP // 2))
        new_hi = min(hi, max(end, new_lo + SENTENCE_CAP))
        new_lo = max(lo, min(start, new_hi - SENTENCE_CAP))
        if new_lo > lo:
            cut = text.find(" ", new_lo, start)
            new_lo = cut + 1 if cut != -1 else new_lo
            prefix = "\u2026 "
        if new_hi < hi:
            cut = text.rfind(" ", end, new_hi)
            new_hi = cut if cut != -1 else new_hi
            suffix = " \u2026"
        lo, hi = new_lo, new_hi
    body = " ".join(text[lo:hi].replace("\x00", "").split())
    return prefix + body + suffix


# --- records, merging, statistics ---------------------------------------------------------


def candidates_for_corpus(corpus: str, finder: Finder) -> list[dict[str, Any]]:
    config = evalset.load_config()
    records = []
    # The finder lists candidates of both splits (labelling tooling, not tuning).
    for page in evalset.iter_pages(corpus, split="all", allow_frozen=True):
        doc = page["doc"]
        split = evalset.split_of(corpus, doc, config)
        for block in page["blocks"]:
            text = block["text"]
            found = finder.find(text, block["spans"])
            if not found:
                continue
            bounds = sentence_bounds(text)
            section = block["section"][-1] if block["section"] else page["title"]
            for s, e, keys in found:
                records.append(
                    {
                        "id": f"{corpus}/{doc}#{block['id']}:{s}-{e}",
                        "corpus": corpus,
                        "doc": doc,
                        "block": block["id"],
                        "start": s,
                        "end": e,
                        "text": text[s:e],
                        "sentence": sentence_around(text, s, e, bounds),
                        "section": section,
                        "terms": keys,
                        "split": split,
                        "label": None,
                        "target": None,
                        "note": "",
                    }
                )
    return records


#: Fields a labeller owns: kept from the existing file on a re-run.
LABEL_FIELDS = ("label", "target", "note")


def _sort_key(r: dict[str, Any]) -> tuple[str, int, int, int]:
    return (r["doc"], int(r["block"]), int(r["start"]), int(r["end"]))


def merge(
    fresh: list[dict[str, Any]], existing: list[dict[str, Any]], *, prune: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """(merged records, vanished records, new count)."""
    old = {r["id"]: r for r in existing}
    out = []
    new = 0
    for r in fresh:
        prev = old.pop(r["id"], None)
        if prev is None:
            new += 1
        else:
            for k in LABEL_FIELDS:
                r[k] = prev.get(k, r[k])
            for k, v in prev.items():  # anything else a labeller added
                r.setdefault(k, v)
        out.append(r)
    vanished = sorted(old.values(), key=_sort_key)
    if not prune:
        out.extend(vanished)
    out.sort(key=_sort_key)
    return out, vanished, new


def _labelled(r: dict[str, Any]) -> bool:
    return r.get("label") is not None


#: What each ML corpus's frozen part should hold (README.md, "Split").
FROZEN_TARGET = 300


def report(corpus: str, records: list[dict[str, Any]], pages: dict[str, int]) -> Counter[str]:
    per_split: dict[str, list[dict[str, Any]]] = {"tune": [], "frozen": []}
    for r in records:
        per_split[evalset.split_of(corpus, r["doc"])].append(r)
    for split in ("tune", "frozen"):
        rs = per_split[split]
        print(
            f"  {split:6}  {len(rs):6} candidates  {len({r['doc'] for r in rs}):4}"
            f" / {pages.get(split, 0):4} pages  {sum(map(_labelled, rs)):5} labelled"
        )
    if (
        evalset.load_config().corpus(corpus).kind == "ml"
        and len(per_split["frozen"]) < FROZEN_TARGET
    ):
        print(f"  note: the frozen part has fewer than {FROZEN_TARGET} candidates")
    terms: Counter[str] = Counter()
    for r in records:
        terms.update(r["terms"])
    return terms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", help="only this corpus (repeatable)")
    parser.add_argument("--prune", action="store_true", help="drop candidates that vanished")
    parser.add_argument(
        "--vocab",
        metavar="MODULE:FUNCTION",
        help="vocabulary source returning (term key, names) pairs (default: the bundled glossary)",
    )
    parser.add_argument(
        "--snapshot",
        metavar="REV",
        help="import sphinxcontrib_aiterms from git revision REV (exported to _work/)",
    )
    parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")
    parser.add_argument("--top", type=int, default=30, help="terms shown by count")
    args = parser.parse_args(argv)
    if args.snapshot:
        import build_corpora

        sys.path.insert(0, str(build_corpora.package_snapshot(args.snapshot)))
    vocabulary = load_vocabulary(args.vocab)
    finder = Finder(vocabulary)
    print(f"vocabulary: {len(vocabulary)} terms, {finder.size} names")
    config = evalset.load_config()
    names = args.only or config.names
    total_terms: Counter[str] = Counter()
    split_terms: dict[str, Counter[str]] = {"tune": Counter(), "frozen": Counter()}
    for corpus in names:
        config.corpus(corpus)
        pages: Counter[str] = Counter(
            p["split"] for p in evalset.iter_pages(corpus, split="all", allow_frozen=True)
        )
        fresh = candidates_for_corpus(corpus, finder)
        path = config.corpus(corpus).labels_path
        merged, vanished, new = merge(fresh, evalset.read_jsonl(path), prune=args.prune)
        print(f"{corpus}: {len(fresh)} candidates ({new} new), {len(vanished)} vanished"
              + (" (pruned)" if args.prune and vanished else ""))  # fmt: skip
        for r in vanished[:20]:
            state = f"label={r.get('label')}" if _labelled(r) else "unlabelled"
            print(f"    vanished: {r['id']} {r['text']!r} ({state})")
        if len(vanished) > 20:
            print(f"    ... and {len(vanished) - 20} more")
        if not args.dry_run:
            evalset.write_jsonl(path, merged)
        total_terms += report(corpus, merged, pages)
        for r in merged:
            split_terms[evalset.split_of(corpus, r["doc"])].update(r["terms"])
    print(f"top {args.top} terms by candidates (all corpora: total / tune / frozen):")
    for key, n in sorted(total_terms.items(), key=lambda kv: (-kv[1], kv[0]))[: args.top]:
        print(f"  {n:6} {split_terms['tune'][key]:6} {split_terms['frozen'][key]:6}  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
