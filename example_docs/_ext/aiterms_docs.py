"""Reference pages of this site, generated from the code at build time.

A local extension of the documentation (not part of the package):

* ``.. docs-config-reference::`` renders every entry of
  :data:`sphinxcontrib_aiterms.config.OPTIONS` as a ``confval`` (type, default,
  rebuild kind, help, example), after a summary table. Adding an option to the
  table adds it to the page.
* ``.. docs-directive-options::`` lists the ``ai-glossary`` options in the
  order of the directive's ``option_spec``, with the meanings kept here; an
  option missing from either side is a warning.
* ``.. docs-coverage-reasons::`` lists the reasons of the coverage report.
* ``.. docs-cli-reference::`` renders the ``aiterms`` argparse parser: one
  section per subcommand with its usage, and every argument as an ``option``
  of ``.. program:: aiterms <command>`` (so ``:option:`aiterms list --category```
  links to it).
* ``.. docs-cli-output:: show kv cache`` runs the command in-process and shows
  what it prints, so the examples on the pages cannot drift from the code.
* ``.. docs-warning:: aiterms.unknown_term`` documents one warning subtype; at
  the end of reading, the documented subtypes are compared with the
  ``warn(Subtype.…)`` calls in the package, and each one missing from either
  side is a warning (so ``-W`` keeps the warnings page complete).

Everything runs offline and takes milliseconds.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.domains.std import StandardDomain
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

import sphinxcontrib_aiterms
from sphinxcontrib_aiterms import cli
from sphinxcontrib_aiterms.config import OPTIONS, Option

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: What Sphinx redoes when an option of each rebuild kind changes.
REBUILD_KINDS = {
    "env": "every document is read again (the option changes the doctrees)",
    "html": "HTML pages are written again (presentation only)",
    "": "nothing is rebuilt",
}

#: Hand-written examples; an option without one gets a generated line.
EXAMPLES = {
    "glossaries": 'aiterms_glossaries = ["terms/project.yaml", "terms/legacy.txt"]',
    "packs": 'aiterms_packs = ["core", "seeds", "mypack"]  # and a third-party pack; [] for none',
    "bundled": "aiterms_bundled = False  # deprecated: write aiterms_packs = []",
    "cards": "aiterms_cards = False  # plain links, no hover cards",
    "card_open_delay": "aiterms_card_open_delay = 500  # a calmer page",
    "card_close_delay": "aiterms_card_close_delay = 400",
    "card_touch": 'aiterms_card_touch = "navigate"  # a tap follows the link at once',
    "card_fields": 'aiterms_card_fields = ["title", "definition", "link"]',
    "autolink": "aiterms_autolink = False  # only explicit :term-ai: links",
    "autolink_density": 'aiterms_autolink_density = "section"',
    "autolink_sense": 'aiterms_autolink_sense = "strict"  # more evidence before a link',
    "autolink_common_words": (
        'aiterms_autolink_common_words = "never"  # deprecated: aiterms_autolink_sense = "strict"'
    ),
    "autolink_ml_threshold": "aiterms_autolink_ml_threshold = 5  # deprecated and ignored",
    "autolink_min_length": "aiterms_autolink_min_length = 4",
    "autolink_stopwords": 'aiterms_autolink_stopwords = ["async", "agent"]',
    "autolink_terms": 'aiterms_autolink_terms = ["kv cache", "rag"]',
    "autolink_exclude_terms": 'aiterms_autolink_exclude_terms = ["attention"]',
    "autolink_categories": 'aiterms_autolink_categories = ["rag", "llm architecture"]',
    "autolink_exclude_categories": 'aiterms_autolink_exclude_categories = ["lithography"]',
    "autolink_exclude_docs": 'aiterms_autolink_exclude_docs = ["api/*", "changelog"]',
    "used_on": 'aiterms_used_on = False  # no "Used on" lists under glossary entries',
    "used_only": "aiterms_used_only = False  # the generated page shows the whole glossary",
    "external_max_bytes": "aiterms_external_max_bytes = 2_000_000  # 2 MB per project",
}

#: The ``ai-glossary`` options: (example value, meaning in rST). The table on the
#: directive's page follows the directive's ``option_spec``; an option missing
#: here (or described here but gone from the code) is a warning.
DIRECTIVE_OPTIONS = {
    "categories": (
        "rag, explainable ai",
        "Only terms with one of these categories (comma-separated, any case). "
        "``aiterms categories`` lists them.",
    ),
    "letters": (
        "A-C, K",
        "Only terms whose first letter is one of these: letters, ranges (``A-C``), "
        "runs (``AKL``) and ``#`` for everything else.",
    ),
    "terms": (
        "attention sink, kv cache",
        "Only these terms (keys or aliases, comma-separated), in glossary order.",
    ),
    "group-by": (
        "letter",
        "``letter`` (the default, with an A–Z jump bar) or ``category`` (with a "
        "card grid of the categories; a term with two categories appears in both "
        "groups).",
    ),
    "definitions": (
        "short",
        "``full``: each definition's whole Markdown body (the default); ``short``: "
        "its first sentence.",
    ),
    "no-sources": ("", "Leave out each definition's sources (``seeds/…txt:12``)."),
    "no-navigation": ("", "Leave out the jump bar or the category cards."),
    "used-only": (
        "",
        "Only the terms the project uses (an explicit ``:term-ai:`` or an "
        "auto-link on any page); the others are left out, and a term lives on "
        "this page only if it is used.",
    ),
    "no-used-on": (
        "",
        'No "Used on" line (the pages that use the term) under each entry; '
        "the default follows :confval:`aiterms_used_on`.",
    ),
    "class": (
        "my-glossary",
        "Extra CSS classes on the glossary's root element (``div.aiterms-glossary``).",
    ),
}

#: The warning type of the extension; subtypes are documented with ``docs-warning``.
WARNING_TYPE = "aiterms"
_SUBTYPE_USE = re.compile(r"warn\(\s*Subtype\.([A-Z_]+)")
#: argparse output is wrapped to this width on the pages.
CLI_COLUMNS = "80"


def _indent(text: str, prefix: str = "   ") -> list[str]:
    return [prefix + line if line.strip() else "" for line in text.splitlines()]


def _rst_escape(text: str) -> str:
    """Plain text (argparse help) as rST text: markup characters escaped, and
    ``-``/``:`` too, so ``--glossary`` keeps its hyphens (no smart dashes) and
    ``FILE:LINE`` is not taken for a URI."""
    return re.sub(r"([\\`*_|:-])", r"\\\1", text)


def _shown_default(value: object) -> str:
    """A default as conf.py writes it (sequence options are lists)."""
    return repr(list(value)) if isinstance(value, tuple) else repr(value)


def _literal(text: str) -> str:
    """``text`` as an inline literal (backquotes inside are rare; escape them)."""
    return "``" + text.replace("``", "`\u200b`") + "``"


def _parse(directive: SphinxDirective, lines: list[str]) -> list[nodes.Node]:
    """Generated rST → nodes, section titles allowed (``parse_text_to_nodes`` is
    Sphinx ≥ 7.4 only). Every generated line reports the directive's own file
    and line, so warnings and reports point at the page."""
    source, line = directive.get_source_info()
    content = StringList(lines, items=[(source, max(line - 1, 0))] * len(lines))
    container = nodes.section()  # a throw-away parent
    container.document = directive.state.document
    nested_parse_with_titles(directive.state, content, container)
    return list(container.children)


def option_example(option: Option) -> str:
    example = getattr(option, "example", None) or EXAMPLES.get(option.name)
    if example:
        return str(example)
    value = (not option.default) if isinstance(option.default, bool) else option.default
    return f"{option.confval} = {value!r}"


# --------------------------------------------------------------- configuration


class ConfigReferenceDirective(SphinxDirective):
    """Every ``aiterms_*`` option, from :data:`~sphinxcontrib_aiterms.config.OPTIONS`."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(Path(sphinxcontrib_aiterms.__file__).parent / "config.py"))
        self.env.note_dependency(__file__)
        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :class: docs-config-summary",
            "",
            "   * - Option",
            "     - Type",
            "     - Default",
            "     - Rebuild",
        ]
        for option in OPTIONS:
            lines += [
                f"   * - :confval:`{option.confval}`",
                f"     - {_literal(option.type_doc)}",
                f"     - {_literal(_shown_default(option.default))}",
                f"     - {_literal(option.rebuild) if option.rebuild else 'none'}",
            ]
        lines.append("")
        native = "confval" in StandardDomain.directives  # Sphinx ≥ 7.4
        for option in OPTIONS:
            lines.append(f".. confval:: {option.confval}")
            if native:
                lines += [
                    f"   :type: {_literal(option.type_doc)}",
                    f"   :default: {_literal(_shown_default(option.default))}",
                ]
            lines.append("")
            lines += _indent(option.help)
            lines.append("")
            if not native:
                lines += [
                    f"   :Type: {_literal(option.type_doc)}",
                    f"   :Default: {_literal(_shown_default(option.default))}",
                ]
            rebuild = REBUILD_KINDS.get(option.rebuild, option.rebuild)
            lines += [
                f"   :Rebuild: {_literal(option.rebuild or 'none')}: {rebuild}",
                "",
                "   .. code-block:: python",
                "      :caption: Example (conf.py)",
                "",
                *_indent(option_example(option), "      "),
                "",
            ]
        return _parse(self, lines)


