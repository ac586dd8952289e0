"""Staff rosters (员工花名册) for tests, the demo year and the benchmark: a `Roster` and the Excel
file that states exactly it.

The layout varies as real exports do: title and date rows above the header (or none), columns in
any order under their usual names, extra columns nobody reads, two-character names padded.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from ..core.records import Roster, RosterPerson
from .people import OUR_ORG, OUR_SUB_UNITS, POSTS, TITLES, NamePool, pad_name

_STATUS_WEIGHTS = {"在职": 0.93, "离职": 0.04, "退休": 0.03}
_HEADERS = {
    "employee_id": ["员工编号", "人员编号", "工号"],
    "name": ["姓名", "员工姓名"],
    "unit": ["单位/部门", "部门", "所在单位"],
    "post": ["岗位", "岗位名称", "职务"],
    "status": ["在职状态", "人员状态", "用工状态"],
}
# columns a roster export carries that the record does not keep
_EXTRA = ["序号", "性别", "出生年月", "职称"]


def random_roster(
    rng: random.Random, names: NamePool, size: int, *, include: Sequence[RosterPerson] = ()
) -> Roster:
    """`size` people of our sub-units (short names, as the HR export writes them), a few 离职 or
    退休; `include` are placed among them as given (e.g. applicants a test needs on the roster)."""
    used_ids: set[str] = {p.employee_id for p in include if p.employee_id}
    people: list[RosterPerson] = []
    for _ in range(max(0, size - len(include))):
        employee_id = _employee_id(rng, used_ids)
        status = rng.choices(list(_STATUS_WEIGHTS), weights=list(_STATUS_WEIGHTS.values()))[0]
        people.append(
            RosterPerson(
                name=names.name(),
                employee_id=employee_id,
                unit=rng.choice(OUR_SUB_UNITS),
                post=rng.choice(POSTS),
                status=status,
            )
        )
    order = {u: i for i, u in enumerate(OUR_SUB_UNITS)}
    people.sort(key=lambda p: (order.get(p.unit or "", len(order)), p.employee_id or ""))
    for person in include:
        people.insert(rng.randint(0, len(people)), person)
    return Roster(people=people)


def _employee_id(rng: random.Random, used: set[str]) -> str:
    while True:
        candidate = f"621{rng.randint(0, 99999):05d}"
        if candidate not in used:
            used.add(candidate)
            return candidate


def render_roster(record: Roster, path: Path, rng: random.Random) -> None:
    """Write the roster as an .xlsx whose correct extraction is exactly `record`."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = rng.choice(["花名册", "Sheet1", "人员信息"])
    roles = list(_HEADERS)
    present = [r for r in roles if r == "name" or any(getattr(p, r) is not None for p in record.people)]
    columns: list[str] = present + rng.sample(_EXTRA, rng.randint(1, len(_EXTRA)))
    rng.shuffle(columns)
    if "序号" in columns:  # a running number always comes first
        columns.remove("序号")
        columns.insert(0, "序号")
    width = len(columns)
    row = 1
    if rng.random() < 0.8:
        ws.cell(row=row, column=1, value=f"{OUR_ORG}员工花名册")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
        if rng.random() < 0.6:
            ws.cell(row=row, column=1, value=f"统计截止日期：{rng.choice([2024, 2025])}年6月30日")
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            row += 1
    for c, column in enumerate(columns, start=1):
        ws.cell(row=row, column=c, value=rng.choice(_HEADERS[column]) if column in _HEADERS else column)
    for i, person in enumerate(record.people, start=1):
        r = row + i
        for c, column in enumerate(columns, start=1):
            ws.cell(row=r, column=c, value=_value(column, person, i, rng))
    for c in range(1, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 16
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def _value(column: str, person: RosterPerson, index: int, rng: random.Random) -> str | int | None:
    if column == "序号":
        return index
    if column == "name":
        return pad_name(person.name, rng)
    if column in _HEADERS:
        return getattr(person, column)  # type: ignore[no-any-return]
    if column == "性别":
        return rng.choice(["男", "女"])
    if column == "出生年月":
        return f"{rng.randint(1965, 2000)}.{rng.randint(1, 12):02d}"
    return rng.choice(TITLES)
