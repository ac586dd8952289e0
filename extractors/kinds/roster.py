"""Read a staff roster (员工花名册) into a `RosterData`: one person per row under the header.

The header is found by its column names (columns.toml, section `roster`), wherever it sits and in
whatever order; title, date and note rows above it and 制表/合计 rows below are not people.
Names are unpadded ('文　秀' → '文秀'); every other value is kept as written.
"""

from __future__ import annotations

from jiangxin.core.patterns import LazyPattern
from jiangxin.core.record_data import RosterData, RosterPersonData
from jiangxin.core.text import normalize_name
from jiangxin.core.warnings import FieldWarning

from ..context import ExtractContext
from ..model import Document, Table
from . import KindResult
from .result_columns import Header, find_header, is_header_repeat
from .result_text import cell_text

# a person's name: Chinese characters, possibly with a middle dot (minority names)
_NAME = LazyPattern(r"^[\u4e00-\u9fff·]{2,12}$")
_NOT_A_PERSON = LazyPattern(r"合计|小计|总计|制表|审核|填表|备注|说明|注[：:]")


def find_roster_header(table: Table) -> Header | None:
    """A header naming people and at least one roster column (编号, 单位, 岗位 or 状态)."""
    return find_header(
        table, "roster", needs=("name",), also=("employee_id", "status", "unit", "post"), limit=20
    )


def extract_roster(doc: Document, ctx: ExtractContext) -> KindResult:
    wrapped = doc.source_format == "pdf"
    people: list[RosterPersonData] = []
    warnings: list[FieldWarning] = []
    previous: Header | None = None
    for table in doc.tables():
        header = find_roster_header(table)
        if header is None and previous is not None and doc.source_format != "xlsx":
            header = Header(row=-1, roles=previous.roles, texts=previous.texts)
        if header is None:
            continue
        previous = header
        people.extend(_people(table, header, wrapped=wrapped, warnings=warnings))
    if not people:
        warnings.append(
            FieldWarning(field="people", code="not_found", message="未找到人员名单（缺少“姓名”等表头）")
        )
    return KindResult(data=RosterData(people=people), warnings=warnings)


def _people(
    table: Table, header: Header, *, wrapped: bool, warnings: list[FieldWarning]
) -> list[RosterPersonData]:
    grid = table.grid()
    out: list[RosterPersonData] = []
    for r, row in enumerate(table.rows()):
        if r <= header.row or is_header_repeat(header, [c.text for c in row]):
            continue
        values: dict[str, str | None] = {}
        for role, col in header.roles.items():
            cell = grid[r][col] if col < table.n_cols else None
            values[role] = cell_text(cell, wrapped=wrapped) or None
        raw_name = values.get("name")
        if raw_name is None:
            continue
        name = normalize_name(raw_name)
        if _NOT_A_PERSON.search(name):
            continue
        if not _NAME.match(name):
            warnings.append(
                FieldWarning.of("people", "not_a_name", f"第{r + 1}行姓名「{raw_name}」不像人名，未计入")
            )
            continue
        out.append(
            RosterPersonData(
                name=name,
                employee_id=values.get("employee_id"),
                unit=values.get("unit"),
                post=values.get("post"),
                status=values.get("status"),
            )
        )
    return out
