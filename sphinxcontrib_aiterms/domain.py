"""The ``aiterms`` domain: glossary terms as Sphinx objects, and every build record.

Every glossary term is an object of type ``term``. Where a term *lives* is
decided at resolve time from all recorded placements: the first document whose
``ai-glossary`` directive shows it. That makes the result independent of read
order, ``-j`` and incremental builds. With no directive at all, HTML builders
get a generated page (:data:`~.nodes.GENERATED_PAGE`) and every used term lives
there; other builders render references as plain text.

The domain owns the build's cross-document state. :data:`PER_DOCUMENT` names the
``domain.data`` keys recorded while reading, each a mapping or set keyed by
docname: :meth:`AitermsDomain.clear_doc` and
:meth:`AitermsDomain.merge_domaindata` handle all of them alike (design notes
P1). The other keys are derived in the main process after reading (usage, the
project's own glossary words) or belong to the whole build (the incremental
fingerprints, other projects' terms). Only str/tuple/dict/set values (P4): the
glossary itself is never stored (see :mod:`.project`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, Index, IndexEntry, ObjType
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

from .config import aiterms_config
from .glossary.model import Definition, Glossary, Term
from .glossary.names import fold, singular_forms
from .locale import _
from .nodes import (
    ATTR_ANCHOR,
    ATTR_DEFINITION,
    ATTR_TERM,
    DOMAIN,
    GENERATED_PAGE,
    REF_CLASS,
    aiterm_candidate,
    definition_anchor,
    find_nodes,
)
from .project import current_builder, get_glossary
from .warnings_ import Subtype, warn

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.tags import Tags

#: Version of the pickled data: the domain's ``data_version`` and the extension's
#: ``env_version``. Bump when ``domain.data`` changes shape.
ENV_VERSION = 5

#: ``domain.data`` keys recorded while reading, per document (docname → value, or
#: a set of docnames).
PER_DOCUMENT = (
    "placements",  # docname -> {term key}: terms an ai-glossary directive shows
    "placements_used_only",  # the same for :used-only: directives
    "references",  # docname -> ((term key, definition id, line), ...): explicit
    "autolinks",  # docname -> {term key: (folded text found, ...)}: candidates
    "only_uses",  # docname -> {term key: [(only expr, ...), ...]}: uses only in `only`
    "glossary_docs",  # {docname}: holds an ai-glossary directive
    "dependents",  # {docname}: looked a glossary name up while being read
    "external_users",  # docname -> {project name or "*"}: may link to another project
    "page_in_toctree",  # {docname}: a toctree of it lists the generated page
)

#: The expressions of the nested ``only`` blocks around one use, outermost first.
Condition = tuple[str, ...]


def get_domain(env: BuildEnvironment) -> AitermsDomain:
    return cast("AitermsDomain", env.get_domain(DOMAIN))


def definition_of(glossary: Glossary, term: Term, definition_id: str) -> Definition:
    """A reference's definition: by id among the term's own first (a glossary-wide
    lookup scans every definition), else the term's primary one."""
    found = next((d for d in term.definitions if d.id == definition_id), None)
    return found or glossary.by_definition_id(definition_id) or term.primary


def resolves_each_document(builder: Builder) -> bool:
    """Whether the builder resolves every document's tree on its own, so a
    post-transform sees one document's nodes under its own name. singlehtml,
    LaTeX, texinfo and man resolve trees assembled from many documents; an
    unknown builder is assumed to as well."""
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.builders.singlehtml import SingleFileHTMLBuilder

    if isinstance(builder, StandaloneHTMLBuilder):  # html, dirhtml, epub, json, pickle
        return not isinstance(builder, SingleFileHTMLBuilder)
    return builder.name in {"text", "xml", "pseudoxml", "dummy", "gettext", "linkcheck"}


def kept_by(tags: Tags | None) -> Callable[[Condition], bool]:
    """Whether a builder with ``tags`` keeps a use under a condition: every
    expression true. An expression that does not parse counts as true, as
    Sphinx keeps such a block (with a warning of its own)."""

    def keeps(condition: Condition) -> bool:
        if tags is None:
            return True
        for expr in condition:
            try:
                if not tags.eval_condition(expr):
                    return False
            except Exception:
                continue
        return True

    return keeps


