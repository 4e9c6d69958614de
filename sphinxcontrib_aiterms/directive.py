"""The ``ai-glossary`` directive: the glossary as a page.

The page is built from builder-neutral nodes: letter (or category) groups, each a
rubric and a ``definition_list`` whose items are terms (id ``term.anchor``) and
whose definitions hold one block per definition (id ``aiterm-def-<id>``), rendered
in full from its Markdown (see :mod:`.render`). Every builder gets a correct
result from that tree; HTML builders additionally get the navigation (an A–Z
jump bar, or a category card grid) and the page stylesheet. sphinx-design, when
loaded, is used through its public CSS classes only (badges, grid and cards).

:func:`glossary_nodes` builds the page body outside a directive (the generated
zero-configuration page); :func:`setup_glossary_page` registers everything.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from .config import aiterms_config
from .domain import get_domain
from .glossary import fold
from .glossary.categories import category_table
from .locale import _
from .nodes import (
    ATTR_ENTRY,
    DEFINITION_ID_PREFIX,
    GLOSSARY_CLASS,
    NAV_CLASS,
    USED_ONLY_CLASS,
    aiterms_used_on,
    find_nodes,
)
from .project import builder_format, current_builder, get_glossary
from .render import definition_nodes
from .warnings_ import Subtype, warn

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from docutils.frontend import Values
    from sphinx.environment import BuildEnvironment

    from .glossary import Definition, Glossary, Term

#: Letters of the jump bar; terms starting with anything else go under "#".
ALPHABET = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
OTHER = "#"
#: The group of definitions without a category.
UNCATEGORISED = ""

GroupBy = Literal["letter", "category"]
DefinitionsMode = Literal["full", "short"]
GROUP_BY_VALUES: tuple[GroupBy, ...] = ("letter", "category")
DEFINITIONS_VALUES: tuple[DefinitionsMode, ...] = ("full", "short")

#: sphinx-design's public classes (what its ``:bdg-secondary:`` role and
#: ``grid``/``card`` directives emit), used only when sphinx-design is loaded.
SD_BADGE = ("sd-sphinx-override", "sd-badge", "sd-bg-secondary", "sd-bg-text-secondary")
SD_GRID = ("sd-container-fluid", "sd-sphinx-override", "sd-mb-4")
SD_ROW = ("sd-row", "sd-row-cols-1", "sd-row-cols-sm-2", "sd-row-cols-md-3", "sd-g-2")
SD_COL = ("sd-col", "sd-d-flex-row")
SD_CARD = ("sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm", "sd-card-hover")
SD_CARD_BODY = ("sd-card-body",)
SD_CARD_TITLE = ("sd-card-title", "sd-font-weight-bold")
SD_CARD_TEXT = ("sd-card-text",)
SD_STRETCHED_LINK = ("sd-stretched-link",)


# ------------------------------------------------------------------------- options


@dataclass(frozen=True, slots=True)
class GlossaryPageOptions:
    """What an ``ai-glossary`` page shows. Empty filters mean "everything"."""

    #: Case-folded category names; a term is shown if it has any of them.
    categories: frozenset[str] = frozenset()
    #: Upper-case initials (``A``–``Z`` or ``#``).
    letters: frozenset[str] = frozenset()
    #: Term keys (already resolved); shown in glossary order.
    terms: tuple[str, ...] = ()
    group_by: GroupBy = "letter"
    definitions: DefinitionsMode = "full"
    #: Show where each definition comes from (see :func:`citations`).
    sources: bool = True
    #: Show the jump bar / category cards (HTML builders).
    navigation: bool = True
    #: Extra classes on the page's root element.
    classes: tuple[str, ...] = field(default_factory=tuple)
    #: Show only the terms the project uses (decided after reading: see
    #: :class:`AitermsUsageTransform`).
    used_only: bool = False
    #: List, under each entry, the pages that use the term.
    used_on: bool = True


def initial(key: str) -> str:
    """A term's group letter: its first character without accents, upper-cased,
    or ``#`` when that is not a Latin letter."""
    decomposed = unicodedata.normalize("NFKD", key.strip()[:1])
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).upper()
    return base if base in ALPHABET else OTHER


