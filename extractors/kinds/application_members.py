"""Read the 完成人 of an application: a sub-table (序号 姓名 单位 职务/职称), one person per line
('1．张三，国网…公司，工程师'), or names in one cell separated by 、 ， ; or line breaks."""

from __future__ import annotations

import re

from jiangxin.records import Person

from ..text import normalize_name, split_names, squeeze
from .application_labels import LabelTable, labels
from .application_layout import Entry

# a list number in front of a person: 1． 1. 1、 (1) （1） ①
_ITEM_NUMBER = re.compile(r"^\s*(?:\d{1,2}\s*[.．、)）]|[（(]\s*\d{1,2}\s*[）)]|[①-⑳])\s*")
_PERSON_SEPARATORS = re.compile(r"\s*(?:[，,；;\t|｜]|\u3000+|\s{2,})\s*")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,5}$")
_UNIT_END = re.compile(r"(公司|中心|分公司|室|部|所|站|局|班|院|厂|处|车间|工区|队|科|组)$")
_TITLE_END = re.compile(r"(师|工|员|长|专责|主任|经理|书记|干事|主管|助理)$")
_NOTHING = {"", "/", "／", "—", "-", "－", "无", "——"}


def read_members(entry: Entry) -> list[Person]:
    """The people an entry lists, in order (empty when it holds nobody)."""
    table = labels()
    for nested in entry.tables:
        people = _from_grid(nested.text_rows(), table)
        if people is not None:
            return people
    if len(entry.grid) > 1 and max(len(r) for r in entry.grid) > 1:
        people = _from_grid(entry.grid, table)
        if people is not None:
            return people
    return from_text(entry.text)


def _from_grid(rows: list[list[str]], table: LabelTable) -> list[Person] | None:
    """People from a sub-table with a header row; None when no row names a 姓名 column."""
    for h, header in enumerate(rows):
        roles = [table.member_role(text) for text in header]
        if "name" not in roles:
            continue
        column = {role: roles.index(role) for role in ("name", "unit", "title") if role in roles}
        people: list[Person] = []
        for row in rows[h + 1 :]:
            if [table.member_role(t) for t in row] == roles:
                continue  # the header repeated after a page break
            cell = row[column["name"]] if column["name"] < len(row) else ""
            name = normalize_name(cell)
            if name in _NOTHING:
                continue
            people.append(
                Person(name=name, unit=_pick(row, column.get("unit")), title=_pick(row, column.get("title")))
            )
        return people
    return None


def _pick(row: list[str], index: int | None) -> str | None:
    if index is None or index >= len(row):
        return None
    value = squeeze(row[index])
    return None if value in _NOTHING else value


def from_text(text: str) -> list[Person]:
    """People written as text: one per line with unit and title, or a list of bare names."""
    lines = [ln for ln in (s.strip() for s in text.split("\n")) if ln]
    if not lines:
        return []
    records = [_person_line(ln) for ln in lines]
    if any(r is not None for r in records):
        people = [r for r in records if r is not None]
        return people
    return [Person(name=n) for n in split_names(" \n".join(lines)) if n not in _NOTHING]


def _person_line(line: str) -> Person | None:
    """'1．张三，国网瓜州县供电公司，技师' → a person; None for a line of bare names."""
    numbered = bool(_ITEM_NUMBER.match(line))
    body = _ITEM_NUMBER.sub("", line, count=1)
    parts = _merge_padding([p for p in _PERSON_SEPARATORS.split(body) if p])
    if not parts:
        return None
    rest = parts[1:]
    if not numbered and (not rest or all(_name_like(p) for p in rest)):
        return None  # '张三、李四' or '张三，李四，王五' is a list of names
    name = normalize_name(parts[0])
    unit: str | None = None
    title: str | None = None
    if rest and _UNIT_END.search(squeeze(rest[0])):
        unit = squeeze(rest[0])
        rest = rest[1:]
    if rest:
        title = squeeze("，".join(rest))
    return Person(name=name, unit=unit, title=title)


def _name_like(part: str) -> bool:
    text = normalize_name(part)
    return bool(_NAME.match(text)) and not _TITLE_END.search(text) and not _UNIT_END.search(text)


def _merge_padding(parts: list[str]) -> list[str]:
    """'张　三　国网…' split at the padding: two single characters in a row are one name."""
    out: list[str] = []
    for part in parts:
        if out and len(part) == 1 and len(out[-1]) == 1:
            out[-1] += part
        else:
            out.append(part)
    return out


def first_member(entry: Entry) -> Person | None:
    """The 第一完成人 cell or line: a name, possibly followed by unit and title."""
    people = from_text(entry.text)
    return people[0] if people else None
