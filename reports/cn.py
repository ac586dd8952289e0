"""Chinese wording the documents share: heading numerals, GB/T 9704 dates, lists and counts that read
right for zero and one (never "获0项", never "分别" before a single item)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

_DIGITS = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """一, 二, …, 十, 十一, …, 九十九: the numerals of headings 一、 and （十二）."""
    if not 0 < n < 100:
        raise ValueError(f"heading numbers run from 1 to 99, not {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def cn_date(day: dt.date) -> str:
    """成文日期 per GB/T 9704-2012: Arabic numerals, full year, no padding (2025年1月5日)."""
    return f"{day.year}年{day.month}月{day.day}日"


def iso_to_cn(value: str | None) -> str:
    """An ISO date at any precision ('2025', '2025-03', '2025-03-05') in Chinese; '' when unknown."""
    if not value:
        return ""
    parts = [int(p) for p in value.split("-")]
    units = ["年", "月", "日"]
    return "".join(f"{p}{u}" for p, u in zip(parts, units, strict=False))


def join_cn(items: Iterable[str], last: str = "和") -> str:
    """'甲', '甲和乙', '甲、乙和丙': a list as a sentence writes it."""
    words = [i for i in items if i]
    if len(words) <= 1:
        return "".join(words)
    return "、".join(words[:-1]) + last + words[-1]


def plain_number(n: int | float) -> str:
    """3, 12.5, 1234567.25: at most two decimals, no trailing zeros, never an exponent."""
    if isinstance(n, float) and not n.is_integer():
        return f"{n:.2f}".rstrip("0").rstrip(".")
    return str(int(n))


def count_of(n: int | float, unit: str) -> str:
    """'3项', '12.5分'; integers never show a decimal point."""
    return plain_number(n) + unit


def tally_phrase(parts: Sequence[tuple[str, int]], unit: str) -> str:
    """'一等奖2项、二等奖1项' from (label, count) pairs, leaving out the zeros; '' when all are zero."""
    return "、".join(f"{label}{count_of(n, unit)}" for label, n in parts if n)


def of_which(parts: Sequence[tuple[str, int]], unit: str, total: int) -> str:
    """'，其中一等奖2项、二等奖1项' — or '' when it would only repeat the total (one kind) or say nothing."""
    shown = [(label, n) for label, n in parts if n]
    if not shown or (len(shown) == 1 and shown[0][1] == total):
        return ""
    return "，其中" + tally_phrase(shown, unit)


def sentence(*clauses: str, end: str = "。") -> str:
    """Join the non-empty clauses with '，' and close the sentence; '' when every clause is empty."""
    kept = [c.strip("，。； ") for c in clauses if c and c.strip("，。； ")]
    return "，".join(kept) + end if kept else ""


def number_ranges(numbers: Iterable[int]) -> str:
    """'1～3、5、7～8' for 1, 2, 3, 5, 7, 8: document numbers in the appendix, compactly."""
    ordered = sorted(set(numbers))
    parts: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        parts.append(str(ordered[i]) if i == j else f"{ordered[i]}～{ordered[j]}")
        i = j + 1
    return "、".join(parts)


def review_name(event: str) -> str:
    """A review's name ending in 评审, whether the notice wrote '…成果' or '…成果评审'."""
    return event if event.endswith("评审") else event + "评审"
