"""The kinds of document the office receives, one `KindSpec` each: the one list every part reads.

Classification asks each kind's detector for evidence, extraction calls the kind's extractor, the store
applies what storing a record of the kind does, and the office's pages, spreadsheets and archive folders
show the kind's Chinese name. Detector and extractor are named here as ``module:function`` (as packaging's
entry points are; by default `extractors.classify:detect_<name>` and `extractors.kinds.<name>:extract_<name>`)
and the extractors import them when first needed: this bottom layer only names them, and a command that never
meets a kind never loads its code.

Adding a kind: a record type in `records.py` and the dataclass its extractor fills in `record_data.py`, a
module `extractors/kinds/<name>.py` with its extractor, its detector in `extractors/classify.py`, and one
entry below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KindSpec:
    """One kind of document: its key (the `kind` literal of its record type in records.py), its Chinese
    name, how it is told and read, and what storing one of its records does."""

    name: str
    label: str
    aliases: tuple[str, ...] = ()  # other names a clerk may type for it
    replaces_year: bool = False  # a newer record deactivates the year's earlier ones (kept as history)
    indexes_awards: bool = False  # its awards go into the awards table the tallies read
    checked: bool = False  # its records take part in 形式审查 (the web pages' check view reloads on them)
    # "module:function" taking the document's classification features, giving evidence
    detect: str = ""  # default: extractors.classify:detect_<name>
    # "module:function" taking (Document, ExtractContext), giving a KindResult
    extract: str = ""  # default: extractors.kinds.<name>:extract_<name>

    def __post_init__(self) -> None:
        if not self.detect:
            object.__setattr__(self, "detect", f"extractors.classify:detect_{self.name}")
        if not self.extract:
            object.__setattr__(self, "extract", f"extractors.kinds.{self.name}:extract_{self.name}")


KINDS: tuple[KindSpec, ...] = (
    KindSpec("application", "申报书", aliases=("申报表",), checked=True),
    KindSpec(
        "result_sheet",
        "获奖名单",
        aliases=("通报", "获奖名单/通报", "结果通知"),
        indexes_awards=True,
        checked=True,
    ),
    KindSpec("roster", "花名册", aliases=("人员名册",), replaces_year=True, checked=True),
    KindSpec("score_sheet", "评分表"),
    KindSpec(
        "reviewers",
        "评审专家名单",
        aliases=("专家名单",),
        extract="extractors.kinds.reviewers:extract_reviewer_list",
    ),
)

BY_NAME: dict[str, KindSpec] = {spec.name: spec for spec in KINDS}


def spec(name: str) -> KindSpec:
    """The spec of a kind key; KeyError for a kind that does not exist."""
    return BY_NAME[name]


def kinds_where(predicate: Callable[[KindSpec], bool]) -> tuple[str, ...]:
    """The keys of the kinds a predicate holds for, in the registry's order."""
    return tuple(s.name for s in KINDS if predicate(s))
