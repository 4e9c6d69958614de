"""sphinxcontrib-aiterms: a curated AI/ML glossary for Sphinx documentation.

The package in layers, each importing only those below it:

* ``glossary/`` — the glossary as data: parse, build, prepare, export; no Sphinx;
* ``linking/`` — names in prose and the one auto-link decision; no Sphinx;
* the Sphinx layer — ``config``, ``warnings_``, ``nodes``, ``project`` (the
  build's glossary), ``render/`` (definition bodies and math), ``domain`` (the
  objects and every build record), ``roles``, ``directive``, ``autolink``,
  ``incremental``, ``writers``, ``gettext``;
* ``html/`` — hover cards, other projects' terms, the generated page, assets;
* ``coverage/`` — the ``aiterms-coverage`` builder and report;
* ``cli`` — the ``aiterms`` command.

:func:`setup` registers everything, in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

__all__ = ["__version__", "setup"]

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension: configuration → nodes → domain → roles and
    directives → transforms → events → builders."""
    from . import autolink, incremental, project
    from .config import OPTIONS, map_deprecated, validate_config
    from .coverage.builder import AitermsCoverageBuilder
    from .directive import (
        AiGlossaryDirective,
        AitermsLatexEmojiTransform,
        AitermsNavigationTransform,
        AitermsUsageTransform,
    )
    from .domain import (
        ENV_VERSION,
        AitermsDomain,
        note_builder,
        record_only_uses,
        update_general_index,
    )
    from .gettext import UntranslatableGlossaryTransform
    from .html import assets, cards, external, page
    from .locale import LOCALE_DIR, MESSAGE_CATALOG
    from .nodes import DIRECTIVE, aiterm_candidate, aiterms_math, aiterms_math_block
    from .nodes import aiterms_used_on as used_on_node
    from .render.texmath import AitermsMathTransform, visit_placeholder
    from .roles import TermRole
    from .writers import UnwrapTermReferencesTransform

    # Configuration: every aiterms_* option, checked before Sphinx's own check
    # (800); the glossary-aware checks after the type checks.
    for option in OPTIONS:
        # A list default (a fresh one per app): Sphinx's -D splits a list option at commas.
        default = list(option.default) if isinstance(option.default, tuple) else option.default
        app.add_config_value(option.confval, default, option.rebuild, types=option.types)
    app.connect("config-inited", validate_config, priority=100)
    app.connect("config-inited", map_deprecated, priority=110)
    app.connect("config-inited", project.check_config, priority=150)
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))

    # Nodes. Math placeholders show their TeX, escaped, if a builder resolves
    # doctrees without the post-transforms (registered by format, design notes P6).
    app.add_node(aiterm_candidate)
    app.add_node(used_on_node)
    placeholder = (visit_placeholder, None)
    for node_class in (aiterms_math, aiterms_math_block):
        app.add_node(
            node_class,
            html=placeholder,
            latex=placeholder,
            text=placeholder,
            man=placeholder,
            texinfo=placeholder,
        )

    # The domain, its roles, the directives.
    app.add_domain(AitermsDomain)
    app.add_role("term-ai", TermRole())
    app.add_role_to_domain("aiterms", "term", TermRole())
    app.add_role_to_domain("aiterms", "term-ai", TermRole())
    app.add_directive(DIRECTIVE, AiGlossaryDirective)
    app.add_directive("no-autolink", autolink.NoAutolinkDirective)
    app.add_role("no-autolink", autolink.no_autolink_role)

    # Post-transforms, in priority order: unwrap links for man/text/texinfo (20),
    # auto-links (55), "used on" (56), other projects' terms, math and
    # HTML-only navigation (400), LaTeX emoji (400), gettext (900).
    app.add_post_transform(UnwrapTermReferencesTransform)
    app.add_post_transform(autolink.AutolinkTransform)
    app.add_post_transform(AitermsUsageTransform)
    app.add_post_transform(external.ExternalTermsTransform)
    app.add_post_transform(AitermsMathTransform)
    app.add_post_transform(AitermsNavigationTransform)
    app.add_post_transform(AitermsLatexEmojiTransform)
    app.add_post_transform(UntranslatableGlossaryTransform)

    # Events. builder-inited: this build's glossary, other projects' terms, assets.
    app.connect("builder-inited", project.load_project_glossary, priority=100)
    app.connect("builder-inited", note_builder)
    app.connect("builder-inited", external.load_external)
    app.connect("builder-inited", assets.add_assets)
    app.connect("builder-inited", page.allow_in_toctrees)
    # Incremental builds: what glossary changes re-read and re-write.
    app.connect("env-get-outdated", incremental.outdated_documents)
    app.connect("env-before-read-docs", autolink.build_linker)
    # Reading: candidates after the metadata collector (500), then the `only`
    # conditions around term uses; which other projects a page links to.
    app.connect("doctree-read", autolink.mark_candidates, priority=600)
    app.connect("doctree-read", record_only_uses, priority=700)
    app.connect("doctree-read", external.note_users)
    # After reading: usage and the general index, then what to re-write.
    app.connect("env-updated", update_general_index)
    app.connect("env-get-updated", incremental.updated_documents)
    # Writing: hover cards; glossary pages' own files; the generated page; aiterms.json.
    app.connect("html-page-context", cards.add_cards)
    app.connect("html-page-context", assets.add_page_assets)
    app.connect("html-collect-pages", page.generated_pages)
    app.connect("build-finished", page.singlehtml_page)
    app.connect("build-finished", external.write_json)

    # Builders.
    app.add_builder(AitermsCoverageBuilder)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
