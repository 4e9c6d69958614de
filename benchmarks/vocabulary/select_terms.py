"""Select the core vocabulary from ``counts.csv`` (README.md, "Selection rule").

    .venv/bin/python benchmarks/vocabulary/select_terms.py [--glossary REV|installed]

1. Eligible: not flagged ``generic`` in candidates.txt, on at least
   ``MIN_PAGES`` ML pages in all, and either found in at least ``MIN_CORPORA``
   ML corpora ("broad"), or, found in one ML corpus only, on at least
   ``ANCHOR_MIN_PAGES`` pages and ``ANCHOR_MIN_SHARE`` of that corpus's pages
   ("anchor": the vocabulary of a domain that only one corpus covers, such as
   KV-cache serving, quantisation or econometrics).
2. Score (page-normalised, so a large corpus does not dominate, and concave, so
   breadth counts): ``sum over the ML corpora of sqrt(df_c / pages_c)``, times
   the ML specificity ``ml_rate / (ml_rate + nonml_rate)`` (mean page rates
   over the ML corpora and over the non-ML contrast corpora, sphinx and pytest),
   which demotes words that documentation of any kind uses; an anchor's score
   is further multiplied by ``ANCHOR_FACTOR``.
3. Candidates whose name or an alias resolves in the bundled glossary
   (``load_bundled().resolve``) are ``merge``: listed apart, not counted in
   the target. The glossary is that of git revision ``GLOSSARY_REV`` (exported
   into ``_work/``: the work tree may be mid-edit), or of the installed package
   with ``--glossary installed``.
4. The ``TARGET`` best of the rest are selected, less room for the editorial
   additions (``editorial.txt``): named LLM-serving (and a few other) concepts
   that the tuning corpora under-represent, each with a reason; those already
   selected by the rule are reported, not added. They stay under
   ``MAX_EDITORIAL_SHARE`` of the list.

Output ``selection.csv``: rank, name, aliases, status (``core`` | ``editorial``
| ``merge``), tier (``broad`` | ``anchor`` | empty for an editorial addition
the rule does not make eligible), score, ml_corpora, ml_pages, in_glossary (the bundled term key it
resolves to, or empty), category (proposed slug), reason (editorial only).
Deterministic: ties are broken by name.
"""

from __future__ import annotations

import csv
import math
import sys
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
COUNTS = HERE / "counts.csv"
EDITORIAL = HERE / "editorial.txt"
OUT = HERE / "selection.csv"
CATEGORIES = REPO / "sphinxcontrib_aiterms" / "glossary" / "categories.toml"

#: The revision whose bundled glossary decides "merge" (--glossary overrides it).
GLOSSARY_REV = "134763c8c9e3f688650518dc3b5e61d457d6ca69"
TARGET = 340
MIN_CORPORA = 2
MIN_PAGES = 3
ANCHOR_MIN_PAGES = 5
ANCHOR_MIN_SHARE = 0.05
ANCHOR_FACTOR = 0.5
MAX_EDITORIAL_SHARE = 0.15
NONML = ("sphinx", "pytest")


def load_counts() -> tuple[list[dict[str, Any]], list[str]]:
    with COUNTS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    corpora = [k[3:] for k in rows[0] if k.startswith("df:")]
    return rows, corpora


def corpus_pages() -> dict[str, int]:
    """Pages per corpus, as count_terms.py read them (tuning split for eval corpora)."""
    sys.path.insert(0, str(HERE))
    import count_terms

    return {c.name: len(c.docs) for c in count_terms.load_corpora()}


def tier_of(row: dict[str, Any], ml: list[str], pages: dict[str, int]) -> str:
    """ "broad", "anchor" or "" (not eligible), flags aside."""
    if int(row["ml_df"]) < MIN_PAGES:
        return ""
    if int(row["ml_corpora"]) >= MIN_CORPORA:
        return "broad"
    if int(row["ml_corpora"]) == 1:
        (c,) = [c for c in ml if int(row[f"df:{c}"])]
        df = int(row[f"df:{c}"])
        if df >= ANCHOR_MIN_PAGES and df / pages[c] >= ANCHOR_MIN_SHARE:
            return "anchor"
    return ""


def score_of(row: dict[str, Any], ml: list[str], pages: dict[str, int]) -> float:
    breadth = sum(math.sqrt(int(row[f"df:{c}"]) / pages[c]) for c in ml)
    ml_rate = float(row["ml_rate"])
    nonml_rate = float(row["nonml_rate"])
    specificity = ml_rate / (ml_rate + nonml_rate) if ml_rate + nonml_rate else 0.0
    factor = ANCHOR_FACTOR if tier_of(row, ml, pages) == "anchor" else 1.0
    return breadth * specificity * factor


