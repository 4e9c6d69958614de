"""The glossary coverage report: which terms a project uses, where, and why
other mentions of glossary names were not linked.

Everything is derived in the main process from the read-phase doctrees and the
environment, never from state gathered while writing, so the report is the
same with ``-j`` and after incremental builds (design notes P1, P13). The
doctrees still hold what auto-linking found while reading
(:class:`~.autolink.aiterm_candidate` nodes), the explicit ``:term-ai:``
references (``pending_xref``), and unknown targets (class ``aiterm-unknown``).

For every document, in document order, the scanner:

* prunes ``only`` content as the HTML builder would (the HTML output is what
  readers see);
* replays the auto-link post-transform's decisions: the density rule (an
  explicit reference counts as an occurrence), the project-glossary rule, and
  terms with no target, using the same helpers as :mod:`.autolink`;
* finds every glossary name (keys, aliases, ambiguous aliases, plurals, any
  case) in all remaining text, and gives each mention that is not a link one
  reason (:data:`REASONS`): the markup it is in, as the auto-linker's own skip
  test (:func:`.autolink.eligible_texts`) decides; then the page (opt-out,
  excluded document); then the name (the filters of
  :mod:`.linking.names`); then what the linker finds in that
  very text (case, common-word policy).

The report is a plain value (:class:`Report`) rendered as JSON
(:func:`report_json`, schema :data:`SCHEMA_VERSION`) or text
(:func:`report_text`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from ..autolink import block_of, is_skipped, page_evidence, page_mode, scope_of, sections_of
from ..config import aiterms_config
from ..domain import AitermsDomain, get_domain, kept_by
from ..glossary.names import fold
from ..linking import Block, Density, Evidence, Finding, Linker, Reason, Verdict, doc_excluded
from ..linking.decision import DESCRIPTIONS
from ..nodes import (
    ATTR_FORM,
    ATTR_TERM,
    DOMAIN,
    GLOSSARY_CLASS,
    OPT_OUT_CLASSES,
    UNKNOWN_CLASS,
    aiterm_candidate,
    aiterms_math,
    aiterms_math_block,
)
from ..project import get_glossary, get_linker
from ..roles import close_matches

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment
    from sphinx.util.tags import Tags

    from ..glossary.model import Term

#: Version of the JSON document; bumped when a field changes meaning or goes away
#: (new fields may be added within a version).
SCHEMA_VERSION = 1
SCHEMA_NAME = "sphinxcontrib-aiterms/coverage"

#: Why a mention of a glossary name is not a link, in the order reports list them.
REASONS: dict[str, str] = {
    str(reason): text for reason, text in DESCRIPTIONS.items() if reason is not Reason.LINK
}

#: Tags ``only`` directives are evaluated with (besides the builder's own and ``-t``).
HTML_TAGS = ("html", "format_html", "builder_html")


# --- the report ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """Where something is: a document, the source file (relative to the source
    directory; an included file for included text) and a 1-based line (0 if unknown)."""

    doc: str
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def as_json(self) -> dict[str, Any]:
        return {"doc": self.doc, "path": self.path, "line": self.line}


@dataclass(frozen=True, slots=True)
class Use:
    """A term link: explicit (``:term-ai:``) or made by auto-linking."""

    term: str
    where: Location
    text: str
    explicit: bool


@dataclass(frozen=True, slots=True)
class Unlinked:
    """A mention of a glossary name that is not a link, with its reason."""

    #: The term key, or None for an ambiguous alias.
    term: str | None
    where: Location
    text: str
    reason: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Undefined:
    """A ``:term-ai:`` reference whose target is no glossary name."""

    target: str
    where: Location
    text: str
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UnusedTerm:
    """A term from the project's glossary files that no page links to."""

    term: str
    display: str
    source: str
    mentions: int


