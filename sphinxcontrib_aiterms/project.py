"""The project's glossary and linker, loaded once per build from its configuration.

A build asks for the glossary at every reference, candidate and card; it is
loaded on ``builder-inited`` (in the main process, so ``-j`` workers inherit it
and its problems are reported once) and kept for that build in one memo,
keyed by what the load depends on. The glossary loader itself caches on the
files' content (:mod:`.glossary.loader`), so an edited file is seen by the next
build. Nothing here is stored on the environment (design notes P4).

Also here: the configuration checks that need the glossary (names and
categories in the auto-link filters, glossary files that exist), and the two
helpers every Sphinx-layer module uses to reach the running builder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .config import OPTIONS_BY_NAME, AitermsConfig, aiterms_config, conf_location
from .glossary.categories import category_table
from .glossary.loader import display_name, load_glossary
from .glossary.model import Glossary, Problem
from .glossary.names import fold
from .glossary.packs import installed_packs, is_builtin, pack_file
from .linking import AutolinkSettings, Linker
from .warnings_ import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


# --- the running application --------------------------------------------------------


def current_app(env: BuildEnvironment) -> Sphinx:
    """The application building ``env`` (``env._app`` from Sphinx 8.1; ``env.app``
    before, deprecated since: design notes P17)."""
    app: Sphinx = getattr(env, "_app", None) or env.app
    return app


def current_builder(env: BuildEnvironment) -> Builder:
    """The running builder, for transforms and event handlers that get ``env``."""
    return current_app(env).builder


def builder_format(env: BuildEnvironment) -> str:
    """The output format of the running builder (``html``, ``latex``, …)."""
    return str(current_builder(env).format)


def confdir(env: BuildEnvironment) -> Path:
    """The configuration directory: glossary files are named relative to it."""
    return Path(current_app(env).confdir)


# --- the glossary and the linker ---------------------------------------------------------


@dataclass
class ProjectGlossary:
    """One build's glossary, its load error ("" if none) and, when asked, its linker."""

    glossary: Glossary
    error: str = ""
    _linkers: dict[AutolinkSettings, Linker] = field(default_factory=dict)

    def linker(self, settings: AutolinkSettings) -> Linker:
        if settings not in self._linkers:
            self._linkers[settings] = Linker(self.glossary, settings)
        return self._linkers[settings]


#: The current build's glossaries, keyed by what loading depends on; emptied on
#: ``builder-inited`` (a new build sees edited files).
_LOADED: dict[tuple[tuple[Path, ...], tuple[str, ...], Path], ProjectGlossary] = {}


def glossary_files(env: BuildEnvironment) -> tuple[Path, ...]:
    """The project's glossary files (``aiterms_glossaries``), as absolute paths."""
    base = confdir(env)
    return tuple(base / name for name in aiterms_config(env.config).glossaries)


def _load(files: tuple[Path, ...], packs: tuple[str, ...], base: Path) -> ProjectGlossary:
    try:
        return ProjectGlossary(load_glossary(files, packs=packs, base_dir=base))
    except Exception as exc:  # a broken glossary file must not crash the build
        fallback = load_glossary(packs=packs) if packs else Glossary(terms={}, names={})
        return ProjectGlossary(fallback, f"{type(exc).__name__}: {exc}")


def project_glossary(env: BuildEnvironment) -> ProjectGlossary:
    """The project's glossary state for this build."""
    key = (glossary_files(env), aiterms_config(env.config).packs, confdir(env))
    found = _LOADED.get(key)
    if found is None:
        found = _LOADED[key] = _load(*key)
    return found


def get_glossary(env: BuildEnvironment) -> Glossary:
    """The project's glossary: its packs (``aiterms_packs``) plus its
    ``aiterms_glossaries`` files."""
    return project_glossary(env).glossary


def glossary_sources(env: BuildEnvironment) -> str:
    """What the project's glossary is made of, for messages: "packs core,
    seeds; terms.yaml" (or "no glossary at all")."""
    config = aiterms_config(env.config)
    parts = []
    if config.packs:
        parts.append("packs " + ", ".join(config.packs))
    parts += [str(name) for name in config.glossaries]
    return "; ".join(parts) or "no glossary at all (aiterms_packs = [])"


def autolink_settings(config: AitermsConfig) -> AutolinkSettings:
    """The auto-link filters of a configuration, in the linker's terms."""
    return AutolinkSettings(
        min_length=config.autolink_min_length,
        stopwords=frozenset(map(fold, config.autolink_stopwords)),
        terms=frozenset(map(fold, config.autolink_terms)),
        exclude_terms=frozenset(map(fold, config.autolink_exclude_terms)),
        categories=frozenset(map(fold, config.autolink_categories)),
        exclude_categories=frozenset(map(fold, config.autolink_exclude_categories)),
        sense=config.autolink_sense,
    )


def get_linker(env: BuildEnvironment) -> Linker:
    """The project's prose linker (built once per build and settings)."""
    return project_glossary(env).linker(autolink_settings(aiterms_config(env.config)))


def _problem_location(
    problem: Problem, own: set[str], packs: tuple[str, ...], base: Path
) -> str | None:
    """Where a glossary problem is: a file of the project's (``own``: their names
    as the loader gives them) or of a third-party pack among ``packs``; ``None``
    for this package's own packs (their problems are the test suite's business,
    not every build's) and for what :func:`check_config` reported already
    (packs not installed, entry points that do not load)."""
    if problem.file in own:
        return str(base / problem.file)
    pack = problem.file.partition("/")[0]
    if "/" in problem.file and pack in packs:
        if is_builtin(pack):
            return None
        path = pack_file(pack, problem.file)
        return str(path) if path is not None else f"glossary pack {pack!r}, {problem.file}"
    if problem.file == "aiterms_packs" or problem.file.startswith("entry point "):
        return None
    return str(base / problem.file)


