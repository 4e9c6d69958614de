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
from sphinx.util.docutils import SphinxDirective

from .config import aiterms_config
from .domain import get_domain
from .glossary.names import fold
from .linking import Block, Density, Evidence, doc_excluded
from .nodes import (
    ATTR_ANCHOR,
    ATTR_DEFINITION,
    ATTR_EVIDENCE,
    ATTR_FORM,
    ATTR_TERM,
    AUTO_CLASS,
    OPT_OUT_CLASSES,
    REF_CLASS,
    UNKNOWN_CLASS,
    aiterm_candidate,
    aiterms_math,
    aiterms_math_block,
    find_nodes,
    replace_all,
)
from .project import current_builder, get_glossary, get_linker

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils.nodes import Node, system_message
    from docutils.parsers.rst.states import Inliner
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Page metadata field.
METADATA_FIELD = "aiterms-autolink"
#: Builders whose term links are plain text anyway (see writers.py).
PLAIN_BUILDERS = frozenset({"man", "text", "texinfo"})


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
    UNKNOWN_CLASS,
    "contents",  # a table of contents repeats titles
}


def is_skipped(node: nodes.Element) -> bool:
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
    subtrees are never entered. Text nodes next to each other are joined into
    one (MyST writes a soft line break as a Text node of its own), so a name
    across a line break is one span in MyST as in reStructuredText.
    """
    runs: list[list[nodes.Text]] = []
    # Per open element: its children, and whether the child before was a Text.
    stack: list[tuple[Iterator[Node], list[bool]]] = [(iter(root.children), [False])]
    while stack:
        children, after_text = stack[-1]
        for child in children:
            if isinstance(child, nodes.Text):
                if after_text[0]:
                    runs[-1].append(child)
                else:
                    runs.append([child])
                after_text[0] = True
                continue
            after_text[0] = False
            if isinstance(child, nodes.Element) and not is_skipped(child):
                stack.append((iter(child.children), [False]))
                break
        else:
            stack.pop()
    return [run[0] if len(run) == 1 else _joined(run) for run in runs]


def _joined(run: list[nodes.Text]) -> nodes.Text:
    """One Text node in place of adjacent ones (in their parent)."""
    parent = run[0].parent
    joined = nodes.Text("".join(map(str, run)))
    parent.replace(run[0], joined)
    for text in run[1:]:
        parent.remove(text)
    return joined


# --- settings ---------------------------------------------------------------------------


def page_mode(env: BuildEnvironment, docname: str) -> str:
    """The page's ``aiterms-autolink`` metadata: "off", "ml" or "" (default)."""
    value = str(env.metadata.get(docname, {}).get(METADATA_FIELD, "")).strip().lower()
    if value in {"off", "no", "false", "0", "none"}:
        return "off"
    if value in {"ml", "all", "always"}:
        return "ml"
    return ""


def page_evidence(doctree: nodes.document) -> Evidence:
    """The page-level facts the read phase judged a document's names with."""
    ml_page, signals = doctree.get(ATTR_EVIDENCE, (False, 0))
    return Evidence(bool(ml_page), int(signals))


# --- read phase -------------------------------------------------------------------------


def _replace_text(text: nodes.Text, pieces: list[Node]) -> None:
    """Replace ``text`` by ``pieces`` in its parent, found by identity (P2)."""
    parent = text.parent
    for i, child in enumerate(parent.children):
        if child is text:
            parent[i : i + 1] = pieces
            return


def block_of(text: nodes.Text) -> nodes.Element:
    """The paragraph-like element a Text node belongs to (its context)."""
    node = text.parent
    while node is not None and not isinstance(node, nodes.TextElement):
        node = node.parent
    return node if node is not None else text.parent


def sections_of(
    node: nodes.Node, memo: dict[int, tuple[str, ...]] | None = None
) -> tuple[str, ...]:
    """The titles of the sections around ``node``, outermost first (``memo``:
    per section, for the many blocks of one page)."""
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    if parent is None:
        return ()
    if memo is not None and id(parent) in memo:
        return memo[id(parent)]
    outer = sections_of(parent, memo)
    first = parent[0] if parent.children else None
    found = (*outer, first.astext()) if isinstance(first, nodes.title) else outer
    if memo is not None:
        memo[id(parent)] = found
    return found


