"""Chinese patent numbers: form and check character (CNIPA scheme, see domain notes §7.4)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NEW = re.compile(r"^(\d{4})([12389])(\d{7})\.?([0-9X])$")  # since 2003-10-01: year, type, serial
_OLD = re.compile(r"^(\d{2})([123])(\d{5})\.?([0-9X])$")  # before: 2-digit year, type, serial
_PUBLICATION = re.compile(r"^\d{7,9}[A-Z]\d?$")  # CN1340998A, CN2xxxxxxU: 公开/公告号, not a 专利号
_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def check_char(digits: str) -> str:
    """The check character of 12 (or old 8) digits: weights 2..9,2..5, sum mod 11, 10 → X."""
    rest = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=False)) % 11
    return "X" if rest == 10 else str(rest)


@dataclass(frozen=True, slots=True)
class PatentCheck:
    number: str
    ok: bool
    problem: str = ""


def check_patent(number: str, *, latest_year: int | None = None) -> PatentCheck:
    """Whether `number` is a well-formed 专利号/申请号 with the right check character; `problem` says why not."""
    text = unicodedata.normalize("NFKC", number).upper()
    text = re.sub(r"\s", "", text).replace("·", ".")
    bare = text.removeprefix("ZL").removeprefix("CN")
    if _PUBLICATION.match(bare):
        return PatentCheck(
            number, False, f"“{number}”是专利公开（公告）号，不是专利号，请填写 ZL 开头的专利号"
        )
    new, old = _NEW.match(bare), _OLD.match(bare)
    if new:
        digits, given, year = "".join(new.groups()[:3]), new.group(4), int(new.group(1))
        if year < 2003 or (latest_year is not None and year > latest_year):
            return PatentCheck(number, False, f"“{number}”中的申请年份 {year} 不合理")
    elif old:
        digits, given = "".join(old.groups()[:3]), old.group(4)
    else:
        return PatentCheck(
            number,
            False,
            f"“{number}”不是有效的专利号格式（应为 ZL + 12 位数字 + . + 校验位，如 ZL201710601862.3）",
        )
    expected = check_char(digits)
    if given != expected:
        return PatentCheck(
            number, False, f"“{number}”的校验位应为 {expected}，与所填 {given} 不符，请核对专利号"
        )
    return PatentCheck(number, True)
