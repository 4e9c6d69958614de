"""The ``aiterms-coverage`` builder: glossary QA for a documentation project.

In the spirit of :mod:`sphinx.ext.coverage`: a read-only reporting builder.
``get_outdated_docs`` returns a description, so every build scans all
documents, while reading stays incremental. The report
(:mod:`.report`) is computed in the main process from the pickled
doctrees and the environment, so ``-j`` (parallel reading) gives the same
result as a serial build; the builder never writes in parallel.

Output, in the output directory: ``aiterms-coverage.txt`` (for people) and
``aiterms-coverage.json`` (for tools; see :data:`.report.SCHEMA_VERSION`).
A summary goes to the status stream. Undefined ``:term-ai:`` targets make the
build fail (status 1) whether or not ``-W`` is given.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util import logging
from sphinx.util.console import bold, red  # type: ignore[attr-defined]
from sphinx.util.display import status_iterator

from .report import HTML_TAGS, Report, build_report, report_json, report_text, summary_line

if TYPE_CHECKING:
    from collections.abc import Set


logger = logging.getLogger(__name__)

BUILDER_NAME = "aiterms-coverage"
TEXT_FILE = "aiterms-coverage.txt"
JSON_FILE = "aiterms-coverage.json"


class AitermsCoverageBuilder(Builder):
    """Report glossary term use, unlinked mentions and undefined references."""

    name = BUILDER_NAME
    epilog = "The AI glossary coverage report is in %(outdir)s/" + TEXT_FILE + " (and .json)."

    report: Report | None = None

    def init(self) -> None:
        self.report = None
        # The report judges `only` blocks as an HTML build would, and so must
        # "used on" (computed from these tags after reading).
        for tag in HTML_TAGS:
            self.tags.add(tag)

    def get_outdated_docs(self) -> str:
        return "coverage overview"

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass  # Sphinx < 8.1 calls this per document; the report is made once, below

    def write_documents(self, docnames: Set[str]) -> None:
        self._make_report()

    def finish(self) -> None:
        if self.report is None:
            self._make_report()  # Sphinx < 8.1 has no write_documents

    def _make_report(self) -> None:
        env = self.env
        # Documents that were read (a source that failed to parse has no doctree).
        docnames = sorted(set(env.found_docs) & set(env.all_docs))
        progress = status_iterator(
            docnames,
            "checking glossary coverage... ",
            "darkgreen",
            len(docnames),
            self._sphinx.verbosity,
        )
        report = build_report(env, progress, self.tags, env.get_doctree)
        self.report = report
        self._write(report)

    def _write(self, report: Report) -> None:
        outdir = self.outdir
        outdir.mkdir(parents=True, exist_ok=True)
        data = report_json(report)
        (outdir / JSON_FILE).write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        (outdir / TEXT_FILE).write_text(report_text(report), encoding="utf-8")
        logger.info(bold("aiterms coverage: ") + summary_line(report))
        if report.undefined:
            for item in report.undefined:
                logger.info(red(f"  undefined AI term {item.target!r} at {item.where}"))
            # A failure independent of -W: a dangling reference is a broken page.
            self._sphinx.statuscode = 1

    @property
    def _sphinx(self) -> Any:
        """The application (``_app`` from Sphinx 8.1; ``app``, deprecated since, before)."""
        return getattr(self, "_app", None) or self.app
