"""Run the ``aiterms-coverage`` builder on a project (what ``aiterms coverage`` does)."""

from __future__ import annotations

import sys
from pathlib import Path

from .builder import BUILDER_NAME


def run_coverage(
    srcdir: Path,
    outdir: Path,
    doctreedir: Path,
    *,
    overrides: dict[str, str] | None = None,
    jobs: int = 1,
    quiet: bool = False,
) -> int:
    """Build ``srcdir`` with the ``aiterms-coverage`` builder; Sphinx's status code.

    The Sphinx application API rather than ``build_main``, so that progress and
    warnings go to stderr (stdout carries the report), and so that a project
    that does not list the extension yet gets it for this run.
    """
    from sphinx.application import Sphinx
    from sphinx.util.console import color_terminal, nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    class CoverageApp(Sphinx):
        def preload_builder(self, name: str) -> None:
            self.setup_extension("sphinxcontrib_aiterms")  # once only
            super().preload_builder(name)

    if not color_terminal() or not sys.stderr.isatty():
        nocolor()
    with patch_docutils(srcdir), docutils_namespace():
        app = CoverageApp(
            srcdir,
            srcdir,
            outdir,
            doctreedir,
            BUILDER_NAME,
            confoverrides=dict(overrides or {}),
            status=None if quiet else sys.stderr,
            warning=sys.stderr,
            parallel=jobs,
        )
        app.build()
        return int(app.statuscode)
