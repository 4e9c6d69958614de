"""A project with a third-party glossary pack (tests/data/packs, put on sys.path by the tests)."""

from pathlib import Path

project = "aiterms packs"
extensions = ["sphinxcontrib_aiterms"]
exclude_patterns = ["_build"]
show_warning_types = True
aiterms_packs = ["core", "seeds", "testpack"]


def _log(app, line):
    with (Path(app.doctreedir).parent / "readlog.txt").open("a", encoding="utf-8") as stream:
        stream.write(line + "\n")


def _read(app, env, docnames):
    for docname in sorted(docnames):
        _log(app, f"read {docname}")


def setup(app):
    app.connect("env-before-read-docs", _read)
