"""Auto-linking: glossary terms in ordinary prose become term links.

Two phases, because Sphinx prunes ``only`` content (post-transform priority
50) after it resolves references (10), and because cross-document facts must
be recorded while reading (design notes P5, P13):

1. **Read** (``doctree-read``, after substitutions, SmartQuotes, i18n and the
   metadata collector): every eligible Text node is matched
   (:class:`.linking.Linker`) and each linkable match becomes an
   :class:`aiterm_candidate` node carrying the term key, definition and anchor.
   The document's candidates are recorded in ``domain.data["autolinks"]``
   (docname → {term key: matched forms}), which feeds the glossary page's "used
   on" lists and ``:used-only:`` under ``-j`` as well.
2. **Write** (:class:`AutolinkTransform`, post-transform priority 55: after
   ``only`` pruning and after explicit references are resolved): the density
   rule keeps the first occurrence per page (or section, paragraph, or every
   one; an explicit ``:term-ai:`` counts as an occurrence), drops words the
   project defines in its own ``glossary``, and turns kept candidates into the
   very reference the role makes (class ``aiterm``, plus ``aiterms-auto``).
   Everything else, and terms with no target, become plain text: never a
   warning (P10, P11).

Never matched: literals and code, math, raw, comments, titles and rubrics,
references and ``pending_xref``, targets, toctrees, index entries,
substitution definitions, autodoc signatures (``desc_*``), field names,
``literal_strong``/``literal_emphasis``, definition-list and glossary terms,
the ``ai-glossary`` page itself, and anything inside an element with the
class ``no-autolink`` (the ``no-autolink`` directive and role) or
``no-aiterms``. A page opts out with the metadata field ``aiterms-autolink:
off`` (``ml`` treats it as an ML page for the common-word policy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .config import get_option
from .domain import (
    ATTR_ANCHOR,
    ATTR_DEFINITION,
    ATTR_TERM,
    REF_CLASS,
    current_builder,
    get_domain,
    get_glossary,
)
from .glossary.model import Glossary
from .glossary.names import fold
from .linking import AutolinkSettings, Density, Evidence, Linker, doc_excluded
from .nodewalk import find_nodes
from .render import aiterms_math, aiterms_math_block

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils.nodes import Node, system_message
    from docutils.parsers.rst.states import Inliner
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: Class on every auto-made term reference (besides ``aiterm``).
AUTO_CLASS = "aiterms-auto"
#: Classes that exclude an element's whole subtree.
OPT_OUT_CLASSES = frozenset({"no-autolink", "no-aiterms"})
#: Attribute of a candidate: the folded text it was found as.
ATTR_FORM = "aiterms_form"
#: Attribute of a read document: the page's evidence for common-word names
#: (``(signals, ml_page)``), so reports judge its mentions as the reader did.
ATTR_EVIDENCE = "aiterms_evidence"
#: Page metadata field.
METADATA_FIELD = "aiterms-autolink"
#: Builders whose term links are plain text anyway (see writers.py).
PLAIN_BUILDERS = frozenset({"man", "text", "texinfo"})


class aiterm_candidate(nodes.inline):
    """A possible auto-link (read phase); always replaced by the post-transform.

    A subclass of ``inline`` so any writer could still render it (design notes P6).
    """


# --- what is never matched ------------------------------------------------------------

_SKIP_TYPES: tuple[type, ...] = (
    nodes.Invisible,  # comment, target, substitution_definition, pending
    nodes.literal,
    nodes.literal_block,
    nodes.doctest_block,
    nodes.math,
    nodes.math_block,
    nodes.raw,
    nodes.title,
    nodes.subtitle,
    nodes.rubric,
    nodes.reference,
    nodes.target,
    nodes.substitution_reference,
    nodes.field_name,
    nodes.term,  # definition-list and glossary terms are headings of a kind
    nodes.option_string,
    nodes.label,
    nodes.footnote_reference,
    nodes.citation_reference,
    nodes.abbreviation,
    nodes.docinfo,
    nodes.system_message,
    nodes.problematic,
    nodes.image,
    addnodes.pending_xref,
    addnodes.toctree,
    addnodes.index,
    addnodes.desc_signature,
    addnodes.literal_strong,
    addnodes.literal_emphasis,
    addnodes.manpage,
    addnodes.productionlist,
    aiterms_math,
    aiterms_math_block,
    aiterm_candidate,
)
_SKIP_CLASSES = OPT_OUT_CLASSES | {
    "aiterms-glossary",  # the ai-glossary page: a definition never links to itself
    "guilabel",
    "menuselection",
    "xref",
    "aiterm-unknown",
    "contents",  # a table of contents repeats titles
}


def _skipped(node: nodes.Element) -> bool:
    if isinstance(node, _SKIP_TYPES):
        return True
    name = type(node).__name__
    if name.startswith("desc_") and name != "desc_content":
        return True  # API signature parts (desc_name, desc_parameterlist, …)
    classes = node.get("classes")
    return bool(classes) and not _SKIP_CLASSES.isdisjoint(classes)


def eligible_texts(root: nodes.Element) -> list[nodes.Text]:
    """The Text nodes under ``root`` that may be auto-linked, in document order.

    An explicit stack instead of ``findall`` plus ancestor checks: excluded
    subtrees are never entered.
    """
    out: list[nodes.Text] = []
    stack: list[Iterator[Node]] = [iter(root.children)]
    while stack:
        for child in stack[-1]:
            if isinstance(child, nodes.Text):
                out.append(child)
            elif isinstance(child, nodes.Element) and not _skipped(child):
                stack.append(iter(child.children))
                break
        else:
            stack.pop()
    return out


# --- settings ---------------------------------------------------------------------------


def _folded_set(values: Any) -> frozenset[str]:
    return frozenset(fold(str(v)) for v in values)


def settings_for(env: BuildEnvironment) -> AutolinkSettings:
    config = env.config
    return AutolinkSettings(
        min_length=int(get_option(config, "autolink_min_length")),
        stopwords=_folded_set(get_option(config, "autolink_stopwords")),
        terms=_folded_set(get_option(config, "autolink_terms")),
        exclude_terms=_folded_set(get_option(config, "autolink_exclude_terms")),
        categories=_folded_set(get_option(config, "autolink_categories")),
        exclude_categories=_folded_set(get_option(config, "autolink_exclude_categories")),
        common_words=str(get_option(config, "autolink_common_words")),
    )


def page_mode(env: BuildEnvironment, docname: str) -> str:
    """The page's ``aiterms-autolink`` metadata: "off", "ml" or "" (default)."""
    value = str(env.metadata.get(docname, {}).get(METADATA_FIELD, "")).strip().lower()
    if value in {"off", "no", "false", "0", "none"}:
        return "off"
    if value in {"ml", "all", "always"}:
        return "ml"
    return ""