def parse_letters(value: str) -> tuple[frozenset[str], list[str]]:
    """``"A-C, K #"`` → ({A, B, C, K, #}, invalid tokens)."""
    letters: set[str] = set()
    invalid: list[str] = []
    for token in re.split(r"[\s,]+", value.strip()):
        if not token:
            continue
        upper = token.upper()
        match = re.fullmatch(r"([A-Z])\s*[-–]\s*([A-Z])", upper)
        if match and match[1] <= match[2]:
            letters.update(chr(c) for c in range(ord(match[1]), ord(match[2]) + 1))
        elif upper in ALPHABET or upper == OTHER:
            letters.add(upper)
        elif upper.isalpha() and all(c in ALPHABET for c in upper):
            letters.update(upper)  # "AKL"
        else:
            invalid.append(token)
    return frozenset(letters), invalid


def _split_list(value: str) -> list[str]:
    """Comma- (or newline-) separated items, whitespace-trimmed."""
    return [item.strip() for item in re.split(r"[,\n]", value) if item.strip()]


# ------------------------------------------------------------------------ the page


def _slug(text: str) -> str:
    slug = nodes.make_id(text)
    if slug:
        return slug
    # make_id drops non-ASCII: keep ids deterministic and distinct anyway.
    return "x" + "".join(f"{ord(c):x}" for c in text)[:40]


def _category_label(category: str) -> str:
    """What readers see for a category: its name in the taxonomy (the category
    table merges "ai agent" and "ai agents"), or "General"."""
    return category_table().display(category) if category != UNCATEGORISED else _("General")


