"""The core vocabulary (the ``core`` pack), entry by entry, and the category table.

Every property of issue 17's structural goal is a check function below, run
over every core entry, and each one is also fed a bad entry (loaded through
the same YAML loader as the pack) to show that it catches what it is about:
one-sentence short definitions of at most 160 characters, full definitions of
40 to 150 words, a category of the taxonomy, related terms that resolve, no
name shared across packs without a merge into one term, math that renders, no
HTML, and no 8 consecutive words shared with a seed page or with any sentence
of the evaluation data (``benchmarks/vocabulary/check_originality.py``, which
hashes the same way as ``benchmarks/autolink_eval/shingles.py``). The seed
pages alone keep their counts: 250 occurrences, 165 definitions, 138 terms.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from sphinxcontrib_aiterms.glossary import Definition, Glossary, load_glossary
from sphinxcontrib_aiterms.glossary.categories import category_table
from sphinxcontrib_aiterms.glossary.loader import load_contents, pack_drafts
from sphinxcontrib_aiterms.glossary.markdown import first_sentence, plain_text
from sphinxcontrib_aiterms.glossary.packs import core_pack, seeds_pack
from sphinxcontrib_aiterms.render.markdown import markdown_to_nodes
from sphinxcontrib_aiterms.render.texmath import math_problem

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks" / "vocabulary"))
sys.path.insert(0, str(REPO / "benchmarks" / "autolink_eval"))
import check_originality  # noqa: E402
import evalset  # noqa: E402

CORE = load_glossary(packs=("core",))
SEEDS = load_glossary(packs=("seeds",))
#: The default packs: what related terms must resolve in.
DEFAULT = load_glossary(packs=("core", "seeds"))
TABLE = category_table()
SLUGS = {c.slug for c in TABLE.categories}

SHORT_LIMIT = 160
WORDS = (40, 150)


def bad(text: str, packs: tuple[str, ...] = ()) -> Glossary:
    """A glossary of one YAML file (``terms:`` entries), loaded as pack files are."""
    glossary = load_contents([("bad.yaml", "version: 1\nterms:\n" + text)], packs=packs)
    assert not glossary.problems, glossary.problems
    return glossary


def own(glossary: Glossary) -> list[Definition]:
    """The definitions that came from the test's YAML (not from a pack)."""
    return [d for d in glossary.definitions if not d.pack]


def entry(term: str, short: str, definition: str, **more: str) -> str:
    lines = [f"  - term: {term}", f"    short: {short!r}", "    definition: |"]
    lines += ["      " + line for line in definition.splitlines()]
    lines += [f"    {key}: {value}" for key, value in more.items()]
    return "\n".join(lines) + "\n"


#: A valid body (60 words), for entries that are bad in another way.
BODY = " ".join(["**Widget** is a word of our own, written for this test."] * 6)


# --- the check functions ---------------------------------------------------------------


def short_problems(definition: Definition) -> list[str]:
    """The card text: one sentence of at most 160 characters."""
    short = definition.short.strip()
    found = []
    if not short:
        found.append("no short definition")
    if len(short) > SHORT_LIMIT:
        found.append(f"short definition of {len(short)} characters (> {SHORT_LIMIT})")
    if short and first_sentence(short) != short:
        found.append(f"short definition of more than one sentence: {short!r}")
    return found


_MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.DOTALL)
_FENCE = re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE)
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def word_count(markdown: str) -> int:
    """Words of a body: a formula counts as one word, code blocks as none."""
    text = _MATH.sub(" formula ", _FENCE.sub(" ", markdown))
    return len(_WORD.findall(plain_text(text)))


def length_problems(definition: Definition) -> list[str]:
    count = word_count(definition.body)
    low, high = WORDS
    return [] if low <= count <= high else [f"full definition of {count} words"]


def category_problems(definition: Definition) -> list[str]:
    """Core entries name a category of the taxonomy by its slug."""
    if definition.category in SLUGS:
        return []
    return [f"category {definition.category!r} is not a taxonomy slug"]


def related_problems(glossary: Glossary, within: Glossary) -> list[str]:
    """Every related term of ``glossary`` resolves in ``within`` to another term."""
    found = []
    for term in glossary:
        for name in term.related:
            target = within.resolve(name)
            if target is None:
                found.append(f"{term.key}: related term {name!r} is not in the glossary")
            elif target.key == term.key:
                found.append(f"{term.key}: related term {name!r} is the term itself")
    return found