@dataclass
class Report:
    documents: list[str] = field(default_factory=list)
    uses: list[Use] = field(default_factory=list)
    unlinked: list[Unlinked] = field(default_factory=list)
    undefined: list[Undefined] = field(default_factory=list)
    unused: list[UnusedTerm] = field(default_factory=list)
    #: Term key → display name, for every term mentioned in the report.
    displays: dict[str, str] = field(default_factory=dict)


# --- scanning one document -----------------------------------------------------------------

#: Never reported, never entered: not prose (or the glossary itself).
_SILENT_TYPES: tuple[type, ...] = (
    nodes.comment,
    nodes.substitution_definition,
    nodes.raw,
    nodes.system_message,
    nodes.problematic,
    nodes.pending,
)
_SILENT_CLASSES = frozenset({GLOSSARY_CLASS})

_CODE_TYPES: tuple[type, ...] = (
    nodes.literal,
    nodes.literal_block,
    nodes.doctest_block,
    nodes.option_string,
    addnodes.literal_strong,
    addnodes.literal_emphasis,
    addnodes.desc_signature,
    addnodes.manpage,
    addnodes.productionlist,
)
_MATH_TYPES: tuple[type, ...] = (nodes.math, nodes.math_block, aiterms_math, aiterms_math_block)
_HEADING_TYPES: tuple[type, ...] = (nodes.title, nodes.subtitle, nodes.rubric, nodes.term)
_LINK_TYPES: tuple[type, ...] = (
    nodes.reference,
    nodes.target,
    nodes.footnote_reference,
    nodes.citation_reference,
    nodes.substitution_reference,
    addnodes.pending_xref,
)


def structural_reason(node: nodes.Element) -> str:
    """The report reason for an element the auto-linker never enters."""
    classes: set[str] = set(node.get("classes", ()))
    if classes & OPT_OUT_CLASSES:
        return "opted-out-block"
    if isinstance(node, _CODE_TYPES) or type(node).__name__.startswith("desc_"):
        return "code"
    if isinstance(node, _MATH_TYPES):
        return "math"
    if isinstance(node, nodes.term) and _in_std_glossary(node):
        return "project-glossary"
    if isinstance(node, _HEADING_TYPES):
        return "heading"
    if isinstance(node, _LINK_TYPES) or "xref" in classes:
        return "link"
    return "markup"


def _in_std_glossary(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.glossary):
            return True
        parent = parent.parent
    return False


def _undefined_target(rawsource: str, text: str) -> str:
    """The target of an unknown ``:term-ai:`` from the role's raw text (the
    contnode keeps it): ``title <target>`` or just the target."""
    start, end = rawsource.find("`"), rawsource.rfind("`")
    inner = rawsource[start + 1 : end] if 0 <= start < end else text
    inner = inner.strip()
    if inner.endswith(">") and "<" in inner:
        inner = inner[inner.rfind("<") + 1 : -1]
    return " ".join(inner.lstrip("~").split())


def _flat(text: str) -> str:
    """Text as reported: whitespace runs (source line breaks) as one space."""
    return " ".join(text.split())


@dataclass
class _Frame:
    path: str
    line: int