class DirectiveOptionsDirective(SphinxDirective):
    """The ``ai-glossary`` options, in the order of the directive's ``option_spec``."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from sphinxcontrib_aiterms.directive import AiGlossaryDirective

        self.env.note_dependency(__file__)
        spec = list(AiGlossaryDirective.option_spec)
        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 30 70",
            "",
            "   * - Option",
            "     - Meaning",
        ]
        for name in spec:
            example, meaning = DIRECTIVE_OPTIONS.get(name, ("", ""))
            if not meaning:
                logger.warning(
                    "ai-glossary option :%s: is not documented (add it to DIRECTIVE_OPTIONS in %s)",
                    name,
                    Path(__file__).name,
                    location=self.get_location(),
                    type="aiterms-docs",
                )
            usage = f":{name}: {example}".rstrip()
            lines += [f"   * - {_literal(usage)}", f"     - {meaning or '(undocumented)'}"]
        for name in sorted(set(DIRECTIVE_OPTIONS) - set(spec)):
            logger.warning(
                "ai-glossary option :%s: is documented but the directive has no such option",
                name,
                location=self.get_location(),
                type="aiterms-docs",
            )
        return _parse(self, lines)


class CoverageReasonsDirective(SphinxDirective):
    """The reasons the coverage report gives for an unlinked mention, from
    :data:`sphinxcontrib_aiterms.coverage.report.REASONS`."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from sphinxcontrib_aiterms.coverage.report import REASONS

        self.env.note_dependency(__file__)
        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 25 75",
            "",
            "   * - Reason",
            "     - Meaning",
        ]
        for reason, meaning in REASONS.items():
            lines += [f"   * - {_literal(reason)}", f"     - {_rst_escape(meaning)}"]
        return _parse(self, lines)


