"""Every ``aiterms_*`` option, declared once.

:data:`OPTIONS` is the single table: name, default, rebuild kind, accepted types,
a validity check and help text. :func:`setup_config` registers each entry as
``aiterms_<name>`` and validates the user's values on ``config-inited``: a bad
value produces one warning naming the option (``aiterms.config``) and falls back
to the default, so a typo never stops a build. Adding an option is one line in
:data:`OPTIONS`; the configuration reference page is generated from the table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .warnings_ import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

PREFIX = "aiterms_"

#: What Sphinx must redo when the option changes (as for ``add_config_value``).
Rebuild = Literal["env", "html", ""]


def _is_bool(value: object) -> bool:
    return isinstance(value, bool)


def _is_str_list(value: object) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)


@dataclass(frozen=True, slots=True)
class Option:
    """One configuration option (registered as ``aiterms_<name>``)."""

    name: str
    default: Any
    rebuild: Rebuild
    #: Shown in the configuration reference, e.g. ``list[str]``.
    type_doc: str
    #: True when a value is acceptable.
    check: Callable[[object], bool]
    help: str

    @property
    def confval(self) -> str:
        return PREFIX + self.name

    @property
    def types(self) -> tuple[type, ...]:
        """The Python types Sphinx's own check accepts (kept in step with :attr:`check`)."""
        if isinstance(self.default, bool):
            return (bool,)
        if isinstance(self.default, list | tuple):
            return (list, tuple)
        return (type(self.default),)


