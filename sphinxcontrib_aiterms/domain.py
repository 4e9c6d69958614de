"""The ``aiterms`` domain: glossary terms as Sphinx objects.

Every glossary term is an object of type ``term``. Where a term *lives* is
decided at resolve time from all recorded placements: the first document, in
sorted docname order, whose ``ai-glossary`` directive shows it. That makes the
result independent of read order, ``-j`` and incremental builds. With no
directive at all, HTML builders get a generated page (:data:`GENERATED_PAGE`,
see :mod:`.zeroconf`) and every term lives there; other builders render
references as plain text.

Cross-document state lives in ``domain.data`` as str/tuple/dict/set keyed by
docname (design notes P1, P4): the glossary itself is never stored on the
environment; :func:`get_glossary` loads it once per process and caches it.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.domains import Domain, Index, IndexEntry, ObjType
from sphinx.errors import NoUri
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from . import diskcache
from .config import get_option
from .diskcache import cache_dir
from .glossary.bundled import SOURCE_PREFIX
from .glossary.bundled import content_key as bundled_content_key
from .glossary.loader import load_glossary
from .glossary.model import Definition, Glossary, Term
from .glossary.names import fold
from .locale import _

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

DOMAIN = "aiterms"
#: The generated glossary page used when no ``ai-glossary`` directive exists.
GENERATED_PAGE = "aiterms-glossary"
#: Key in ``domain.data`` (kept by :mod:`.incremental`): documents holding an
#: ``ai-glossary`` directive.
KEY_GLOSSARY_DOCS = "glossary_docs"
#: Prefix of a definition block's id on the glossary page.
DEFINITION_ID_PREFIX = "aiterm-def-"
#: Node attributes set on pending and resolved references (for hover cards etc.).
ATTR_TERM = "aiterms_term"
ATTR_DEFINITION = "aiterms_definition"
ATTR_ANCHOR = "aiterms_anchor"
#: Class on every resolved term reference.
REF_CLASS = "aiterm"


def definition_anchor(definition_id: str) -> str:
    """The HTML id of a definition block on the glossary page."""
    return DEFINITION_ID_PREFIX + definition_id


# --- the glossary, cached per process -------------------------------------------------


#: One build's glossaries (cleared on ``builder-inited``); the loader itself caches
#: on file contents, this only saves re-reading the files for every reference.
_BUILD_MEMO: dict[tuple[tuple[Path, ...], bool, Path], tuple[Glossary, str]] = {}


#: Content hash → glossary: one object per content in a process (matchers and
#: fingerprints are cached by glossary identity).
_DISK_MEMO: dict[str, Glossary] = {}
#: Cached parses of user glossaries kept on disk (every edit makes a new one;
#: a 40,000-term glossary's is ≈ 40 MB).
KEEP_USER_GLOSSARIES = 8


def _content_key(files: tuple[Path, ...], bundled: bool, base_dir: Path) -> str | None:
    """A hash of everything a load depends on, or None if a file is unreadable
    (then the loader reports the problem; nothing is cached)."""
    digest = hashlib.sha256(f"{sys.version}\0{bundled}\0{base_dir}".encode())
    if bundled:  # the merged parse holds the bundled terms: a new seed page is a new key
        digest.update(bundled_content_key().encode())
    sources = Path(__file__).parent / "glossary"
    try:
        for path in sorted(sources.glob("*.py")):
            digest.update(path.read_bytes())
        for file in files:
            digest.update(f"\0{file}\0".encode())
            digest.update((base_dir / file).read_bytes())
    except OSError:
        return None
    return digest.hexdigest()[:32]


def load_cached_glossary(files: tuple[Path, ...], bundled: bool, base_dir: Path) -> Glossary:
    """:func:`load_glossary`, with user files' parse cached on disk next to the
    bundled glossary's (``$SPHINXCONTRIB_AITERMS_CACHE``; ``off`` disables it).

    Parsing a 40,000-term YAML file takes ~30 s, and every ``sphinx-build``
    process would pay it again; unpickling the result takes ~1 s.
    """
    folder = cache_dir()
    key = _content_key(files, bundled, base_dir) if files else None
    if key is None or folder is None:
        return load_glossary(files, bundled=bundled, base_dir=base_dir)
    if key in _DISK_MEMO:
        return _DISK_MEMO[key]
    path = folder / f"user-{key}.pickle"
    glossary = diskcache.load(path, Glossary)
    if glossary is None:
        glossary = load_glossary(files, bundled=bundled, base_dir=base_dir)
        diskcache.store(path, glossary, keep=KEEP_USER_GLOSSARIES)
    if len(_DISK_MEMO) > 4:
        _DISK_MEMO.clear()
    _DISK_MEMO[key] = glossary
    return glossary


def glossary_content_key(glossary: Glossary) -> str | None:
    """The content hash a glossary was loaded under (user files only), for
    caches derived from it (the auto-link matcher)."""
    for key, cached in _DISK_MEMO.items():
        if cached is glossary:
            return key
    return None


def _load(files: tuple[Path, ...], bundled: bool, base_dir: Path) -> tuple[Glossary, str]:
    """The glossary and a load error ("" if none)."""
    try:
        return load_cached_glossary(files, bundled, base_dir), ""
    except Exception as exc:  # a broken glossary file must not crash the build
        fallback = load_glossary() if bundled else Glossary(terms={}, names={})
        return fallback, f"{type(exc).__name__}: {exc}"


def user_glossary_files(env: BuildEnvironment) -> tuple[Path, ...]:
    """The project's glossary files (``aiterms_glossaries``), as absolute paths."""
    base = _confdir(env)
    return tuple(base / name for name in get_option(env.config, "glossaries"))


