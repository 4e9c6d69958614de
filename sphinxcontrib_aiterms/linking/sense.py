"""Evidence that a name is used in its glossary sense.

Single-word names (``attention``, ``anchors``, ``attribution``, ``atlas``,
``kanban``…) have other senses outside ML. With the default
``common_words="ml-pages"`` they are linked only on pages that are evidently
about ML: at least ``ml_threshold`` distinct *ML signals*, where a signal is a
multi-word glossary name found in the page's eligible prose or a word from
:data:`ML_CUES` ("machine learning", "neural network", "LLM", …). Multi-word
names (``attention sink``) are linked on every page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..glossary.model import Glossary
from ..glossary.names import fold
from .context import Block, Context
from .decision import LINK, Reason, Verdict
from .matcher import Matcher, Pattern, build_matcher, case_sensitive_by_default
from .names import AutolinkSettings, NameInfo

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


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a page offers names that need evidence: its ML signals, and whether
    the page asked to be treated as an ML page (metadata ``aiterms-autolink: ml``)."""

    signals: int = 0
    ml_page: bool = False


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


class SenseModel:
    """Decides, for each occurrence of a name, whether it is used in its sense."""

    def __init__(
        self, glossary: Glossary, settings: AutolinkSettings, *, ml_threshold: int = 3
    ) -> None:
        self.ml_threshold = ml_threshold
        self._cues = cue_matcher(settings.backend)

    def page_evidence(
        self, blocks: Sequence[Block], hits: Iterable[NameInfo], *, ml_page: bool = False
    ) -> Evidence:
        """The evidence of a page whose blocks are ``blocks``, in which the
        linker found the names ``hits``."""
        ungated = {info.term for info in hits if not info.gated and info.term is not None}
        if ml_page or len(ungated) >= self.ml_threshold:
            return Evidence(len(ungated), ml_page)
        texts = [block.text[a:b] for block in blocks for a, b in block.spans]
        return Evidence(len(ml_signals(self._cues, texts, ungated)), ml_page)

    def judge(self, info: NameInfo, context: Context, evidence: Evidence) -> Verdict:
        if info.gated and not evidence.ml_page and evidence.signals < self.ml_threshold:
            return Verdict(
                Reason.COMMON_WORD,
                f"{evidence.signals} ML signal{'' if evidence.signals == 1 else 's'}, "
                f"fewer than aiterms_autolink_ml_threshold ({self.ml_threshold})",
            )
        return LINK
