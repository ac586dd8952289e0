"""Normalisers for what Chinese office documents write: names, dates, money, patent numbers.

NFKC is applied only to copies used for parsing numbers and identifiers, never to text kept as written.
"""

from __future__ import annotations

import re
import unicodedata

from .patterns import LazyPattern

# the one class of spaces: every kind a form uses to pad or align, full-width, no-break and zero-width
SPACE = r"\s\u3000\u00a0\u2000-\u200b\u202f\u205f\ufeff"
_SPACES = LazyPattern(f"[{SPACE}]+")
_TRAILING_REMARK = LazyPattern(r"\([^()]*\)$")
_NAME_SEPARATORS = LazyPattern(r"[、，,；;/／\n]+|\s{2,}|\u3000{2,}")

CN_DIGITS = {
    "〇": 0, "零": 0, "O": 0, "o": 0, "Ｏ": 0, "Ο": 0, "○": 0,
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9, "两": 2,
}  # fmt: skip


# Wingdings code points (private use area) that forms use for tick boxes, as the box they draw
SYMBOL_BOXES = {
    "\uf0fe": "☑", "\uf0fd": "☒", "\uf0fb": "☒", "\uf078": "☒", "\uf0a8": "□", "\uf06f": "□",
    "\uf0a1": "□", "\uf0fc": "✓", "\uf052": "☑", "\uf0a3": "□", "\uf0a4": "■", "\uf06e": "■",
}  # fmt: skip


def collapse_ws(text: str) -> str:
    """Whitespace runs become one space; ends trimmed (for prose fields)."""
    return _SPACES.sub(" ", text).strip()


def strip_spaces(text: str) -> str:
    """Remove every space, ASCII, full-width or zero-width (for names and identifiers)."""
    return _SPACES.sub("", text)


def key(text: str) -> str:
    """A label, column header or vocabulary word as compared: no spaces, NFKC (full-width folded), no
    trailing colon, and no trailing bracketed remark such as （分） unless that remark is all there is."""
    folded = unicodedata.normalize("NFKC", strip_spaces(text)).rstrip(":")
    bare = _TRAILING_REMARK.sub("", folded)
    return bare or folded


_ASCII_WORD = LazyPattern(r"[0-9A-Za-z]")


def squeeze(text: str) -> str:
    """A short field without layout whitespace: spaces and line breaks next to a Chinese character go,
    other runs become one space ('高级工程\n师' → '高级工程师', 'GIS  设备' → 'GIS设备', 'V1.0 版' → 'V1.0版').
    """
    out: list[str] = []
    for i, piece in enumerate(_SPACES.split(text.strip())):
        if i and out and _ASCII_WORD.match(out[-1][-1:]) and _ASCII_WORD.match(piece[:1]):
            out.append(" ")
        out.append(piece)
    return "".join(out)


def normalize_name(text: str) -> str:
    """A person's name without padding: '张　三' → '张三'; middle dots unified to U+00B7."""
    name = strip_spaces(text)
    return re.sub(r"[・•．‧]", "·", name)


