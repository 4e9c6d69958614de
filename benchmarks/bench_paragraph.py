"""Auto-linking cost on one very long paragraph: linear, not quadratic.

Run: ``python benchmarks/bench_paragraph.py`` (options: ``--words``, ``--runs``,
``--density``). For each size it generates a one-page project whose single
paragraph has that many words, about 5 % of them glossary names (``attention``,
``KV cache``, ``ARIMA``…), and builds it to HTML in fresh processes, with and
without the extension, alternating (off, on, off, on…). It prints, per size, the
median CPU time of each side, the ratio, and the extension's extra CPU time;
then how that extra time grows from the smallest size to the largest (tripling
the paragraph must at most triple it).

The goal (issue "Hostile and malformed input", item 7): the 50,000- and
150,000-word paragraphs each cost at most 2x plain Sphinx.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

WORDS = ("the", "model", "uses", "a", "layer", "with", "data", "and", "we", "compute", "results")
NAMES = ("attention", "KV cache", "layer normalization", "knowledge distillation", "ARIMA")


def project(root: Path, words: int, density: str) -> Path:
    rng = random.Random(words)
    tokens = [rng.choice(NAMES) if rng.random() < 0.05 else rng.choice(WORDS) for _ in range(words)]
    src = root / f"p{words}"
    src.mkdir(parents=True, exist_ok=True)
    (src / "index.rst").write_text("Big\n===\n\n" + " ".join(tokens) + "\n", encoding="utf-8")
    (src / "conf.py").write_text(
        "import os\n"
        "extensions = ['sphinxcontrib_aiterms'] if os.environ.get('BENCH_AITERMS') else []\n"
        f"aiterms_autolink_density = {density!r}\n",
        encoding="utf-8",
    )
    return src


def build(src: Path, out: Path, *, aiterms: bool) -> float:
    """CPU seconds of one clean build in a child process."""
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, BENCH_AITERMS="1" if aiterms else "")
    argv = [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "html", str(src), str(out)]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed: {' '.join(argv)}")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", default="50000,150000", help="paragraph sizes")
    parser.add_argument("--runs", type=int, default=5, help="pairs per size (default 5)")
    parser.add_argument("--density", default="page", help="aiterms_autolink_density")
    args = parser.parse_args()
    sizes = [int(w) for w in args.words.split(",")]
    work = Path(tempfile.mkdtemp(prefix="aiterms-paragraph-"))
    extra: dict[int, float] = {}
    print(f"{'words':>8}  {'off s':>7}  {'on s':>7}  {'ratio (min-max)':>20}  extra s")
    for words in sizes:
        src = project(work, words, args.density)
        build(src, work / "warm", aiterms=True)  # bytecode and file caches
        off, on, ratios = [], [], []
        for _ in range(args.runs):
            a = build(src, work / "off", aiterms=False)
            b = build(src, work / "on", aiterms=True)
            off.append(a)
            on.append(b)
            ratios.append(b / a)
        extra[words] = statistics.median(on) - statistics.median(off)
        print(
            f"{words:>8}  {statistics.median(off):7.2f}  {statistics.median(on):7.2f}  "
            f"{statistics.median(ratios):6.2f} ({min(ratios):.2f}-{max(ratios):.2f})  "
            f"{extra[words]:7.2f}"
        )
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        growth = extra[large] / extra[small] if extra[small] > 0 else float("inf")
        print(
            f"\n{large / small:.0f}x the words: the extension's extra CPU time grew "
            f"{growth:.2f}x (linear or better: <= {large / small:.0f}x)"
        )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
