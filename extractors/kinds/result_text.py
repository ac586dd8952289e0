"""Text clean-up shared by the results-notice and roster readers.

PDF text layers put spaces between Chinese characters and digits ('2025 年') and wrap long cells
onto several lines; Word and Excel keep text as typed. These helpers give one form for both.
"""

from __future__ import annotations

from jiangxin.core.patterns import LazyPattern
from jiangxin.core.text import SPACE, collapse_ws, normalize_name, strip_spaces

from ..model import Cell

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# a space next to a CJK character or CJK punctuation is layout, not content
_LAYOUT_SPACE = LazyPattern(
    rf"(?<=[{_CJK}\u3000-\u303f\uff00-\uffef])\s+|\s+(?=[{_CJK}\u3000-\u303f\uff00-\uffef])"
)
# what people write between names in one cell
_NAME_LIST = LazyPattern(r"[、，,；;/／\n]+")
_ONE_NAME = LazyPattern(r"^[\u4e00-\u9fff·]{2,4}$")
_WS = LazyPattern(f"[{SPACE}]+")
# template text a clerk did not replace: '[姓名]', '【单位名称】', '{{name}}', 'XXX', '×××', '某某', '请填写…'
_PLACEHOLDER = LazyPattern(
    r"^(?:[\[【〔{｛<＜《（(]+[^\]】〕}｝>＞》）)]{0,20}[\]】〕}｝>＞》）)]+|[xX×Ｘｘ*＊_＿?？.。…—\-－○〇□]{2,}"
    r"|.*某某.*|请(?:填写|输入|选择).*|待(?:定|填|补充)|示例.*|例[：:].*)$"
)


def is_placeholder(text: str) -> bool:
    """Template text standing where a value should be: it is empty, never a value."""
    return bool(_PLACEHOLDER.match(strip_spaces(text)))


def tidy(text: str) -> str:
    """One line of text as written: whitespace runs collapsed, spaces beside CJK characters removed."""
    return _LAYOUT_SPACE.sub("", collapse_ws(text))


def cell_text(cell: Cell | None, *, wrapped: bool) -> str:
    """A cell's text on one line; `wrapped` (PDF) joins wrapped lines without a separator."""
    if cell is None:
        return ""
    text = cell.text
    if wrapped:
        text = "".join(part.strip() for part in text.splitlines())
    return tidy(text)


def cell_names(cell: Cell | None, *, wrapped: bool) -> list[str]:
    """The people listed in a cell, in order; a PDF line break inside a name is not a separator."""
    if cell is None or not cell.text.strip():
        return []
    text = cell.text
    if wrapped:
        lines = [part.strip() for part in text.splitlines() if part.strip()]
        if (
            len(lines) > 1
            and not _NAME_LIST.search(text.replace("\n", ""))
            and all(_ONE_NAME.match(x) for x in lines)
        ):
            # no separator anywhere and a name on each line: one name per line, not a wrapped one
            return [normalize_name(x) for x in lines if not is_placeholder(x)]
        text = "".join(lines)
    return names_in(text)


def names_in(text: str) -> list[str]:
    """Names separated by 、，; or line breaks; a gap splits only between multi-character names.

    '张　三' and '张  三' are one padded name; '张三  李四' are two.
    """
    out: list[str] = []
    for part in _NAME_LIST.split(text):
        pieces = [p for p in _WS.split(part) if p]
        if len(pieces) > 1 and all(len(p) >= 2 for p in pieces):
            out.extend(normalize_name(p) for p in pieces)
        elif pieces:
            out.append(normalize_name("".join(pieces)))
    return [n for n in out if n and not is_placeholder(n)]
