"""Evidence that a common-word name is used in its ML sense.

Single-word names (``attention``, ``anchors``, ``attribution``, ``atlas``,
``kanban``…) have other senses outside ML. With the default
``common_words="ml-pages"`` they are linked only on pages that are evidently
about ML: at least ``ml_threshold`` distinct *ML signals*, where a signal is a
multi-word glossary name found in the page's eligible prose or a word from
:data:`ML_CUES` ("machine learning", "neural network", "LLM", …). Multi-word
names (``attention sink``) are linked on every page. The figures that justify
it are in ``example_docs/autolink.rst``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..glossary.names import fold
from .matcher import Matcher, Pattern, build_matcher, case_sensitive_by_default

#: Words and phrases that make a page "evidently about ML" (plurals are added).
#: Chosen so that none of them is usual in general software documentation in
#: another sense; ambiguous ones ("inference", "embedding", "model", "training")
#: are left out on purpose.
ML_CUES: tuple[str, ...] = (
    "machine learning",
    "deep learning",
    "neural network",
    "neural net",
    "language model",
    "large language model",
    "LLM",
    "transformer model",
    "artificial intelligence",
    "AI",
    "ML",
    "NLP",
    "backpropagation",
    "gradient descent",
    "fine-tuning",
    "fine-tuned",
    "pretraining",
    "pre-training",
    "training data",
    "training set",
    "hyperparameter",
    "loss function",
    "classifier",
    "embedding model",
    "word embedding",
    "token embedding",
    "self-attention",
    "attention head",
    "attention layer",
    "reinforcement learning",
    "supervised learning",
    "unsupervised learning",
    "generative model",
    "diffusion model",
    "GPT",
    "BERT",
    "PyTorch",
    "TensorFlow",
    "inference time",
    "model weights",
    "tokenizer",
    "prompt engineering",
    "retrieval-augmented generation",
    "RAG",
    "chatbot",
)


def cue_matcher(backend: str = "auto") -> Matcher:
    """A matcher for :data:`ML_CUES` (case rules as for term names); its
    targets are the folded cues."""
    patterns = [Pattern(cue, fold(cue), case_sensitive_by_default(cue)) for cue in ML_CUES]
    return build_matcher(patterns, backend=backend)


def ml_signals(cues: Matcher, texts: Iterable[str], term_keys: Iterable[str]) -> set[str]:
    """The distinct ML signals of a page: the multi-word (ungated) terms found in
    it (``term_keys``) and the cue words in ``texts``."""
    found = {"term:" + key for key in term_keys}
    for text in texts:
        for match in cues.find(text):
            found.add("cue:" + match.target)
    return found
