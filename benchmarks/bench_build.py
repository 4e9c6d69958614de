"""What the extension adds to a clean Sphinx build, with an empty cache and warm.

Run: ``python benchmarks/bench_build.py`` (about 30 minutes on 2 cores; options:
``--pairs``, ``--projects``, ``--modes``, ``--terms``, ``--data``). It measures
the goals of issue 14 on clean HTML builds (``-E``, new output and doctree
folders every time), each in its own ``sphinx-build`` process:

* ``small``: a generated 3-page project whose pages use 30 bundled terms
  (``:term-ai:`` roles and auto-linked prose) — goal: at most +0.3 s CPU over
  the same build without the extension;
* ``sphinx``: Sphinx 9.0.4's own documentation, 153 pages, downloaded once with
  ``pip download --no-deps --no-binary :all: sphinx==9.0.4`` into ``--data``,
  network-free (no intersphinx) and not nitpicky — goals: ratio ≤ 1.03 and the
  extension's own CPU share ≤ 3 %;
* ``synthetic``: the same documentation with a generated 40,000-term YAML
  glossary (``aiterms_glossaries``, on top of the default packs) — goal ≤ 1.10;
* the generated glossary page of ``small`` (30 terms used; goal ≤ 150 KB), and
  the full page (``aiterms_used_only = False``), whose size is reported.

Two modes:

* ``empty``: a fresh machine, as on CI or Read the Docs. Every build gets a new,
  empty ``PYTHONPYCACHEPREFIX`` (no compiled ``.pyc`` of Sphinx, docutils or the
  extension is reused: all are compiled again) and a new, empty
  ``XDG_CACHE_HOME``; nothing of an earlier build is left anywhere;
* ``warm``: one ``PYTHONPYCACHEPREFIX`` shared by all builds (filled by an
  untimed build first), as on a developer's machine.

Builds with ("A") and without ("B") the extension alternate, B A B A … B, so
every A has a B just before and just after it; each A is divided by the mean of
those two (on a shared VM the machine's speed drifts over minutes by more than
the effect measured, and a baseline taken right around each build cancels most
of it). The script prints the median of ``--pairs`` such ratios with their
min–max, in wall time and in CPU time (user + system of the build process, from
``wait4``), and the medians of the CPU difference A − B.

Every build runs through ``attribution.py``, which records the time of the
garbage collector (``gc.callbacks``) in both A and B, and in A the CPU time
spent in the extension's own code (its ``setup`` with the imports it makes,
its event listeners, transforms, domain resolution and the generated page):
that share does not drift with the machine.

The configurations differ only in the extension: one ``conf.py`` per project
reads ``AITERMS_BENCH_AITERMS`` (JSON: ``null`` for no extension, else the
``aiterms_*`` options). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

SPHINX_VERSION = "9.0.4"
HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "aiterms-bench"

#: The extension's part of every wrapper conf.py: the options from the environment.
AITERMS_CONF = """
import json as _json
import os as _os

_aiterms = _json.loads(_os.environ.get("AITERMS_BENCH_AITERMS", "null"))
if _aiterms is not None:
    extensions.append("sphinxcontrib_aiterms")
    globals().update({"aiterms_" + _k: _v for _k, _v in _aiterms.items()})
    import attribution as _attribution  # on sys.path: the build runs through it

    _attribution.wrap_setup()
    _their_setup = globals().get("setup")

    def setup(app):
        if _their_setup is not None:
            _their_setup(app)
        _attribution.instrument(app)
