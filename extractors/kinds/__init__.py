"""Kind extractors: each reads the format-neutral `Document` into one record type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from jiangxin.core.records import Record
from jiangxin.core.warnings import FieldWarning

from ..context import ExtractContext
from ..model import Document


@dataclass(slots=True)
class KindResult:
    """A record and what the extractor could not read for sure (one warning per field)."""

    record: Record
    warnings: list[FieldWarning] = field(default_factory=list)


KindExtractor = Callable[[Document, ExtractContext], KindResult]


def get(kind: str) -> KindExtractor:
    """The extractor for `kind`, imported on first use."""
    if kind == "application":
        from .application import extract_application

        return extract_application
    if kind == "result_sheet":
        from .result_sheet import extract_result_sheet

        return extract_result_sheet
    if kind == "roster":
        from .roster import extract_roster

        return extract_roster
    if kind == "score_sheet":
        from .score_sheet import extract_score_sheet

        return extract_score_sheet
    if kind == "reviewers":
        from .reviewers import extract_reviewer_list

        return extract_reviewer_list
    raise KeyError(kind)