#: (id(glossary), settings, threshold) → (glossary, linker): built once per
#: process and project (glossaries are immutable; the reference keeps the id valid).
_LINKERS: dict[tuple[int, AutolinkSettings, int], tuple[Glossary, Linker]] = {}


def linker_for(env: BuildEnvironment) -> Linker:
    """The linker for this project's glossary and settings (built once per process)."""
    glossary = get_glossary(env)
    threshold = int(get_option(env.config, "autolink_ml_threshold"))
    key = (id(glossary), settings_for(env), threshold)
    cached = _LINKERS.get(key)
    if cached is None or cached[0] is not glossary:
        if len(_LINKERS) > 4:
            _LINKERS.clear()
        cached = _LINKERS[key] = (glossary, Linker(glossary, key[1], ml_threshold=threshold))
    return cached[1]


def page_evidence(doctree: nodes.document) -> Evidence:
    """The evidence the read phase judged a document's common-word names with."""
    signals, ml_page = doctree.get(ATTR_EVIDENCE, (0, False))
    return Evidence(int(signals), bool(ml_page))


# --- read phase -------------------------------------------------------------------------


def _replace_text(text: nodes.Text, pieces: list[Node]) -> None:
    """Replace ``text`` by ``pieces`` in its parent, found by identity (P2)."""
    parent = text.parent
    for i, child in enumerate(parent.children):
        if child is text:
            parent[i : i + 1] = pieces
            return