class GlossaryPage:
    """Builds one ``ai-glossary`` page body.

    Ids: a term's node gets ``term.anchor`` and each definition block
    ``aiterm-def-<id>`` only the first time the document shows that term (a term
    shown by two directives, or in two category groups, appears again without
    ids). With a ``document``, ids already in it count as taken and new ids are
    registered in it.
    """

    def __init__(
        self,
        env: BuildEnvironment,
        docname: str,
        options: GlossaryPageOptions,
        *,
        document: nodes.document | None = None,
        settings: Values | None = None,
        location: tuple[str, int] | None = None,
    ) -> None:
        self.env = env
        self.docname = docname
        self.options = options
        self.document = document
        self.settings = settings if settings is not None else _settings_for(env, document)
        self.location = location
        self.glossary = get_glossary(env)
        self.design = "sphinx_design" in env.config.extensions
        #: Terms that got their ids here (the directive reports them to the domain).
        self.placed: list[str] = []
        self._ids: set[str] = set()

    # -- ids ---------------------------------------------------------------------------

    def _taken(self, node_id: str) -> bool:
        return node_id in self._ids or (self.document is not None and node_id in self.document.ids)

    def _claim(self, node: nodes.Element, node_id: str) -> bool:
        if self._taken(node_id):
            return False
        self._ids.add(node_id)
        node["ids"].append(node_id)
        if self.document is not None:
            self.document.ids[node_id] = node
        return True

    def _claim_unique(self, node: nodes.Element, base: str) -> str:
        """Give ``node`` ``base`` or ``base-2``, ``base-3``… (group ids)."""
        candidate, n = base, 1
        while self._taken(candidate):
            n += 1
            candidate = f"{base}-{n}"
        self._claim(node, candidate)
        return candidate

    # -- selection ---------------------------------------------------------------------

    def terms(self) -> list[Term]:
        opts = self.options
        if opts.terms:
            wanted = set(opts.terms)
            selected = [t for t in self.glossary if t.key in wanted]
        else:
            selected = list(self.glossary)
        if opts.categories:
            table = category_table()
            selected = [
                t
                for t in selected
                if any(table.known(w, _source_categories(t)) for w in opts.categories)
            ]
        if opts.letters:
            selected = [t for t in selected if initial(t.key) in opts.letters]
        return selected

    # -- building ----------------------------------------------------------------------

    def build(self) -> list[nodes.Node]:
        opts = self.options
        root = nodes.container(
            classes=[
                GLOSSARY_CLASS,
                f"aiterms-group-by-{opts.group_by}",
                f"aiterms-definitions-{opts.definitions}",
                *((USED_ONLY_CLASS,) if opts.used_only else ()),
                *opts.classes,
            ]
        )
        terms = self.terms()
        if not terms:
            root += nodes.paragraph("", _("No glossary terms match."), classes=["aiterms-empty"])
            return [root]
        if opts.group_by == "category":
            groups = self._category_groups(terms)
        else:
            groups = self._letter_groups(terms)
        group_nodes: list[tuple[str, str, int, nodes.Element]] = []
        for group_key, label, members in groups:
            group = nodes.container(classes=["aiterms-group"])
            group_id = self._claim_unique(
                group,
                f"aiterms-letter-{_slug(group_key.lower()) if group_key != OTHER else 'other'}"
                if opts.group_by == "letter"
                else f"aiterms-category-{_slug(group_key) if group_key else 'general'}",
            )
            group += nodes.rubric(label, label, classes=["aiterms-group-title"])
            entries = nodes.definition_list(classes=["aiterms-entries"])
            for term in members:
                entries += self._entry(term, group_key if opts.group_by == "category" else None)
            group += entries
            group_nodes.append((group_key, group_id, len(members), group))
        if opts.navigation:
            if opts.group_by == "category":
                root += self._category_cards(group_nodes)
            else:
                root += self._jump_bar(group_nodes)
        for _key, _id, _count, group_node in group_nodes:
            root += group_node
        return [root]

    def _letter_groups(self, terms: Sequence[Term]) -> list[tuple[str, str, list[Term]]]:
        by_letter: dict[str, list[Term]] = {}
        for term in terms:
            by_letter.setdefault(initial(term.key), []).append(term)
        order = [*ALPHABET, OTHER]
        return [(k, k, by_letter[k]) for k in order if k in by_letter]

    def _category_groups(self, terms: Sequence[Term]) -> list[tuple[str, str, list[Term]]]:
        by_category: dict[str, list[Term]] = {}
        wanted = self.options.categories
        table = category_table()
        for term in terms:
            categories = _term_categories(term) or (UNCATEGORISED,)
            for category in categories:
                if wanted and not any(table.matches(w, category) for w in wanted):
                    continue
                by_category.setdefault(category, []).append(term)
        # Alphabetical, uncategorised ("General") last.
        keys = sorted(by_category, key=lambda c: (c == UNCATEGORISED, fold(c)))
        return [(k, _category_label(k), by_category[k]) for k in keys]

    def _jump_bar(self, groups: Sequence[tuple[str, str, int, nodes.Element]]) -> nodes.Element:
        present = {key: group_id for key, group_id, _n, _g in groups}
        bar = nodes.container(classes=[NAV_CLASS, "aiterms-jumpbar"])
        bar += filter_box()
        para = nodes.paragraph(classes=["aiterms-jumpbar-letters"])
        letters = list(ALPHABET) + ([OTHER] if OTHER in present else [])
        for letter in letters:
            if letter in present:
                ref = nodes.reference(
                    "",
                    letter,
                    internal=True,
                    refid=present[letter],
                    classes=["aiterms-jump"],
                    reftitle=_("Terms starting with %s") % letter,
                )
                para += ref
            else:
                para += nodes.inline(letter, letter, classes=["aiterms-jump", "aiterms-jump-empty"])
            para += nodes.Text(" ")
        bar += para
        return bar

    def _category_cards(
        self, groups: Sequence[tuple[str, str, int, nodes.Element]]
    ) -> nodes.Element:
        design = self.design
        outer = nodes.container(
            classes=[NAV_CLASS, "aiterms-category-cards", *(SD_GRID if design else ())]
        )
        outer += filter_box()
        row = nodes.container(classes=["aiterms-card-row", *(SD_ROW if design else ())])
        for key, group_id, count, _group in groups:
            label = _category_label(key)
            col = nodes.container(classes=["aiterms-card-col", *(SD_COL if design else ())])
            card = nodes.container(classes=["aiterms-card", *(SD_CARD if design else ())])
            body = nodes.container(classes=["aiterms-card-body", *(SD_CARD_BODY if design else ())])
            title = nodes.paragraph(
                classes=["aiterms-card-title", *(SD_CARD_TITLE if design else ())]
            )
            title += nodes.reference(
                "",
                label,
                internal=True,
                refid=group_id,
                classes=["aiterms-card-link", *(SD_STRETCHED_LINK if design else ())],
            )
            body += title
            # Sphinx's gettext has no plural form: two messages.
            text = _("1 term") if count == 1 else _("%d terms") % count
            body += nodes.paragraph(
                "", text, classes=["aiterms-card-count", *(SD_CARD_TEXT if design else ())]
            )
            card += body
            col += card
            row += col
        outer += row
        return outer

    def _badge(self, category: str) -> nodes.inline:
        label = _category_label(category)
        return nodes.inline(
            label, label, classes=["aiterms-badge", *(SD_BADGE if self.design else ())]
        )

    def _badges(self, categories: Iterable[str]) -> nodes.paragraph | None:
        categories = list(categories)
        if not categories:
            return None
        para = nodes.paragraph(classes=["aiterms-categories"])
        label = _("Category:") if len(categories) == 1 else _("Categories:")
        # Read by screen readers and shown by text builders; hidden visually in HTML.
        para += nodes.inline(label, label, classes=["aiterms-label"])
        para += nodes.Text(" ")
        for i, category in enumerate(categories):
            if i:
                para += nodes.inline(", ", ", ", classes=["aiterms-sep"])
            para += self._badge(category)
        return para

    def _entry(self, term: Term, group: str | None) -> nodes.definition_list_item:
        item = nodes.definition_list_item(classes=["aiterms-entry"])
        item[ATTR_ENTRY] = term.key
        dt = nodes.term(classes=["aiterms-term"])
        first = not self._taken(term.anchor)
        if first:
            self._claim(dt, term.anchor)
            for legacy in term.legacy_anchors:  # links to earlier anchors still arrive
                self._claim(dt, legacy)
            self.placed.append(term.key)
        # Titled by the term's name as its sources case it; a definition's own
        # headline shows in its header (several definitions) or its lead.
        dt += nodes.inline(term.display, term.display, classes=["aiterms-term-title"])
        item += dt
        dd = nodes.definition(classes=["aiterms-term-body"])
        item += dd
        if not first:
            # Shown before (another group or directive): point there, keep it short.
            para = nodes.paragraph(classes=["aiterms-see"])
            para += nodes.Text(_("See") + " ")
            ref = nodes.reference("", "", internal=True, refid=term.anchor)
            ref += nodes.Text(term.display)
            para += ref
            para += nodes.Text(".")
            dd += para
            return item
        several = len(term.definitions) > 1
        # Once per entry: the term's categories, or each definition's in its header.
        badges = None if several else self._badges(_term_categories(term))
        if badges is not None:
            dd += badges
        if term.aliases:
            para = nodes.paragraph(classes=["aiterms-aliases"])
            label = _("Also known as:")
            para += nodes.inline(label, label, classes=["aiterms-label-visible"])
            para += nodes.Text(" ")
            for i, alias in enumerate(term.aliases):
                if i:
                    para += nodes.Text(", ")
                para += nodes.emphasis(alias, alias, classes=["aiterms-alias"])
            dd += para
        # Where the definitions come from: under each one when each has its
        # own, else once for the entry (no repeated lines).
        cited = [citations(d) for d in term.definitions] if self.options.sources else []
        keys = [tuple(fold(c) for c in each) for each in cited]
        once = several and len(set(keys)) < len(keys)
        for number, definition in enumerate(term.definitions, start=1):
            block = self._definition(term, definition, number if several else None)
            if cited and cited[number - 1] and not once:
                block += self._sources(cited[number - 1])
            dd += block
        if once:
            merged: dict[str, str] = {}
            for each in cited:
                for text in each:
                    merged.setdefault(fold(text), text)
            if merged:
                dd += self._sources(list(merged.values()))
        if self.options.used_on:
            dd += aiterms_used_on(term=term.key)  # filled in after reading
        return item

    def _definition(self, term: Term, definition: Definition, number: int | None) -> nodes.Element:
        block = nodes.container(classes=["aiterms-definition"])
        self._claim(block, DEFINITION_ID_PREFIX + definition.id)
        if number is not None:
            header = nodes.paragraph(classes=["aiterms-definition-header"])
            header += nodes.inline(f"{number}.", f"{number}.", classes=["aiterms-number"])
            if definition.title and fold(definition.title) != fold(term.display):
                header += nodes.Text(" ")
                header += nodes.strong(definition.title, definition.title)
            if definition.category:
                header += nodes.Text(" ")
                header += self._badge(definition.category)
            block += header
        if self.options.definitions == "short":
            block += nodes.paragraph(definition.short, definition.short, classes=["aiterms-short"])
        else:
            body = nodes.container(classes=["aiterms-body"])
            source, line = self.location or (self.docname, 0)
            body.extend(
                definition_nodes(
                    definition,
                    env=self.env,
                    settings=self.settings,
                    source=str(self.env.doc2path(source)) if self.location else None,
                    line=line or None,
                    location=self.location or self.docname,
                )
            )
            block += body
        return block

    def _sources(self, cited: Sequence[str]) -> nodes.paragraph:
        para = nodes.paragraph(classes=["aiterms-sources"])
        label = _("Source:") if len(cited) == 1 else _("Sources:")
        para += nodes.inline(label, label, classes=["aiterms-label-visible"])
        para += nodes.Text(" ")
        for i, text in enumerate(cited):
            if i:
                para += nodes.Text("; ")
            para += nodes.inline(text, text, classes=["aiterms-source"])
        return para