def split_names(text: str) -> list[str]:
    """Names listed in one cell: separated by 、 ， , ; / line breaks or spaces, each unpadded.

    Two-character names padded for alignment ('张　三', '张  三') stay one name: a name never has
    one character, so two single characters in a row are one padded name.
    """
    words = [
        normalize_name(word)
        for part in _NAME_SEPARATORS.split(text.strip())
        for word in _SPACES.split(part)
        if word
    ]
    names: list[str] = []
    pending = ""
    for word in words:
        if len(word) == 1 and not pending:
            pending = word
            continue
        if len(word) == 1:
            names.append(pending + word)
        else:
            if pending:
                names.append(pending)
            names.append(word)
        pending = ""
    if pending:
        names.append(pending)
    return [n for n in names if n]


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def cn_number(text: str) -> int | None:
    """'二〇二五' → 2025 (digit by digit), '十二' → 12, '三十一' → 31, '二十' → 20."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(nfkc(text))
    if "十" in text or "拾" in text:
        head, _, tail = text.replace("拾", "十").partition("十")
        tens = CN_DIGITS.get(head) if head else 1
        ones = CN_DIGITS.get(tail) if tail else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    digits = [CN_DIGITS.get(ch) for ch in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


_CN_NUM = r"[〇零一二三四五六七八九十OoＯΟ○两]+"
_DATE_PATTERNS: list[re.Pattern[str]] = [
    # 2025年3月15日 / 2025年03月 / 2025年
    re.compile(r"(?P<y>\d{4})\s*年\s*(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日)?)?"),
    # 2025.3.15 / 2025-03 / 2025/3/1 / 2025.03
    re.compile(r"(?P<y>\d{4})\s*[.\-/．]\s*(?P<m>\d{1,2})(?:\s*[.\-/．]\s*(?P<d>\d{1,2}))?(?!\d)"),
    # 二〇二五年三月二十五日
    re.compile(rf"(?P<y>{_CN_NUM})\s*年\s*(?:(?P<m>{_CN_NUM})\s*月\s*(?:(?P<d>{_CN_NUM})\s*日)?)?"),
    # 202503 / 20250315
    re.compile(r"(?<!\d)(?P<y>20\d{2}|19\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])?(?!\d)"),
]
_RANGE_SPLIT = LazyPattern(r"\s*(?:至|到|—+|–|－|~|～|-(?=\s*\d{4}))\s*")


def _to_int(value: str | None) -> int | None:
    if value is None:
        return None
    value = nfkc(value)
    return int(value) if value.isdigit() else cn_number(value)


def parse_date(text: str | None) -> str | None:
    """The first date in `text` as ISO at the precision written ('2025', '2025-03', '2025-03-15').

    For a range ('2024年9月至2025年3月', '2024.03—2025.06') the end is returned: forms give 起止时间
    where the schema wants the completion date.
    """
    if not text:
        return None
    text = nfkc(text) if any("\uff10" <= ch <= "\uff19" for ch in text) else text
    pieces = _RANGE_SPLIT.split(text)
    if len(pieces) > 1 and re.fullmatch(r"\s*(至今|今|现在|目前)\s*[。.]?\s*", pieces[-1]):
        return None  # an open range ('2024.3至今') has no completion date yet
    found = [d for d in (_first_date(p) for p in pieces) if d]
    if not found:
        bare = re.fullmatch(r"\s*((?:19|20)\d{2})\s*年?\s*", text)
        return bare.group(1) if bare else None
    if len(found) > 1:
        return found[-1]
    return found[0]


def _first_date(text: str) -> str | None:
    best: tuple[int, str] | None = None
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            y, mo, d = _to_int(m.group("y")), _to_int(m.group("m")), _to_int(m.group("d"))
            if y is None or not (1900 <= y <= 2100):
                continue
            if mo is not None and not 1 <= mo <= 12:
                continue
            if d is not None and not 1 <= d <= 31:
                d = None
            iso = f"{y:04d}" + (f"-{mo:02d}" if mo else "") + (f"-{d:02d}" if mo and d else "")
            if best is None or m.start() < best[0]:
                best = (m.start(), iso)
            break
    return best[1] if best else None


_MONEY = LazyPattern(
    r"(?P<num>\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>亿元|亿|万元|万|千元|元)?(?P<rest>[^\d]{0,3})"
)


def parse_money_wan(text: str | None, *, default_unit: str = "元") -> float | None:
    """An amount in 万元: '35.6万元' → 35.6, '356000元' → 35.6, '约12万元/年' → 12.

    `default_unit` applies to a bare number (a cell labelled '经济效益（万元）' passes '万元').
    The first amount with a money unit wins; a bare number counts only when nothing better is written.
    """
    if not text:
        return None
    text = nfkc(text)
    bare: float | None = None
    for m in _MONEY.finditer(text):
        raw = m.group("num").replace(",", "").replace("，", "")
        try:
            value = float(raw)
        except ValueError:
            continue
        unit = m.group("unit")
        following = m.group("rest") or ""
        if unit is None:
            # '%', '个百分点', '人次', '小时' … are not money
            if following[:1] in {"%", "个", "人", "小", "天", "次", "套", "项", "处", "年", "月", "k", "K"}:
                continue
            if bare is None:
                bare = value
            continue
        return round(_scale(value, unit), 4)
    if bare is not None:
        return round(_scale(bare, default_unit), 4)
    return None


_BENEFIT_WORDS = LazyPattern(r"节约|节省|节支|创效|效益|增收|减少|降低|挽回|收益|创造|增加|避免")
_COST_WORDS = LazyPattern(r"投入|投资|费用|造价|购置|研制成本|制作成本|花费|资金")


def parse_benefit_wan(text: str | None, *, default_unit: str = "元") -> float | None:
    """The economic benefit in 万元 from a field that may be prose.

    '年节约运维成本约35.6万元' → 35.6; in '投入2万元，年节约35.6万元' the amount after a saving
    word wins over a cost. A bare number counts only when the text holds nothing else.
    """
    if not text:
        return None
    text = nfkc(text)
    benefit: float | None = None
    neutral: float | None = None
    for m in _MONEY.finditer(text):
        if m.group("unit") is None:
            continue
        try:
            value = _scale(float(m.group("num").replace(",", "").replace("，", "")), m.group("unit"))
        except ValueError:
            continue
        clause = re.split(r"[，,。；;：:！!？?\n]", text[: m.start()])[-1]
        if _BENEFIT_WORDS.search(clause):
            benefit = value if benefit is None else benefit
        elif not _COST_WORDS.search(clause) and neutral is None:
            neutral = value
    found = benefit if benefit is not None else neutral
    if found is not None:
        return round(found, 4)
    if re.fullmatch(r"\s*约?\s*\d[\d,]*(?:\.\d+)?\s*", text):
        return parse_money_wan(text, default_unit=default_unit)
    return None


def _scale(value: float, unit: str) -> float:
    if unit.startswith("亿"):
        return value * 10000
    if unit.startswith("万"):
        return value
    if unit.startswith("千"):
        return value / 10
    return value / 10000


_PATENT = LazyPattern(r"(?:ZL|zl|Zl|CN|cn)?\s*((?:\d\s*){12}|(?:\d\s*){8})\s*[.．·]?\s*([0-9Xx])(?![0-9])")


def find_patents(text: str | None, *, bare: bool = False) -> list[str]:
    """Patent numbers written in `text`, normalised to 'ZL' + digits + '.' + check character.

    Spaces inside are tolerated ('ZL 2024 2 1234567.8'); software copyright numbers (2024SR…)
    are not patents. With `bare`, for text under a patent label, a number written without 'ZL'
    ('202421234567.8') counts too. Validity of the check character is the rules' business.
    """
    if not text:
        return []
    text = nfkc(text)
    out: list[str] = []
    marked = r"ZL[\s\d.·Xx]{9,24}|CN\s*\d[\s\d.]{8,20}[0-9Xx]"
    unmarked = r"|(?<![\dA-Za-z])\d{4}\s*\d\s*\d{3}\s*\d{4}\s*[.·]\s*[0-9Xx](?![0-9])"
    for m in re.finditer(marked + (unmarked if bare else ""), text, re.IGNORECASE):
        chunk = m.group(0)
        pm = _PATENT.match(chunk)
        if not pm:
            continue
        digits = re.sub(r"\s", "", pm.group(1))
        number = f"ZL{digits}.{pm.group(2).upper()}"
        if number not in out:
            out.append(number)
    return out


def patent_check_char(digits: str) -> str:
    """The check character of a 12-digit (or old 8-digit) application number: weights 2..9,2..5 mod 11."""
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=False))
    rest = total % 11
    return "X" if rest == 10 else str(rest)


def strip_book_marks(text: str) -> str:
    """Title without surrounding 《》, quotes and spaces."""
    text = collapse_ws(text)
    return text.strip("《》“”\"'「」 ").strip()
