"""Glossary packs: this package's two, and a third-party one found as pip installs it.

The test pack (``tests/data/packs``, see :mod:`packsite`) is found through its
``.dist-info`` on ``sys.path``, offline; the tests build a real project with it
(``tests/roots/test-packs``: ``aiterms_packs = ["core", "seeds", "testpack"]``).
Its glossary has one broken entry, so every build with it warns once, at that
entry's line.
"""

from __future__ import annotations

import shutil
import sys
import tomllib
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from helpers import assert_parallel_matches_serial, build_project, page_record, strip_colors
from packsite import GLOSSARY, SITE, forget_packs, install

from sphinxcontrib_aiterms.glossary import loader
from sphinxcontrib_aiterms.glossary.packs import (
    DEFAULT_PACKS,
    ENTRY_POINT_GROUP,
    builtin_packs,
    installed_packs,
    pack_file,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE / "roots" / "test-packs"
REPO = HERE.parent
DOCS = {"index", "uses", "glossary", "plain"}


@pytest.fixture
def testpack(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The test pack installed (its folder on sys.path); the pack's glossary file."""
    install(monkeypatch)
    yield GLOSSARY
    forget_packs()  # sys.path is restored after this; nothing is cached meanwhile


# --- finding packs --------------------------------------------------------------------


def test_a_third_party_pack_is_found_through_its_dist_info(testpack: Path) -> None:
    installed, problems = installed_packs()
    assert problems == ()
    assert sorted(installed) == ["core", "seeds", "testpack"]
    pack = installed["testpack"]
    assert (pack.version, pack.provider) == ("1.0", "aiterms-testpack")
    assert pack.title == "Test pack (sphinxcontrib-aiterms tests)"
    assert pack.files == (testpack,)
    assert pack_file("testpack", "testpack/glossary.yaml") == testpack
    assert pack_file("testpack", "testpack/other.yaml") is None


def test_without_it_only_the_bundled_packs_are_installed() -> None:
    forget_packs()
    assert set(installed_packs()[0]) == {"core", "seeds"}


def test_the_bundled_packs_are_declared_as_entry_points() -> None:
    """pyproject.toml declares both bundled packs in the group; each entry point
    loads the same pack the package always has (installed or not)."""
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    declared = data["project"]["entry-points"][ENTRY_POINT_GROUP]
    assert set(declared) == set(builtin_packs()) == set(DEFAULT_PACKS)
    for name, value in declared.items():
        entry = metadata.EntryPoint(name, value, ENTRY_POINT_GROUP)
        assert entry.load()() == builtin_packs()[name]


def test_a_broken_entry_point_is_a_problem_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    info = site / "broken_pack-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-pack\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\nbroken = no_such_module_here:PACK\nmisnamed = json:dumps\n"
        "Bad/Name = aiterms_badname:PACK\n"
    )
    (site / "aiterms_badname.py").write_text(
        "from sphinxcontrib_aiterms.glossary import Pack\nPACK = Pack('Bad/Name', '1')\n"
    )
    install(monkeypatch, site)
    try:
        installed, problems = installed_packs()
        assert set(installed) == {"core", "seeds"}
        assert [p.file for p in problems] == [
            "entry point Bad/Name = aiterms_badname:PACK",
            "entry point broken = no_such_module_here:PACK",
            "entry point misnamed = json:dumps",
        ]
        assert "a pack's name is lower-case letters" in problems[0].message
        assert "cannot load the pack: No module named 'no_such_module_here'" in problems[1].message
    finally:
        forget_packs()
        sys.modules.pop("aiterms_badname", None)


def test_a_third_party_pack_can_ship_its_prepared_form(
    testpack: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m sphinxcontrib_aiterms.prepare --pack NAME` writes the file the
    pack names as ``prepared``; loading from it gives what parsing gives. A
    prepared file that cannot be read is a problem, and the YAML is read instead."""
    from sphinxcontrib_aiterms.glossary.export import to_json
    from sphinxcontrib_aiterms.glossary.packs import Pack
    from sphinxcontrib_aiterms.prepare import main

    parsed = loader.pack_drafts(installed_packs()[0]["testpack"]).build()
    with pytest.raises(SystemExit, match="names no prepared file"):
        main(["--pack", "testpack"])
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    module = site / "aiterms_testpack" / "__init__.py"
    text = module.read_text(encoding="utf-8")
    module.write_text(
        text.replace(
            'files=(HERE / "glossary.yaml",),',
            'files=(HERE / "glossary.yaml",),\n        prepared=HERE / "testpack.json.gz",',
        ),
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        install(patch, site)
        try:
            assert main(["--pack", "testpack", "--check"]) == 1  # not written yet
            assert main(["--pack", "testpack"]) == 0
            assert main(["--pack", "testpack", "--check"]) == 0
            assert "wrote " in capsys.readouterr().out
            pack = installed_packs()[0]["testpack"]
            assert pack.prepared == site / "aiterms_testpack" / "testpack.json.gz"
            prepared = loader.pack_drafts(pack).build()
            assert to_json(prepared) == to_json(parsed)
            assert prepared.problems == parsed.problems
        finally:
            forget_packs()
    damaged = tmp_path / "damaged.json.gz"
    damaged.write_bytes(b"not gzip")
    pack = Pack("damaged", "1", files=(GLOSSARY,), prepared=damaged)
    built = loader.pack_drafts(pack).build()
    assert len(built) == len(parsed)
    assert built.problems[0].file == "damaged/damaged.json.gz"
    assert "prepared form cannot be read" in built.problems[0].message


# --- building with a pack -------------------------------------------------------------


def test_a_project_builds_with_a_third_party_pack(testpack: Path, tmp_path: Path) -> None:
    result = build_project(ROOT, tmp_path, extract=page_record)
    assert result.status == 0
    # The pack's broken entry, located at its own file and line (no other warning).
    warnings = strip_colors(result.warnings).splitlines()
    assert warnings == [
        f"{testpack}:21: WARNING: a term entry needs 'definition'; this entry is "
        "skipped (terms[2]) [aiterms.glossary]"
    ]
    # Its term is linked, in objects.inv, and shown on the glossary page.
    links = result.pages["uses.html"]["links"]
    assert ("flux capacitor", "glossary.html#aiterm-flux-capacitor") in links
    assert ("FluxCap", "glossary.html#aiterm-flux-capacitor") in links
    terms = result.inventory["aiterms:term"]
    assert terms["flux capacitor"] == "glossary.html#aiterm-flux-capacitor"
    assert terms["fluxcap"] == "glossary.html#aiterm-flux-capacitor"
    page = (tmp_path / "html" / "glossary.html").read_text(encoding="utf-8")
    assert "only this test pack defines" in page or "no other glossary has" in page
    # A term three packs define: one term, a definition from each, in aiterms_packs
    # order; the pack's cited by its title, never by a path inside it.
    assert terms["kv cache"] == "glossary.html#aiterm-kv-cache"
    body = page[page.index('id="aiterm-kv-cache"') :]
    core_at = body.index("is the store of key and value vectors")
    seeds_at = body.index("accelerate autoregressive LLM")
    pack_at = body.index("as the test pack sees it")
    assert core_at < seeds_at < pack_at
    assert "Test pack (sphinxcontrib-aiterms tests)" in page
    assert "testpack/glossary.yaml" not in page and str(SITE) not in page


def test_an_unknown_pack_is_a_clear_warning(tmp_path: Path) -> None:
    forget_packs()
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace(
            'aiterms_packs = ["core", "seeds", "testpack"]',
            'aiterms_packs = ["seeds", "no-such-pack"]',
        ),
        encoding="utf-8",
    )
    result = build_project(src, tmp_path / "out", extract=lambda soup: None)
    assert result.status == 0
    warnings = strip_colors(result.warnings)
    assert (
        "WARNING: aiterms_packs: no glossary pack 'no-such-pack' is installed "
        "(installed: core, seeds); it is skipped [aiterms.config]"
    ) in warnings
    # The rest of the configuration holds: the seed pages' terms still link.
    assert "unknown AI term 'KV cache'" not in warnings
    assert "unknown AI term 'flux capacitor'" in warnings  # no test pack here


def test_list_options_take_comma_separated_values_on_the_command_line(tmp_path: Path) -> None:
    # -D aiterms_packs=seeds (Sphinx splits a list option's value at commas).
    forget_packs()
    result = build_project(
        ROOT,
        tmp_path / "out",
        confoverrides={
            "aiterms_packs": "seeds",
            "aiterms_autolink_exclude_terms": "attention,kv cache",
        },
        extract=lambda soup: None,
    )
    assert result.status == 0
    warnings = strip_colors(result.warnings)
    assert "unsupported type" not in warnings and "aiterms.config" not in warnings
    assert "unknown AI term 'KV cache'" not in warnings  # a seed term
    assert "unknown AI term 'flux capacitor'" in warnings  # the test pack is not selected


def test_a_project_file_in_a_folder_named_like_a_pack_keeps_its_warnings(
    tmp_path: Path,
) -> None:
    """Only a pack's own sources are its: a project's ``core/terms.yaml`` is the
    project's, and its problems are warnings like any other file's."""
    src = tmp_path / "src"
    (src / "core").mkdir(parents=True)
    (src / "conf.py").write_text(
        "extensions = ['sphinxcontrib_aiterms']\nshow_warning_types = True\n"
        "aiterms_packs = ['core', 'seeds']\naiterms_glossaries = ['core/terms.yaml']\n",
        encoding="utf-8",
    )
    (src / "index.rst").write_text("Index\n=====\n\nText.\n", encoding="utf-8")
    (src / "core" / "terms.yaml").write_text(
        "version: 1\nterms:\n  - term: widget\n", encoding="utf-8"
    )
    result = build_project(src, tmp_path / "out", extract=lambda soup: None)
    assert result.status == 0
    assert strip_colors(result.warnings).splitlines() == [
        f"{src / 'core' / 'terms.yaml'}:3: WARNING: a term entry needs 'definition'; "
        "this entry is skipped (terms[0]) [aiterms.glossary]"
    ]


def test_parallel_builds_with_a_pack_equal_serial_ones(testpack: Path, tmp_path: Path) -> None:
    serial, _ = assert_parallel_matches_serial(ROOT, tmp_path, jobs=2, extract=page_record)
    assert serial.pages["uses.html"]["links"]


def _reads(work: Path) -> set[str]:
    log = work / "readlog.txt"
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    return {line.split()[1] for line in lines if line.startswith("read ")}


@pytest.mark.parametrize("autolink", [True, False])
def test_a_new_pack_version_makes_the_rebuild_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, autolink: bool
) -> None:
    """An incremental build after the pack's distribution is upgraded (a new
    version, the same text) re-reads what depends on the glossary: every page
    with auto-linking on, the pages using terms without; and equals a clean build."""
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    install(monkeypatch, site)
    work = tmp_path / "work"
    overrides = {"aiterms_autolink": str(int(autolink))}
    try:
        first = build_project(ROOT, work, confoverrides=overrides, extract=page_record)
        assert first.status == 0
        assert _reads(work) == DOCS
        forget_packs()
        again = build_project(ROOT, work, confoverrides=overrides, fresh=False)
        assert again.status == 0
        assert _reads(work) == set()  # nothing changed: nothing is read

        info = site / "aiterms_testpack-1.0.dist-info"
        text = (info / "METADATA").read_text(encoding="utf-8")
        (info / "METADATA").write_text(text.replace("Version: 1.0", "Version: 1.1"), "utf-8")
        info.rename(site / "aiterms_testpack-1.1.dist-info")
        forget_packs()  # a new process, as after `pip install -U`
        assert installed_packs()[0]["testpack"].version == "1.1"
        upgraded = build_project(
            ROOT, work, confoverrides=overrides, fresh=False, extract=page_record
        )
        assert upgraded.status == 0
        assert _reads(work) == (DOCS if autolink else {"uses", "glossary"})
        clean = build_project(
            ROOT, tmp_path / "clean", confoverrides=overrides, extract=page_record
        )
        assert upgraded.pages == clean.pages
        assert upgraded.inventory == clean.inventory
    finally:
        forget_packs()


# --- the documented template and taxonomy -----------------------------------------------


def taxonomy_table() -> str:
    """The taxonomy table of example_docs/packs.rst, made from categories.toml."""
    from sphinxcontrib_aiterms.glossary.categories import TABLE

    data = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 20 18 7 35 20",
        "   :class: docs-taxonomy",
        "",
        "   * - Category",
        "     - Slug",
        "     - AI/ML",
        "     - What it covers",
        "     - Source categories it takes in",
    ]
    for category in data["category"]:
        sources = ", ".join(f"``{s}``" for s in category.get("sources", [])) or "—"
        lines += [
            f"   * - {category['name']}",
            f"     - ``{category['slug']}``",
            f"     - {'yes' if category['ml'] else 'no'}",
            f"     - {category['description']}",
            f"     - {sources}",
        ]
    return "\n".join(lines) + "\n"


def test_the_packs_page_lists_the_taxonomy() -> None:
    """example_docs/packs.rst lists every category of categories.toml, as the
    table says (on failure, paste the expected table into the page)."""
    page = (REPO / "example_docs" / "packs.rst").read_text(encoding="utf-8")
    expected = taxonomy_table()
    assert expected in page, "the taxonomy table of packs.rst should read:\n\n" + expected
    from sphinxcontrib_aiterms.glossary.categories import category_table

    for category in category_table().categories:
        assert f"``{category.slug}``" in page


def test_the_packs_page_template_is_the_test_pack() -> None:
    """The documented template and the test pack agree on the entry point group
    and how a pack is made."""
    page = (REPO / "example_docs" / "packs.rst").read_text(encoding="utf-8")
    assert f'[project.entry-points."{ENTRY_POINT_GROUP}"]' in page
    entry_points = (SITE / "aiterms_testpack-1.0.dist-info" / "entry_points.txt").read_text(
        encoding="utf-8"
    )
    assert f"[{ENTRY_POINT_GROUP}]" in entry_points
    for needle in ("from sphinxcontrib_aiterms.glossary import Pack", "metadata.version("):
        assert needle in page
        assert needle in (SITE / "aiterms_testpack" / "__init__.py").read_text(encoding="utf-8")