def split_names(parts: dict[str, Glossary], combined: Glossary) -> list[str]:
    """Names a source's term has that, combined with the other sources, do not
    lead to that term: a name two packs give to different terms must end up as
    one term with several definitions, never as two terms (an alias shadowed by
    another term's key, or an ambiguous one). ``parts`` maps a definition's pack
    ("" for a project's file) to that source's glossary alone."""
    found = []
    for pack, alone in parts.items():
        for term in alone:
            for name in term.names:
                # Within its own source a name may lead elsewhere (a key beats an alias).
                mine = alone.resolve(name)
                if mine is None:
                    continue
                target = combined.resolve(name)
                if target is None or not any(
                    d.pack == pack and d.term == mine.key for d in target.definitions
                ):
                    where = target.key if target is not None else "nothing (ambiguous)"
                    found.append(f"{pack or 'own'}: {term.key!r} name {name!r} leads to {where}")
    return found


@cache
def _settings() -> Any:
    settings = get_default_settings(Parser)
    settings.env = None
    return settings


def math_problems(definition: Definition) -> list[str]:
    """Every formula renders (TeX allow-list and latex2mathml), and every ``$``
    opened a formula (a stray one is text the reader would see)."""
    children, warned = markdown_to_nodes(definition.body, _settings())
    found = ["the Markdown renderer warned"] if warned else []
    for root in children:
        for node in root.findall(nodes.Element):
            if isinstance(node, (nodes.math, nodes.math_block)):
                problem = math_problem(node.astext(), display=isinstance(node, nodes.math_block))
                if problem is not None:
                    found.append(f"math '{node.astext()}': {problem}")
            elif not isinstance(node, (nodes.literal, nodes.literal_block)):
                for text in node.children:
                    if isinstance(text, nodes.Text) and "$" in text.astext():
                        found.append(f"a '$' outside math: {text.astext()!r}")
    return found


# Character references stay tokens of their own (text_join would merge them).
_HTML_MD = (
    MarkdownIt("commonmark")
    .use(dollarmath_plugin, allow_space=True, allow_digits=True)
    .disable("text_join")
)
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^>]*>|<!--")


def _tokens(markdown: str) -> Iterator[Any]:
    for token in _HTML_MD.parse(markdown):
        yield token
        yield from token.children or ()


def html_problems(definition: Definition) -> list[str]:
    """No raw HTML, HTML comments or character references, in the body (outside
    code and math) or in the card text."""
    found = [
        f"HTML {token.content.strip()!r}"
        for token in _tokens(definition.body)
        if token.type in {"html_inline", "html_block"}
    ]
    found += [
        f"character reference {token.markup!r}"
        for token in _tokens(definition.body)
        if token.type == "text_special" and token.info == "entity"
    ]
    for field in (definition.short, definition.title):
        found += [f"HTML in the card text: {m!r}" for m in _TAG.findall(field)]
        found += [f"character reference in the card text: {m!r}" for m in _ENTITY.findall(field)]
    return found


def originality_problems(definition: Definition) -> list[str]:
    shared = check_originality.overlaps(
        {"title": definition.title, "short": definition.short, "definition": definition.body}
    )
    return [f"{field}: {hits} shared 8-word run(s)" for field, hits in shared.items()]


CHECKS = (
    short_problems,
    length_problems,
    category_problems,
    math_problems,
    html_problems,
    originality_problems,
)


# --- every core entry ------------------------------------------------------------------


def test_at_least_300_core_terms_each_with_one_definition_of_the_core_pack() -> None:
    assert len(CORE) >= 300
    assert all(len(t.definitions) == 1 for t in CORE)
    assert {d.pack for d in CORE.definitions} == {"core"}
    assert CORE.problems == ()
    # What builds load (the prepared pack) is what parsing its YAML gives.
    assert len(pack_drafts(core_pack(), prepared=False).build()) == len(CORE)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_every_core_entry_passes(check: Any) -> None:
    failures = {d.id: problems for d in CORE.definitions if (problems := check(d))}
    assert failures == {}


def test_related_terms_resolve_in_the_default_packs() -> None:
    assert sum(len(t.related) for t in CORE) >= len(CORE)  # most entries name some
    assert related_problems(CORE, DEFAULT) == []
    # Related names are kept on the combined term too.
    assert DEFAULT.resolve("kv cache") is not None
    assert DEFAULT.resolve("kv cache").related  # type: ignore[union-attr]


def test_no_name_is_split_across_the_packs() -> None:
    assert split_names({"core": CORE, "seeds": SEEDS}, DEFAULT) == []
    assert DEFAULT.ambiguous == {}
    # Where core and the seed pages define the same term, it is one term with a
    # definition from each, in aiterms_packs order, keeping the seed key and anchor.
    merged = [t for t in DEFAULT if {d.pack for d in t.definitions} == {"core", "seeds"}]
    assert merged
    for term in merged:
        seed = SEEDS.terms[term.key]
        assert term.anchor == seed.anchor
        assert term.definitions[0].pack == "core"
        assert [d.id for d in term.definitions if d.pack == "seeds"] == [
            d.id for d in seed.definitions
        ]