# --- the domain index -----------------------------------------------------------------


def _index_letter(display: str) -> str:
    for char in display:
        if char.isalnum():
            return char.upper() if char.isalpha() else "0–9"
    return "#"


class AitermsIndex(Index):
    """An A–Z index of the terms, with their categories; one sub-entry per
    definition when a term has several."""

    name = "index"
    localname = _("AI term index")
    shortname = _("AI terms")

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        domain = cast("AitermsDomain", self.domain)
        wanted = set(docnames) if docnames is not None else None
        content: dict[str, list[IndexEntry]] = {}
        for term in sorted(domain.glossary, key=lambda t: (t.display.casefold(), t.key)):
            docname = domain.target_docname(term.key)
            if docname is None or (wanted is not None and docname not in wanted):
                continue
            entries = content.setdefault(_index_letter(term.display), [])
            several = len(term.definitions) > 1
            categories = ", ".join(term.categories)
            entries.append(
                IndexEntry(
                    term.display, 1 if several else 0, docname, term.anchor, categories, "", ""
                )
            )
            if several:
                for definition in term.definitions:
                    entries.append(
                        IndexEntry(
                            definition.category or definition.title,
                            2,
                            docname,
                            definition_anchor(definition.id),
                            "",
                            "",
                            "",
                        )
                    )
        return sorted(content.items()), True


# --- the domain -----------------------------------------------------------------------


