"""The kinds of document the office receives, one `KindSpec` each: the one list every part reads.

Classification asks each kind's detector for evidence, extraction calls the kind's extractor, the store
applies what storing a record of the kind does, and the office's pages, spreadsheets and archive folders
show the kind's Chinese name. Detector and extractor are named here as ``module:function`` (as packaging's
entry points are) and the extractors import them when first needed: this bottom layer only names them, and
a command that never meets a kind never loads its code.

Adding a kind: a record type in `records.py`, a module under `extractors/kinds/` with its detector and
extractor, and one entry below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .records import Application, ResultSheet, ReviewerList, Roster, ScoreSheet


@dataclass(frozen=True, slots=True)
class KindSpec:
    """One kind of document: its key, its Chinese name, its record type, how it is told and read,
    and what storing one of its records does."""

    name: str
    label: str
    record: type[Any]
    detect: str  # "module:function" taking the document's classification features, giving evidence
    extract: str  # "module:function" taking (Document, ExtractContext), giving a KindResult
    aliases: tuple[str, ...] = ()  # other names a clerk may type for it
    replaces_year: bool = False  # a newer record deactivates the year's earlier ones (kept as history)
    indexes_awards: bool = False  # its awards go into the awards table the tallies read
    checked: bool = False  # its records take part in 形式审查 (the web pages' check view reloads on them)


KINDS: tuple[KindSpec, ...] = (
    KindSpec(
        name="application",
        label="申报书",
        record=Application,
        detect="extractors.classify:detect_application",
        extract="extractors.kinds.application:extract_application",
        aliases=("申报表",),
        checked=True,
    ),
    KindSpec(
        name="result_sheet",
        label="获奖名单",
        record=ResultSheet,
        detect="extractors.classify:detect_result_sheet",
        extract="extractors.kinds.result_sheet:extract_result_sheet",
        aliases=("通报", "获奖名单/通报", "结果通知"),
        indexes_awards=True,
        checked=True,
    ),
    KindSpec(
        name="roster",
        label="花名册",
        record=Roster,
        detect="extractors.classify:detect_roster",
        extract="extractors.kinds.roster:extract_roster",
        aliases=("人员名册",),
        replaces_year=True,
        checked=True,
    ),
    KindSpec(
        name="score_sheet",
        label="评分表",
        record=ScoreSheet,
        detect="extractors.classify:detect_score_sheet",
        extract="extractors.kinds.score_sheet:extract_score_sheet",
    ),
    KindSpec(
        name="reviewers",
        label="评审专家名单",
        record=ReviewerList,
        detect="extractors.classify:detect_reviewers",
        extract="extractors.kinds.reviewers:extract_reviewer_list",
        aliases=("专家名单",),
    ),
)

BY_NAME: dict[str, KindSpec] = {spec.name: spec for spec in KINDS}


def spec(name: str) -> KindSpec:
    """The spec of a kind key; KeyError for a kind that does not exist."""
    return BY_NAME[name]


def kinds_where(predicate: Callable[[KindSpec], bool]) -> tuple[str, ...]:
    """The keys of the kinds a predicate holds for, in the registry's order."""
    return tuple(s.name for s in KINDS if predicate(s))
