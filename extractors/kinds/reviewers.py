"""Read a 评审专家名单 (姓名, 单位, 专业, 内部/外部, 联系方式) into a `ReviewerListData`.

The header row is found by its column names wherever it sits; title and note rows above it are
skipped. A list is told apart from a staff roster by saying 专家/评委/评审 and having no employee ids.
"""

from __future__ import annotations

import re

from jiangxin.core.patterns import LazyPattern
from jiangxin.core.record_data import ReviewerEntryData, ReviewerListData
from jiangxin.core.text import key, normalize_name
from jiangxin.core.warnings import FieldWarning

from ..context import ExtractContext
from ..errors import ErrorClass, ExtractionError
from ..model import Document, Table
from . import KindResult

_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "专家姓名", "评委姓名", "评审专家", "专家", "评委"),
    "unit": ("单位", "工作单位", "所在单位", "单位名称", "单位/部门", "所在单位及部门", "单位及部门"),
    "specialty": ("专业", "专业领域", "专业类别", "评审专业", "擅长专业", "专业方向", "从事专业"),
    "internal": ("内部/外部", "内部外部", "内/外部", "内外部", "专家类别", "专家类型", "类别", "来源"),
    "contact": ("联系方式", "联系电话", "电话", "手机", "手机号", "手机号码", "电子邮箱"),
}
_ROLE = {key(word): role for role, words in _COLUMNS.items() for word in words}
_ROSTER_ONLY = LazyPattern(r"员工编号|人员编号|工号|在职状态|人员状态|用工状态")
_ABOUT_REVIEW = LazyPattern(r"专家|评委|评审")
_NAME = LazyPattern(r"^[\u4e00-\u9fff·]{2,12}$")
_INTERNAL = LazyPattern(r"^(内部|内聘|公司内部?|本单位|本公司|系统内|是)$")
_EXTERNAL = LazyPattern(r"^(外部|外聘|外单位|公司外部?|系统外|特邀|否)$")


def _header(table: Table, limit: int = 12) -> tuple[int, dict[str, int]] | None:
    """The first row with a name column, a unit column and one more reviewer column."""
    for r, row in enumerate(table.rows()[:limit]):
        roles: dict[str, int] = {}
        for cell in row:
            role = _ROLE.get(key(cell.text)) if cell.text.strip() else None
            if role is not None:
                roles.setdefault(role, cell.col)
        if {"name", "unit"} <= roles.keys() and roles.keys() & {"specialty", "internal"}:
            return r, roles
    return None


def looks_like_reviewer_list(doc: Document) -> bool:
    """A table with 姓名/单位/专业 (or 内部/外部) columns, in a document about 专家/评委, not a roster."""
    for table in doc.tables():
        found = _header(table)
        if found is None:
            continue
        head = "\n".join("\t".join(row) for row in table.text_rows()[: found[0] + 1])
        if _ROSTER_ONLY.search(head):
            continue
        title_lines = [p.text for p in doc.paragraphs()][:5]
        if _ABOUT_REVIEW.search("\n".join([table.name or "", head, *title_lines])):
            return True
    return False


def _internal(text: str) -> bool | None:
    value = re.sub(r"\s+", "", text)
    if _INTERNAL.match(value):
        return True
    if _EXTERNAL.match(value):
        return False
    return None


def extract_reviewer_list(doc: Document, ctx: ExtractContext) -> KindResult:
    reviewers: list[ReviewerEntryData] = []
    warnings: list[FieldWarning] = []
    seen: set[tuple[str, str]] = set()

    def doubt(code: str, message: str) -> None:
        warnings.append(FieldWarning.of("reviewers", code, message))

    for table in doc.tables():
        found = _header(table)
        if found is None:
            continue
        header_row, roles = found
        grid = table.text_rows()
        for r in range(header_row + 1, len(grid)):
            values = {role: grid[r][col].strip() if col < len(grid[r]) else "" for role, col in roles.items()}
            raw = values.get("name", "")
            if not raw:
                continue
            name = normalize_name(raw)
            if not _NAME.match(name):
                doubt("not_a_name", f"第{r + 1}行姓名「{raw}」不像人名，未计入")
                continue
            unit = values.get("unit") or None
            if unit is None:
                doubt("unit_missing", f"第{r + 1}行专家「{name}」未填写单位，无法判断回避")
            person = (name, unit or "")
            if person in seen:
                doubt("listed_twice", f"专家「{name}」（{unit or '单位不详'}）重复列出，只计一次")
                continue
            seen.add(person)
            internal_text = values.get("internal", "")
            internal = _internal(internal_text) if internal_text else None
            if internal_text and internal is None:
                doubt("unreadable", f"第{r + 1}行“内部/外部”填写为「{internal_text}」，无法判断")
            reviewers.append(
                ReviewerEntryData(
                    name=name,
                    unit=unit,
                    specialty=values.get("specialty") or None,
                    internal=internal,
                    contact=values.get("contact") or None,
                )
            )
    if not reviewers:
        raise ExtractionError(
            ErrorClass.EMPTY, "评审专家名单中没有读到专家（需要“姓名”“单位”“专业”等表头）。"
        )
    return KindResult(data=ReviewerListData(reviewers=reviewers), warnings=warnings)