class AitermsDomain(Domain):
    """Glossary terms: placement, references, resolution, inventory and index;
    and every record a build keeps (see the module docstring)."""

    name = DOMAIN
    label = "AI terms"
    object_types: ClassVar[dict[str, ObjType]] = {
        "term": ObjType(_("AI term"), "term", "term-ai", searchprio=1),
    }
    indices: ClassVar[list[type[Index]]] = [AitermsIndex]
    initial_data: ClassVar[dict[str, Any]] = {
        "placements": {},
        "placements_used_only": {},
        "references": {},
        "autolinks": {},
        "only_uses": {},
        "glossary_docs": set(),
        "dependents": set(),
        "external_users": {},
        "page_in_toctree": set(),
        # derived after reading, every build (main process): term key -> sorted
        # docnames using it, and folded names of the project's std glossary terms
        "used_on": {},
        "std_terms": set(),
        # docname -> its position in reading order (the toctree, depth first)
        "doc_order": {},
        # this build: an HTML builder (the generated page may be written)
        "generated_page": False,
        # incremental.py: what the last build was made with
        "fingerprints": {},
        # html/external.py: other projects' aiterms.json, by location, and the
        # projects whose terms changed in this build
        "external": {},
        "external_changed": set(),
    }
    data_version = ENV_VERSION
    #: target_docname's memo, and the data it was made from; every method
    #: that changes placements, usage or the builder calls :meth:`_forget_targets`.
    _targets_for: dict[str, Any] | None = None
    _targets: dict[str, str | None]
    _used_only: bool = True

    def _forget_targets(self) -> None:
        self._targets_for = None

    # -- per-document records ------------------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        self._forget_targets()
        for key in PER_DOCUMENT:
            table = self.data[key]
            if isinstance(table, set):
                table.discard(docname)
            else:
                table.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self._forget_targets()
        for key in PER_DOCUMENT:
            mine, theirs = self.data[key], otherdata.get(key, ())
            if isinstance(mine, set):
                mine.update(doc for doc in theirs if doc in docnames)
            else:
                mine.update((doc, value) for doc, value in theirs.items() if doc in docnames)

    @property
    def glossary(self) -> Glossary:
        return get_glossary(self.env)

    @property
    def placements(self) -> dict[str, set[str]]:
        return cast("dict[str, set[str]]", self.data["placements"])

    @property
    def placements_used_only(self) -> dict[str, set[str]]:
        return cast("dict[str, set[str]]", self.data["placements_used_only"])

    @property
    def references(self) -> dict[str, tuple[tuple[str, str, int], ...]]:
        """docname → the explicit ``:term-ai:`` references read in it, in order:
        ``(term key, definition id, line)``."""
        return cast("dict[str, tuple[tuple[str, str, int], ...]]", self.data["references"])

    @property
    def autolinks(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """docname → {term key: folded texts it was found as} (auto-link candidates)."""
        return cast("dict[str, dict[str, tuple[str, ...]]]", self.data["autolinks"])

    @property
    def only_uses(self) -> dict[str, dict[str, list[Condition]]]:
        """docname → {term key: conditions}: terms the document uses only inside
        ``only`` blocks."""
        return cast("dict[str, dict[str, list[Condition]]]", self.data["only_uses"])

    @property
    def glossary_docs(self) -> set[str]:
        return cast("set[str]", self.data["glossary_docs"])

    @property
    def dependents(self) -> set[str]:
        """Documents that looked a glossary name up while being read."""
        return cast("set[str]", self.data["dependents"])

    @property
    def external_users(self) -> dict[str, set[str]]:
        """docname → the mapped projects it may link to (``*``: any)."""
        return cast("dict[str, set[str]]", self.data["external_users"])

    def note_placement(self, docname: str, term_key: str, *, used_only: bool = False) -> None:
        """Record that an ``ai-glossary`` directive in ``docname`` shows a term
        (read phase, once per term shown). ``used_only``: the directive shows it
        only if the project uses it."""
        term = self.glossary.resolve(term_key)
        key = term.key if term is not None else fold(term_key)
        table = self.placements_used_only if used_only else self.placements
        table.setdefault(docname, set()).add(key)
        self._forget_targets()
        self.note_dependent(docname)

    def note_glossary_doc(self, docname: str) -> None:
        """Record that ``docname`` holds an ``ai-glossary`` directive."""
        self.glossary_docs.add(docname)

    def note_reference(self, docname: str, term_key: str, definition_id: str, line: int) -> None:
        """Record an explicit reference (for back-links and coverage)."""
        self.references[docname] = (
            *self.references.get(docname, ()),
            (term_key, definition_id, line),
        )
        self.note_dependent(docname)

    def note_dependent(self, docname: str) -> None:
        """Record that ``docname`` depends on the glossary's names: it is re-read
        when they change (see :mod:`.incremental`)."""
        self.dependents.add(docname)

    def note_autolinks(self, docname: str, found: dict[str, tuple[str, ...]]) -> None:
        """Record a document's auto-link candidates (read phase)."""
        if found:
            self.autolinks[docname] = found
        else:
            self.autolinks.pop(docname, None)

    def note_only_uses(self, docname: str, found: dict[str, list[Condition]]) -> None:
        """Record the terms a document uses only inside ``only`` blocks (read phase)."""
        if found:
            self.only_uses[docname] = found
        else:
            self.only_uses.pop(docname, None)

    def note_external_users(self, docname: str, projects: set[str]) -> None:
        """Record the mapped projects a document may link to (read phase)."""
        if projects:
            self.external_users[docname] = projects
        else:
            self.external_users.pop(docname, None)

    def shows_glossary(self, docname: str) -> bool:
        """Whether ``docname`` holds glossary entries (an ``ai-glossary``
        directive, or the generated page)."""
        return docname == GENERATED_PAGE or docname in self.glossary_docs

    def skips(self, docname: str, *, glossary: bool = False) -> bool:
        """Whether a post-transform may skip ``docname`` without walking it: the
        builder resolves documents one by one and the read phase recorded none
        of what the transform looks for (auto-link candidates; with ``glossary``,
        glossary entries)."""
        if not resolves_each_document(current_builder(self.env)):
            return False
        return not self.shows_glossary(docname) if glossary else docname not in self.autolinks

    # -- usage, derived after reading ------------------------------------------------------

    @property
    def used_on(self) -> dict[str, tuple[str, ...]]:
        """Term key → the documents using it (explicit references and auto-links
        that survive the project-glossary rule), sorted; computed after reading."""
        return cast("dict[str, tuple[str, ...]]", self.data["used_on"])

    @property
    def std_terms(self) -> set[str]:
        """Folded names of the project's own Sphinx ``glossary`` terms."""
        return cast("set[str]", self.data["std_terms"])

    def autolink_used(self, forms: Iterable[str], term_key: str) -> bool:
        """Whether candidates found as ``forms`` survive the project-glossary rule."""
        std = self.std_terms
        if not std:
            return True
        if term_key in std:
            return False
        return any(
            form not in std and not any(s in std for s in singular_forms(form)) for form in forms
        )

    def compute_used_on(
        self, keeps: Callable[[Condition], bool] | None = None
    ) -> dict[str, tuple[str, ...]]:
        """Term key → sorted documents using it, from every document's records.
        ``keeps``: whether the current builder keeps an ``only`` condition (a use
        found only inside blocks it drops does not count)."""
        only = self.only_uses
        usage: dict[str, set[str]] = {}

        def use(doc: str, key: str) -> None:
            conditions = only.get(doc, {}).get(key)
            if conditions is None or keeps is None or any(map(keeps, conditions)):
                usage.setdefault(key, set()).add(doc)

        for doc, refs in self.references.items():
            for ref in refs:
                use(doc, ref[0])
        for doc, found in self.autolinks.items():
            for key, forms in found.items():
                if self.autolink_used(forms, key):
                    use(doc, key)
        return {key: tuple(sorted(docs)) for key, docs in sorted(usage.items())}

    def update_usage(self) -> None:
        """Derive the project-wide usage facts from all documents' records (main
        process, after reading and merging): the project's std glossary names and
        the terms used. Write-phase code (also under ``-j``) only reads them."""
        std = self.env.get_domain("std")
        objects: dict[tuple[str, str], Any] = std.data.get("objects", {})
        self.data["std_terms"] = {fold(name) for (objtype, name) in objects if objtype == "term"}
        tags = getattr(current_builder(self.env), "tags", None)
        self.data["used_on"] = self.compute_used_on(kept_by(tags))
        self.data["doc_order"] = toctree_order(self.env)
        self._forget_targets()

    # -- where terms live ------------------------------------------------------------------

    @property
    def generated_page_active(self) -> bool:
        """True when the generated glossary page is written: an HTML builder and
        no ``ai-glossary`` directive anywhere."""
        return (
            bool(self.data["generated_page"])
            and not any(self.placements.values())
            and not any(self.placements_used_only.values())
        )

    def target_docname(self, term_key: str) -> str | None:
        """The document a term's links point to, or None if it has no target.

        A ``:used-only:`` directive (and the generated page, unless
        ``aiterms_used_only = False``) hosts a term only if the project uses it
        (:attr:`used_on`, known once reading is done). Memoised until the data it
        depends on changes (a 40,000-term glossary asks for every term several
        times per build)."""
        if self._targets_for is not self.data:
            self._targets_for, self._targets = self.data, {}
            self._used_only = bool(aiterms_config(self.env.config).used_only)
        if term_key not in self._targets:
            self._targets[term_key] = self._target_docname(term_key)
        return self._targets[term_key]

    def _target_docname(self, term_key: str) -> str | None:
        hosts = [doc for doc, keys in self.placements.items() if term_key in keys]
        if term_key in self.used_on:
            hosts += [doc for doc, keys in self.placements_used_only.items() if term_key in keys]
        if hosts:
            # The first page in the reader's order (the toctree's), not by name.
            order: dict[str, int] = self.data["doc_order"]
            return min(hosts, key=lambda doc: (order.get(doc, len(order)), doc))
        if self.generated_page_active:
            if self._used_only and term_key not in self.used_on:
                return None
            return GENERATED_PAGE
        return None

    # -- resolution --------------------------------------------------------------------

    def _target_of(self, node: nodes.Element, target: str) -> tuple[Term, str, str] | None:
        """(term, definition id, anchor) for a reference, or None if unknown."""
        glossary = self.glossary
        key = node.get(ATTR_TERM)
        if key is not None and key in glossary.terms:
            return glossary.terms[key], node[ATTR_DEFINITION], node[ATTR_ANCHOR]
        found = glossary.lookup(target)
        if found is None:
            return None
        term, definition = found
        anchor = term.anchor if glossary.resolve(target) else definition_anchor(definition.id)
        return term, definition.id, anchor

    def _make_refnode(
        self,
        builder: Builder,
        fromdocname: str,
        node: nodes.Element,
        target: str,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        found = self._target_of(node, target)
        if found is None:
            return None
        return self.term_reference(builder, fromdocname, *found, target, contnode)

    def term_reference(  # noqa: PLR0917 (all required)
        self,
        builder: Builder,
        fromdocname: str,
        term: Term,
        definition_id: str,
        anchor: str,
        target: str,
        contnode: nodes.Element,
    ) -> nodes.reference:
        """The resolved reference for a term (explicit role and auto-links alike):
        class ``aiterm``, attributes ``aiterms_term`` and ``aiterms_definition``.
        Raises :class:`~sphinx.errors.NoUri` when the term has no target."""
        docname = self.target_docname(term.key)
        if docname is None:
            # Not shown anywhere and no generated page (non-HTML): plain text,
            # without Sphinx's dangling or nitpicky warning (design notes P11).
            raise NoUri(target)
        definition = definition_of(self.glossary, term, definition_id)
        refnode = make_refnode(builder, fromdocname, docname, anchor, contnode, definition.concise)
        refnode["classes"].append(REF_CLASS)
        refnode[ATTR_TERM] = term.key
        refnode[ATTR_DEFINITION] = definition.id
        return refnode

    def resolve_xref(  # noqa: PLR0917 (signature fixed by Sphinx)
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        return self._make_refnode(builder, fromdocname, node, target, contnode)

    def resolve_any_xref(  # noqa: PLR0917 (signature fixed by Sphinx)
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        try:
            refnode = self._make_refnode(builder, fromdocname, node, target, contnode)
        except NoUri:
            return []
        return [] if refnode is None else [(f"{DOMAIN}:term", refnode)]

    # -- inventory and search ----------------------------------------------------------

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Every placed term (searchable); its aliases and category-qualified
        names too, for intersphinx only (priority -1)."""
        glossary = self.glossary
        for term in glossary:
            docname = self.target_docname(term.key)
            if docname is None:
                continue
            yield term.key, term.display, "term", docname, term.anchor, 1
            for alias in term.aliases:
                if glossary.names.get(fold(alias)) == term.key and fold(alias) != term.key:
                    yield fold(alias), alias, "term", docname, term.anchor, -1
            if len(term.definitions) > 1:
                seen: set[str] = set()
                for definition in term.definitions:
                    if definition.category is None or fold(definition.category) in seen:
                        continue
                    seen.add(fold(definition.category))
                    yield (
                        f"{term.key} ({fold(definition.category)})",
                        f"{term.display} ({definition.category})",
                        "term",
                        docname,
                        definition_anchor(definition.id),
                        -1,
                    )

    def check_consistency(self) -> None:
        """A toctree that lists the generated page in a project that shows its
        glossary with the ``ai-glossary`` directive (no page is generated)."""
        hosts = sorted({*self.placements, *self.placements_used_only})
        if not hosts:
            return
        for docname in sorted(self.data["page_in_toctree"]):
            warn(
                Subtype.DIRECTIVE,
                "the toctree lists %s, but this project shows its glossary with the "
                "ai-glossary directive (on %s), so no page %s is written: list that page",
                GENERATED_PAGE,
                ", ".join(hosts),
                GENERATED_PAGE,
                location=docname,
            )

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:
        # The search page shows this label: "AI term", not "AI terms AI term".
        return str(type.lname)


# --- events ---------------------------------------------------------------------------


def note_builder(app: Sphinx) -> None:
    """``builder-inited``: whether this build may write the generated page."""
    domain = get_domain(app.env)
    domain.data["generated_page"] = app.builder.format == "html"
    domain._forget_targets()


def _is_term_use(node: nodes.Node) -> bool:
    """An explicit reference to a term, or an auto-link candidate."""
    return (
        isinstance(node, nodes.Element)
        and ATTR_TERM in node.attributes
        and (node.get("refdomain") == DOMAIN or isinstance(node, aiterm_candidate))
    )


def _condition(node: nodes.Node) -> Condition:
    exprs = []
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.only):
            exprs.append(str(parent["expr"]))
        parent = parent.parent
    return tuple(reversed(exprs))


def only_uses(doctree: nodes.document) -> dict[str, list[Condition]]:
    """Term key → the conditions of its uses, for the terms ``doctree`` uses
    only inside ``only`` blocks (explicit references and auto-link candidates).

    "Used on" back-links and ``:used-only:`` glossaries are decided from what
    each document used, recorded while reading (so they work under ``-j``); but
    the read phase cannot know the builder's verdict on ``.. only:: latex``
    (Sphinx prunes those blocks at post-transform priority 50, design notes P5).
    So the conditions are recorded, and the builder's tags decide after reading.
    """
    if not find_nodes(doctree, addnodes.only):
        return {}  # most documents: nothing conditional
    conditional: dict[str, set[Condition]] = {}
    plain: set[str] = set()
    for node in find_nodes(doctree, _is_term_use):
        assert isinstance(node, nodes.Element)
        key = str(node[ATTR_TERM])
        condition = _condition(node)
        if condition:
            conditional.setdefault(key, set()).add(condition)
        else:
            plain.add(key)
    return {k: sorted(v) for k, v in sorted(conditional.items()) if k not in plain}


def toctree_order(env: BuildEnvironment) -> dict[str, int]:
    """Each document's position in reading order: the root document, then its
    toctrees depth first (as the navigation and the "next" links go); documents
    in no toctree after them, by name. The same under ``-j`` (it reads only the
    merged toctrees)."""
    order: dict[str, int] = {}
    includes = env.toctree_includes
    stack = [env.config.root_doc]
    while stack:
        doc = stack.pop()
        if doc in order or doc not in env.all_docs:
            continue
        order[doc] = len(order)
        stack.extend(reversed(includes.get(doc, ())))
    for doc in sorted(env.all_docs):
        order.setdefault(doc, len(order))
    return order


def record_only_uses(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (after auto-linking has marked its candidates); also
    notes a toctree that lists the generated page."""
    domain = get_domain(app.env)
    docname = app.env.docname
    # The toctree directive noted its entries as it ran: walk only if one is ours.
    listed = GENERATED_PAGE in app.env.toctree_includes.get(docname, ())
    for toctree in doctree.findall(addnodes.toctree) if listed else ():
        if GENERATED_PAGE in toctree["includefiles"]:
            # An entry like genindex's (rendered from the toctree's entries); no
            # document to include (singlehtml would look for its doctree).
            toctree["includefiles"].remove(GENERATED_PAGE)
            domain.data["page_in_toctree"].add(docname)
    # Most documents use no term: nothing to look for (and no walk to pay).
    uses = docname in domain.references or docname in domain.autolinks
    domain.note_only_uses(docname, only_uses(doctree) if uses else {})


def _is_ours(entry: tuple[Any, ...]) -> bool:
    return len(entry) >= 3 and isinstance(entry[2], str) and entry[2].startswith("aiterm-")


def update_general_index(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: derive usage, then put every placed term (and its
    aliases, as "see" entries) in the general index, at its target. Runs after
    all reading and merging, every build, so the entries follow the placement
    rule; earlier ones are replaced, not added to."""
    domain = get_domain(env)
    domain.update_usage()
    index_domain = env.get_domain("index")
    entries: dict[str, list[tuple[Any, ...]]] = index_domain.data.setdefault("entries", {})
    for docname in list(entries):
        entries[docname] = [e for e in entries[docname] if not _is_ours(e)]
        if not entries[docname] and docname not in env.all_docs:
            del entries[docname]
    for term in domain.glossary:
        target = domain.target_docname(term.key)
        if target is None:
            continue
        doc_entries = entries.setdefault(target, [])
        doc_entries.append(("single", term.display, term.anchor, "main", None))
        for alias in term.aliases:
            if fold(alias) != term.key:
                doc_entries.append(("see", f"{alias}; {term.display}", term.anchor, "", None))
    return []
