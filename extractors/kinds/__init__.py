"""Kind extractors: each reads the format-neutral `Document` into one record type."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from jiangxin.core.kinds import spec
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
    """The extractor of `kind` (jiangxin/core/kinds.py names it), imported on first use."""
    return cast(KindExtractor, resolve(spec(kind).extract))


@cache
def resolve(target: str) -> Callable[..., Any]:
    """The function a ``module:function`` reference of the kinds' registry names."""
    module, _, attr = target.partition(":")
    found: Callable[..., Any] = getattr(importlib.import_module(module), attr)
    return found