def test_names_are_written_as_usual_with_case_kept_for_acronyms() -> None:
    lora = DEFAULT.resolve("lora")
    assert lora is not None and "LoRA" in (lora.display, *lora.aliases)
    for name in ("RoPE", "MoE", "RAG"):
        term = DEFAULT.resolve(name)
        assert term is not None, name
        assert name in (term.display, *term.aliases), name


# --- each check catches what it is about ------------------------------------------------


def test_short_problems_are_caught() -> None:
    long = "A " + "very " * 40 + "long sentence."
    two = "One sentence. Another sentence."
    glossary = bad(entry("long one", long, BODY) + entry("two sentences", two, BODY))
    found = {d.term: short_problems(d) for d in own(glossary)}
    assert "characters (> 160)" in found["long one"][0]
    assert "more than one sentence" in found["two sentences"][0]
    # Abbreviations do not end a sentence.
    fine = bad(entry("fine", "Compare e.g. a vs. b in one sentence.", BODY))
    assert [short_problems(d) for d in own(fine)] == [[]]


def test_length_problems_are_caught() -> None:
    short_body = "**Widget** is short."
    long_body = " ".join(["**Widget** has a body that is far too long."] * 20)
    glossary = bad(entry("tiny", "Tiny.", short_body) + entry("huge", "Huge.", long_body))
    found = {d.term: length_problems(d) for d in own(glossary)}
    assert found == {
        "tiny": ["full definition of 3 words"],
        "huge": ["full definition of 180 words"],
    }
    # A formula is one word, however long its TeX.
    assert word_count("a $\\frac{a}{b} + c$ b $$x = y + z$$") == 4


def test_category_problems_are_caught() -> None:
    glossary = bad(
        entry("no category", "None.", BODY)
        + entry("made up", "Made up.", BODY, category="wizardry")
        + entry("source name", "A source name.", BODY, category="rag")
        + entry("slug", "A slug.", BODY, category="retrieval")
    )
    found = {d.term: category_problems(d) for d in own(glossary)}
    assert found["no category"] and found["made up"]
    assert found["source name"]  # a seed source category, not a taxonomy slug
    assert found["slug"] == []


def test_related_problems_are_caught() -> None:
    glossary = bad(
        entry("widget", "A widget.", BODY, related="[KV cache, no such term, Widgets]"),
        packs=("seeds",),
    )
    assert related_problems(glossary, glossary) == [
        "widget: related term 'no such term' is not in the glossary",
        "widget: related term 'Widgets' is the term itself",
    ]


def test_split_names_are_caught() -> None:
    # An alias a seed term has as its key: the new term never gets the name.
    shadowed = bad(entry("cache of keys", "A cache.", BODY, aliases="[KV cache]"), packs=("seeds",))
    alone = bad(entry("cache of keys", "A cache.", BODY, aliases="[KV cache]"))
    assert split_names({"": alone, "seeds": SEEDS}, shadowed) == [
        "own: 'cache of keys' name 'KV cache' leads to kv cache"
    ]
    # The same key merges into one term: nothing is split.
    merged = bad(entry("KV cache", "A cache.", BODY), packs=("seeds",))
    alone = bad(entry("KV cache", "A cache.", BODY))
    assert split_names({"": alone, "seeds": SEEDS}, merged) == []
    # An alias two terms claim resolves to neither.
    two = "version: 1\nterms:\n" + entry("widget one", "One.", BODY, aliases="[wd]")
    other = "version: 1\nterms:\n" + entry("widget two", "Two.", BODY, aliases="[wd]")
    combined = load_contents([("a.yaml", two), ("b.yaml", other)], packs=())
    first = load_contents([("a.yaml", two)], packs=())
    assert split_names({"": first}, combined) == [
        "own: 'widget one' name 'wd' leads to nothing (ambiguous)"
    ]


def test_math_problems_are_caught() -> None:
    glossary = bad(
        entry("forbidden", "Forbidden.", BODY + " $\\input{secrets}$ here.")
        + entry("unparsable", "Unparsable.", BODY + " $\\left( x$ here.")
        + entry("stray", "Stray.", BODY + " It costs $5 here.")
        + entry("inline display", "Inline display.", BODY + " so $$\\sum_i x_i$$ inline.")
        + entry("fine", "Fine.", BODY + " $\\mathbb{E}[x^2]$ and\n\n$$\\sum_i x_i$$\n\nmore.")
    )
    found = {d.term: math_problems(d) for d in own(glossary)}
    assert "\\input is not an allowed command" in found["forbidden"][0]
    assert found["unparsable"] == ["math '\\left( x': it is not TeX that latex2mathml can convert"]
    assert [p for p in found["stray"] if "outside math" in p]
    # Display math inside a paragraph is not display math (as in MyST).
    assert [p for p in found["inline display"] if "outside math" in p]
    assert found["fine"] == []