def _confdir(env: BuildEnvironment) -> Path:
    confdir: str = get_domain(env).data.get("confdir", "")
    return Path(confdir) if confdir else Path(env.srcdir)


def _load_for(env: BuildEnvironment) -> tuple[Glossary, str]:
    key = (
        user_glossary_files(env),
        bool(get_option(env.config, "bundled")),
        _confdir(env),
    )
    if key not in _BUILD_MEMO:
        _BUILD_MEMO[key] = _load(*key)
    return _BUILD_MEMO[key]


def get_glossary(env: BuildEnvironment) -> Glossary:
    """The project's glossary, keyed by the configuration (``aiterms_glossaries``,
    ``aiterms_bundled``): loaded once per build and process, and again after a
    file changes (the loader caches on file contents)."""
    return _load_for(env)[0]


def current_builder(env: BuildEnvironment) -> Builder:
    """The running builder, for post-transforms (``env._app`` from Sphinx 8.1;
    ``env.app`` before, deprecated since: design notes P17)."""
    app = getattr(env, "_app", None) or env.app
    builder: Builder = app.builder
    return builder


def definition_of(glossary: Glossary, term: Term, definition_id: str) -> Definition:
    """A reference's definition: by id among the term's own first (a glossary-wide
    lookup scans every definition), else the term's primary one."""
    found = next((d for d in term.definitions if d.id == definition_id), None)
    return found or glossary.by_definition_id(definition_id) or term.primary


def registered_domain(env: BuildEnvironment) -> AitermsDomain | None:
    """The aiterms domain, or None when it is not registered (a module of the
    package used as an extension of its own)."""
    try:
        domain = env.get_domain(DOMAIN)
    except Exception:  # ExtensionError: domain not registered
        return None
    return domain if isinstance(domain, AitermsDomain) else None


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


