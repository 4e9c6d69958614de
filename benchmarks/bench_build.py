"""Build time and memory of Sphinx's own documentation, with and without aiterms.

Run: ``python benchmarks/bench_build.py`` (options: ``--runs``, ``--sizes``,
``--configs``, ``--cache``, ``--attribute``). It downloads the Sphinx 9.0.4 source distribution
once (``pip download --no-deps --no-binary :all: sphinx==9.0.4``), unpacks it,
and builds its ``doc/`` folder with HTML, from scratch (``-E``, empty output
folder), in separate processes:

* ``off``: Sphinx's own configuration, network-free (no intersphinx) and not
  nitpicky — the baseline;
* ``bundled``: the same plus ``sphinxcontrib_aiterms`` (auto-linking on, the
  bundled glossary, the zero-configuration glossary page), with the package's
  on-disk caches as a repeated build finds them (a developer's machine, a CI
  job that keeps ``~/.cache``);
* ``bundled-cold``: the same with an empty cache folder for every build (the
  first build on a fresh machine: the glossary is parsed and the glossary page
  rendered from scratch);
* ``synthetic-N``: the same with a generated N-term glossary instead (bodies of
  ~300 characters; ``aiterms_used_only``: the glossary page lists terms used).

Both sides use one wrapper ``conf.py`` (``-c``) that runs Sphinx's own and then
adjusts it, so the configurations differ only in the extension. Runs are
interleaved: a round builds every configuration once, in a rotating order with
``off`` in the middle. For each configuration the script prints the median,
over the rounds, of the ratio of build time to ``off`` (with min–max), where
each build is divided by the ``off`` builds just before and after it (see
:func:`bracketed_ratios`); in wall time and in CPU time (user + system of the
build process, which separates waiting from computing); the median wall time
and the peak RSS; then, from instrumented builds, the time spent in the
extension's own code (``attribution.py``: it does not drift with the machine);
then every auto-link made in Sphinx's documentation (a precision check on a
corpus that is not about ML).

Not part of the test suite: it takes several minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

SPHINX_VERSION = "9.0.4"
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "aiterms-bench"

WRAPPER_CONF = '''\
"""Sphinx's doc/conf.py, network-free, with or without sphinxcontrib_aiterms."""
import json
import os
import runpy

_doc = os.environ["AITERMS_BENCH_DOC"]
globals().update(
    {k: v for k, v in runpy.run_path(os.path.join(_doc, "conf.py")).items()
     if not k.startswith("__")}
)
# Paths in the original are relative to its folder; this file lives elsewhere.
for _name in ("templates_path", "html_theme_path", "html_static_path", "html_extra_path",
              "locale_dirs"):
    if _name in globals():
        globals()[_name] = [os.path.join(_doc, p) for p in globals()[_name]]
for _name in ("html_logo", "html_favicon"):
    _value = globals().get(_name)
    if _value and "://" not in _value:
        globals()[_name] = os.path.join(_doc, _value)
extensions = [e for e in extensions if e != "sphinx.ext.intersphinx"]
intersphinx_mapping = {}
nitpicky = False
_aiterms = json.loads(os.environ.get("AITERMS_BENCH_AITERMS", "null"))
if _aiterms is not None:
    extensions.append("sphinxcontrib_aiterms")
    globals().update({"aiterms_" + k: v for k, v in _aiterms.items()})
if _aiterms is not None and os.environ.get("AITERMS_BENCH_ATTRIBUTE"):
    # Only in the instrumented builds (see attribution.py).
    import sys
    sys.path.insert(0, os.environ["AITERMS_BENCH_DIR"])
    import attribution
    attribution.wrap_setup()
    _their_setup = globals().get("setup")

    def setup(app):
        if _their_setup is not None:
            _their_setup(app)
        attribution.instrument(app)