# ------------------------------------------------------------------------- CLI


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices.items())
    return []


def _invocation(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    """``-c CATEGORY, --category CATEGORY`` or ``TERM``, as ``--help`` shows it."""
    formatter = parser._get_formatter()
    return formatter._format_action_invocation(action)


def _help_text(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    if not action.help:
        return ""
    formatter = parser._get_formatter()
    return formatter._expand_help(action)


@contextlib.contextmanager
def _columns(width: str) -> Iterator[None]:
    """argparse and the command wrap to ``$COLUMNS``: make the pages reproducible."""
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = width
    try:
        yield
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


def _options_rst(parser: argparse.ArgumentParser, *, skip: Iterable[str] = ("help",)) -> list[str]:
    lines: list[str] = []
    for action in parser._actions:
        if action.dest in skip or isinstance(action, argparse._SubParsersAction):
            continue
        lines += [f".. option:: {_invocation(parser, action)}", ""]
        help_text = _help_text(parser, action)
        if isinstance(action.choices, list | tuple) and action.choices:
            default = f" (default: {action.default})" if action.default is not None else ""
            help_text = (help_text + " " if help_text else "") + (
                f"one of {', '.join(map(str, action.choices))}{default}"
            )
        if not help_text and not action.option_strings:
            help_text = "one or more, required" if action.nargs == "+" else "required"
        lines += _indent(_rst_escape(help_text))
        lines.append("")
    return lines


class CliReferenceDirective(SphinxDirective):
    """The ``aiterms`` command: its global options, then one section per subcommand."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"heading": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(cli.__file__)
        self.env.note_dependency(__file__)
        mark = str(self.options.get("heading", "~"))[:1] or "~"
        with _columns(CLI_COLUMNS):
            parser = cli._parser()
            lines = [
                ".. program:: aiterms",
                "",
                ".. code-block:: text",
                "",
                *_indent(parser.format_usage().strip()),
                "",
                *_options_rst(parser),
            ]
            for name, sub in _subcommands(parser):
                title = f"``aiterms {name}``"
                lines += [title, mark * len(title), ""]
                if sub.description:
                    lines += [_rst_escape(sub.description[:1].upper() + sub.description[1:])]
                    lines.append("")
                lines += [
                    f".. program:: aiterms {name}",
                    "",
                    ".. code-block:: text",
                    "",
                    *_indent(sub.format_usage().strip()),
                    "",
                    *_options_rst(sub),
                ]
                if sub.epilog:
                    lines += [_rst_escape(sub.epilog), ""]
        return _parse(self, lines)


class CliOutputDirective(SphinxDirective):
    """``.. docs-cli-output:: ARGS``: run ``aiterms ARGS`` and show its output.

    Runs in the configuration directory (so relative glossary paths work) at
    80 columns. A non-zero exit status is a warning unless ``:returncode:`` says
    it is expected; ``:lines: N`` keeps the first N lines.
    """

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {
        "lines": directives.positive_int,
        "returncode": directives.nonnegative_int,
        "stderr": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        args = shlex.split(self.arguments[0])
        out, err = io.StringIO(), io.StringIO()
        cwd = Path.cwd()
        try:
            os.chdir(self.env.srcdir)  # this site keeps conf.py in the source folder
            with (
                _columns(CLI_COLUMNS),
                contextlib.redirect_stdout(out),
                contextlib.redirect_stderr(err),
            ):
                try:
                    status = cli.main(args)
                except SystemExit as exit_:  # argparse errors
                    status = int(exit_.code or 0)
        finally:
            os.chdir(cwd)
        expected = self.options.get("returncode", 0)
        if status != expected:
            logger.warning(
                "`aiterms %s` exited with %d (expected %d): %s",
                self.arguments[0],
                status,
                expected,
                err.getvalue().strip(),
                location=self.get_location(),
            )
        text = out.getvalue().rstrip("\n")
        if "stderr" in self.options:
            text = "\n".join(t for t in (text, err.getvalue().rstrip("\n")) if t)
        limit = self.options.get("lines")
        output_lines = text.splitlines()
        if limit and len(output_lines) > limit:
            output_lines = [*output_lines[:limit], "…"]
        shown = "\n".join([f"$ aiterms {self.arguments[0]}", *output_lines])
        block = nodes.literal_block(shown, shown, language="console")
        self.set_source_info(block)
        return [block]


# -------------------------------------------------------------------- warnings


def emitted_subtypes() -> set[str]:
    """``aiterms.<subtype>`` for every ``warn(Subtype.X, …)`` call in the package
    (the warnings module is the only place that logs)."""
    from sphinxcontrib_aiterms.warnings_ import Subtype

    package = Path(sphinxcontrib_aiterms.__file__).parent
    found: set[str] = set()
    for path in sorted(package.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        found.update(f"{WARNING_TYPE}.{Subtype[m].value}" for m in _SUBTYPE_USE.findall(text))
    return found


def check_warnings_documented(app: Sphinx, env: BuildEnvironment) -> None:
    """Every emitted subtype has a ``docs-warning`` entry, and every entry is emitted."""
    std = env.get_domain("std")
    documented = {
        name: docname
        for (objtype, name), (docname, _id) in std.objects.items()  # type: ignore[attr-defined]
        if objtype == "docs-warning"
    }
    if not documented:
        return  # the warnings page is not part of this build
    emitted = emitted_subtypes()
    for name in sorted(emitted - set(documented)):
        logger.warning(
            "warning %s is emitted by the package but not documented "
            "(add a `.. docs-warning:: %s` entry)",
            name,
            name,
            type="aiterms-docs",
        )
    for name in sorted(set(documented) - emitted):
        logger.warning(
            "warning %s is documented but the package never emits it",
            name,
            location=documented[name],
            type="aiterms-docs",
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("docs-config-reference", ConfigReferenceDirective)
    app.add_directive("docs-directive-options", DirectiveOptionsDirective)
    app.add_directive("docs-coverage-reasons", CoverageReasonsDirective)
    app.add_directive("docs-cli-reference", CliReferenceDirective)
    app.add_directive("docs-cli-output", CliOutputDirective)
    app.add_object_type(
        "docs-warning",
        "docs-warning",
        objname="warning type",
        indextemplate="pair: %s; warning",
    )
    if "confval" not in StandardDomain.object_types:  # Sphinx < 7.4
        app.add_object_type(
            "confval",
            "confval",
            objname="configuration value",
            indextemplate="pair: %s; configuration value",
        )
    app.connect("env-check-consistency", check_warnings_documented)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
