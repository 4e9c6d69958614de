"""Build the extra vocabulary corpora (``corpora.toml`` here) with the evaluation pipeline.

    nice -n 10 .venv/bin/python benchmarks/vocabulary/build_extra.py [--only NAME] [--snapshot REV]

Exactly the pipeline of ``../autolink_eval/build_corpora.py`` (imported, not
copied): pinned sdist downloaded through pip's session and sha256-checked,
unpacked, built with ``sphinx-build -b dummy`` under the neutral configuration
(``myst_parser`` + the ``build_corpora`` extension: stub directives and roles,
notebook reader, prose dump with the auto-linker's eligibility rule), written as
``corpora/<name>.jsonl.gz`` (sorted, gzip mtime 0: byte-identical on re-runs).
Only the folders differ: downloads and builds go to ``_work/`` HERE, output to
``corpora/`` HERE. The evaluation corpora are never touched.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
EVAL_DIR = HERE.parent / "autolink_eval"
sys.path.insert(0, str(EVAL_DIR))

import build_corpora as bc  # noqa: E402  (the evaluation pipeline)

CONFIG = HERE / "corpora.toml"
bc.WORK = HERE / "_work"
bc.OUT_DIR = HERE / "corpora"


def build(corpus: dict[str, Any], docs: Path, pythonpath: Path | None = None) -> Path:
    """``bc.build`` with the build folder under our ``_work/`` (same conf, same
    command; the extension module is still ``../autolink_eval/build_corpora.py``)."""
    name = corpus["name"]
    base = bc.WORK / "build" / name
    if base.exists():
        shutil.rmtree(base)
    (base / "conf").mkdir(parents=True)
    exclude = list(corpus.get("exclude", []))
    scan = bc.prescan(docs, exclude)
    exclude_patterns = sorted(
        {*exclude, *scan["included"], "_build", "**/.ipynb_checkpoints", "**/_build/**"}
    )
    dump = base / "pages.jsonl"
    settings = {
        "corpus": name,
        "dump": str(dump),
        "directives": scan["directives"],
        "roles": scan["roles"],
    }
    (base / "conf" / "conf.py").write_text(
        bc.CONF_TEMPLATE.format(
            here=str(EVAL_DIR),
            name=name,
            root_doc=corpus.get("root_doc", "index"),
            suffixes=bc.SOURCE_SUFFIXES,
            exclude=exclude_patterns,
            myst=bc.MYST_EXTENSIONS,
            settings=settings,
        )
    )
    cmd = [
        sys.executable, "-m", "sphinx", "-b", "dummy", "-E", "-q", "-j", "1",
        "-c", str(base / "conf"), "-d", str(base / "doctrees"), str(docs), str(base / "out"),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "0"}
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), env.get("PYTHONPATH")]))
    t0 = time.time()
    with (base / "sphinx.log").open("w") as log:
        proc = subprocess.run(
            cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=base, check=False
        )
    if proc.returncode != 0 or not dump.exists():
        raise SystemExit(
            f"{name}: sphinx-build failed (exit {proc.returncode}); see {base}/sphinx.log"
        )
    log = base.relative_to(HERE) / "sphinx.log"
    print(f"  sphinx: {time.time() - t0:.0f} s, log {log}", flush=True)
    return dump


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", help="build only this corpus (repeatable)")
    parser.add_argument(
        "--snapshot",
        metavar="REV",
        help="take the eligibility rule from git revision REV (exported to _work/) instead of"
        " the installed package (use it while the work tree is being edited)",
    )
    args = parser.parse_args(argv)
    with contextlib.suppress(OSError):
        os.nice(max(0, 10 - os.nice(0)))
    corpora = bc.load_config(CONFIG)["corpus"]
    if args.only:
        unknown = set(args.only) - {c["name"] for c in corpora}
        if unknown:
            parser.error(f"unknown corpus: {', '.join(sorted(unknown))}")
        corpora = [c for c in corpora if c["name"] in args.only]
    pythonpath = bc.package_snapshot(args.snapshot) if args.snapshot else None
    if pythonpath is not None:
        print(f"eligibility rule from {pythonpath.relative_to(HERE)}", flush=True)
    for corpus in corpora:
        print(f"{corpus['name']} {corpus['version']}", flush=True)
        docs = bc.unpack(corpus, bc.fetch_sdist(corpus))
        out, n_pages, n_blocks = bc.write_corpus(corpus["name"], build(corpus, docs, pythonpath))
        size = out.stat().st_size
        print(f"  {n_pages} pages, {n_blocks} blocks, {size / 1e6:.2f} MB gzipped")
    total = sum(p.stat().st_size for p in bc.OUT_DIR.glob("*.jsonl.gz"))
    print(f"extra corpora: {total / 1e6:.2f} MB gzipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