def test_html_problems_are_caught() -> None:
    glossary = bad(
        entry("tagged", "Tagged.", BODY + "\n\n<div>raw</div>")
        + entry("inline", "Inline.", BODY + " a <b>bold</b> word")
        + entry("entity", "Entity.", BODY + " caf&eacute;")
        + entry("card", "A <i>card</i> text.", BODY)
        + entry("code", "Code.", BODY + " `</s>` and $a < b$ are fine")
    )
    found = {d.term: html_problems(d) for d in own(glossary)}
    assert found["tagged"] == ["HTML '<div>raw</div>'"]
    assert found["inline"] == ["HTML '<b>'", "HTML '</b>'"]
    assert found["entity"] == ["character reference '&eacute;'"]
    assert found["card"] == ["HTML in the card text: '<i>'", "HTML in the card text: '</i>'"]
    assert found["code"] == []


def test_originality_problems_are_caught() -> None:
    # Eight consecutive words of a seed page, in another case and punctuation.
    page = sorted((REPO / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")
    words = re.findall(r"[a-z0-9]+", page.casefold())
    copied = ", ".join(words[200:208]).upper()
    seed_copy = bad(entry("seed copy", "Copied.", BODY + " " + copied))
    assert originality_problems(own(seed_copy)[0]) == ["definition: 1 shared 8-word run(s)"]
    short_copy = bad(entry("short copy", copied + ".", BODY))
    assert originality_problems(own(short_copy)[0]) == ["short: 1 shared 8-word run(s)"]
    # Eight words of an evaluation sentence (a tuning one: tests never read the frozen part).
    sentence = _long_tuning_sentence()
    eval_copy = bad(entry("eval copy", "Copied.", BODY + "\n\n" + sentence.replace("$", "")))
    assert originality_problems(own(eval_copy)[0])
    # Seven words are not eight.
    seven = " ".join(sentence.split()[:7])
    assert check_originality.overlaps({"definition": seven}) == {}


def _long_tuning_sentence() -> str:
    for corpus in ("sphinx", "pytest", "scikit-learn"):
        for label in evalset.load_labels(corpus):
            sentence = str(label["sentence"])
            if len(sentence.split()) >= 12 and "$" not in sentence and "`" not in sentence:
                return sentence
    raise AssertionError("no tuning sentence of 12 words")


def test_the_stored_shingles_cover_every_tuning_sentence() -> None:
    """shingles8.txt.gz is current with the labels: every 8-word run of every
    tuning sentence is in it (run benchmarks/autolink_eval/shingles.py after
    labelling). The frozen sentences are covered the same way; tests never
    read them."""
    stored = check_originality.stored_shingles()
    from shingles import shingles  # the module check_originality hashes with

    missing = 0
    for corpus in evalset.load_config().names:
        for label in evalset.load_labels(corpus):
            missing += any(d not in stored for d in shingles(str(label["sentence"])))
    assert missing == 0, f"{missing} sentences; run python benchmarks/autolink_eval/shingles.py"


# --- the seed pages alone, and the category table ---------------------------------------


def test_the_seed_pack_alone_keeps_its_counts() -> None:
    """aiterms_packs = ["seeds"]: 250 occurrences → 165 definitions → 138 terms,
    prepared or parsed, and none of it from the core vocabulary."""
    parsed = pack_drafts(seeds_pack(), prepared=False).build()
    for glossary in (SEEDS, parsed):
        definitions = list(glossary.definitions)
        assert sum(len(d.sources) for d in definitions) == 250
        assert len(definitions) == 165
        assert len(glossary) == 138
    assert {d.pack for d in SEEDS.definitions} == {"seeds"}
    assert [t.key for t in SEEDS] == [t.key for t in parsed]


def test_the_taxonomy_is_small_fixed_and_flagged() -> None:
    categories = TABLE.categories
    assert 15 <= len(categories) <= 25
    assert len(SLUGS) == len(categories)
    assert len({c.name for c in categories}) == len(categories)
    assert all(c.description and isinstance(c.ml, bool) for c in categories)
    assert {c.ml for c in categories} == {True, False}


def test_every_seed_category_and_term_maps_into_the_taxonomy() -> None:
    unmapped = {c for c in SEEDS.categories if TABLE.category(c) is None}
    assert unmapped == set()
    # A seed term without a category gets one from the table; so does every term.
    assert [t.key for t in SEEDS if not TABLE.of_term(t)] == []
    assert [t.key for t in DEFAULT if not TABLE.of_term(t)] == []
    # Table entries for terms name real seed terms and real slugs.
    assert set(TABLE.terms) <= set(SEEDS.terms)
    assert set(TABLE.terms.values()) <= SLUGS
    # `term (category)` keeps the source category: the source name still selects it.
    assert DEFAULT.definition("kv cache", "llm architecture") is not None