#: The bundled pages' glossary, as readers cite it.
BUNDLED_GLOSSARY = "AI Factory Glossary"
_PAGE_NUMBER = re.compile(r"Showing page (\d+) of \d+")


@functools.cache
def bundled_pages() -> dict[str, int | None]:
    """Source name of each bundled seed page → its page number in the online
    glossary, when the scraped page states it."""
    from .glossary.bundled import SOURCE_PREFIX, seed_files

    pages: dict[str, int | None] = {}
    for path in seed_files():
        number = None
        with path.open(encoding="utf-8") as stream:
            for _line, text in zip(range(40), stream, strict=False):
                if found := _PAGE_NUMBER.match(text.strip()):
                    number = int(found[1])
                    break
        pages[SOURCE_PREFIX + path.name] = number
    return pages


@functools.cache
def pack_sources() -> dict[str, str]:
    """Source name of each installed pack's file (``core/batch-1.yaml``, as the
    loader names them) → the pack's title, as readers cite it."""
    from .glossary.packs import installed_packs

    return {
        f"{pack.name}/{path.name}": pack.title or pack.name
        for pack in installed_packs()[0].values()
        for path in pack.files
    }


def citations(definition: Definition) -> list[str]:
    """A reader's citation of each place a definition comes from: the seed
    pages' glossary with the entry (and its page, when known), another pack by
    its title with the entry, or the project's own file as its author named it;
    never a path inside this package or a line number."""
    pages = bundled_pages()
    packs = pack_sources()
    entry = _("entry “%s”") % (definition.header.split(",")[0].strip() or definition.term)
    seeds = [s for s in definition.sources if s.file in pages]
    numbers = sorted({n for s in seeds if (n := pages[s.file]) is not None})
    cited: list[str] = []
    for source in definition.sources:
        if source.file in pages:
            text = f"{BUNDLED_GLOSSARY}, {entry}"
            if numbers:
                text += ", " + _("page %s") % ", ".join(map(str, numbers))
        elif source.file in packs:
            text = f"{packs[source.file]}, {entry}"
        else:
            text = source.file
        if text not in cited:
            cited.append(text)
    return cited


