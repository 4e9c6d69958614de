"""Markdown normalisation, LaTeX repair and card texts (short and concise)."""

from __future__ import annotations

import itertools

import pytest
from helpers import load_seeds

from sphinxcontrib_aiterms.glossary.markdown import (
    first_sentence,
    math_to_text,
    repair_math_in_text,
    to_markdown,
)


def _definition(definition_id: str):  # type: ignore[no-untyped-def]
    definition = load_seeds().by_definition_id(definition_id)
    assert definition is not None, definition_id
    return definition


@pytest.mark.parametrize(
    ("definition_id", "expected_end"),
    [
        # "vs." is not a sentence end.
        (
            "asymmetric-loss-functions-machine-learning",
            "treating each type of mistake differently.",
        ),
        # "et al." is not a sentence end.
        ("knowledge-distillation-variants-model-compression", "and relation-based approaches."),
        # The period inside a closing quote ends the sentence, and no further.
        ("attention-transfer-model-compression", 'rather than just "what to predict."'),
        # A plain lead with no bold title.
        ("attention-mask", "during self-attention computation."),
    ],
)
def test_short_text_sentence_traps(definition_id: str, expected_end: str) -> None:
    short = _definition(definition_id).short
    assert short.endswith(expected_end)
    assert "**" not in short
    assert "\n" not in short


def test_short_text_skips_heading_only_lines() -> None:
    # 003:304 starts with three heading-only lines (inline in the page layout).
    assert _definition("langchain-framework-2").short == (
        "Most popular framework for building LLM applications."
    )
    assert _definition("attention").short.startswith("Attention mechanisms compute")


def test_period_inside_bold_does_not_end_the_sentence() -> None:
    text = "**X** is **a thing into a child design.** - It recombines parts. More."
    assert (
        first_sentence(text) == "**X** is **a thing into a child design.** - It recombines parts."
    )


def test_concise_text() -> None:
    # "**T** is **D** - clause": the bold definition is the core.
    assert _definition("kaizen-manufacturing-operations").concise.endswith(
        "structured problem solving."
    )
    # Otherwise cut at the first dash that does not follow the title directly.
    assert _definition("attention-rollout-explainable-ai").concise == (
        "Attention Rollout is a visualization technique that aggregates attention "
        "weights across all transformer layers."
    )
    assert _definition("atomic-operation").concise.startswith("Atomic Operations — CPU-level")
    for definition in load_seeds().definitions:
        assert len(definition.concise) <= len(definition.short) + 1
        assert len(definition.concise) < 300


def test_lost_latex_backslashes_are_repaired() -> None:
    assert (
        repair_math_in_text("of $5 ext{ million}$ distinct") == r"of $5 \text{ million}$ distinct"
    )
    assert (
        repair_math_in_text("$ ext{Attention}(Q,K,V) = ext{softmax}(frac{QK^T}{sqrt{d_k}})V$")
        == r"$\text{Attention}(Q,K,V) = \text{softmax}(\frac{QK^T}{\sqrt{d_k}})V$"
    )
    assert repair_math_in_text("$ ilde{A} = heta imes 2$") == r"$\tilde{A} = \theta \times 2$"
    # Backslashes that survived are kept, not doubled.
    kept = r"$$Attention(Q, K, V) = softmax\left(\frac{QK^T}{\sqrt{d_k}}\right)V$$"
    assert repair_math_in_text(kept) == kept


def test_newline_escape_split_is_rejoined() -> None:
    # 003:22-23: `\nabla` became a line break inside the math span.
    body = _definition("l-infinity-attacks-ai-safety").body
    assert r"\text{sign}(\nabla_x L)$." in body
    assert "\nabla_x" not in body.replace(r"\nabla", "")


def test_currency_stays_text() -> None:
    body = _definition("api-documentation-generation-code-ai").body
    assert r"\$4.75 trillion" in body
    for definition_id in ("langchain-framework", "language-model-pretraining"):
        assert r"\$" in _definition(definition_id).body
    assert math_to_text("costs $4.75 trillion and $25M+") == "costs $4.75 trillion and $25M+"
    # A dollar pair with TeX in between is math even when it starts with a digit.
    assert r"$3 \times 3$" in _definition("attention-distance-analysis-explainable-ai").body


def test_math_reads_as_text_in_titles_and_cards() -> None:
    definition = _definition("l-infinity-attacks-ai-safety")
    assert definition.title == "L∞ Attacks"
    assert definition.concise == (
        "L∞ Attacks are adversarial attacks that perturb every input feature by at most ε."
    )
    assert _definition("l0-attacks-ai-safety").title == "L₀ Attacks"


def test_markdown_blocks_are_separated() -> None:
    lines = [
        "**X** is a thing.",
        "**Why X Matters**",
        "- **A**: one.",
        "- **B**: two.",
        "| a | b |",
        "|---|---|",
        "| 1 | 2",
        "• **C** — three",
        "Closing line.",
    ]
    assert to_markdown(lines) == (
        "**X** is a thing.\n\n**Why X Matters**\n\n- **A**: one.\n- **B**: two.\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n- **C** — three\n\nClosing line."
    )


def test_unfenced_code_is_fenced() -> None:
    body = _definition("langchain").body  # langchain,framework,orchestration,chains
    assert "```python\nfrom langchain_openai import ChatOpenAI, OpenAIEmbeddings\n" in body
    assert "| prompt\n| llm\n| StrOutputParser()\n)" in body
    assert body.count("```") % 2 == 0


def test_every_body_has_balanced_fences_and_no_lazy_continuations() -> None:
    for definition in load_seeds().definitions:
        body = definition.body
        assert body.count("```") % 2 == 0, definition.id
        assert "\n\n\n" not in body
        # A bold heading line never directly follows a list item (a lazy continuation).
        lines = body.split("\n")
        for before, line in itertools.pairwise(lines):
            if line.startswith("**") and line.endswith("**"):
                assert not before.startswith("- "), (definition.id, line)


def test_run_on_bodies_get_a_paragraph_per_labelled_part() -> None:
    from pathlib import Path

    seed = Path(__file__).parent.parent / "seeds" / "004_a7764215455b8de7.txt"
    # The seed page stays as given: one line with inline bold labels…
    line = next(x for x in seed.read_text("utf-8").splitlines() if "**Memory cost**" in x)
    assert "**How it works**" in line and "**Impact**" in line
    # …and the body shows each labelled part as a paragraph of its own.
    body = next(t for t in load_seeds() if t.key == "kv cache").primary.body
    paragraphs = body.split("\n\n")
    labels = [p.split("**")[1] for p in paragraphs if p.startswith("**")]
    assert labels[:3] == ["How it works", "Memory cost", "Optimization techniques"]
    assert paragraphs[0].startswith("KV cache stores computed key-value pairs")
    # A bold phrase inside a sentence is not a label.
    assert to_markdown(["Use **paged attention**: it helps."]) == (
        "Use **paged attention**: it helps."
    )
