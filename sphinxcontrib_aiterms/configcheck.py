"""Configuration values that only the glossary can check.

:mod:`.config` checks each ``aiterms_*`` value's type on its own. Some values
name things in the glossary or on disk: glossary files, categories and terms in
the auto-link filters. A typo there would silently change what gets linked (a
filter naming no known category), so each bad entry gets a warning naming the
option (``aiterms.config``) and is dropped; the build goes on with the rest, or
with the default when nothing is left.

This runs on ``config-inited``, after the type check and before Sphinx compares
the configuration with the pickled environment's: the cleaned values are what
the environment records, so an unchanged (broken) configuration does not force
a full rebuild every time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from .config import OPTIONS_BY_NAME, get_option
from .domain import load_cached_glossary
from .glossary.names import fold

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: Options whose entries are categories, and those whose entries are term names.
CATEGORY_OPTIONS = ("autolink_categories", "autolink_exclude_categories")
TERM_OPTIONS = ("autolink_terms", "autolink_exclude_terms")


def _warn(option: str, message: str, *args: object) -> None:
    logger.warning(
        f"{OPTIONS_BY_NAME[option].confval}: {message}", *args, type="aiterms", subtype="config"
    )


def _existing_files(config: Config, confdir: Path) -> tuple[str, ...]:
    kept = []
    for name in get_option(config, "glossaries"):
        path = confdir / name
        if path.is_file():
            kept.append(name)
        else:
            reason = "is a directory" if path.is_dir() else "not found"
            _warn(
                "glossaries",
                "glossary file %r %s (looked for %s); it is skipped",
                name,
                reason,
                path,
            )
    return tuple(kept)


def _filter(config: Config, option: str, known: Callable[[str], bool], what: str) -> None:
    if option not in OPTIONS_BY_NAME:
        return
    values = get_option(config, option)
    kept = [v for v in values if known(v)]
    for value in values:
        if not known(value):
            _warn(option, "unknown %s %r; it is ignored", what, value)
    if len(kept) != len(values):
        setattr(config, OPTIONS_BY_NAME[option].confval, type(values)(kept))


def check_config(app: Sphinx, config: Config) -> None:
    confdir = Path(app.confdir)
    files = _existing_files(config, confdir)
    if files != tuple(get_option(config, "glossaries")):
        setattr(config, OPTIONS_BY_NAME["glossaries"].confval, files)
    if not any(
        get_option(config, o) for o in (*CATEGORY_OPTIONS, *TERM_OPTIONS) if o in OPTIONS_BY_NAME
    ):
        return  # nothing names glossary contents: no need to load it this early
    # Through the on-disk parse cache, which the domain's load later reuses.
    glossary = load_cached_glossary(
        tuple(confdir / f for f in files), bool(get_option(config, "bundled")), confdir
    )
    categories = {fold(c) for c in glossary.categories}
    for option in CATEGORY_OPTIONS:
        _filter(config, option, lambda v: fold(v) in categories, "category")
    for option in TERM_OPTIONS:
        _filter(config, option, lambda v: v in glossary or fold(v) in glossary.ambiguous, "term")


def setup_configcheck(app: Sphinx) -> None:
    # After config.validate_config (priority 100), before Sphinx's checks (800).
    app.connect("config-inited", check_config, priority=150)