def get_domain(env: BuildEnvironment) -> AitermsDomain:
    return cast("AitermsDomain", env.get_domain(DOMAIN))


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
    """Glossary terms: placement, references, resolution, inventory and index.

    Its roles (``term`` and ``term-ai``) are added by :mod:`.roles`.
    """

    name = DOMAIN
    label = "AI terms"
    object_types: ClassVar[dict[str, ObjType]] = {
        "term": ObjType(_("AI term"), "term", "term-ai", searchprio=1),
    }
    indices: ClassVar[list[type[Index]]] = [AitermsIndex]
    initial_data: ClassVar[dict[str, Any]] = {
        # docname -> {term key}: terms an ai-glossary directive shows in that document
        "placements": {},
        # docname -> ((term key, definition id, line), ...): explicit references
        "references": {},
        # docname -> {term key}: terms shown by an ai-glossary directive with
        # :used-only: (they live there only if the project uses them)
        "placements_used_only": {},
        # docname -> {term key: (folded matched text, ...)}: auto-link candidates
        # found while reading (see autolink.py)
        "autolinks": {},
        # docname -> {term key: [(only expression, ...), ...]}: terms the document
        # uses only inside ``only`` blocks, with each use's conditions (onlyuses.py)
        "only_uses": {},
        # derived after reading, every build (main process): term key -> sorted
        # docnames using it, and folded names of the project's std glossary terms
        "used_on": {},
        "std_terms": set(),
        # per build, set on builder-inited (not document state)
        "confdir": "",
        "generated_page": False,
    }
    #: Bump when the shape of ``data`` changes (also ``env_version`` in setup).
    data_version = 3
    #: target_docname's memo, and the data it was made from; every method
    #: that changes placements, usage or the builder calls :meth:`_forget_targets`.
    _targets_for: dict[str, Any] | None = None
    _targets: dict[str, str | None]

    def _forget_targets(self) -> None:
        self._targets_for = None

    # -- data --------------------------------------------------------------------------

    @property
    def glossary(self) -> Glossary:
        return get_glossary(self.env)

    @property
    def placements(self) -> dict[str, set[str]]:
        return cast("dict[str, set[str]]", self.data["placements"])

    @property
    def references(self) -> dict[str, tuple[tuple[str, str, int], ...]]:
        """docname → the explicit ``:term-ai:`` references read in it, in order:
        ``(term key, definition id, line)``."""
        return cast("dict[str, tuple[tuple[str, str, int], ...]]", self.data["references"])

    @property
    def placements_used_only(self) -> dict[str, set[str]]:
        return cast("dict[str, set[str]]", self.data["placements_used_only"])

    @property
    def autolinks(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """docname → {term key: folded texts it was found as} (auto-link candidates)."""
        return cast("dict[str, dict[str, tuple[str, ...]]]", self.data["autolinks"])

    @property
    def used_on(self) -> dict[str, tuple[str, ...]]:
        """Term key → the documents using it (explicit references and auto-links
        that survive the project-glossary rule), sorted; computed after reading."""
        return cast("dict[str, tuple[str, ...]]", self.data["used_on"])

    @property
    def only_uses(self) -> dict[str, dict[str, list[tuple[str, ...]]]]:
        """docname → {term key: conditions}: terms the document uses only inside
        ``only`` blocks (see onlyuses.py)."""
        return cast("dict[str, dict[str, list[tuple[str, ...]]]]", self.data["only_uses"])

    def note_glossary_doc(self, docname: str) -> None:
        """Record that ``docname`` holds an ``ai-glossary`` directive (read
        phase; purged and merged by :mod:`.incremental`)."""
        self.data.setdefault(KEY_GLOSSARY_DOCS, set()).add(docname)

    def shows_glossary(self, docname: str) -> bool:
        """Whether ``docname`` holds glossary entries (an ``ai-glossary``
        directive, or the generated page)."""
        return docname == GENERATED_PAGE or docname in self.data.get(KEY_GLOSSARY_DOCS, ())

    def skips(self, docname: str, *, glossary: bool = False) -> bool:
        """Whether a post-transform may skip ``docname`` without walking it: the
        builder resolves documents one by one and the read phase recorded none
        of what the transform looks for (auto-link candidates; with ``glossary``,
        glossary entries)."""
        if not resolves_each_document(current_builder(self.env)):
            return False
        return not self.shows_glossary(docname) if glossary else docname not in self.autolinks

    @property
    def std_terms(self) -> set[str]:
        """Folded names of the project's own Sphinx ``glossary`` terms."""
        return cast("set[str]", self.data["std_terms"])

    def note_placement(self, docname: str, term_key: str, *, used_only: bool = False) -> None:
        """Record that an ``ai-glossary`` directive in ``docname`` shows a term
        (called in the read phase, once per term shown). ``used_only``: the
        directive shows it only if the project uses it."""
        term = self.glossary.resolve(term_key)
        key = term.key if term is not None else fold(term_key)
        table = self.placements_used_only if used_only else self.placements
        table.setdefault(docname, set()).add(key)
        self._forget_targets()
        self.note_glossary_dependency(docname)

    def note_autolinks(self, docname: str, found: dict[str, tuple[str, ...]]) -> None:
        """Record a document's auto-link candidates (read phase)."""
        if found:
            self.autolinks[docname] = found
        else:
            self.autolinks.pop(docname, None)

    def note_only_uses(self, docname: str, found: dict[str, list[tuple[str, ...]]]) -> None:
        """Record the terms a document uses only inside ``only`` blocks (read phase)."""
        if found:
            self.only_uses[docname] = found
        else:
            self.only_uses.pop(docname, None)

    def autolink_used(self, forms: Iterable[str], term_key: str) -> bool:
        """Whether candidates found as ``forms`` survive the project-glossary rule."""
        std = self.std_terms
        if not std:
            return True
        if term_key in std:
            return False
        return any(form not in std and not _singular_in(form, std) for form in forms)

    def compute_used_on(
        self, keeps: Callable[[tuple[str, ...]], bool] | None = None
    ) -> dict[str, tuple[str, ...]]:
        """Term key → sorted documents using it, from every document's records.
        ``keeps``: whether the current builder keeps an ``only`` condition (a use
        found only inside blocks it drops does not count; see onlyuses.py)."""
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

    def note_reference(self, docname: str, term_key: str, definition_id: str, line: int) -> None:
        """Record an explicit reference (for back-links and coverage)."""
        self.references[docname] = (
            *self.references.get(docname, ()),
            (term_key, definition_id, line),
        )
        self.note_glossary_dependency(docname)

    def note_glossary_dependency(self, docname: str) -> None:
        """Record that ``docname`` depends on the glossary's names: :mod:`.incremental`
        re-reads it when they change (not on every glossary file edit)."""
        from .incremental import note_dependent

        note_dependent(self.env, docname)

    def clear_doc(self, docname: str) -> None:
        self._forget_targets()
        self.placements.pop(docname, None)
        self.placements_used_only.pop(docname, None)
        self.references.pop(docname, None)
        self.autolinks.pop(docname, None)
        self.only_uses.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self._forget_targets()
        for docname, keys in otherdata["placements"].items():
            if docname in docnames:
                self.placements[docname] = set(keys)
        for docname, keys in otherdata.get("placements_used_only", {}).items():
            if docname in docnames:
                self.placements_used_only[docname] = set(keys)
        for docname, found in otherdata.get("autolinks", {}).items():
            if docname in docnames:
                self.autolinks[docname] = dict(found)
        for docname, refs in otherdata["references"].items():
            if docname in docnames:
                self.references[docname] = tuple(refs)
        for docname, found in otherdata["only_uses"].items():
            if docname in docnames:
                self.only_uses[docname] = dict(found)

    # -- where terms live --------------------------------------------------------------

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

        A ``:used-only:`` directive hosts a term only if the project uses it
        (:attr:`used_on`, known once reading is done). Memoised until the data
        it depends on changes (a 40,000-term glossary asks for every term
        several times per build)."""
        if self._targets_for is not self.data:
            self._targets_for, self._targets = self.data, {}
        if term_key not in self._targets:
            self._targets[term_key] = self._target_docname(term_key)
        return self._targets[term_key]

    def _target_docname(self, term_key: str) -> str | None:
        hosts = [doc for doc, keys in self.placements.items() if term_key in keys]
        if term_key in self.used_on:
            hosts += [doc for doc, keys in self.placements_used_only.items() if term_key in keys]
        if hosts:
            return min(hosts)
        if self.generated_page_active:
            if get_option(self.env.config, "used_only") and term_key not in self.used_on:
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

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:
        # The search page shows this label: "AI term", not "AI terms AI term".
        return str(type.lname)


# --- events ---------------------------------------------------------------------------


def _on_builder_inited(app: Sphinx) -> None:
    domain = get_domain(app.env)
    domain.data["confdir"] = str(app.confdir)
    domain.data["generated_page"] = app.builder.format == "html"
    domain._forget_targets()
    _BUILD_MEMO.clear()  # a new build: see edited glossary files
    # Load in the parent process, so -j workers share it (and it is reported once).
    glossary, error = _load_for(app.env)
    if error:
        logger.warning(
            "could not load the glossary files %s: %s",
            ", ".join(str(p) for p in user_glossary_files(app.env)),
            error,
            type="aiterms",
            subtype="glossary",
        )
    for problem in glossary.problems:
        if problem.file.startswith(SOURCE_PREFIX):
            continue  # the bundled pages are checked by the test suite, not per build
        message = f"{problem.message} ({problem.path})" if problem.path else problem.message
        path = _confdir(app.env) / problem.file
        if problem.line:
            # "path:line" is shown as is (a bare string would be taken for a docname)
            location: str | None = f"{path}:{problem.line}"
        else:
            location, message = None, f"{path}: {message}"
        logger.warning(message, location=location, type="aiterms", subtype="glossary")


def _singular_in(form: str, names: set[str]) -> bool:
    from .glossary.names import singular_forms

    return any(s in names for s in singular_forms(form))


def _is_ours(entry: tuple[Any, ...]) -> bool:
    return len(entry) >= 3 and isinstance(entry[2], str) and entry[2].startswith("aiterm-")


def project_std_terms(env: BuildEnvironment) -> set[str]:
    """Folded names of the terms the project's own ``glossary`` directives define."""
    std = env.get_domain("std")
    objects: dict[tuple[str, str], Any] = std.data.get("objects", {})
    return {fold(name) for (objtype, name) in objects if objtype == "term"}


def update_usage(env: BuildEnvironment) -> None:
    """Derive the project-wide usage facts from all documents' records (main
    process, after reading and merging): the project's std glossary names and
    the terms used. Write-phase code (also under ``-j``) only reads them."""
    domain = get_domain(env)
    domain.data["std_terms"] = project_std_terms(env)
    from .onlyuses import kept_by

    tags = getattr(current_builder(env), "tags", None)
    domain.data["used_on"] = domain.compute_used_on(kept_by(tags))
    domain._forget_targets()


def _update_general_index(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Put every placed term (and its aliases, as "see" entries) in the general
    index, at its target. Runs after all reading and merging, every build, so the
    entries follow the placement rule; earlier ones are replaced, not added to."""
    domain = get_domain(env)
    update_usage(env)
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


def setup_domain(app: Sphinx) -> None:
    app.add_domain(AitermsDomain)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("env-updated", _update_general_index)
