"""What each part of the sense model earns, on the tuning part.

Run: ``python benchmarks/autolink_eval/ablation.py`` (options: ``--corpus``,
``--packs``). Scores the default linker (``balanced``), then the linker with
one part of the sense model switched off at a time, by replacing that part in
this process only (the package is not changed):

* ``everyday``: the everyday-use patterns (sense.toml ``[[everyday]]``);
* ``requires``: the words a name's sense needs (``[[requires]]``);
* ``code``: names written as code in prose (``np.float32``);
* ``titles``: titles, citations and quoted labels;
* ``page``: a page about ML vouching for its common words;
* ``lesk``: definition words around an occurrence as evidence;
* ``signals``: ML signals (specific names, cue words) as evidence;
* ``frequency``: which names need evidence at all (every name is treated as
  specific when this is off).

Each line: precision and recall per occurrence and per (page, term) on the ML
corpora, and the links made on the non-ML corpora, as ``score.py`` counts them.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evalset
import score

from sphinxcontrib_aiterms.linking import sense

NEVER = 10**9


@contextmanager
def patched(obj: Any, name: str, value: Any) -> Iterator[None]:
    old = getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield
    finally:
        setattr(obj, name, old)


def _thresholds(**changes: int) -> Callable[[], Any]:
    def patch() -> Any:
        base = sense.MODES["balanced"]
        return patched(
            sense, "MODES", {**sense.MODES, "balanced": dataclasses.replace(base, **changes)}
        )

    return patch


def _data(**changes: Any) -> Callable[[], Any]:
    def patch() -> Any:
        return patched(sense, "sense_data", lambda: dataclasses.replace(ORIGINAL_DATA(), **changes))

    return patch


ORIGINAL_DATA = sense.sense_data
PARTS: dict[str, Callable[[], Any]] = {
    "everyday": _data(everyday={}),
    "requires": _data(requires={}),
    "code": lambda: patched(sense, "code_like", lambda *_a: ""),
    "titles": lambda: patched(sense, "title_like", lambda *_a: ""),
    "page": _thresholds(page_signals=NEVER),
    "lesk": _thresholds(sentence_words=NEVER, paragraph_words=NEVER, own_sense_words=NEVER),
    "signals": _thresholds(sentence_signals=NEVER, paragraph_signals=NEVER, page_signals=NEVER),
    "frequency": lambda: patched(sense.SenseModel, "needs_evidence", lambda *_a: False),
}


def run(corpora: list[str], packs: str | None) -> str:
    linker = score.make_linker(packs)
    config = evalset.load_config()
    ml_occ, ml_pair, non_ml = score.Tally(), score.Tally(), score.Tally()
    for name in corpora:
        occ, pair, _pages = score.score_corpus(linker, name, "tune", details=False)
        if config.corpus(name).kind == "ml":
            ml_occ.add(occ)
            ml_pair.add(pair)
        else:
            non_ml.add(pair)
    return (
        f"occ P {ml_occ.precision:.3f} R {ml_occ.recall:.3f} | "
        f"pair P {ml_pair.precision:.3f} R {ml_pair.recall:.3f} | "
        f"non-ML links {non_ml.links} ({non_ml.fp} wrong)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", help="only these corpora")
    parser.add_argument("--packs", default=None, help="bundled packs, e.g. seeds,core")
    args = parser.parse_args()
    corpora = args.corpus or list(evalset.load_config().names)
    print(f"{'balanced (all parts)':>22}  {run(corpora, args.packs)}")
    for part, patch in PARTS.items():
        with patch():
            print(f"{'without ' + part:>22}  {run(corpora, args.packs)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