def load_editorial() -> list[tuple[str, str]]:
    out = []
    for n, raw in enumerate(EDITORIAL.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, reason = line.partition("#")
        if not sep or not reason.strip():
            raise SystemExit(f"{EDITORIAL.name}:{n}: every editorial addition needs a reason")
        out.append((name.strip(), reason.strip()))
    return out


def bundled_key(row: dict[str, Any], glossary: Any) -> str:
    """The bundled term a candidate duplicates (its name or an alias resolves)."""
    names = [row["candidate"], *[a for a in row["aliases"].split(" | ") if a]]
    for name in names:
        term = glossary.resolve(name)
        if term is not None:
            return str(term.key)
    return ""


def load_glossary(rev: str) -> Any:
    """``load_bundled()`` of git revision ``rev``, or of the installed package."""
    if rev != "installed":
        sys.path.insert(0, str(HERE))
        import build_extra  # redirects the evaluation pipeline's _work/ to ours

        snapshot = build_extra.bc.package_snapshot(rev)
        sys.path.insert(0, str(snapshot))
    from sphinxcontrib_aiterms.glossary import load_bundled

    return load_bundled()


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--glossary",
        default=GLOSSARY_REV,
        metavar="REV",
        help="git revision whose bundled glossary decides 'merge', or 'installed'"
        f" (default {GLOSSARY_REV[:12]})",
    )
    args = parser.parse_args(argv)

    with CATEGORIES.open("rb") as f:
        slugs = {c["slug"] for c in tomllib.load(f)["category"]}
    rows, corpora = load_counts()
    pages = corpus_pages()
    ml = [c for c in corpora if c not in NONML]
    glossary = load_glossary(args.glossary)
    by_name = {r["candidate"]: r for r in rows}
    for r in rows:
        if r["category"] not in slugs:
            raise SystemExit(f"{r['candidate']}: unknown category {r['category']!r}")
        r["score"] = score_of(r, ml, pages)
        r["tier"] = tier_of(r, ml, pages)
        r["in_glossary"] = bundled_key(r, glossary)
    eligible = [r for r in rows if r["flag"] != "generic" and r["tier"]]
    eligible.sort(key=lambda r: (-r["score"], r["candidate"].casefold()))
    merge = [r for r in eligible if r["in_glossary"]]
    ranked = [r for r in eligible if not r["in_glossary"]]

    editorial = load_editorial()
    for name, _ in editorial:
        if name not in by_name:
            raise SystemExit(f"editorial addition {name!r} is not a candidate")
        if by_name[name]["flag"] == "generic":
            raise SystemExit(f"editorial addition {name!r} is flagged generic")
    # The rule's top k plus the editorial additions outside it make TARGET.
    k = TARGET
    while True:
        core = {r["candidate"] for r in ranked[:k]}
        extra = [
            (n, why) for n, why in editorial if n not in core and not by_name[n]["in_glossary"]
        ]
        if k + len(extra) <= TARGET:
            break
        k = TARGET - len(extra)
    if len(extra) > MAX_EDITORIAL_SHARE * TARGET:
        raise SystemExit(f"{len(extra)} editorial additions: over {MAX_EDITORIAL_SHARE:.0%}")

    selected: list[tuple[dict[str, Any], str, str]] = [(r, "core", "") for r in ranked[:k]]
    extra.sort(key=lambda e: (-by_name[e[0]]["score"], e[0].casefold()))
    selected += [(by_name[n], "editorial", why) for n, why in extra]
    header = [
        "rank", "name", "aliases", "status", "tier", "score", "ml_corpora", "ml_pages",
        "in_glossary", "category", "reason",
    ]  # fmt: skip
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for i, (r, status, why) in enumerate(selected, 1):
            w.writerow(
                [i, r["candidate"], r["aliases"], status, r["tier"], f"{r['score']:.4f}",
                 r["ml_corpora"], r["ml_df"], "", r["category"], why]
            )  # fmt: skip
        for r in merge:
            w.writerow(
                ["", r["candidate"], r["aliases"], "merge", r["tier"], f"{r['score']:.4f}",
                 r["ml_corpora"], r["ml_df"], r["in_glossary"], r["category"], ""]
            )  # fmt: skip
    print(
        f"{len(rows)} candidates, {len(eligible)} eligible ({len(merge)} merge);"
        f" selected {len(selected)}: {k} by the rule + {len(extra)} editorial"
        f" (cut-off score {ranked[k - 1]['score']:.4f})"
    )
    already = [n for n, _ in editorial if n in core]
    if already:
        print(f"editorial names the rule already selects: {', '.join(already)}")
    merged_ed = [n for n, _ in editorial if by_name[n]["in_glossary"]]
    if merged_ed:
        print(f"editorial names that are merges: {', '.join(merged_ed)}")
    print(f"-> {OUT.relative_to(HERE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