def filter_box() -> nodes.raw:
    """Where the page's script puts its filter (HTML only, inside the
    navigation): an empty element carrying the filter's texts, so a page
    without JavaScript shows nothing of it and the search index reads nothing."""

    def attr(name: str, text: str) -> str:
        return f' data-{name}="{html.escape(str(text), quote=True)}"'

    markup = (
        '<div class="aiterms-filter" role="search"'
        + attr("label", _("Filter terms"))
        + attr("all", _("All categories"))
        + attr("category", _("Category:"))
        + attr("count", _("{shown} of {total} terms"))
        + attr("none", _("No glossary terms match."))
        + "></div>"
    )
    return nodes.raw("", markup, format="html")


def _term_categories(term: Term) -> tuple[str, ...]:
    """A term's categories as readers see them (taxonomy names, once each)."""
    return category_table().labels(term)


def _source_categories(term: Term) -> tuple[str, ...]:
    """A term's categories as its sources write them (for filters)."""
    return (
        *(c for c in term.categories if c),
        *(d.category for d in term.definitions if d.category),
        *((category_table().terms[term.key],) if term.key in category_table().terms else ()),
    )


def _settings_for(env: BuildEnvironment, document: nodes.document | None) -> Values:
    """Docutils settings for parsing bodies: the document's, else fresh ones with
    the environment attached (myst-parser reads ``settings.env``)."""
    if document is not None:
        return document.settings
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser

    settings = get_default_settings(Parser)
    settings.env = env
    return settings