def page_blocks(texts: list[nodes.Text]) -> list[tuple[Block, list[nodes.Text]]]:
    """The eligible ``texts`` of a page grouped into :class:`~.linking.Block` s,
    in document order, each with its Text nodes (one span each, in order)."""
    grouped: dict[int, tuple[nodes.Element, list[nodes.Text]]] = {}
    for text in texts:
        element = block_of(text)
        grouped.setdefault(id(element), (element, []))[1].append(text)
    out = []
    memo: dict[int, tuple[str, ...]] = {}
    for element, members in grouped.values():
        offsets: dict[int, int] = {}
        parts: list[str] = []
        position = 0
        for node in element.findall(nodes.Text):
            offsets[id(node)] = position
            parts.append(str(node))
            position += len(parts[-1])
        spans = tuple((offsets[id(t)], offsets[id(t)] + len(t)) for t in members)
        out.append((Block("".join(parts), spans, sections_of(element, memo)), members))
    return out


def find_candidates(env: BuildEnvironment, doctree: nodes.document, docname: str) -> None:
    """Mark auto-link candidates in a freshly read document and record them."""
    domain = get_domain(env)
    config = aiterms_config(env.config)
    if not config.autolink:
        return
    mode = page_mode(env, docname)
    if mode == "off" or doc_excluded(docname, config.autolink_exclude_docs):
        return
    linker = get_linker(env)
    if not linker.names:
        return
    glossary = get_glossary(env)
    blocks = page_blocks(eligible_texts(doctree))
    evidence, links = linker.link_page([block for block, _t in blocks], ml_page=mode == "ml")
    doctree[ATTR_EVIDENCE] = (evidence.ml_page, evidence.page_signals)
    every = config.autolink_density == "every"
    record: dict[str, set[str]] = {}
    for (block, members), found in zip(blocks, links, strict=True):
        for (start, end), text in zip(block.spans, members, strict=True):
            in_span = [f for f in found if start <= f.start and f.end <= end]
            if not in_span:
                continue
            source = str(text)
            pieces: list[Node] = []
            pos = 0
            in_text: set[str] = set()
            for finding in in_span:
                key = finding.term
                assert key is not None  # only names of one term are linked
                if not every:
                    # Only a Text node's first linkable occurrence of a term can
                    # be linked (the rest share its scope and its fate under
                    # `only`): the others stay text; reports call it density.
                    if key in in_text:
                        continue
                    in_text.add(key)
                term = glossary.terms[key]
                a, b = finding.start - start, finding.end - start
                if a > pos:
                    pieces.append(nodes.Text(source[pos:a]))
                candidate = aiterm_candidate(finding.text, finding.text)
                form = fold(finding.text)
                candidate[ATTR_TERM] = key
                candidate[ATTR_DEFINITION] = term.primary.id
                candidate[ATTR_ANCHOR] = term.anchor
                candidate[ATTR_FORM] = form
                pieces.append(candidate)
                record.setdefault(key, set()).add(form)
                pos = b
            if pos < len(source):
                pieces.append(nodes.Text(source[pos:]))
            _replace_text(text, pieces)
    domain.note_autolinks(docname, {key: tuple(sorted(forms)) for key, forms in record.items()})


def build_linker(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: build the matcher in the main process before
    reading, so ``-j`` workers inherit it (fork) instead of each building its own."""
    if docnames and aiterms_config(env.config).autolink:
        get_linker(env)


def mark_candidates(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (after the metadata collector): see :func:`find_candidates`."""
    env = app.env
    find_candidates(env, doctree, env.docname)


# --- write phase ------------------------------------------------------------------------


def scope_of(node: nodes.Node, density: str) -> int:
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
        density = str(aiterms_config(env.config).autolink_density)
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
                rule.note(scope_of(node, density), key)  # an explicit reference
                continue
            term = glossary.terms.get(key)
            if term is None or (std and not domain.autolink_used((node[ATTR_FORM],), key)):
                replacements[id(node)] = nodes.Text(node.astext())
                continue
            if not rule.admit(scope_of(node, density), key).link:
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
        replace_all(found, replacements)


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
