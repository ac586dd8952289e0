"""Dates as the records keep them ('YYYY', 'YYYY-MM', 'YYYY-MM-DD') turned into the span of days they cover."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, slots=True)
class Span:
    """The first and last day a written date may mean, and how precisely it was written."""

    first: dt.date
    last: dt.date
    precision: str  # "year" | "month" | "day"

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return self.first <= end and self.last >= start

    def inside(self, start: dt.date, end: dt.date) -> bool:
        return start <= self.first and self.last <= end


def parse_span(text: str | None) -> Span | None:
    """'2025-05' → 2025-05-01..2025-05-31 (month precision); None when not a valid date."""
    if not text:
        return None
    m = _ISO.match(text.strip())
    if not m:
        return None
    year = int(m.group(1))
    try:
        if m.group(3):
            day = dt.date(year, int(m.group(2)), int(m.group(3)))
            return Span(day, day, "day")
        if m.group(2):
            month = int(m.group(2))
            last = calendar.monthrange(year, month)[1]
            return Span(dt.date(year, month, 1), dt.date(year, month, last), "month")
        return Span(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    except ValueError:
        return None


def cn_date(day: dt.date) -> str:
    """2025年6月30日 (GB/T 9704 style: Arabic digits, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_written(text: str) -> str:
    """A record's date at the precision written, in Chinese: '2022-03' → 2022年3月."""
    m = _ISO.match(text.strip())
    if not m:
        return text
    parts = [f"{int(m.group(1))}年"]
    if m.group(2):
        parts.append(f"{int(m.group(2))}月")
    if m.group(3):
        parts.append(f"{int(m.group(3))}日")
    return "".join(parts)