def find_candidates(env: BuildEnvironment, doctree: nodes.document, docname: str) -> None:
    """Mark auto-link candidates in a freshly read document and record them."""
    domain = get_domain(env)
    config = env.config
    if not get_option(config, "autolink"):
        return
    mode = page_mode(env, docname)
    if mode == "off" or doc_excluded(docname, get_option(config, "autolink_exclude_docs")):
        return
    linker = linker_for(env)
    if not linker.names:
        return
    glossary = get_glossary(env)
    texts = eligible_texts(doctree)
    evidence, links = linker.link_page([str(t) for t in texts], ml_page=mode == "ml")
    doctree[ATTR_EVIDENCE] = (evidence.signals, evidence.ml_page)
    every = get_option(config, "autolink_density") == "every"
    record: dict[str, set[str]] = {}
    for text, found in zip(texts, links, strict=True):
        if not found:
            continue
        source = str(text)
        pieces: list[Node] = []
        pos = 0
        in_text: set[str] = set()
        for finding in found:
            key = finding.term
            assert key is not None  # only names of one term are linked
            if not every:
                # Only a Text node's first occurrence of a term can be linked
                # (the rest share its scope and its fate under `only`): the
                # others stay text, and reports give them the density reason.
                if key in in_text:
                    continue
                in_text.add(key)
            term = glossary.terms[key]
            if finding.start > pos:
                pieces.append(nodes.Text(source[pos : finding.start]))
            candidate = aiterm_candidate(finding.text, finding.text)
            form = fold(finding.text)
            candidate[ATTR_TERM] = key
            candidate[ATTR_DEFINITION] = term.primary.id
            candidate[ATTR_ANCHOR] = term.anchor
            candidate[ATTR_FORM] = form
            pieces.append(candidate)
            record.setdefault(key, set()).add(form)
            pos = finding.end
        if not pieces:
            continue
        if pos < len(source):
            pieces.append(nodes.Text(source[pos:]))
        _replace_text(text, pieces)
    domain.note_autolinks(docname, {key: tuple(sorted(forms)) for key, forms in record.items()})