#: The options, in the order the configuration reference lists them.
OPTIONS: tuple[Option, ...] = (
    Option(
        "glossaries",
        (),
        "env",
        "list[str]",
        _is_str_list,
        "Glossary files of the project, relative to the configuration directory. "
        "They load after the packs (aiterms_packs): their terms are added, and "
        "their definitions come first.",
    ),
    Option(
        "packs",
        ("core", "seeds"),
        "env",
        "list[str]",
        _is_str_list,
        "The glossary packs to use, in the order their definitions appear (a term "
        "several packs define has one definition from each; your own files' come "
        "first). Bundled: ``core`` (the core ML vocabulary) and ``seeds`` (five pages "
        "of the AI Factory Glossary); ``[]`` for none. ``aiterms packs`` lists what is "
        "installed.",
    ),
    Option(
        "bundled",
        True,
        "env",
        "bool",
        _is_bool,
        "Deprecated: ``False`` means ``aiterms_packs = []``.",
    ),
    Option(
        "cards",
        True,
        "html",
        "bool",
        _is_bool,
        "Show a hover card with the short definition on term links (HTML builders).",
    ),
    # --- hover cards (see cards.py) ---------------------------------------------------
    Option(
        "card_open_delay",
        350,
        "html",
        "int",
        lambda value: type(value) is int and 0 <= value <= 10_000,
        "Milliseconds the pointer rests on a term link before its card opens "
        "(keyboard focus opens it at once).",
    ),
    Option(
        "card_close_delay",
        200,
        "html",
        "int",
        lambda value: type(value) is int and 0 <= value <= 10_000,
        "Milliseconds a card stays after the pointer leaves the link and the card "
        "(the grace time to move onto the card).",
    ),
    Option(
        "card_touch",
        "preview",
        "html",
        '"preview" | "navigate"',
        lambda value: value in {"preview", "navigate"},
        'On touch screens, "preview": the first tap shows the card, a second tap '
        '(or its link) follows the link; "navigate": a tap follows the link at once.',
    ),
    Option(
        "card_fields",
        ("title", "category", "definition", "count", "link"),
        "html",
        "list[str]",
        lambda value: (
            isinstance(value, list | tuple)
            and all(v in {"title", "category", "definition", "count", "link"} for v in value)
        ),
        "What a card shows, in any of: title, category, definition, count "
        '(the "n definitions" hint), link (to the full entry).',
    ),
    Option(
        "external_max_bytes",
        10_000_000,
        "",
        "int",
        lambda value: type(value) is int and value > 0,
        "The largest aiterms.json, in bytes, read for a project mapped with intersphinx "
        "(default 10 MB: 10,000,000 bytes). A larger file, or a download that takes "
        "longer than intersphinx_timeout in total (30 s if unset), is an "
        "aiterms.external warning: that project's terms get no hover cards, the build "
        "goes on.",
    ),
    # --- auto-linking (see autolink.py and linking/) ------------------------------------
    Option(
        "autolink",
        True,
        "env",
        "bool",
        _is_bool,
        "Link glossary terms found in ordinary prose, as if written with :term-ai:. "
        "Pages opt out with the metadata field ``aiterms-autolink: off``; blocks with "
        "the ``no-autolink`` directive, spans with the ``:no-autolink:`` role.",
    ),
    Option(
        "autolink_density",
        "page",
        "env",
        '"page" | "section" | "paragraph" | "every"',
        lambda value: value in {"page", "section", "paragraph", "every"},
        "Which occurrences of a term are linked: the first per page (default), per "
        "section, per paragraph, or every one. An explicit :term-ai: counts as one.",
    ),
    Option(
        "autolink_sense",
        "balanced",
        "env",
        '"balanced" | "strict" | "off"',
        lambda value: value in {"balanced", "strict", "off"},
        "How much evidence of its glossary sense an occurrence needs, from its own "
        "sentence, paragraph and page: names that are everyday words (attention, "
        "anchors, regression), acronyms with other meanings (API, ATLAS) and terms "
        'outside AI/ML (kanban) need some. "balanced" (default), "strict" (more '
        "evidence, and a page about ML does not vouch for its common words), "
        '"off" (no sense check: every name found is linked).',
    ),
    Option(
        "autolink_common_words",
        "ml-pages",
        "env",
        '"ml-pages" | "always" | "never"',
        lambda value: value in {"ml-pages", "always", "never"},
        'Deprecated: use aiterms_autolink_sense ("always" means "off", "never" means "strict").',
    ),
    Option(
        "autolink_ml_threshold",
        3,
        "env",
        "int",
        lambda value: type(value) is int and value >= 0,
        "Deprecated and ignored: the sense of each occurrence is decided from its own "
        "context (aiterms_autolink_sense), not from a count per page.",
    ),
    Option(
        "autolink_min_length",
        3,
        "env",
        "int",
        lambda value: type(value) is int and value >= 1,
        "Names shorter than this many characters are never auto-linked.",
    ),
    Option(
        "autolink_stopwords",
        ("async",),
        "env",
        "list[str]",
        _is_str_list,
        "Names never auto-linked (case-insensitive); :term-ai: still reaches them.",
    ),
    Option(
        "autolink_terms",
        (),
        "env",
        "list[str]",
        _is_str_list,
        "If not empty, auto-link only these terms (keys or aliases).",
    ),
    Option(
        "autolink_exclude_terms",
        (),
        "env",
        "list[str]",
        _is_str_list,
        "Terms (keys or aliases) never auto-linked.",
    ),
    Option(
        "autolink_categories",
        (),
        "env",
        "list[str]",
        _is_str_list,
        "If not empty, auto-link only terms in these categories.",
    ),
    Option(
        "autolink_exclude_categories",
        (),
        "env",
        "list[str]",
        _is_str_list,
        "Terms in these categories are never auto-linked.",
    ),
    Option(
        "autolink_exclude_docs",
        (),
        "env",
        "list[str]",
        _is_str_list,
        "Documents (glob patterns on docnames, e.g. ``api/*``) with no auto-links.",
    ),
    Option(
        "used_on",
        True,
        "env",
        "bool",
        _is_bool,
        'Under each glossary entry, list the pages that use the term ("Used on"), '
        "from explicit references and auto-links.",
    ),
    Option(
        "used_only",
        True,
        "env",
        "bool",
        _is_bool,
        "The generated glossary page (used when no ai-glossary directive exists) "
        "shows only the terms the project uses, and only those terms are published "
        "(objects.inv, search, aiterms.json). False: the whole glossary. The "
        "ai-glossary directive has its own :used-only: option.",
    ),
    Option(
        "translate_glossary",
        False,
        "env",
        "bool",
        _is_bool,
        "Let the gettext builder extract the glossary's own text (every definition) "
        "into the project's message catalogs. Off: only your prose is extracted.",
    ),
)

OPTIONS_BY_NAME: dict[str, Option] = {o.name: o for o in OPTIONS}


