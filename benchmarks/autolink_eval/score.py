"""Score the auto-linker on the hand-labelled evaluation corpora.

Run: ``python benchmarks/autolink_eval/score.py`` (tuning part, every corpus;
its pages with candidates still unlabelled are left out),
``--corpus NAME`` (repeatable), ``--details`` (every wrong or missed occurrence),
``--frozen`` (the final evaluation on the frozen part: every frozen candidate
must be labelled, else the script fails), ``--packs seeds[,core]`` (which
bundled glossaries the linker uses; default: the extension's default),
``--sense balanced|strict|off`` (aiterms_autolink_sense).

The linker runs exactly as in a build (:meth:`~sphinxcontrib_aiterms.linking.Linker.link_page`
on each page's blocks), with the extension's default settings. Each link is
matched with the labelled candidate it overlaps:

* a link on a candidate labelled ``right`` whose ``target`` is the linked term
  is correct; on any other candidate (another target, ``wrong``, ``not_use``),
  or on no candidate at all, it is wrong;
* recall counts the ``right`` candidates linked to their target.

Two views, per corpus and overall: **per occurrence** with density ``every``
(every linkable occurrence is a link), and **per (page, term)** with the
default density ``page`` (the first linkable occurrence of a term on a page is
its link; a (page, target) pair is found when that link is right). For non-ML
corpora it also prints links per 100 pages.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evalset

from sphinxcontrib_aiterms.linking import AutolinkSettings, Block, Finding, Linker


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    pages: int = 0
    links: int = 0
    #: Wrong links whose occurrence is used in a glossary sense, another term's.
    other_term: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.pages += other.pages
        self.links += other.links
        self.other_term += other.other_term

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def sense_precision(self) -> float:
        """Precision when a link to another (less specific) term of a right
        occurrence also counts: the word is used in a glossary sense."""
        found = self.tp + self.fp
        return (self.tp + self.other_term) / found if found else 1.0

    def line(self) -> str:
        return (
            f"P {self.precision:5.3f} ({self.tp}/{self.tp + self.fp}; sense "
            f"{self.sense_precision:5.3f})  "
            f"R {self.recall:5.3f} ({self.tp}/{self.tp + self.fn})"
        )


def make_linker(packs: str | None, sense: str = "balanced") -> Linker:
    """The linker of a default project (with the given bundled packs and sense mode)."""
    from sphinxcontrib_aiterms.glossary.loader import load_glossary

    glossary = load_glossary() if packs is None else load_glossary(packs=tuple(packs.split(",")))
    return Linker(glossary, AutolinkSettings(sense=sense))


def _blocks(page: dict[str, Any]) -> list[Block]:
    return [
        Block(b["text"], tuple((s, e) for s, e in b["spans"]), tuple(b["section"]))
        for b in page["blocks"]
    ]


def _candidate_at(
    candidates: dict[int, list[dict[str, Any]]], block: int, finding: Finding
) -> dict[str, Any] | None:
    for c in candidates.get(block, ()):
        if finding.start < c["end"] and c["start"] < finding.end:
            return c
    return None


def score_page(
    linker: Linker, page: dict[str, Any], labels: list[dict[str, Any]]
) -> tuple[Tally, Tally]:
    """(per occurrence, per page and term) for one page."""
    by_block: dict[int, list[dict[str, Any]]] = {}
    for c in labels:
        by_block.setdefault(int(c["block"]), []).append(c)
    blocks = _blocks(page)
    _evidence, links = linker.link_page(blocks)
    found = [(b["id"], f) for b, fs in zip(page["blocks"], links, strict=True) for f in fs]
    occ, pair = Tally(pages=1), Tally(pages=1)
    doc = page["doc"]
    linked_right: set[str] = set()
    first: dict[str, tuple[int, Finding]] = {}
    for block_id, finding in found:
        occ.links += 1
        if finding.term not in first:
            first[str(finding.term)] = (block_id, finding)
        c = _candidate_at(by_block, block_id, finding)
        if c is not None and c["label"] == "right" and c["target"] == finding.term:
            occ.tp += 1
            linked_right.add(c["id"])
        else:
            occ.fp += 1
            if c is not None and c["label"] == "right":
                occ.other_term += 1
            label = "no candidate" if c is None else f"{c['label']} -> {c['target']}"
            occ.errors.append(f"FP {doc}#{block_id} {finding.text!r} as {finding.term} ({label})")
    for c in labels:
        if c["label"] == "right" and c["id"] not in linked_right:
            occ.fn += 1
            occ.errors.append(f"FN {c['id']} {c['text']!r} -> {c['target']}: {c['sentence'][:140]}")
    # Per (page, term), default density: the first linkable occurrence is the link.
    wanted = {c["target"] for c in labels if c["label"] == "right"}
    got: set[str] = set()
    for term, (block_id, finding) in first.items():
        pair.links += 1
        c = _candidate_at(by_block, block_id, finding)
        if c is not None and c["label"] == "right" and c["target"] == term:
            pair.tp += 1
            got.add(term)
        else:
            pair.fp += 1
    pair.fn += len(wanted - got)
    return occ, pair


def score_corpus(
    linker: Linker, corpus: str, split: str, *, details: bool
) -> tuple[Tally, Tally, int]:
    allow = split != "tune"
    labels = evalset.load_labels(corpus, split=split, allow_frozen=allow)  # type: ignore[arg-type]
    unlabelled = [c["id"] for c in labels if c.get("label") not in evalset.LABELS]
    if unlabelled and split != "tune":
        raise SystemExit(
            f"{corpus}: {len(unlabelled)} frozen candidates are not labelled "
            f"(first: {unlabelled[0]}); label them before scoring the frozen part"
        )
    per_doc: dict[str, list[dict[str, Any]]] = {}
    for c in labels:
        if c.get("label") in evalset.LABELS:
            per_doc.setdefault(c["doc"], []).append(c)
    # A tuning page is scored once all its candidates are labelled (a link on an
    # unlabelled one would count as wrong).
    partly = {c["doc"] for c in labels if c.get("label") not in evalset.LABELS}
    occ, pair = Tally(), Tally()
    pages = 0
    for page in evalset.iter_pages(corpus, split=split, allow_frozen=allow):  # type: ignore[arg-type]
        if page["doc"] in partly:
            continue
        pages += 1
        o, p = score_page(linker, page, per_doc.get(page["doc"], []))
        occ.add(o)
        pair.add(p)
        if details:
            occ.errors += o.errors
    return occ, pair, pages


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", help="only these corpora")
    parser.add_argument("--frozen", action="store_true", help="score the frozen part (final)")
    parser.add_argument("--details", action="store_true", help="list wrong and missed ones")
    parser.add_argument("--packs", default=None, help="bundled packs, e.g. seeds or seeds,core")
    parser.add_argument(
        "--sense", default="balanced", choices=("balanced", "strict", "off"), help="sense mode"
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    config = evalset.load_config()
    split = "frozen" if args.frozen else "tune"
    linker = make_linker(args.packs, args.sense)
    names = args.corpus or config.names
    totals: dict[str, tuple[Tally, Tally]] = {
        "ml": (Tally(), Tally()),
        "non-ml": (Tally(), Tally()),
    }
    kinds: Counter[str] = Counter()
    print(f"split: {split}; per occurrence (density 'every') | per (page, term) (density 'page')")
    for name in names:
        kind = config.corpus(name).kind
        occ, pair, pages = score_corpus(linker, name, split, details=args.details)
        kinds[kind] += pages
        totals[kind][0].add(occ)
        totals[kind][1].add(pair)
        per100 = f"  {100 * pair.links / pages:5.1f} links/100 pages" if pages else ""
        print(f"{name:>14} [{kind:6}] {pages:4d} pages  {occ.line()} | {pair.line()}{per100}")
        for error in occ.errors if args.details else ():
            print(f"    {error}")
    for kind, (occ, pair) in totals.items():
        pages = kinds[kind]
        per100 = f"  {100 * pair.links / pages:5.1f} links/100 pages" if pages else ""
        print(
            f"{'all ' + kind:>14}          {pages:4d} pages  {occ.line()} | {pair.line()}{per100}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
