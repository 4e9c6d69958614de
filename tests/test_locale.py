"""The extension's own strings go through its message catalog.

A German build must show the translated card link, definition count, glossary
labels and index name; and the catalog template must list every string the code
marks for translation, so translators never miss one.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from conftest import REPO
from helpers import build_project

LOCALE = REPO / "sphinxcontrib_aiterms" / "locale"
TEMPLATE = LOCALE / "sphinxcontrib-aiterms.pot"


def test_german_build_uses_the_catalog(rootdir: Path, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-cards", src)
    result = build_project(
        src, tmp_path / "out", confoverrides={"language": "de"}, extract=lambda soup: soup
    )
    assert result.status == 0, result.warnings
    index = result.pages["index.html"]
    more = {a.get_text(" ", strip=True) for a in index.select("a.aiterm-card-more")}
    assert more == {"Zur Definition"}
    counts = {s.get_text(strip=True) for s in index.select(".aiterm-card-count")}
    assert "2 Definitionen" in counts, counts
    glossary = result.pages["glossary.html"].get_text(" ", strip=True)
    assert "Verwendet auf:" in glossary
    assert "Used on:" not in glossary
    assert "KI-Begriffsindex" in (result.outdir / "aiterms-index.html").read_text("utf-8")


def _marked_strings() -> set[str]:
    """Every string marked with ``_()`` or ``_ngettext()`` in the package
    (singular forms), found by babel as ``pybabel extract`` would."""
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(REPO / "sphinxcontrib_aiterms"),
        method_map=[("**.py", "python")],
        keywords={"_": None, "_ngettext": (1, 2)},
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_template_lists_every_marked_string() -> None:
    with TEMPLATE.open("rb") as stream:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(stream) if m.id}
    marked = _marked_strings()
    assert marked, "no marked strings found"
    assert marked <= template, sorted(marked - template)
    # Strings inside f-strings are invisible to the extractor: listed by hand.
    source = (REPO / "sphinxcontrib_aiterms" / "html" / "cards.py").read_text("utf-8")
    for text in re.findall(r"_\('([^']+)'\)", source):
        assert text in template, text


def test_translations_cover_the_template() -> None:
    with TEMPLATE.open("rb") as stream:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(stream) if m.id}
    po_files = sorted(LOCALE.glob("*/LC_MESSAGES/sphinxcontrib-aiterms.po"))
    assert LOCALE / "de" / "LC_MESSAGES" / "sphinxcontrib-aiterms.po" in po_files
    for po_file in po_files:
        with po_file.open("rb") as stream:
            catalog = read_po(stream)
        translated = {
            m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and m.string
        }
        assert template <= translated, (po_file, sorted(template - translated))
        # The compiled catalog (what Sphinx loads) is up to date with the .po file.
        with po_file.with_suffix(".mo").open("rb") as stream:
            compiled = read_mo(stream)

        def pairs(messages: Catalog) -> set[tuple[str, str]]:
            def text(value: object) -> str:  # plural forms: a list or a tuple
                return "|".join(value) if isinstance(value, list | tuple) else str(value)

            return {(text(m.id), text(m.string)) for m in messages if m.id}

        assert pairs(compiled) == pairs(catalog)