class ProjectContext:
    """What every document's scan shares: glossary, settings, names, targets."""

    def __init__(self, env: BuildEnvironment, tags: Tags) -> None:
        self.env = env
        self.glossary = get_glossary(env)
        self.linker: Linker = get_linker(env)
        self.domain: AitermsDomain = get_domain(env)
        self.density = str(aiterms_config(env.config).autolink_density)
        self._keeps = kept_by(tags)
        self._srcdir = Path(env.srcdir).resolve()
        self._paths: dict[str, str] = {}
        domain = self.domain
        self._any_directive = any(domain.placements.values()) or any(
            domain.placements_used_only.values()
        )
        self._used_only = bool(aiterms_config(env.config).used_only)

    def has_target(self, key: str) -> bool:
        """Whether HTML links to the term resolve (else the post-transforms
        render them as text). With no ``ai-glossary`` directive anywhere, HTML
        builds host every (used) term on the generated page."""
        if self.domain.target_docname(key) is not None:
            return True
        if self._any_directive:
            return False
        return not self._used_only or key in self.domain.used_on

    def relpath(self, source: str | None, docname: str) -> str:
        """A node's source file relative to the source directory (cached: every
        block element asks)."""
        if not source:
            return Path(self.env.doc2path(docname, False)).as_posix()
        found = self._paths.get(source)
        if found is None:
            # Relative even outside the source folder (an included ../CHANGELOG.md):
            # the report must not depend on where the project is checked out.
            found = Path(os.path.relpath(Path(source).resolve(), self._srcdir)).as_posix()
            self._paths[source] = found
        return found

    def is_rst(self, path: str) -> bool:
        """Whether a source file is reStructuredText (docutils gives section
        titles the line of their underline; MyST the heading's own)."""
        suffixes: Any = self.env.config.source_suffix
        if not isinstance(suffixes, dict):
            return True
        filetype = next((t for s, t in suffixes.items() if path.endswith(s)), None)
        return filetype in {None, "restructuredtext"}

    def keep_only(self, node: addnodes.only) -> bool:
        return self._keeps((str(node["expr"]),))


