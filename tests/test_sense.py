"""The sense of each occurrence, decided from its own context (``linking.sense``).

Sentences written for these tests (the issue's examples among them), in both
senses of the words that have two: attention, anchors, attribution; kanban only
in a manufacturing context; ATLAS only with evidence; spellings of a name; the
role and the linker agreeing on every spelling.
"""

from __future__ import annotations

import pytest

from sphinxcontrib_aiterms.glossary import load_glossary
from sphinxcontrib_aiterms.glossary.model import Glossary
from sphinxcontrib_aiterms.glossary.names import name_key
from sphinxcontrib_aiterms.linking import AutolinkSettings, Block, Linker, Reason
from sphinxcontrib_aiterms.linking.names import spellings


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


@pytest.fixture(scope="module")
def linker(glossary: Glossary) -> Linker:
    return Linker(glossary, AutolinkSettings())


def verdicts(linker: Linker, text: str, *sections: str) -> dict[str, Reason]:
    """The verdict on each name found in ``text`` (as written → reason)."""
    block = Block(text, ((0, len(text)),), sections)
    evidence, _links = linker.link_page([block])
    return {f.text: f.verdict.reason for f in linker.findings(block, evidence)}


def linked(linker: Linker, text: str, *sections: str) -> list[str]:
    block = Block(text, ((0, len(text)),), sections)
    _evidence, links = linker.link_page([block])
    return [f.text for f in links[0]]


EVERYDAY = [
    ("To help your issue receive attention, add a minimal example.", "attention"),
    ("It has received a considerable amount of attention just recently.", "attention"),
    ("Pay attention to the memory budget when you raise the batch size.", "attention"),
    ("The amount of attention you give to evaluation matters.", "attention"),
    ("This needs more attention from the maintainers.", "attention"),
    ("Use the HTML anchors to link sections of a page.", "anchors"),
    ("Broken anchors in the URL are reported by linkcheck.", "anchors"),
    ("The images need attribution under the Creative Commons licence.", "attribution"),
    ("Found a regression in version 2.1 of the parser.", "regression"),
]


@pytest.mark.parametrize(("text", "word"), EVERYDAY)
def test_everyday_senses_are_not_linked(linker: Linker, text: str, word: str) -> None:
    found = verdicts(linker, text)
    assert found[word] in {Reason.EVERYDAY_USE, Reason.NO_EVIDENCE}, found
    assert word not in linked(linker, text)


ML_SENSE = [
    ("Attention computes a weighted sum of values, weighted by query-key scores.", "Attention"),
    ("The attention between a query and a set of key/value pairs runs in one kernel.", "attention"),
    ("FP8 attention halves the memory traffic of the prefill.", "attention"),
    ("Anchors explain a classifier's prediction with if-then rules over features.", "Anchors"),
    (
        "Attribution links each claim of the answer to the retrieved passage it came from.",
        "Attribution",
    ),
    ("Fit a regression model to the training data and report the residuals.", "regression"),
]


@pytest.mark.parametrize(("text", "word"), ML_SENSE)
def test_ml_senses_are_linked(linker: Linker, text: str, word: str) -> None:
    assert word in linked(linker, text), verdicts(linker, text)


def test_kanban_only_in_a_manufacturing_context(linker: Linker) -> None:
    assert "kanban" not in linked(linker, "We track our sprint on a kanban board in the wiki.")
    factory = (
        "A kanban card travels with each bin: the downstream station pulls parts from the "
        "upstream station, so the production line holds little inventory."
    )
    assert "kanban" in linked(linker, factory)


def test_atlas_only_with_evidence(linker: Linker) -> None:
    assert "ATLAS" not in linked(linker, "Link against the ATLAS library for BLAS routines.")
    retrieval = (
        "ATLAS is a retrieval-augmented language model: a retriever finds passages and "
        "the generator attends to them during pretraining and fine-tuning."
    )
    assert "ATLAS" in linked(linker, retrieval)


def test_specific_names_need_no_evidence(linker: Linker) -> None:
    assert "ARIMA" in linked(linker, "Choose the order of an ARIMA.")
    assert linked(linker, "Each step appends to the KV cache.") == ["KV cache"]


def test_spellings_of_a_name(linker: Linker) -> None:
    text = "The KV-cache grows with the sequence; kv-cache blocks are paged in GPU memory."
    assert [t for t in linked(linker, text) if "cache" in t.lower()] == ["KV-cache", "kv-cache"]
    # Another case of an acronym needs evidence: none here.
    assert "kv cache" not in linked(linker, "Clear the kv cache folder of the web server.")


def test_a_partial_alias_needs_the_rest_of_its_name(linker: Linker) -> None:
    assert "AOT" in linked(linker, "JIT and AOT compile the model graph before serving.")
    assert "AOT" not in linked(linker, "The AOT team meets on Mondays.")