def glossary_nodes(
    env: BuildEnvironment,
    docname: str,
    *,
    options: GlossaryPageOptions | None = None,
    document: nodes.document | None = None,
) -> list[nodes.Node]:
    """The body of a glossary page for ``docname``, outside any directive.

    Does not record placements with the domain (the caller decides where terms
    live). Pass ``document`` when the nodes go into an existing doctree, so ids
    already there are respected.
    """
    page = GlossaryPage(env, docname, options or GlossaryPageOptions(), document=document)
    return page.build()


# ------------------------------------------------------------------------ directive


class AiGlossaryDirective(SphinxDirective):
    """``.. ai-glossary::`` — the glossary, or a filtered part of it."""

    has_content = False
    required_arguments = 0
    optional_arguments = 0
    # Values are validated in run(), so a bad one is a warning, not an error.
    option_spec: ClassVar[dict[str, Any]] = {
        "categories": directives.unchanged,
        "letters": directives.unchanged,
        "terms": directives.unchanged,
        "group-by": directives.unchanged,
        "definitions": directives.unchanged,
        "no-sources": directives.flag,
        "no-navigation": directives.flag,
        "used-only": directives.flag,
        "no-used-on": directives.flag,
        "class": directives.class_option,
    }

    def _warn(self, message: str, *args: object) -> None:
        warn(Subtype.DIRECTIVE, message, *args, location=(self.env.docname, self.lineno))

    def _choice(self, name: str, values: Sequence[str]) -> str:
        """An option with a fixed set of values; the first is the default (and
        what an invalid value falls back to, with a warning)."""
        raw = str(self.options.get(name, values[0]) or "").strip().lower()
        if raw in values:
            return raw
        self._warn(
            "invalid ai-glossary option :%s: %r (expected one of %s); using %r",
            name,
            raw,
            ", ".join(values),
            values[0],
        )
        return values[0]

    def parse_options(self, glossary: Glossary) -> GlossaryPageOptions:
        opts = self.options
        group_by = cast("GroupBy", self._choice("group-by", GROUP_BY_VALUES))
        definitions = cast("DefinitionsMode", self._choice("definitions", DEFINITIONS_VALUES))

        categories: set[str] = set()
        if "categories" in opts:
            table = category_table()
            for name in _split_list(str(opts["categories"] or "")):
                folded = fold(name)
                # A source category, or its taxonomy name or slug.
                if table.known(folded, glossary.categories):
                    categories.add(folded)
                else:
                    self._warn("unknown category in ai-glossary :categories: %r", name)
            if not categories:
                self._warn("ai-glossary :categories: names no known category; showing none")
                categories.add("\0")  # filter to nothing rather than to everything

        letters: frozenset[str] = frozenset()
        if "letters" in opts:
            letters, invalid = parse_letters(str(opts["letters"] or ""))
            for token in invalid:
                self._warn("invalid letter in ai-glossary :letters: %r", token)
            if not letters:
                letters = frozenset({"\0"})

        terms: list[str] = []
        if "terms" in opts:
            for name in _split_list(str(opts["terms"] or "")):
                term = glossary.resolve(name)
                if term is None:
                    self._warn("unknown term in ai-glossary :terms: %r", name)
                elif term.key not in terms:
                    terms.append(term.key)
            if not terms:
                terms.append("\0")

        return GlossaryPageOptions(
            categories=frozenset(categories),
            letters=letters,
            terms=tuple(terms),
            group_by=group_by,
            definitions=definitions,
            sources="no-sources" not in opts,
            navigation="no-navigation" not in opts,
            classes=tuple(opts.get("class", ())),
            used_only="used-only" in opts,
            used_on="no-used-on" not in opts and aiterms_config(self.env.config).used_on,
        )

    def run(self) -> list[nodes.Node]:
        glossary = get_glossary(self.env)
        options = self.parse_options(glossary)
        page = GlossaryPage(
            self.env,
            self.env.docname,
            options,
            document=self.state.document,
            location=(self.env.docname, self.lineno),
        )
        result = page.build()
        for node in result:
            if isinstance(node, nodes.Element):
                self.set_source_info(node)
        domain = get_domain(self.env)
        domain.note_glossary_doc(self.env.docname)
        for key in page.placed:
            domain.note_placement(self.env.docname, key, used_only=options.used_only)
        return result