class DocumentScan:
    """One document's uses, unlinked mentions and undefined references."""

    def __init__(self, ctx: ProjectContext, docname: str, doctree: nodes.document) -> None:
        self.ctx = ctx
        self.docname = docname
        self.uses: list[Use] = []
        self.unlinked: list[Unlinked] = []
        self.undefined: list[Undefined] = []
        self._density = Density(ctx.density)
        self._blocks: dict[int, tuple[str, dict[int, int], tuple[str, ...]]] = {}
        self._evidence: Evidence = page_evidence(doctree)
        self._frames = [_Frame(ctx.relpath(doctree.get("source"), docname), 0)]
        self._page_reason = self._page()
        self._std = ctx.domain.std_terms
        self._rst = ctx.is_rst(self._frames[0].path)
        self._visit(doctree, None)

    # -- page-level reasons ------------------------------------------------------------------

    def _page(self) -> tuple[str, str] | None:
        env, config = self.ctx.env, self.ctx.env.config
        if not aiterms_config(config).autolink:
            return "autolink-off", ""
        if page_mode(env, self.docname) == "off":
            return "opted-out-page", ""
        patterns = list(aiterms_config(config).autolink_exclude_docs)
        if doc_excluded(self.docname, patterns):
            hit = next(p for p in patterns if doc_excluded(self.docname, [p]))
            return "excluded-document", hit
        return None

    # -- locations ---------------------------------------------------------------------------

    def _where(self, extra_lines: int = 0) -> Location:
        frame = self._frames[-1]
        line = frame.line + extra_lines if frame.line else 0
        return Location(self.docname, frame.path, line)

    def _advance(self, text: str) -> None:
        self._frames[-1].line += text.count("\n") if self._frames[-1].line else 0

    def _enter(self, node: nodes.Element) -> bool:
        """Start counting lines at a block element that knows its line."""
        line = node.line
        if isinstance(node, nodes.Inline) or not isinstance(line, int) or line <= 0:
            return False
        if isinstance(node, nodes.title) and isinstance(node.parent, nodes.section) and self._rst:
            line -= 1  # docutils gives the underline's line for section titles
        elif isinstance(node, nodes.term) and _in_std_glossary(node):
            line += 1  # Sphinx's glossary gives 0-based content offsets
        path = self.ctx.relpath(node.source, self.docname) if node.source else self._frames[-1].path
        self._frames.append(_Frame(path, line))
        return True

    # -- the walk ----------------------------------------------------------------------------

    def _visit(self, parent: nodes.Element, reason: str | None) -> None:
        for child in parent.children:
            if isinstance(child, nodes.Text):
                self._text(child, reason)
                continue
            if not isinstance(child, nodes.Element):
                continue
            if isinstance(child, addnodes.only) and not self.ctx.keep_only(child):
                # Not in the HTML output, but an unknown target is broken for
                # the builders that keep it: still reported.
                pushed = self._enter(child)
                for node in child.findall(nodes.Element):
                    if UNKNOWN_CLASS in node["classes"]:
                        self._unknown(node)
                if pushed:
                    self._frames.pop()
                self._advance(child.astext())
                continue
            classes = child.get("classes", ())
            if isinstance(child, _SILENT_TYPES) or not _SILENT_CLASSES.isdisjoint(classes):
                self._advance(child.astext())
                continue
            if isinstance(child, aiterm_candidate):
                self._candidate(child)
                continue
            if (
                isinstance(child, addnodes.pending_xref)
                and child.get("refdomain") == DOMAIN
                and child.get(ATTR_TERM)
            ):
                self._explicit(child)
                continue
            if UNKNOWN_CLASS in classes:
                self._unknown(child)
                continue
            inner = reason
            if inner is None and is_skipped(child):
                inner = structural_reason(child)
            pushed = self._enter(child)
            self._visit(child, inner)
            if pushed:
                self._frames.pop()

    def _block(self, text: nodes.Text) -> Block:
        """``text`` as the linker saw it: its paragraph's whole text as context,
        this node's span (candidates keep their text, so the context is the
        same as while reading)."""
        element = block_of(text)
        cached = self._blocks.get(id(element))
        if cached is None:
            offsets: dict[int, int] = {}
            parts: list[str] = []
            position = 0
            for node in element.findall(nodes.Text):
                offsets[id(node)] = position
                parts.append(str(node))
                position += len(parts[-1])
            cached = self._blocks[id(element)] = ("".join(parts), offsets, sections_of(element))
        full, offsets, sections = cached
        start = offsets[id(text)]
        return Block(full, ((start, start + len(text)),), sections)

    def _text(self, text: nodes.Text, reason: str | None) -> None:
        source = str(text)
        block = self._block(text)
        offset = block.spans[0][0]
        for found in self.ctx.linker.findings(block, self._evidence):
            finding = replace(found, start=found.start - offset, end=found.end - offset)
            where = self._where(source.count("\n", 0, finding.start))
            if reason is not None:
                why, detail = reason, ""
            elif self._page_reason is not None:
                why, detail = self._page_reason
            elif finding.verdict.link:
                # A linkable name the reader left as text: not its Text node's
                # first occurrence of the term (see autolink.find_candidates).
                self._linkable(finding, text, where)
                continue
            else:
                why, detail = str(finding.verdict.reason), finding.verdict.detail
            self.unlinked.append(Unlinked(finding.term, where, _flat(finding.text), why, detail))
        self._advance(source)

    def _linkable(self, finding: Finding, node: nodes.Node, where: Location) -> None:
        """Replay the write phase for a linkable mention in plain text."""
        key = finding.term
        assert key is not None
        text = _flat(finding.text)
        verdict = self._write_phase(key, fold(finding.text), node, where)
        if verdict.link:  # pragma: no cover - the reader made a candidate of it
            self.uses.append(Use(key, where, text, explicit=False))
        else:
            self.unlinked.append(Unlinked(key, where, text, verdict.reason, verdict.detail))

    def _write_phase(self, key: str, form: str, node: nodes.Node, where: Location) -> Verdict:
        """:class:`.autolink.AutolinkTransform`'s rules, in its order."""
        ctx = self.ctx
        if self._std and not ctx.domain.autolink_used((form,), key):
            return Verdict(Reason.PROJECT_GLOSSARY)
        verdict = self._density.admit(scope_of(node, ctx.density), key, str(where))
        if not verdict.link:
            return verdict
        if not ctx.has_target(key):
            return Verdict(Reason.NO_TARGET)
        return verdict

    # -- links -------------------------------------------------------------------------------

    def _candidate(self, node: aiterm_candidate) -> None:
        """Replay :class:`.autolink.AutolinkTransform` for one candidate."""
        key = str(node.get(ATTR_TERM, ""))
        text = node.astext()
        where = self._where()
        self._advance(text)
        text = _flat(text)
        if key not in self.ctx.glossary.terms:
            self.unlinked.append(Unlinked(None, where, text, "other", "no longer in the glossary"))
            return
        verdict = self._write_phase(key, str(node[ATTR_FORM]), node, where)
        if verdict.link:
            self.uses.append(Use(key, where, text, explicit=False))
        else:
            self.unlinked.append(Unlinked(key, where, text, verdict.reason, verdict.detail))

    def _explicit(self, node: addnodes.pending_xref) -> None:
        key = str(node[ATTR_TERM])
        text = node.astext()
        where = self._where()
        self._advance(text)
        text = _flat(text)
        self.uses.append(Use(key, where, text, explicit=True))
        if self.ctx.has_target(key):
            self._density.note(scope_of(node, self.ctx.density), key, str(where))
        else:
            detail = "written with :term-ai:"
            self.unlinked.append(Unlinked(key, where, text, "no-target", detail))

    def _unknown(self, node: nodes.Element) -> None:
        text = node.astext()
        where = self._where()
        self._advance(text)
        text = _flat(text)
        target = _undefined_target(str(node.rawsource), text)
        suggestions = tuple(close_matches(self.ctx.glossary, target))
        self.undefined.append(Undefined(target, where, text, suggestions))