"""

SPHINX_CONF = (
    '''\
"""Sphinx's doc/conf.py, network-free, with or without sphinxcontrib_aiterms."""
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
'''
    + AITERMS_CONF
)

SMALL_CONF = (
    """\
project = "Small"
extensions = []
html_theme = "alabaster"
"""
    + AITERMS_CONF
)

SYLLABLES = (
    *("ka", "lo", "mi", "ren", "tor", "vex", "zu", "pra", "den", "sil", "mon", "gra"),
    *("tek", "nu", "bor", "fen", "quil", "dra", "pho", "xen", "lum", "cor", "ves", "tal"),
)

#: The 30 bundled terms the small project uses (keys of the default packs).
SMALL_TERMS = (
    *("attention", "transformer", "embedding", "tokenization", "fine-tuning"),
    *("overfitting", "gradient descent", "backpropagation", "learning rate", "dropout"),
    *("batch normalization", "activation function", "loss function", "epoch", "regularization"),
    *("convolutional neural network", "recurrent neural network", "decoder", "logits", "tensor"),
    *("reinforcement learning", "large language model", "RAG", "KV cache", "quantization"),
    *("knowledge distillation", "beam search", "perplexity", "cross-validation", "mixed precision"),
)


# --- projects ----------------------------------------------------------------------------


def sphinx_docs(data: Path) -> Path:
    """Sphinx's ``doc/`` folder, downloaded and unpacked once into ``data``."""
    doc = data / f"sphinx-{SPHINX_VERSION}" / "doc"
    if doc.is_dir():
        return doc
    data.mkdir(parents=True, exist_ok=True)
    archive = data / f"sphinx-{SPHINX_VERSION}.tar.gz"
    if not archive.exists():
        subprocess.run(
            [
                *(sys.executable, "-m", "pip", "download", "--no-deps"),
                *("--no-binary", ":all:", f"sphinx=={SPHINX_VERSION}"),
                *("-d", str(data), "-q"),
            ],
            check=True,
        )
    with tarfile.open(archive) as tar:
        tar.extractall(data, filter="data")
    return doc


def small_project(root: Path) -> Path:
    """Three pages: an index, one page with a ``:term-ai:`` role for each of the
    30 terms, one with prose naming the same terms (auto-linked)."""
    src = root / "small"
    src.mkdir(parents=True, exist_ok=True)
    (src / "index.rst").write_text(
        "Small project\n=============\n\nA small project.\n\n.. toctree::\n\n   roles\n   prose\n",
        encoding="utf-8",
    )
    roles = "\n".join(f"* :term-ai:`{name}`" for name in SMALL_TERMS)
    (src / "roles.rst").write_text(f"Terms\n=====\n\n{roles}\n", encoding="utf-8")
    rng = random.Random(30)
    sentences = []
    for name in SMALL_TERMS:
        filler = rng.choice(("This chapter explains", "We compare", "The notebook shows"))
        sentences.append(f"{filler} {name} in some detail.")
    prose = "\n\n".join(" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5))
    (src / "prose.rst").write_text(f"Prose\n=====\n\n{prose}\n", encoding="utf-8")
    return src


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def synthetic_glossary(data: Path, size: int) -> Path:
    """A YAML glossary of ``size`` generated terms (1–3 words, ~300-character
    bodies, 40 categories, an alias for every tenth term)."""
    path = data / f"synthetic-{size}.yaml"
    if path.exists():
        return path
    data.mkdir(parents=True, exist_ok=True)
    rng = random.Random(size)
    names: set[str] = set()
    lines = ["version: 1", "terms:"]
    count = 0
    while count < size:
        name = " ".join(_word(rng) for _ in range(rng.choice((1, 2, 2, 2, 3))))
        alias = _word(rng) + " " + _word(rng) if count % 10 == 0 else ""
        if name in names or alias in names:
            continue
        count += 1
        names.add(name)
        body = " ".join(_word(rng) for _ in range(60))[:300].rsplit(" ", 1)[0] + "."
        lines += [
            f"  - term: {name}",
            f"    category: group {rng.randint(1, 40)}",
            f"    definition: '**{name.capitalize()}** is {body}'",
        ]
        if alias:
            names.add(alias)
            lines.append(f"    aliases: [{alias}]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass
class Project:
    """A source folder and its configuration: the baseline (B) is the build
    without the extension; each variant (A) adds it with some ``aiterms_*`` options."""

    name: str
    source: Path
    conf_dir: Path
    #: variant name → aiterms_* options of a build with the extension
    variants: dict[str, dict[str, object]]
    env: dict[str, str] = field(default_factory=dict)


def projects(work: Path, data: Path, wanted: list[str], terms: int) -> list[Project]:
    """``small``; Sphinx's documentation with its variants ``sphinx`` and
    ``synthetic`` (one baseline for both)."""
    unknown = set(wanted) - {"small", "sphinx", "synthetic"}
    if unknown:
        raise SystemExit(
            f"unknown project(s) {', '.join(sorted(unknown))} (small, sphinx, synthetic)"
        )
    found = []
    if "small" in wanted:
        src = small_project(work)
        conf = work / "conf-small"
        conf.mkdir(exist_ok=True)
        (conf / "conf.py").write_text(SMALL_CONF, encoding="utf-8")
        found.append(Project("small", src, conf, {"small": {}}))
    variants: dict[str, dict[str, object]] = {}
    if "sphinx" in wanted:
        variants["sphinx"] = {}
    if "synthetic" in wanted:
        variants["synthetic"] = {"glossaries": [str(synthetic_glossary(data, terms))]}
    if variants:
        doc = sphinx_docs(data)
        conf = work / "conf-sphinx"
        conf.mkdir(exist_ok=True)
        (conf / "conf.py").write_text(SPHINX_CONF, encoding="utf-8")
        found.append(Project("sphinx-docs", doc, conf, variants, {"AITERMS_BENCH_DOC": str(doc)}))
    return found


# --- one build ---------------------------------------------------------------------------


@dataclass
class Build:
    wall: float
    cpu: float
    peak_kib: int
    #: seconds in the garbage collector, and the number of collections
    gc: float
    collections: int
    #: CPU seconds in the extension's own code, by entry point (A builds only)
    own: dict[str, float]


def build(
    project: Project, out: Path, aiterms: Mapping[str, object] | None, pycache: Path, xdg: Path
) -> Build:
    """One clean HTML build in a new process, through ``attribution.py``."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    report = out / "attribution.json"
    env = dict(
        os.environ,
        **project.env,
        AITERMS_BENCH_AITERMS=json.dumps(aiterms),
        PYTHONPYCACHEPREFIX=str(pycache),
        XDG_CACHE_HOME=str(xdg),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    argv = [
        *(sys.executable, str(HERE / "attribution.py"), str(report), "--"),
        *("-b", "html", "-q", "-E", "-c", str(project.conf_dir)),
        *("-d", str(out / "doctrees"), str(project.source), str(out / "html")),
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    errors = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write(errors.decode(errors="replace")[-4000:])
        raise SystemExit(f"build failed ({proc.returncode}): {' '.join(argv)}")
    recorded = json.loads(report.read_text(encoding="utf-8"))
    return Build(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_kib=int(usage.ru_maxrss),
        gc=recorded["gc"]["seconds"],
        collections=sum(recorded["gc"]["collections"]),
        own=recorded["own"],
    )


# --- a series of bracketed pairs -----------------------------------------------------------


@dataclass
class Series:
    project: str
    mode: str
    a: list[Build] = field(default_factory=list)
    b: list[Build] = field(default_factory=list)
    #: (wall ratio, CPU ratio, CPU difference) of each A over its two neighbours
    pairs: list[tuple[float, float, float]] = field(default_factory=list)


def run_series(project: Project, mode: str, pairs: int, work: Path) -> list[Series]:
    """B A B A … B in ``mode`` ("empty" or "warm"), ``pairs`` A builds of each
    variant, the variants taking turns; one :class:`Series` per variant."""
    shared = work / f"pycache-{project.name}"
    shutil.rmtree(shared, ignore_errors=True)

    def caches(i: int) -> tuple[Path, Path]:
        if mode == "warm":
            return shared, work / "xdg-warm"
        fresh = work / f"fresh-{project.name}-{i}"
        shutil.rmtree(fresh, ignore_errors=True)
        return fresh / "pycache", fresh / "xdg"

    out_a, out_b = work / f"out-{project.name}-a", work / f"out-{project.name}-b"
    # Untimed: the OS file cache, and (warm) the shared .pyc files, on every side.
    build(project, out_b, None, *caches(-1))
    for warm_up in project.variants.values():
        build(project, out_a, warm_up, *caches(-2))
    shutil.rmtree(work / f"fresh-{project.name}--1", ignore_errors=True)
    shutil.rmtree(work / f"fresh-{project.name}--2", ignore_errors=True)
    names = list(project.variants)
    order = [
        None if i % 2 == 0 else names[(i // 2) % len(names)]
        for i in range(2 * pairs * len(names) + 1)
    ]
    builds: list[tuple[str | None, Build]] = []
    for i, variant in enumerate(order):
        options = None if variant is None else project.variants[variant]
        result = build(project, out_b if variant is None else out_a, options, *caches(i))
        shutil.rmtree(work / f"fresh-{project.name}-{i}", ignore_errors=True)
        builds.append((variant, result))
        own = sum(result.own.values())
        print(
            f"  {variant or 'baseline':>9} {mode:>5} {i + 1:3}: {result.wall:6.2f} s wall "
            f"{result.cpu:6.2f} s CPU  gc {result.gc:5.2f} s  own {own:5.2f} s  "
            f"{result.peak_kib / 1024:6.0f} MiB",
            flush=True,
        )
    series = {name: Series(name, mode) for name in names}
    for i in range(1, len(builds), 2):
        (_, before), (variant, this), (_, after) = builds[i - 1], builds[i], builds[i + 1]
        assert variant is not None
        one = series[variant]
        one.a.append(this)
        one.b.extend((before, after))
        wall = this.wall / ((before.wall + after.wall) / 2)
        cpu = this.cpu / ((before.cpu + after.cpu) / 2)
        one.pairs.append((wall, cpu, this.cpu - (before.cpu + after.cpu) / 2))
    return list(series.values())


def _spread(values: list[float], fmt: str = "{:.3f}") -> str:
    return (
        f"{fmt.format(statistics.median(values))} "
        f"({fmt.format(min(values))}–{fmt.format(max(values))})"
    )


def summary(series: Series) -> dict[str, object]:
    walls = [p[0] for p in series.pairs]
    cpus = [p[1] for p in series.pairs]
    diffs = [p[2] for p in series.pairs]
    shares = [sum(b.own.values()) / b.cpu for b in series.a]
    labels = sorted({label for b in series.a for label in b.own})
    own = {label: statistics.median(b.own.get(label, 0.0) for b in series.a) for label in labels}
    return {
        "project": series.project,
        "mode": series.mode,
        "pairs": len(series.pairs),
        "wall_ratio": _spread(walls),
        "cpu_ratio": _spread(cpus),
        "cpu_diff_s": _spread(diffs, "{:+.2f}"),
        "cpu_a_s": statistics.median(b.cpu for b in series.a),
        "cpu_b_s": statistics.median(b.cpu for b in series.b),
        "wall_a_s": statistics.median(b.wall for b in series.a),
        "wall_b_s": statistics.median(b.wall for b in series.b),
        "own_share": _spread(shares, "{:.1%}"),
        "own_s": statistics.median(sum(b.own.values()) for b in series.a),
        "gc_a_s": statistics.median(b.gc for b in series.a),
        "gc_b_s": statistics.median(b.gc for b in series.b),
        "collections_a": statistics.median(b.collections for b in series.a),
        "collections_b": statistics.median(b.collections for b in series.b),
        "peak_a_mib": statistics.median(b.peak_kib for b in series.a) / 1024,
        "peak_b_mib": statistics.median(b.peak_kib for b in series.b) / 1024,
        "own_by_entry": dict(sorted(own.items(), key=lambda item: -item[1])),
    }


def print_summary(s: dict[str, object]) -> None:
    print(
        f"\n{s['project']}, {s['mode']} cache, median (min–max) of {s['pairs']} bracketed pairs:\n"
        f"  wall ratio {s['wall_ratio']}   CPU ratio {s['cpu_ratio']}   "
        f"CPU A − B {s['cpu_diff_s']} s\n"
        f"  CPU: A {s['cpu_a_s']:.2f} s, B {s['cpu_b_s']:.2f} s; "
        f"wall: A {s['wall_a_s']:.2f} s, B {s['wall_b_s']:.2f} s\n"
        f"  the extension's own code: {s['own_s']:.2f} s CPU, {s['own_share']} of A's CPU\n"
        f"  garbage collector: A {s['gc_a_s']:.2f} s ({s['collections_a']:.0f} collections), "
        f"B {s['gc_b_s']:.2f} s ({s['collections_b']:.0f})\n"
        f"  peak RSS: A {s['peak_a_mib']:.0f} MiB, B {s['peak_b_mib']:.0f} MiB"
    )
    own = s["own_by_entry"]
    assert isinstance(own, dict)
    for label, seconds in list(own.items())[:10]:
        print(f"    {seconds:6.3f} s  {label}")


# --- the generated page ------------------------------------------------------------------------


def page_sizes(project: Project, work: Path) -> dict[str, object]:
    """Size of ``aiterms-glossary.html`` of the small project: used terms only
    (the default) and the full page (``aiterms_used_only = False``)."""
    sizes: dict[str, object] = {}
    for label, options in (("used-only", {}), ("full", {"used_only": False})):
        out = work / f"page-{label}"
        build(project, out, options, work / "pycache-page", work / "xdg-warm")
        page = (out / "html" / "aiterms-glossary.html").read_bytes()
        entries = len(set(re.findall(rb'<dt[^>]*\bid="(aiterm-[^"]+)"', page)))
        sizes[label] = {
            "bytes": len(page),
            "gzip_bytes": len(gzip.compress(page, 9)),
            "entries": entries,
        }
        print(
            f"generated page, {label}: {len(page) / 1000:.1f} kB "
            f"({len(gzip.compress(page, 9)) / 1000:.1f} kB gzipped), {entries} entries",
            flush=True,
        )
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=7, help="A builds per series (default 7)")
    parser.add_argument("--projects", default="small,sphinx,synthetic")
    parser.add_argument("--modes", default="empty,warm")
    parser.add_argument("--terms", type=int, default=40_000, help="synthetic glossary size")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="downloads, glossary")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="aiterms-bench-"))
    chosen = projects(work, args.data, args.projects.split(","), args.terms)
    print(
        f"{time.strftime('%Y-%m-%d')}; python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; {args.pairs} pairs per series",
        flush=True,
    )
    results: dict[str, object] = {"date": time.strftime("%Y-%m-%d"), "summaries": []}
    for mode in args.modes.split(","):
        for project in chosen:
            for series in run_series(project, mode, args.pairs, work):
                summary_ = summary(series)
                print_summary(summary_)
                results["summaries"].append(summary_)  # type: ignore[attr-defined]
    small = [p for p in chosen if p.name == "small"]
    if small:
        results["page"] = page_sizes(small[0], work)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
