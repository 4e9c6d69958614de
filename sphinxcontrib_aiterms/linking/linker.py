"""The prose linker: find glossary names in a page's blocks and decide each one.

:class:`Linker` is built once per glossary and settings (by the Sphinx layer,
never stored on the environment: design notes P4) and answers two questions
with one vocabulary (:mod:`.decision`):

* :meth:`Linker.link_page` — the auto-linker's: the names it may link in a
  page, each judged in its own context (:mod:`.sense`);
* :meth:`Linker.findings` — the coverage report's: every mention of a glossary
  name in a block, linked or not, each with its reason.

Both run the same matcher and the same judgement, so a report explains exactly
what the auto-linker did, and the evaluation scripts score exactly what the
extension does.

A page is a sequence of :class:`Block` s: the text of a paragraph-like element
(everything, code included: it is context), the spans of it that may be linked
(prose outside code, links and headings: one per docutils Text node), and the
titles of the sections around it. A name is looked for inside one span.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from ..glossary.model import Glossary
from .context import Block, Context
from .decision import LINK, Reason, Verdict
from .matcher import Matcher, build_matcher
from .names import AutolinkSettings, NameInfo, link_patterns, mention_patterns, name_table
from .sense import BlockEvidence, Evidence, SenseModel


@dataclass(frozen=True, slots=True)
class Finding:
    """A mention of a glossary name in a block and the verdict on it
    (offsets index the block's text)."""

    start: int
    end: int
    #: As written in the text.
    text: str
    info: NameInfo
    verdict: Verdict

    @property
    def term(self) -> str | None:
        return self.info.term


class Linker:
    """The matchers, name table and sense model for one glossary and settings."""

    def __init__(self, glossary: Glossary, settings: AutolinkSettings) -> None:
        self.settings = settings
        self.infos: tuple[NameInfo, ...] = name_table(glossary, settings)
        self._links: Matcher = build_matcher(link_patterns(self.infos), backend=settings.backend)
        self._mentions: Matcher | None = None  # built when a report first asks
        self.sense = SenseModel(glossary, settings)

    @functools.cached_property
    def names(self) -> frozenset[str]:
        """The folded names auto-linking looks for (asked once per page)."""
        return frozenset(i.name.casefold() for i in self.infos if i.reason is Reason.LINK)

    def _hits(self, block: Block) -> list[tuple[int, int, NameInfo, str]]:
        out = []
        for start, end in block.spans:
            text = block.text[start:end]
            for m in self._links.find(text):
                out.append((start + m.start, start + m.end, self.infos[int(m.target)], m.text))
        return out

    def judge(
        self,
        info: NameInfo,
        matched: str,
        context: Context,
        block: BlockEvidence,
        evidence: Evidence,
    ) -> Verdict:
        """The verdict on a name the linker found (case already checked)."""
        if info.reason is not Reason.LINK:
            return Verdict(info.reason, info.detail)
        return self.sense.judge(info, matched, context, block, evidence)

    def link_page(
        self, blocks: Sequence[Block], *, ml_page: bool = False
    ) -> tuple[Evidence, list[list[Finding]]]:
        """The page's evidence, and for each block the names the auto-linker
        links (before the write-phase rules: density, the project's glossary,
        targets), each judged in its own context. One matcher pass per span."""
        found = [(block, self._hits(block)) for block in blocks]
        contexts = {
            index: self.sense.block_evidence(block, hits)
            for index, (block, hits) in enumerate(found)
            if hits
        }
        # The page's distinct ML signals, counted only when an occurrence may
        # need them (most pages of most projects have none that does).
        page_signals = 0
        if not ml_page and any(
            info.reason is Reason.LINK
            and not info.partial  # judged by its own sentence alone
            and self.sense.needs_evidence(info, matched)
            for _block, hits in found
            for _s, _e, info, matched in hits
        ):
            signals: set[str] = set()
            for index, (block, _hits) in enumerate(found):
                context = contexts.get(index) or self.sense.block_evidence(block, ())
                signals.update(s for _at, s in context.signals)
            page_signals = len(signals)
        evidence = Evidence(ml_page, page_signals)
        links = []
        for index, (block, hits) in enumerate(found):
            kept = []
            for start, end, info, matched in hits:
                where = Context(block, start, end)
                verdict = self.judge(info, matched, where, contexts[index], evidence)
                if verdict.link:
                    kept.append(Finding(start, end, matched, info, verdict))
            links.append(kept)
        return evidence, links

    def findings(self, block: Block, evidence: Evidence) -> list[Finding]:
        """Every mention of a glossary name in ``block``'s spans, in text order,
        with its verdict: the linker's matches, judged as :meth:`link_page`
        judges them, and every other name (any case) that overlaps none of them."""
        if self._mentions is None:
            self._mentions = build_matcher(
                mention_patterns(self.infos), backend=self.settings.backend
            )
        hits = self._hits(block)
        context = self.sense.block_evidence(block, hits)
        out = []
        for start, end, info, matched in hits:
            verdict = self.judge(info, matched, Context(block, start, end), context, evidence)
            out.append(Finding(start, end, matched, info, verdict))
        for start, end in block.spans:
            for match in self._mentions.find(block.text[start:end]):
                a, b = start + match.start, start + match.end
                if any(a < e and s < b for s, e, _i, _m in hits):
                    continue
                info = self.infos[int(match.target)]
                if info.reason is not Reason.LINK:
                    verdict = Verdict(info.reason, info.detail)
                elif info.case_sensitive:
                    verdict = Verdict(Reason.CASE_MISMATCH, f"the name is written {info.name!r}")
                else:
                    verdict = Verdict(Reason.OTHER)
                out.append(Finding(a, b, match.text, info, verdict))
        out.sort(key=lambda f: f.start)
        return out


__all__ = ["LINK", "Block", "Finding", "Linker"]