# --- the whole project -----------------------------------------------------------------


def _user_source(term: Term) -> str | None:
    """The first source of a term's definitions from the project's own files
    (not from a pack)."""
    for definition in term.definitions:
        if not definition.pack and definition.sources:
            return str(definition.sources[0])
    return None


def build_report(
    env: BuildEnvironment,
    docnames: Iterable[str],
    tags: Tags,
    load: Callable[[str], nodes.document],
) -> Report:
    """Scan ``docnames`` (in the order given; a progress iterator is fine)."""
    ctx = ProjectContext(env, tags)
    report = Report()
    for docname in docnames:
        scan = DocumentScan(ctx, docname, load(docname))
        report.documents.append(docname)
        report.uses += scan.uses
        report.unlinked += scan.unlinked
        report.undefined += scan.undefined
    glossary = ctx.glossary
    used = {use.term for use in report.uses}
    mentions: dict[str, int] = {}
    for item in report.unlinked:
        if item.term is not None:
            mentions[item.term] = mentions.get(item.term, 0) + 1
    for term in glossary:
        source = _user_source(term)
        if source is not None and term.key not in used:
            report.unused.append(
                UnusedTerm(term.key, term.display, source, mentions.get(term.key, 0))
            )
    keys = used | set(mentions) | {u.term for u in report.unused}
    report.displays = {k: glossary.terms[k].display for k in sorted(keys) if k in glossary.terms}
    return report


# --- rendering -------------------------------------------------------------------------


def _reason_counts(report: Report) -> dict[str, int]:
    counts = dict.fromkeys(REASONS, 0)
    for item in report.unlinked:
        counts[item.reason] = counts.get(item.reason, 0) + 1
    return {reason: n for reason, n in counts.items() if n}


def summary(report: Report) -> dict[str, Any]:
    return {
        "documents": len(report.documents),
        "terms_used": len({u.term for u in report.uses}),
        "explicit_references": sum(1 for u in report.uses if u.explicit),
        "auto_links": sum(1 for u in report.uses if not u.explicit),
        "unlinked_mentions": len(report.unlinked),
        "undefined_references": len(report.undefined),
        "unused_user_terms": len(report.unused),
        "unlinked_by_reason": _reason_counts(report),
    }