@dataclass(frozen=True, slots=True)
class AitermsConfig:
    """The validated ``aiterms_*`` values, typed: one attribute per :data:`OPTIONS`
    entry, lists as tuples. Read it with :func:`aiterms_config`."""

    glossaries: tuple[str, ...]
    packs: tuple[str, ...]
    bundled: bool
    cards: bool
    card_open_delay: int
    card_close_delay: int
    card_touch: str
    card_fields: tuple[str, ...]
    external_max_bytes: int
    autolink: bool
    autolink_density: str
    autolink_sense: str
    autolink_common_words: str
    autolink_ml_threshold: int
    autolink_min_length: int
    autolink_stopwords: tuple[str, ...]
    autolink_terms: tuple[str, ...]
    autolink_exclude_terms: tuple[str, ...]
    autolink_categories: tuple[str, ...]
    autolink_exclude_categories: tuple[str, ...]
    autolink_exclude_docs: tuple[str, ...]
    used_on: bool
    used_only: bool
    translate_glossary: bool


def aiterms_config(config: Config) -> AitermsConfig:
    """The project's ``aiterms_*`` values (validated on ``config-inited``)."""
    values: dict[str, object] = {}
    for option in OPTIONS:
        value = getattr(config, option.confval)
        values[option.name] = tuple(value) if isinstance(value, list | tuple) else value
    return AitermsConfig(**values)  # type: ignore[arg-type]


#: Strings (any case) a boolean option accepts, and what they mean.
BOOLEAN_WORDS = {
    **dict.fromkeys(("true", "yes", "on", "1"), True),
    **dict.fromkeys(("false", "no", "off", "0"), False),
}


def conf_location(app: Sphinx, confval: str) -> str | None:
    """``conf.py:<line>`` of the assignment to ``confval``, if conf.py has one
    (a ``-D`` override has no line: then no location)."""
    path = Path(app.confdir) / "conf.py"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    assignment = re.compile(rf"^\s*{re.escape(confval)}\s*[:=]")
    for number, line in enumerate(lines, start=1):
        if assignment.match(line):
            return f"{path}:{number}"
    return None


#: Deprecated options: their non-default values, and what they become.
_DEPRECATED_SENSE = {"always": "off", "never": "strict", "ml-pages": "balanced"}


def map_deprecated(app: Sphinx, config: Config) -> None:
    """``config-inited`` (after validation): the options ``aiterms_autolink_sense``
    replaced, with a warning at their line in ``conf.py``."""
    common = config.aiterms_autolink_common_words
    if common != "ml-pages":
        sense = _DEPRECATED_SENSE[common]
        warn(
            Subtype.CONFIG,
            "aiterms_autolink_common_words is deprecated: write "
            "aiterms_autolink_sense = %r instead (used for this build)",
            sense,
            location=conf_location(app, "aiterms_autolink_common_words"),
        )
        config.aiterms_autolink_sense = sense
    if config.aiterms_autolink_ml_threshold != 3:
        warn(
            Subtype.CONFIG,
            "aiterms_autolink_ml_threshold is deprecated and ignored: each "
            "occurrence's sense is decided from its own context (aiterms_autolink_sense)",
            location=conf_location(app, "aiterms_autolink_ml_threshold"),
        )


def validate_config(app: Sphinx, config: Config) -> None:
    """Replace each invalid ``aiterms_*`` value by its default, with a warning.

    A boolean option written as a word (``"false"``, ``"no"``, ``"off"``, ``"0"``,
    any case) takes that value, with a warning: falling back to the default would
    do the opposite of what was meant. Runs before Sphinx's own type check
    (priority 800), so a bad value is reported once, by name, in our warning type,
    at its line in ``conf.py``.
    """
    for option in OPTIONS:
        value = getattr(config, option.confval)
        if option.check(value):
            continue
        location = conf_location(app, option.confval)
        word = value.strip().casefold() if isinstance(value, str) else None
        if isinstance(option.default, bool) and word in BOOLEAN_WORDS:
            meant = BOOLEAN_WORDS[word]
            warn(
                Subtype.CONFIG,
                "%s should be a boolean, not the string %r; using %r",
                option.confval,
                value,
                meant,
                location=location,
            )
            setattr(config, option.confval, meant)
            continue
        warn(
            Subtype.CONFIG,
            "invalid value for %s: %r (expected %s); using the default %r",
            option.confval,
            value,
            option.type_doc,
            option.default,
            location=location,
        )
        setattr(config, option.confval, option.default)
