"""What loading a glossary costs a ``sphinx-build`` process, once per build.

Run: ``python benchmarks/bench_load.py`` (options: ``--runs``, ``--terms``,
``--data``). Each figure is measured in a new process (nothing is kept between
builds: there is no disk cache) and printed as the median (min–max) of
``--runs`` processes, in CPU time, with the garbage collector's share
(``gc.callbacks``):

* ``packs, prepared``: the default packs from their prepared data
  (``sphinxcontrib_aiterms/packs/*.json.gz``), what a project without glossary
  files of its own loads;
* ``packs, parsed``: the same glossary parsed from the packs' sources, what
  preparing saves every build;
* ``linker, packs``: the auto-link matcher and name table for it;
* ``YAML N terms``: the default packs plus a generated N-term YAML glossary
  (``bench_build.synthetic_glossary``), and ``linker, N terms`` its linker.

``bench_build.py`` measures whole builds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from bench_build import DEFAULT_DATA, synthetic_glossary

SNIPPET = """
import gc, json, sys, time
spent = [0.0, 0.0]
def timer(phase, info):
    if phase == "start":
        spent[1] = time.process_time()
    else:
        spent[0] += time.process_time() - spent[1]
gc.callbacks.append(timer)
from pathlib import Path
from sphinxcontrib_aiterms.glossary.build import GlossaryBuilder
from sphinxcontrib_aiterms.glossary.loader import load_glossary, pack_drafts
from sphinxcontrib_aiterms.glossary.packs import DEFAULT_PACKS, id_rank, installed_packs
from sphinxcontrib_aiterms.linking import AutolinkSettings, Linker
what, file = sys.argv[1], sys.argv[2]
start = time.process_time()
if what == "parsed":
    builder = GlossaryBuilder()  # as loader.packs_builder, from the sources
    for order, name in enumerate(DEFAULT_PACKS, start=1):
        part = pack_drafts(installed_packs()[0][name], prepared=False)
        for key, draft in part.drafts.items():
            draft.rank, draft.order, draft.pack = id_rank(name), order, name
            builder.drafts[name + "\\x00" + key] = draft
        builder.overlays.extend(part.overlays)
    glossary = builder.build()
else:
    glossary = load_glossary([Path(file)] if file else [])
loaded, gc_loaded = time.process_time() - start, spent[0]
Linker(glossary, AutolinkSettings())
linked = time.process_time() - start - loaded
print(json.dumps([len(glossary), loaded, gc_loaded, linked, spent[0] - gc_loaded]))
"""


def measure(what: str, file: str) -> list[float]:
    """[terms, load s, GC s in it, linker s, GC s in it] in a new process."""
    out = subprocess.run(
        [sys.executable, "-c", SNIPPET, what, file], check=True, capture_output=True, text=True
    ).stdout
    return [float(x) for x in json.loads(out)]


def _row(label: str, seconds: list[float], gc_seconds: list[float]) -> str:
    median = statistics.median(seconds)
    share = statistics.median(g / s for g, s in zip(gc_seconds, seconds, strict=True) if s)
    return (
        f"{label:<28} {median:7.3f} s  ({min(seconds):.3f}–{max(seconds):.3f})"
        f"   garbage collector {share:4.0%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="processes per figure (default 5)")
    parser.add_argument("--terms", type=int, default=40_000, help="synthetic glossary size")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="where the YAML file goes")
    args = parser.parse_args()
    yaml_file = str(synthetic_glossary(args.data, args.terms))
    cases = (
        ("packs", "prepared", ""),
        ("packs, parsed", "parsed", ""),
        ("yaml", "file", yaml_file),
    )
    results: dict[str, list[list[float]]] = {label: [] for label, _w, _f in cases}
    for _ in range(args.runs):  # interleaved: the machine's drift touches every case alike
        for label, what, file in cases:
            results[label].append(measure(what, file))
    print(f"CPU seconds per process, median (min–max) of {args.runs}:")
    for label, runs in results.items():
        terms = int(runs[0][0])
        name = f"YAML {args.terms:,} terms" if label == "yaml" else label
        print(_row(f"{name} ({terms:,})", [r[1] for r in runs], [r[2] for r in runs]))
        if label != "packs, parsed":
            linker = f"linker, {args.terms:,} terms" if label == "yaml" else "linker, packs"
            print(_row(linker, [r[3] for r in runs], [r[4] for r in runs]))


if __name__ == "__main__":
    main()