def report_json(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data: deterministic (documents sorted, document
    order within each, terms sorted by key), no absolute paths, no times."""
    by_term: dict[str, dict[str, Any]] = {}
    for use in report.uses:
        entry = by_term.setdefault(
            use.term,
            {
                "term": use.term,
                "display": report.displays.get(use.term, use.term),
                "documents": [],
                "explicit": [],
                "auto": [],
            },
        )
        place = {**use.where.as_json(), "text": use.text}
        entry["explicit" if use.explicit else "auto"].append(place)
        if use.where.doc not in entry["documents"]:
            entry["documents"].append(use.where.doc)
    for entry in by_term.values():
        entry["documents"].sort()
    return {
        "schema": SCHEMA_NAME,
        "version": SCHEMA_VERSION,
        "summary": summary(report),
        "used": [by_term[key] for key in sorted(by_term)],
        "unlinked": [
            {
                **item.where.as_json(),
                "term": item.term,
                "text": item.text,
                "reason": item.reason,
                "detail": item.detail,
            }
            for item in report.unlinked
        ],
        "undefined": [
            {
                **item.where.as_json(),
                "target": item.target,
                "text": item.text,
                "suggestions": list(item.suggestions),
            }
            for item in report.undefined
        ],
        "unused_user_terms": [
            {
                "term": item.term,
                "display": item.display,
                "source": item.source,
                "mentions": item.mentions,
            }
            for item in report.unused
        ],
        "reasons": dict(REASONS),
    }


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def summary_line(report: Report) -> str:
    data = summary(report)
    return (
        f"{_plural(data['documents'], 'document')}: "
        f"{_plural(data['terms_used'], 'term')} used "
        f"({_plural(data['explicit_references'], 'explicit reference')}, "
        f"{_plural(data['auto_links'], 'auto-link')}); "
        f"{_plural(data['unlinked_mentions'], 'mention')} not linked; "
        f"{_plural(data['undefined_references'], 'undefined reference')}; "
        f"{_plural(data['unused_user_terms'], 'unused user-glossary term')}"
    )


def _heading(text: str) -> list[str]:
    return ["", text, "-" * len(text)]


def report_text(report: Report) -> str:
    """The human-readable report: ``path:line`` locations (editors jump to them)."""
    title = "AI glossary coverage"
    lines = [title, "=" * len(title), "", summary_line(report)]
    if report.undefined:
        lines += _heading(f"Undefined references ({len(report.undefined)})")
        for item in report.undefined:
            hint = f" (did you mean: {', '.join(item.suggestions)}?)" if item.suggestions else ""
            lines.append(f"{item.where}: {item.target!r}{hint}")
    used: dict[str, list[Use]] = {}
    for use in report.uses:
        used.setdefault(use.term, []).append(use)
    lines += _heading(f"Terms used ({len(used)})")
    for key in sorted(used):
        uses = used[key]
        docs = len({u.where.doc for u in uses})
        lines.append(f"{report.displays.get(key, key)} ({_plural(docs, 'document')})")
        for explicit, label in ((True, "explicit"), (False, "auto")):
            places = [str(u.where) for u in uses if u.explicit is explicit]
            if places:
                lines.append(f"    {label + ':':<9} {', '.join(places)}")
    counts = _reason_counts(report)
    lines += _heading(f"Mentions not linked ({len(report.unlinked)})")
    for reason, count in counts.items():
        lines.append(f"{reason}: {REASONS.get(reason, reason)} ({count})")
        for mention in report.unlinked:
            if mention.reason != reason:
                continue
            detail = f"  [{mention.detail}]" if mention.detail else ""
            lines.append(f"    {mention.where}: {mention.text!r}{detail}")
    lines += _heading(f"Unused user-glossary terms ({len(report.unused)})")
    for unused in report.unused:
        mentioned = f", {_plural(unused.mentions, 'unlinked mention')}" if unused.mentions else ""
        lines.append(f"{unused.display} ({unused.source}{mentioned})")
    return "\n".join(lines) + "\n"