# ------------------------------------------------------------- usage (after reading)


def _usage_node(node: nodes.Node) -> bool:
    return isinstance(node, aiterms_used_on) or (
        isinstance(node, nodes.container) and USED_ONLY_CLASS in node["classes"]
    )


class AitermsUsageTransform(SphinxPostTransform):
    """Fill in "Used on" lines and drop unused terms from ``:used-only:`` pages."""

    default_priority = 56  # with the auto-links (55): after only-pruning

    def run(self, **kwargs: Any) -> None:
        domain = get_domain(self.env)
        if domain.skips(self.env.docname, glossary=True):
            return
        # One traversal for both kinds of node.
        found = find_nodes(self.document, _usage_node)
        placeholders = [n for n in found if isinstance(n, aiterms_used_on)]
        roots = [n for n in found if isinstance(n, nodes.container)]
        if not placeholders and not roots:
            return
        used_on = domain.used_on
        for root in roots:
            self._drop_unused(root, used_on)
        docname = self.env.docname
        for node in placeholders:
            if node.parent is None:
                continue
            pages = [doc for doc in used_on.get(node["term"], ()) if doc != docname]
            if not pages:
                node.parent.remove(node)
                continue
            node.replace_self(self._used_on_line(docname, pages))

    def _used_on_line(self, docname: str, pages: Sequence[str]) -> nodes.paragraph:
        builder = current_builder(self.env)
        para = nodes.paragraph(classes=["aiterms-used-on"])
        label = _("Used on:")
        para += nodes.inline(label, label, classes=["aiterms-label-visible"])
        para += nodes.Text(" ")
        for i, page in enumerate(pages):
            if i:
                para += nodes.Text(", ")
            title = self.env.titles[page].astext() if page in self.env.titles else page
            para += make_refnode(builder, docname, page, "", nodes.inline(title, title))
        return para

    @staticmethod
    def _drop_unused(root: nodes.Element, used_on: dict[str, tuple[str, ...]]) -> None:
        for item in list(root.findall(nodes.definition_list_item)):
            if item.get(ATTR_ENTRY) not in used_on and item.parent is not None:
                item.parent.remove(item)
        removed_ids: set[str] = set()
        for group in list(root.findall(nodes.container)):
            if "aiterms-group" in group["classes"] and not any(
                True for _ in group.findall(nodes.definition_list_item)
            ):
                removed_ids.update(group["ids"])
                group.parent.remove(group)
        if removed_ids:
            # Jump-bar letters and category cards pointing at removed groups.
            for ref in list(root.findall(nodes.reference)):
                if ref.get("refid") in removed_ids and ref.parent is not None:
                    text = ref.astext()
                    classes = ["aiterms-jump", "aiterms-jump-empty"]
                    ref.replace_self(nodes.inline(text, text, classes=classes))
        if not any(True for _ in root.findall(nodes.definition_list_item)):
            for child in list(root.children):
                root.remove(child)
            root += nodes.paragraph("", _("No glossary terms match."), classes=["aiterms-empty"])


