"""Every ``aiterms_*`` option, declared once.

:data:`OPTIONS` is the single table: name, default, rebuild kind, accepted types,
a validity check and help text. :func:`setup_config` registers each entry as
``aiterms_<name>`` and validates the user's values on ``config-inited``: a bad
value produces one warning naming the option (``aiterms.config``) and falls back
to the default, so a typo never stops a build. Adding an option is one line in
:data:`OPTIONS`; the configuration reference page is generated from the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

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
        "Their terms are added to (and may override) the bundled ones.",
    ),
    Option(
        "bundled",
        True,
        "env",
        "bool",
        _is_bool,
        "Include the bundled AI/ML glossary. Set to False to use only your own files.",
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
)

OPTIONS_BY_NAME: dict[str, Option] = {o.name: o for o in OPTIONS}


def get_option(config: Config, name: str) -> Any:
    """The (validated) value of ``aiterms_<name>``."""
    return getattr(config, OPTIONS_BY_NAME[name].confval)


def validate_config(app: Sphinx, config: Config) -> None:
    """Replace each invalid ``aiterms_*`` value by its default, with a warning.

    Runs before Sphinx's own type check (priority 800), so a bad value is
    reported once, by name, in our warning type.
    """
    for option in OPTIONS:
        value = getattr(config, option.confval)
        if option.check(value):
            continue
        logger.warning(
            "invalid value for %s: %r (expected %s); using the default %r",
            option.confval,
            value,
            option.type_doc,
            option.default,
            type="aiterms",
            subtype="config",
        )
        setattr(config, option.confval, option.default)


def setup_config(app: Sphinx) -> None:
    for option in OPTIONS:
        app.add_config_value(option.confval, option.default, option.rebuild, types=option.types)
    app.connect("config-inited", validate_config, priority=100)