def _build_linker(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Build the matcher in the main process before reading, so ``-j`` workers
    inherit it (fork) instead of each building its own."""
    if docnames and get_option(env.config, "autolink"):
        linker_for(env)


def _on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    find_candidates(env, doctree, env.docname)


# --- write phase ------------------------------------------------------------------------


def _scope(node: nodes.Node, density: str) -> int:
    """The id of the element whose first occurrence of a term is linked."""
    if density == "page":
        return 0
    parent = node.parent
    while parent is not None:
        if density == "section" and isinstance(parent, nodes.section):
            return id(parent)
        if (
            density == "paragraph"
            and isinstance(parent, nodes.Element)
            and not isinstance(parent, nodes.Inline)
            and isinstance(parent, nodes.TextElement | nodes.Body)
        ):
            return id(parent)
        parent = parent.parent
    return 0


def _apply_replacements(nodes_in_order: list[Node], replacements: dict[int, Node]) -> None:
    """Put each replaced node's substitute in its place, one pass per parent.

    Replacing nodes one by one costs a scan of the parent's children each time
    (and ``Element.replace`` compares by ``==``, design notes P2): quadratic in a
    long paragraph. Rebuilding each affected parent's child list once is linear.
    """
    parents: dict[int, nodes.Element] = {}
    for node in nodes_in_order:
        if id(node) in replacements and node.parent is not None:
            parents.setdefault(id(node.parent), node.parent)
    for parent in parents.values():
        children = [replacements.get(id(child), child) for child in parent.children]
        parent.children = []
        parent.extend(children)


def _is_candidate_or_ref(node: Node) -> bool:
    return isinstance(node, aiterm_candidate) or (
        isinstance(node, nodes.reference) and REF_CLASS in node["classes"]
    )


class AutolinkTransform(SphinxPostTransform):
    """Apply the density and project-glossary rules; resolve the kept candidates."""

    # After OnlyNodeTransform (50): "first occurrence" must be one that is kept
    # (P5); after ReferencesResolver (10): explicit references count too.
    default_priority = 55

    def run(self, **kwargs: Any) -> None:
        env = self.env
        docname = env.docname
        domain = get_domain(env)
        if domain.skips(docname):
            return
        found = find_nodes(self.document, _is_candidate_or_ref)
        if not any(isinstance(n, aiterm_candidate) for n in found):
            return
        density = str(get_option(env.config, "autolink_density"))
        std = domain.std_terms
        builder = current_builder(env)
        plain = builder.name in PLAIN_BUILDERS
        glossary = get_glossary(env)
        rule = Density(density)
        replacements: dict[int, Node] = {}
        for node in found:
            assert isinstance(node, nodes.Element)
            key = str(node.get(ATTR_TERM, ""))
            if not isinstance(node, aiterm_candidate):
                rule.note(_scope(node, density), key)  # an explicit reference
                continue
            term = glossary.terms.get(key)
            if term is None or (std and not domain.autolink_used((node[ATTR_FORM],), key)):
                replacements[id(node)] = nodes.Text(node.astext())
                continue
            if not rule.admit(_scope(node, density), key).link:
                replacements[id(node)] = nodes.Text(node.astext())
                continue
            if plain:
                replacements[id(node)] = nodes.Text(node.astext())
                continue
            text = node.astext()
            contnode = nodes.inline(text, text)
            try:
                ref = domain.term_reference(
                    builder,
                    docname,
                    term,
                    node[ATTR_DEFINITION],
                    node[ATTR_ANCHOR],
                    key,
                    contnode,
                )
            except NoUri:
                replacements[id(node)] = nodes.Text(node.astext())
                continue
            ref["classes"].append(AUTO_CLASS)
            replacements[id(node)] = ref
        _apply_replacements(found, replacements)


# --- opt-outs -----------------------------------------------------------------------------


class NoAutolinkDirective(SphinxDirective):
    """``.. no-autolink::`` — its content is never auto-linked."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"class": directives.class_option}

    def run(self) -> list[Node]:
        container = nodes.container(classes=["no-autolink", *self.options.get("class", ())])
        self.set_source_info(container)
        self.state.nested_parse(self.content, self.content_offset, container)
        return [container]


def no_autolink_role(  # noqa: PLR0917 (docutils role signature)
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[Node], list[system_message]]:
    """``:no-autolink:`text``` — the text as is, never auto-linked."""
    return [nodes.inline(rawtext, text, classes=["no-autolink"])], []


# --- incremental builds -------------------------------------------------------------------

#: ``domain.data`` key: what the last build's links were decided with.
KEY_SEEN = "autolink_seen"


def _on_env_updated_docs(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Documents to re-write because another document changed what they show:
    a new or removed project ``glossary`` term (auto-links on every page that
    found that word), or a term's "used on" list (glossary pages)."""
    domain = get_domain(env)
    data = domain.data
    old: dict[str, Any] = data.get(KEY_SEEN) or {}
    std = set(domain.std_terms)
    used_on = {
        key: tuple((doc, env.titles[doc].astext() if doc in env.titles else doc) for doc in docs)
        for key, docs in domain.used_on.items()
    }
    data[KEY_SEEN] = {"std": std, "used_on": used_on}
    if not old:
        return []
    out: set[str] = set()
    changed_std = std ^ set(old.get("std", set()))
    if changed_std:
        for doc, record in domain.autolinks.items():
            if any(k in changed_std or set(f) & changed_std for k, f in record.items()):
                out.add(doc)
    old_used: dict[str, Any] = old.get("used_on", {})
    changed_keys = {k for k in set(used_on) | set(old_used) if used_on.get(k) != old_used.get(k)}
    if changed_keys:
        for table in (domain.placements, domain.placements_used_only):
            for doc, keys in table.items():
                if keys & changed_keys:
                    out.add(doc)
    return sorted(out & set(env.all_docs))


def setup_autolink(app: Sphinx) -> None:
    app.add_node(aiterm_candidate)
    # After the metadata collector (doctree-read, default priority 500).
    app.connect("doctree-read", _on_doctree_read, priority=600)
    app.connect("env-before-read-docs", _build_linker)
    app.add_post_transform(AutolinkTransform)
    app.add_directive("no-autolink", NoAutolinkDirective)
    app.add_role("no-autolink", no_autolink_role)
    app.connect("env-get-updated", _on_env_updated_docs)