def test_role_and_linker_agree_on_every_spelling(glossary: Glossary) -> None:
    """Every spelling the linker looks for resolves, by the shared name form,
    to the same term the linker links it to."""
    index: dict[str, str] = {}
    for term in glossary:
        for name in (term.key, *term.aliases):
            index.setdefault(name_key(name), term.key)
    for term in glossary:
        for name in (term.display, *term.aliases):
            for spelling in spellings(name):
                for form in (spelling, spelling.lower(), spelling.upper()):
                    assert (
                        index.get(name_key(form))
                        in {term.key, *glossary.ambiguous.get(name_key(form), ())}
                        or glossary.resolve(form) is not None
                    ), (term.key, form)


def test_modes(glossary: Glossary) -> None:
    text = "We track our sprint on a kanban board in the wiki."
    off = Linker(glossary, AutolinkSettings(sense="off"))
    assert "kanban" in linked(off, text)
    strict = Linker(glossary, AutolinkSettings(sense="strict"))
    assert "attention" not in linked(strict, "FP8 attention is fast.")


def test_code_titles_citations_and_quoted_labels_are_not_prose(linker: Linker) -> None:
    assert verdicts(linker, "Cast the weights with np.float32 first.")["float32"] is Reason.CODE
    assert verdicts(linker, "Then self.encoder = nn.Dense(8) is set.")["encoder"] is Reason.CODE
    title = "Murphy, K. P. Machine Learning: A Probabilistic Perspective. MIT Press, 2012."
    assert verdicts(linker, title)["Machine Learning"] is Reason.TITLE
    journal = "Published in the Journal of Machine Learning Research, 12(1), 2011."
    assert verdicts(linker, journal)["Machine Learning"] is Reason.TITLE
    label = "The column \u201cforecast (prev)\u201d shows the old value of the time series."
    assert verdicts(linker, label)["forecast"] is Reason.TITLE
    # The same words in prose are linked.
    assert "machine learning" in linked(
        linker, "Machine learning models need data; machine learning is fun."
    )


def test_a_name_with_another_sense_in_ml_needs_words_of_its_own(linker: Linker) -> None:
    sklearn = "Fit the transformer on the training data, then transform the test features."
    assert verdicts(linker, sklearn)["transformer"] is Reason.NO_EVIDENCE
    neural = "Each transformer block applies self-attention over the tokens of the sequence."
    assert "transformer" in linked(linker, neural)
    stats = "Wald inference on the coefficients of the fitted regression model."
    assert verdicts(linker, stats)["inference"] is Reason.EVERYDAY_USE
    metric = "The Silhouette Coefficient of the clustering is high."
    assert verdicts(linker, metric)["Coefficient"] in {Reason.EVERYDAY_USE, Reason.TITLE}


def test_an_ml_page_vouches_for_its_common_words(linker: Linker) -> None:
    plain = "Compare the variance of both runs."
    alone = Block(plain, ((0, len(plain)),))
    evidence, links = linker.link_page([alone])
    assert links == [[]] and evidence.page_signals == 0
    ml = "We fine-tune a neural network with gradient descent on a GPU, using PyTorch and LoRA."
    page = [Block(ml, ((0, len(ml)),)), alone]
    evidence, links = linker.link_page(page)
    assert evidence.page_signals >= 5
    assert [f.text for f in links[1]] == ["variance"]
    # An everyday phrase stays unlinked however much the page is about ML.
    receive = "To help your issue receive attention, add an example."
    evidence, links = linker.link_page([page[0], Block(receive, ((0, len(receive)),))])
    assert links[1] == []


def test_a_colliding_acronym_is_never_linked_as_a_partial_alias(linker: Linker) -> None:
    text = "The public API is documented; API documentation generation is automatic."
    found = verdicts(linker, text)
    assert found["API"] is Reason.PARTIAL_ALIAS
    assert "API documentation generation" in linked(linker, text)


def test_a_glossary_file_sets_a_terms_rule(tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    base = Path(str(tmp_path))
    (base / "g.yaml").write_text(
        "terms:\n"
        "  - term: zorp drive\n    definition: A drive of zorps.\n    autolink: never\n"
        "  - term: widget\n    definition: A part of a zorp drive.\n    autolink: always\n"
        "  - term: flux gate\n    definition: A gate for flux.\n    autolink: evidence\n"
    )
    glossary = load_glossary(["g.yaml"], base_dir=base, packs=())
    assert glossary.problems == ()
    text = "Mount the zorp drive, then a widget, then the flux gate."
    linker = Linker(glossary, AutolinkSettings())
    found = verdicts(linker, text)
    assert found["zorp drive"] is Reason.EXCLUDED_TERM  # never: even a specific name
    assert found["widget"] is Reason.LINK  # always: no evidence asked
    assert found["flux gate"] is Reason.LINK  # the other names vouch for it here…
    alone = verdicts(linker, "Then open the flux gate.")
    assert alone["flux gate"] is Reason.NO_EVIDENCE  # …alone, evidence is asked of it
    # Stop words and exclude_terms win over "always".
    stopped = Linker(glossary, AutolinkSettings(stopwords=frozenset({"widget"})))
    assert verdicts(stopped, text)["widget"] is Reason.STOPWORD
    excluded = Linker(glossary, AutolinkSettings(exclude_terms=frozenset({"widget"})))
    assert verdicts(excluded, text)["widget"] is Reason.EXCLUDED_TERM
