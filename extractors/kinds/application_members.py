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
_PERSON_SEPARATORS = re.compile(r"([\s\u3000]*[，,；;\t|｜][\s\u3000]*|[\s\u3000]+)")
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
    """People written as text: a list of bare names, or one person per line with unit and title."""
    lines = [ln for ln in (s.strip() for s in text.split("\n")) if ln]
    if not lines:
        return []
    if not any(_ITEM_NUMBER.match(ln) for ln in lines):
        names = split_names("\n".join(lines))
        if names and all(_name_like(n) for n in names):
            return [Person(name=n) for n in names if n not in _NOTHING]
    return [p for p in (_person_line(ln) for ln in lines) if p is not None]


def _person_line(line: str) -> Person | None:
    """'1．张三，国网瓜州县供电公司，技师' (or with spaces between) → a person."""
    body = _ITEM_NUMBER.sub("", line, count=1)
    pieces = _PERSON_SEPARATORS.split(body)  # parts at even positions, separators at odd ones
    parts = [pieces[i] for i in range(0, len(pieces), 2)]
    seps = [pieces[i] for i in range(1, len(pieces), 2)]
    head = 2 if len(parts) > 2 and len(parts[0]) == 1 and len(parts[1]) == 1 else 1  # '张　三'
    name = normalize_name("".join(parts[:head]))
    if name in _NOTHING:
        return None
    rest, glue = parts[head:], seps[head:]
    unit: str | None = None
    if rest and _UNIT_END.search(squeeze(rest[0])):
        unit = squeeze(rest[0])
        rest, glue = rest[1:], glue[1:]
    text = "".join(part + (glue[i] if i < len(glue) else "") for i, part in enumerate(rest))
    title = squeeze(text.strip(" \u3000，,；;\t|｜")) or None
    return Person(name=name, unit=unit, title=title)


def _name_like(part: str) -> bool:
    text = normalize_name(part)
    return bool(_NAME.match(text)) and not _TITLE_END.search(text) and not _UNIT_END.search(text)


def first_member(entry: Entry) -> Person | None:
    """The 第一完成人 cell or line: a name, possibly followed by unit and title."""
    people = from_text(entry.text)
    return people[0] if people else None
