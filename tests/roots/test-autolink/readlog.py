"""Log which documents Sphinx reads and writes, to ``<doctreedir>/../readlog.txt``."""

from pathlib import Path


def _log(app, line):
    with (Path(app.doctreedir).parent / "readlog.txt").open("a", encoding="utf-8") as stream:
        stream.write(line + "\n")


def _read(app, env, docnames):
    for docname in sorted(docnames):
        _log(app, f"read {docname}")


def _written(app, doctree, docname):
    _log(app, f"write {docname}")


def setup(app):
    app.connect("env-before-read-docs", _read)
    app.connect("doctree-resolved", _written)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
