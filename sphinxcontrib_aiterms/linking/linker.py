"""The prose linker: find glossary names in a text and decide each one.

:class:`Linker` is built once per glossary and settings (by the Sphinx layer,
never stored on the environment: design notes P4) and answers two questions
with one vocabulary (:mod:`.decision`):

* :meth:`Linker.link_page` — the auto-linker's: the names it may link in a
  page's texts, each judged against the page's evidence;
* :meth:`Linker.findings` — the coverage report's: every mention of a glossary
  name in a text, linked or not, each with its reason.

Both run the same matcher and the same judgement, so a report explains exactly
what the auto-linker did.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..glossary.model import Glossary
from .decision import LINK, Reason, Verdict
from .matcher import Matcher, build_matcher
from .names import AutolinkSettings, NameInfo, link_patterns, mention_patterns, name_table
from .sense import cue_matcher, ml_signals


@dataclass(frozen=True, slots=True)
class Finding:
    """A mention of a glossary name in a text and the verdict on it."""

    start: int
    end: int
    #: As written in the text.
    text: str
    info: NameInfo
    verdict: Verdict

    @property
    def term(self) -> str | None:
        return self.info.term


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a page offers common-word names: its ML signals, and whether the page
    asked to be treated as an ML page (metadata ``aiterms-autolink: ml``)."""

    signals: int = 0
    ml_page: bool = False


class Linker:
    """The matchers and name table for one glossary and settings."""

    def __init__(
        self, glossary: Glossary, settings: AutolinkSettings, *, ml_threshold: int = 3
    ) -> None:
        self.settings = settings
        self.ml_threshold = ml_threshold
        self.infos: tuple[NameInfo, ...] = name_table(glossary, settings)
        self._links: Matcher = build_matcher(link_patterns(self.infos), backend=settings.backend)
        self._cues: Matcher = cue_matcher(settings.backend)
        self._mentions: Matcher | None = None  # built when a report first asks

    @property
    def names(self) -> frozenset[str]:
        """The folded names auto-linking looks for."""
        return frozenset(i.name.casefold() for i in self.infos if i.reason is Reason.LINK)

    def _hits(self, text: str) -> list[tuple[int, int, NameInfo, str]]:
        return [(m.start, m.end, self.infos[int(m.target)], m.text) for m in self._links.find(text)]

    def evidence(
        self, texts: Iterable[str], hits: Iterable[NameInfo], *, ml_page: bool = False
    ) -> Evidence:
        """The evidence of a page whose eligible prose is ``texts``, in which the
        linker found the names ``hits``."""
        ungated = {info.term for info in hits if not info.gated and info.term is not None}
        if ml_page or len(ungated) >= self.ml_threshold:
            return Evidence(len(ungated), ml_page)
        return Evidence(len(ml_signals(self._cues, texts, ungated)), ml_page)

    def link_page(
        self, texts: Sequence[str], *, ml_page: bool = False
    ) -> tuple[Evidence, list[list[Finding]]]:
        """The page's evidence, and for each of its ``texts`` the names the
        auto-linker links (before the write-phase rules: density, the project's
        glossary, targets). One matcher pass per text."""
        hits = [self._hits(text) for text in texts]
        evidence = self.evidence(texts, (h[2] for found in hits for h in found), ml_page=ml_page)
        links = []
        for found in hits:
            kept = []
            for start, end, info, matched in found:
                verdict = self.judge(info, evidence)
                if verdict.link:
                    kept.append(Finding(start, end, matched, info, verdict))
            links.append(kept)
        return evidence, links

    def judge(self, info: NameInfo, evidence: Evidence) -> Verdict:
        """The verdict on a name the linker found (case already checked)."""
        if info.reason is not Reason.LINK:
            return Verdict(info.reason, info.detail)
        if info.gated and not evidence.ml_page and evidence.signals < self.ml_threshold:
            return Verdict(
                Reason.COMMON_WORD,
                f"{evidence.signals} ML signal{'' if evidence.signals == 1 else 's'}, "
                "fewer than aiterms_autolink_ml_threshold "
                f"({self.ml_threshold})",
            )
        return LINK

    def findings(self, text: str, evidence: Evidence) -> list[Finding]:
        """Every mention of a glossary name in ``text``, in text order, with its
        verdict: the linker's matches, judged as :meth:`link_page` judges them, and
        every other name (any case) that overlaps none of them."""
        if self._mentions is None:
            self._mentions = build_matcher(
                mention_patterns(self.infos), backend=self.settings.backend
            )
        hits = self._hits(text)
        out = [
            Finding(start, end, matched, info, self.judge(info, evidence))
            for start, end, info, matched in hits
        ]
        for match in self._mentions.find(text):
            if any(match.start < end and start < match.end for start, end, _i, _m in hits):
                continue
            info = self.infos[int(match.target)]
            if info.reason is not Reason.LINK:
                verdict = Verdict(info.reason, info.detail)
            elif info.case_sensitive:
                verdict = Verdict(Reason.CASE_MISMATCH, f"the name is written {info.name!r}")
            else:
                verdict = Verdict(Reason.OTHER)
            out.append(Finding(match.start, match.end, match.text, info, verdict))
        out.sort(key=lambda f: f.start)
        return out