'''

SYLLABLES = (
    *("ka", "lo", "mi", "ren", "tor", "vex", "zu", "pra", "den", "sil", "mon", "gra"),
    *("tek", "nu", "bor", "fen", "quil", "dra", "pho", "xen", "lum", "cor", "ves", "tal"),
)


def corpus(cache: Path) -> Path:
    """Sphinx's ``doc/`` folder, downloaded and unpacked once."""
    doc = cache / f"sphinx-{SPHINX_VERSION}" / "doc"
    if doc.is_dir():
        return doc
    cache.mkdir(parents=True, exist_ok=True)
    archive = cache / f"sphinx-{SPHINX_VERSION}.tar.gz"
    if not archive.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--no-binary",
                ":all:",
                f"sphinx=={SPHINX_VERSION}",
                "-d",
                str(cache),
                "-q",
            ],
            check=True,
        )
    with tarfile.open(archive) as tar:
        tar.extractall(cache, filter="data")
    return doc


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def synthetic_glossary(cache: Path, size: int) -> Path:
    """A user glossary of ``size`` generated terms (1–3 words, ~300-character bodies)."""
    path = cache / f"synthetic-{size}.yaml"
    if path.exists():
        return path
    rng = random.Random(size)
    names: set[str] = set()
    lines = ["version: 1", "terms:"]
    while len(names) < size:
        name = " ".join(_word(rng) for _ in range(rng.choice((1, 2, 2, 2, 3))))
        if name in names:
            continue
        names.add(name)
        body = " ".join(_word(rng) for _ in range(60))[:300].rsplit(" ", 1)[0] + "."
        lines += [
            f"  - term: {name}",
            f"    category: group {rng.randint(1, 40)}",
            f"    definition: {body}",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def configurations(cache: Path, sizes: list[int]) -> dict[str, dict[str, object] | None]:
    configs: dict[str, dict[str, object] | None] = {
        "off": None,
        "bundled": {},
        # the extension with auto-linking off: what auto-linking itself costs
        "bundled-nolink": {"autolink": False},
        # the first build on a fresh machine (see build(): an empty cache folder)
        "bundled-cold": {},
    }
    for size in sizes:
        configs[f"synthetic-{size}"] = {
            "bundled": False,
            "glossaries": [str(synthetic_glossary(cache, size))],
            "used_only": True,
        }
    return configs


def build(
    doc: Path,
    conf_dir: Path,
    out: Path,
    aiterms: dict[str, object] | None,
    *,
    cold: bool,
    attribute: Path | None = None,
) -> tuple[float, float, int]:
    """One clean HTML build in a child process: (wall seconds, CPU seconds, peak
    RSS in KiB). ``cold``: with an empty cache folder of the package's own;
    ``attribute``: instrumented, writing the extension's own time there."""
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, AITERMS_BENCH_DOC=str(doc), AITERMS_BENCH_AITERMS=json.dumps(aiterms))
    if attribute is not None:
        env["AITERMS_BENCH_ATTRIBUTE"] = str(attribute)
        env["AITERMS_BENCH_DIR"] = str(Path(__file__).parent)
    if cold:
        cache = out.with_name(out.name + "-cache")
        shutil.rmtree(cache, ignore_errors=True)
        env["SPHINXCONTRIB_AITERMS_CACHE"] = str(cache)
    argv = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-q",
        "-E",
        "-c",
        str(conf_dir),
        "-d",
        str(out / ".doctrees"),
        str(doc),
        str(out),
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}): {' '.join(argv)}")
    return seconds, usage.ru_utime + usage.ru_stime, int(usage.ru_maxrss)


LOAD_SNIPPET = """
import sys, time
from pathlib import Path
from sphinxcontrib_aiterms.glossary.loader import load_glossary
from sphinxcontrib_aiterms.domain import load_cached_glossary, glossary_content_key
from sphinxcontrib_aiterms.autolink_policy import AutolinkSettings, get_linker
path = Path(sys.argv[1])
t0 = time.perf_counter()
g = load_glossary([path], bundled=False) if sys.argv[2] == "parse" else load_cached_glossary(
    (Path(path.name),), False, path.parent)
t1 = time.perf_counter()
# "cached": the on-disk matcher cache too, as in a build (the first call fills it)
key = glossary_content_key(g) if sys.argv[2] == "cached" else None
get_linker(g, AutolinkSettings(), disk_key=key)
t2 = time.perf_counter()
print(f"{t1 - t0:.2f} {t2 - t1:.2f}")
"""


def load_costs(path: Path, mode: str) -> tuple[float, float]:
    """(glossary load, matcher build) seconds in a fresh process, paid once per
    build; ``mode`` "parse" (no cache) or "cached" (the on-disk parse cache)."""
    out = subprocess.run(
        [sys.executable, "-c", LOAD_SNIPPET, str(path), mode],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return float(out[0]), float(out[1])


def auto_links(out: Path) -> list[tuple[str, str, str]]:
    """(page, link text, href) of every auto-link in a build."""
    from bs4 import BeautifulSoup

    found = []
    for page in sorted(out.rglob("*.html")):
        if "_static" in page.parts or "_sources" in page.parts:
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in soup.select("a.aiterms-auto"):
            found.append((str(page.relative_to(out)), a.get_text(), str(a.get("href", ""))))
    return found


def bracketed_ratios(
    sequence: list[tuple[str, float, float]], field: int
) -> dict[str, list[float]]:
    """Each build's time (``field`` 1: wall, 2: CPU) over the mean of the
    nearest ``off`` builds before and after it in build order.

    On a shared VM the machine's speed drifts over minutes (``off`` alone has
    ranged from 21 s to 29 s within one run), more than the effect measured; a
    baseline taken right around each build cancels most of that drift, which a
    baseline from elsewhere in the round does not.
    """
    ratios: dict[str, list[float]] = {}
    offs = [i for i, entry in enumerate(sequence) if entry[0] == "off"]
    for i, entry in enumerate(sequence):
        before = [j for j in offs if j < i][-1:]
        after = [j for j in offs if j > i][:1]
        around = [i] if entry[0] == "off" else before + after
        baseline = statistics.mean(float(sequence[j][field]) for j in around)
        ratios.setdefault(entry[0], []).append(float(entry[field]) / baseline)
    return ratios


def attribute(
    doc: Path,
    conf_dir: Path,
    work: Path,
    name: str,
    *,
    aiterms: dict[str, object] | None,
    runs: int,
) -> list[tuple[float, dict[str, float]]]:
    """Instrumented builds of one configuration: (the build's CPU seconds,
    {entry point: CPU seconds in the extension}) for each."""
    results = []
    for _ in range(runs):
        report = work / f"{name}-attribution.json"
        _wall, cpu_seconds, _peak = build(
            doc, conf_dir, work / name, aiterms, cold=name.endswith("-cold"), attribute=report
        )
        results.append((cpu_seconds, json.loads(report.read_text(encoding="utf-8"))))
    return results


def print_attribution(name: str, runs: list[tuple[float, dict[str, float]]]) -> None:
    shares = [sum(spent.values()) / total for total, spent in runs]
    seconds = [sum(spent.values()) for _total, spent in runs]
    print(
        f"\n{name}: the extension's own code took {statistics.median(seconds):.2f} s CPU, "
        f"{statistics.median(shares):.1%} of the build (median of {len(runs)} instrumented "
        f"builds; {min(shares):.1%}–{max(shares):.1%})"
    )
    labels = sorted({label for _total, spent in runs for label in spent})
    medians = {label: statistics.median(s.get(label, 0.0) for _t, s in runs) for label in labels}
    for label, value in sorted(medians.items(), key=lambda item: -item[1])[:12]:
        print(f"  {value:6.3f} s  {label}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds (default 5)")
    parser.add_argument("--sizes", default="4000,40000", help="synthetic glossary sizes")
    parser.add_argument(
        "--configs",
        default="",
        help="these configurations besides off (comma list; default: bundled and the "
        "synthetic sizes; bundled-nolink: the extension with auto-linking off)",
    )
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument(
        "--attribute",
        type=int,
        default=3,
        help="instrumented builds per configuration, after the timed rounds, that "
        "measure the time spent in the extension's own code (default 3; 0: none)",
    )
    args = parser.parse_args()
    doc = corpus(args.cache)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    configs = configurations(args.cache, sizes)
    wanted = (
        {"off", *args.configs.split(",")} if args.configs else set(configs) - {"bundled-nolink"}
    )
    unknown = wanted - set(configs)
    if unknown:
        parser.error(f"unknown configuration(s): {', '.join(sorted(unknown))}")
    configs = {k: v for k, v in configs.items() if k in wanted}
    work = Path(tempfile.mkdtemp(prefix="aiterms-bench-"))
    conf_dir = work / "conf"
    conf_dir.mkdir()
    (conf_dir / "conf.py").write_text(WRAPPER_CONF, encoding="utf-8")
    for size in sizes:  # parse once, so every timed build uses the on-disk parse cache
        load_costs(synthetic_glossary(args.cache, size), "cached")
    names = list(configs)
    times: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    rss: dict[str, list[int]] = {n: [] for n in names}
    sequence: list[tuple[str, float, float]] = []  # (name, wall, CPU) in build order
    print(
        f"corpus: {doc} ({sum(1 for _ in doc.rglob('*.rst'))} .rst files); "
        f"{args.runs} interleaved round(s) after a warm-up one; "
        f"python {sys.version.split()[0]}",
        flush=True,
    )
    # An untimed build of each configuration first: the OS file cache, and the
    # package's caches for the warm configurations, as on a machine that built
    # the docs before (the cold ones start empty in every build anyway).
    for name in names:
        build(doc, conf_dir, work / name, configs[name], cold=name.endswith("-cold"))
    for round_no in range(args.runs):
        # The others in a rotating order, "off" in the middle: every build is
        # close to an "off" one (see bracketed_ratios).
        others = [n for n in names if n != "off"]
        shift = round_no % max(len(others), 1)
        order = others[shift:] + others[:shift]
        order.insert(len(order) // 2, "off")
        for name in order:
            seconds, cpu_seconds, peak = build(
                doc, conf_dir, work / name, configs[name], cold=name.endswith("-cold")
            )
            times[name].append(seconds)
            cpu[name].append(cpu_seconds)
            rss[name].append(peak)
            sequence.append((name, seconds, cpu_seconds))
            print(
                f"  round {round_no + 1} {name:>16}: {seconds:7.2f} s wall  "
                f"{cpu_seconds:7.2f} s CPU  {peak / 1024:7.1f} MiB",
                flush=True,
            )
    ratios = bracketed_ratios(sequence, 1)
    cpu_ratios = bracketed_ratios(sequence, 2)
    print()
    off = times["off"]
    print(
        f"the machine's drift: 'off' took {min(off):.2f}–{max(off):.2f} s; each ratio "
        "divides a build by the mean of the 'off' builds just before and after it"
    )
    header = ("configuration", "median s", "wall ratio (min–max)", "CPU ratio (min–max)")
    print(f"{header[0]:>16}  {header[1]:>9}  {header[2]:>22}  {header[3]:>22}  peak RSS MiB")
    for name in names:
        r, c = ratios[name], cpu_ratios[name]
        print(
            f"{name:>16}  {statistics.median(times[name]):9.2f}  "
            f"{statistics.median(r):6.3f} ({min(r):.3f}–{max(r):.3f})  "
            f"{statistics.median(c):6.3f} ({min(c):.3f}–{max(c):.3f})  "
            f"{statistics.median(rss[name]) / 1024:12.1f}"
        )
    for name in names:
        if name != "off" and args.attribute > 0:
            runs = attribute(doc, conf_dir, work, name, aiterms=configs[name], runs=args.attribute)
            print_attribution(name, runs)
    for size in sizes:
        parse, build_matcher = load_costs(synthetic_glossary(args.cache, size), "parse")
        load_costs(synthetic_glossary(args.cache, size), "cached")  # fills the matcher cache
        load, matcher = load_costs(synthetic_glossary(args.cache, size), "cached")
        print(
            f"synthetic-{size}: parsing the YAML file {parse:.2f} s, building the matcher "
            f"{build_matcher:.2f} s (first build only)"
        )
        print(
            f"synthetic-{size}: loading the cached parse {load:.2f} s and the cached "
            f"matcher {matcher:.2f} s (once per process)"
        )
    for name in names:
        if name == "off":
            continue
        links = auto_links(work / name)
        print(f"\nauto-links in Sphinx's documentation, {name}: {len(links)}")
        if name == "bundled" or len(links) <= 50:
            for page, text, href in links:
                print(f"  {page}: {text!r} -> {href}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
