"""Shared access to the auto-linker evaluation set: corpora, splits and labels.

Every script that reads the corpora or the labels goes through this module, so
the tuning/frozen rule lives in one place (:func:`split_of`)::

    import evalset
    for page in evalset.iter_pages("vllm"):              # tuning pages only
        ...
    labels = evalset.load_labels("vllm")                 # tuning candidates only

Reading the frozen part needs ``split="frozen"`` (or ``"all"``) AND
``allow_frozen=True``; tuning code and tests never pass it (README.md).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "corpora.toml"
CORPORA_DIR = HERE / "corpora"
LABELS_DIR = HERE / "labels"

Split = Literal["tune", "frozen"]
SplitFilter = Literal["tune", "frozen", "all"]
#: The percentage may be raised in corpora.toml, never lowered below this.
MIN_FROZEN_PERCENT = 30
#: Label values (README.md, "Labelling guideline").
LABELS = ("right", "wrong", "not_use")


@dataclass(frozen=True)
class Corpus:
    name: str
    package: str
    version: str
    kind: str
    licence: str
    raw: dict[str, Any]

    @property
    def path(self) -> Path:
        return CORPORA_DIR / f"{self.name}.jsonl.gz"

    @property
    def labels_path(self) -> Path:
        return LABELS_DIR / f"{self.name}.jsonl"


@dataclass(frozen=True)
class Config:
    corpora: tuple[Corpus, ...]
    frozen_corpus: str
    frozen_percent: int

    def corpus(self, name: str) -> Corpus:
        for c in self.corpora:
            if c.name == name:
                return c
        raise KeyError(f"no corpus {name!r} in corpora.toml")

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.corpora]


@cache
def load_config(path: Path = CONFIG) -> Config:
    with path.open("rb") as f:
        data = tomllib.load(f)
    corpora = tuple(
        Corpus(c["name"], c["package"], c["version"], c["kind"], c["licence"], c)
        for c in data["corpus"]
    )
    split = data["split"]
    config = Config(corpora, str(split["frozen_corpus"]), int(split["frozen_percent"]))
    frozen = config.corpus(config.frozen_corpus)
    if frozen.kind != "ml":
        raise ValueError("the frozen corpus must be an ML corpus")
    if not MIN_FROZEN_PERCENT <= config.frozen_percent <= 100:
        raise ValueError(f"frozen_percent must be in [{MIN_FROZEN_PERCENT}, 100]")
    return config


# --- THE split rule ---------------------------------------------------------------------


def split_of(corpus: str, doc: str, config: Config | None = None) -> Split:
    """``"frozen"`` or ``"tune"`` for one page. The only place the rule is written:

    a page is frozen if its corpus is the designated frozen ML corpus, or if
    ``int(sha256(f"{corpus}/{doc}").hexdigest()[:8], 16) % 100 < frozen_percent``.
    """
    config = config or load_config()
    if corpus == config.frozen_corpus:
        return "frozen"
    bucket = int(hashlib.sha256(f"{corpus}/{doc}".encode()).hexdigest()[:8], 16) % 100
    return "frozen" if bucket < config.frozen_percent else "tune"


def _check_split(split: SplitFilter, allow_frozen: bool) -> None:
    if split not in ("tune", "frozen", "all"):
        raise ValueError(f"split must be 'tune', 'frozen' or 'all', not {split!r}")
    if split != "tune" and not allow_frozen:
        raise PermissionError(
            "the frozen part is for the final evaluation only: pass allow_frozen=True"
        )


def _wanted(split: SplitFilter, page_split: Split) -> bool:
    return split in {"all", page_split}


# --- corpora ----------------------------------------------------------------------------


def iter_pages(
    corpus: str, *, split: SplitFilter = "tune", allow_frozen: bool = False
) -> Iterator[dict[str, Any]]:
    """The pages of one corpus (see README.md for the record format), in docname
    order; each gets a ``"split"`` key. Tuning pages only unless told otherwise."""
    _check_split(split, allow_frozen)
    config = load_config()
    path = config.corpus(corpus).path
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            page = json.loads(line)
            page_split = split_of(corpus, page["doc"], config)
            if _wanted(split, page_split):
                page["split"] = page_split
                yield page


# --- labels -----------------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, separators=(", ", ": ")) + "\n")
    tmp.replace(path)


def load_labels(
    corpus: str, *, split: SplitFilter = "tune", allow_frozen: bool = False
) -> list[dict[str, Any]]:
    """The candidate records of one corpus (labelled or not). The split is
    recomputed from the rule, never trusted from the file."""
    _check_split(split, allow_frozen)
    config = load_config()
    out = []
    for record in read_jsonl(config.corpus(corpus).labels_path):
        if _wanted(split, split_of(corpus, record["doc"], config)):
            out.append(record)
    return out
