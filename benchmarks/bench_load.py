"""How long loading the bundled glossary takes: parsing vs. the on-disk cache.

Run: ``python benchmarks/bench_load.py``. Prints medians (min–max) over
interleaved runs: a cold parse of the five seed pages, a load from the disk
cache (what every new Sphinx process pays), and a repeated in-process call.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable

os.environ["SPHINXCONTRIB_AITERMS_CACHE"] = tempfile.mkdtemp(prefix="aiterms-bench-")

from sphinxcontrib_aiterms.glossary import bundled

RUNS = 7


def _time(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    cold: list[float] = []
    warm: list[float] = []
    bundled.load_bundled.cache_clear()
    bundled.load_bundled()  # fills the disk cache
    for _ in range(RUNS):
        cold.append(_time(bundled.parse_bundled))
        bundled.load_bundled.cache_clear()
        warm.append(_time(bundled.load_bundled))
    again = _time(bundled.load_bundled)
    glossary = bundled.load_bundled()
    definitions = sum(1 for _ in glossary.definitions)
    print(f"bundled glossary: {len(glossary)} terms, {definitions} definitions")
    for name, values in (("parse seed pages (cold)", cold), ("load from disk cache", warm)):
        print(
            f"{name:<28} median {statistics.median(values):7.1f} ms"
            f"  (min {min(values):.1f}, max {max(values):.1f}, n={len(values)})"
        )
    print(f"{'in-process repeat':<28} {again:14.3f} ms")
    print(f"cache speed-up: x{statistics.median(cold) / statistics.median(warm):.0f}")


if __name__ == "__main__":
    main()