def load_project_glossary(app: Sphinx) -> None:
    """``builder-inited``: load the glossary for this build and report its problems,
    located in the project's files or a third-party pack's."""
    _LOADED.clear()
    state = project_glossary(app.env)
    if state.error:
        warn(
            Subtype.GLOSSARY,
            "could not load the glossary files %s: %s",
            ", ".join(str(p) for p in glossary_files(app.env)),
            state.error,
        )
    base = confdir(app.env)
    own = {display_name(f, base) for f in glossary_files(app.env)}
    packs = aiterms_config(app.env.config).packs
    for problem in state.glossary.problems:
        path = _problem_location(problem, own, packs, base)
        if path is None:
            continue
        message = f"{problem.message} ({problem.path})" if problem.path else problem.message
        if problem.line:
            # "path:line" is shown as is (a bare string would be taken for a docname)
            warn(Subtype.GLOSSARY, "%s", message, location=f"{path}:{problem.line}")
        else:
            warn(Subtype.GLOSSARY, "%s: %s", path, message)


# --- configuration that names glossary contents -------------------------------------------

#: Options whose entries are categories, and those whose entries are term names.
CATEGORY_OPTIONS = ("autolink_categories", "autolink_exclude_categories")
TERM_OPTIONS = ("autolink_terms", "autolink_exclude_terms")


def _config_warning(option: str, message: str, *args: object) -> None:
    warn(Subtype.CONFIG, f"{OPTIONS_BY_NAME[option].confval}: {message}", *args)


def _existing_files(names: tuple[str, ...], base: Path) -> tuple[str, ...]:
    kept = []
    for name in names:
        path = base / name
        if path.is_file():
            kept.append(name)
            continue
        reason = "is a directory" if path.is_dir() else "not found"
        _config_warning(
            "glossaries", "glossary file %r %s (looked for %s); it is skipped", name, reason, path
        )
    return tuple(kept)


def _checked_packs(app: Sphinx, values: AitermsConfig) -> tuple[str, ...]:
    """``aiterms_packs`` with ``aiterms_bundled = False`` honoured (deprecated:
    it means no packs) and names no installed pack provides dropped."""
    packs = values.packs
    if not values.bundled:
        warn(
            Subtype.CONFIG,
            "aiterms_bundled is deprecated: write aiterms_packs = [] (no bundled "
            "glossary) instead; aiterms_packs is taken to be []",
            location=conf_location(app, OPTIONS_BY_NAME["bundled"].confval),
        )
        packs = ()
    installed, problems = installed_packs()
    for problem in problems:
        warn(Subtype.CONFIG, "glossary pack %s: %s", problem.file, problem.message)
    kept = []
    for name in packs:
        if name in installed:
            kept.append(name)
        else:
            _config_warning(
                "packs",
                "no glossary pack %r is installed (installed: %s); it is skipped",
                name,
                ", ".join(sorted(installed)) or "none",
            )
    return tuple(kept)


def check_config(app: Sphinx, config: Config) -> None:
    """``config-inited`` (after the type check): drop, with a warning naming the
    option, glossary files that do not exist and filter entries that name no
    known term or category, so a typo never silently changes what gets linked.

    The cleaned values are what the environment records, so an unchanged
    (broken) configuration does not force a full rebuild every time.
    """
    base = Path(app.confdir)
    values = aiterms_config(config)
    packs = _checked_packs(app, values)
    if packs != values.packs:
        setattr(config, OPTIONS_BY_NAME["packs"].confval, list(packs))
    files = _existing_files(values.glossaries, base)
    if files != values.glossaries:
        setattr(config, OPTIONS_BY_NAME["glossaries"].confval, list(files))
    if not any(getattr(values, o) for o in (*CATEGORY_OPTIONS, *TERM_OPTIONS)):
        return  # nothing names glossary contents: no need to load it this early
    glossary = load_glossary(tuple(base / f for f in files), packs=packs, base_dir=base)
    table = category_table()

    def is_category(value: str) -> bool:  # a source category, or its taxonomy name or slug
        return table.known(value, glossary.categories)

    def is_term(value: str) -> bool:
        return value in glossary or fold(value) in glossary.ambiguous

    checks: list[tuple[str, str, Callable[[str], bool]]] = [
        *((o, "category", is_category) for o in CATEGORY_OPTIONS),
        *((o, "term", is_term) for o in TERM_OPTIONS),
    ]
    for option, what, known in checks:
        entries: tuple[str, ...] = getattr(values, option)
        kept = [v for v in entries if known(v)]
        for value in entries:
            if not known(value):
                _config_warning(option, "unknown %s %r; it is ignored", what, value)
        if len(kept) != len(entries):
            setattr(config, OPTIONS_BY_NAME[option].confval, kept)


__all__ = [
    "ProjectGlossary",
    "autolink_settings",
    "builder_format",
    "check_config",
    "confdir",
    "current_app",
    "current_builder",
    "get_glossary",
    "get_linker",
    "glossary_files",
    "load_project_glossary",
    "project_glossary",
]
