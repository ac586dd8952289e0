"""Kind extractors: each reads the format-neutral `Document` into one record type."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from jiangxin.core.kinds import spec
from jiangxin.core.record_data import RecordData
from jiangxin.core.warnings import FieldWarning

from ..context import ExtractContext
from ..model import Document

if TYPE_CHECKING:
    from jiangxin.core.records import Record


@dataclass(slots=True)
class KindResult:
    """A record (as the extractor made it) and what the extractor could not read for sure (one warning
    per field)."""

    data: RecordData
    warnings: list[FieldWarning] = field(default_factory=list)

    @property
    def record(self) -> Record:
        """The record type validated from `data` (loads pydantic)."""
        from jiangxin.core.records import record_from_data

        return record_from_data(self.data)


KindExtractor = Callable[[Document, ExtractContext], KindResult]


def get(kind: str) -> KindExtractor:
    """The extractor of `kind` (jiangxin/core/kinds.py names it), imported on first use."""
    return cast(KindExtractor, resolve(spec(kind).extract))


@cache
def resolve(target: str) -> Callable[..., Any]:
    """The function a ``module:function`` reference of the kinds' registry names."""
    module, _, attr = target.partition(":")
    found: Callable[..., Any] = getattr(importlib.import_module(module), attr)
    return found