# ------------------------------------------------------------------ HTML-only parts


class AitermsNavigationTransform(SphinxPostTransform):
    """Drop the jump bar / category cards outside HTML: in a PDF, man page or
    plain text they are noise, and their links lead nowhere useful."""

    default_priority = 400

    def run(self, **kwargs: Any) -> None:
        if builder_format(self.env) == "html":
            return
        for node in list(
            self.document.findall(
                lambda n: isinstance(n, nodes.container) and NAV_CLASS in n["classes"]
            )
        ):
            assert isinstance(node, nodes.Element)
            node.parent.remove(node)


#: Emoji: every pictograph plane character, and the BMP characters whose default
#: presentation is emoji (Unicode emoji-data, Emoji_Presentation=Yes), with their
#: joiners and variation selectors.
_EMOJI = re.compile(
    "(?:[\U0001f000-\U0001faff"
    "\u231a\u231b\u23e9-\u23ec\u23f0\u23f3\u25fd\u25fe\u2614\u2615"
    "\u2648-\u2653\u267f\u2693\u26a1\u26aa\u26ab\u26bd\u26be\u26c4\u26c5"
    "\u26ce\u26d4\u26ea\u26f2\u26f3\u26f5\u26fa\u26fd\u2705\u270a\u270b"
    "\u2728\u274c\u274e\u2753-\u2755\u2757\u2795-\u2797\u27b0\u27bf"
    "\u2b1b\u2b1c\u2b50\u2b55][\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]*\u200d?)+ ?"
)


def strip_emoji(text: str) -> str:
    """``text`` without emoji (and the space after one)."""
    return _EMOJI.sub("", text)


class AitermsLatexEmojiTransform(SphinxPostTransform):
    """Remove emoji from glossary text in LaTeX output.

    The seeds use emoji as decoration ("📊 Performance"). No text font that
    xelatex can use has them (colour emoji fonts are bitmaps xelatex cannot
    draw), so they would be missing-glyph boxes in the PDF, or stop pdflatex
    outright. They carry no meaning, so the LaTeX output drops them; HTML and
    the other builders keep them.
    """

    default_priority = 400
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for root in list(
            self.document.findall(
                lambda n: isinstance(n, nodes.container) and GLOSSARY_CLASS in n["classes"]
            )
        ):
            assert isinstance(root, nodes.Element)
            for text in list(root.findall(nodes.Text)):
                cleaned = strip_emoji(text.astext())
                if cleaned == text.astext():
                    continue
                parent = text.parent
                # Replace by identity (Element.replace() compares Text by value).
                for i, child in enumerate(parent.children):
                    if child is text:
                        parent[i] = nodes.Text(cleaned)
                        break
                if isinstance(parent, nodes.literal_block | nodes.literal):
                    # LaTeX treats a literal_block whose rawsource differs from
                    # its text as parsed-literal: keep them equal.
                    parent.rawsource = parent.astext()
