"""Read the 完成人 of an application: a member table in any column order, with or without a header
row; one person per line ('1．张三，国网…公司，工程师'); '姓名（单位，职称）' entries; or names in
one cell separated by 、 ， ; or line breaks.

A member table is read by what its cells hold (`application_cells`): each column is scored as names,
units, titles or serial numbers over all its rows, and the header row, when there is one, only tips
the balance. Header rows repeated after a page break are dropped, and a row a page break split (no
name, the rest of a unit or title) is joined to the person above.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from jiangxin.core.patterns import LazyPattern
from jiangxin.core.record_data import PersonData
from jiangxin.core.text import normalize_name, split_names, squeeze

from .application_cells import CellKind as _Kind
from .application_cells import (
    could_be_header,
    header_role,
    is_placeholder,
    is_title,
    is_unit,
    judge,
    name_score,
    states_none,
    without_template,
)
from .application_labels import labels
from .application_layout import Entry

# a list number in front of a person: 1． 1. 1、 (1) （1） ①
_ITEM_NUMBER = LazyPattern(r"^\s*(?:\d{1,2}\s*[.．、)）]|[（(]\s*\d{1,2}\s*[）)]|[①-⑳])\s*")
_PERSON_SEPARATORS = LazyPattern(r"([\s\u3000]*[，,；;\t|｜][\s\u3000]*|[\s\u3000]+)")
# '张三（国网瓜州县供电公司，技师）' entries, separated by 、 ； or line breaks
_PAREN_ENTRY = LazyPattern(r"(?P<name>[^\s、，,；;（()）]{2,8}?)\s*[（(](?P<inner>[^（()）]{2,60})[）)]")
_KEY = LazyPattern(r"([^\s\u3000：:，,；;]{1,8})\s*[：:]")
_ITEM_MARKS = "0123456789.．、)）①②③④⑤⑥⑦⑧⑨⑩"
_ENTRY_GLUE = LazyPattern(r"^[\s、，,；;。]*$")
_LIST_MARKS = frozenset("、，,；;（(\n")  # a cell with none of them holds one value, not a list
_MIN_NAME_SCORE = 0.5
_MIN_ROLE_SCORE = 0.5
_HINT = 0.25  # what a header adds to its column's score for the role it names


def read_members(entry: Entry, known_names: frozenset[str] = frozenset(), known_units: frozenset[str] = frozenset()
                 ) -> list[PersonData]:  # fmt: skip
    """The people an entry lists, in order (empty when it holds nobody)."""
    for nested in entry.tables:
        people = people_from_grid(nested.text_rows(), known_names, known_units)
        if people:
            return people
    people = []
    tabular = False
    for grid in _joined_blocks(entry.blocks):
        if max((len(r) for r in grid), default=0) > 1:
            tabular = True
            people.extend(people_from_grid(grid, known_names, known_units) or [])
    if people or tabular:
        return people  # a member table without names holds nobody, whatever its headers say
    return from_text(entry.text, known_names, known_units)


def _joined_blocks(blocks: Sequence[list[list[str]]]) -> list[list[list[str]]]:
    """Blocks of the same width one after another are one table cut by a page break."""
    out: list[list[list[str]]] = []
    for block in blocks:
        if not block:
            continue
        width = max(len(r) for r in block)
        if out and max(len(r) for r in out[-1]) == width:
            out[-1] = out[-1] + block
        else:
            out.append(list(block))
    return out


def _kind(text: str, known_names: frozenset[str], known_units: frozenset[str]) -> _Kind:
    kind = judge(text, known_names, known_units)
    if kind.empty or kind.name or kind.title or kind.unit or _LIST_MARKS.isdisjoint(text):
        return kind
    # a name cell may hold a list of names or '姓名（单位，职称）' entries
    people = from_text(text, known_names)
    if people and all(name_score(p.name, known_names) for p in people):
        return replace(kind, name=1.0)
    return kind


def people_from_grid(
    rows: list[list[str]],
    known_names: frozenset[str] = frozenset(),
    known_units: frozenset[str] = frozenset(),
) -> list[PersonData] | None:
    """People from a member table whose columns are typed by content; None when no column holds names."""
    rows = [[squeeze(t) if "\n" not in t.strip() else t.strip() for t in r] for r in rows]
    rows = [r for r in rows if any(t for t in r)]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    headers = [i for i, r in enumerate(rows) if _is_header_row(r)]
    hints: dict[int, str] = {}
    if headers:
        for c, text in enumerate(rows[headers[0]]):
            role = _header_hint(text)
            if role is not None:
                hints[c] = role
    data = [r for i, r in enumerate(rows) if i not in headers]
    if not data:
        return None
    judged: dict[str, _Kind] = {}  # a unit or title repeated down the column is judged once
    kinds = [
        [judged.get(t) or judged.setdefault(t, _kind(t, known_names, known_units)) for t in r] for r in data
    ]
    column = _assign(kinds, hints)
    if "name" not in column:
        return None
    if not headers and len(data) > 1 and _unknown_header(kinds[0], column):
        data, kinds = data[1:], kinds[1:]
    people: list[PersonData] = []
    for row, kind in zip(data, kinds, strict=True):
        people.extend(_row_people(row, kind, column, people, known_names, known_units))
    return people


def _header_hint(text: str) -> str | None:
    role = labels().member_role(text)
    if role is None:
        role = header_role(text)
    return role if role in ("name", "unit", "title", "serial") else None


def _is_header_row(row: list[str]) -> bool:
    """A header row: its non-empty cells are header words (by the synonyms or by the vocabulary)."""
    cells = [t for t in row if t]
    if sum(1 for t in cells if could_be_header(t)) < 2:
        return False
    roles = [labels().member_role(t) or header_role(t) for t in cells]
    hits = sum(1 for r in roles if r is not None)
    return hits >= 2 and hits * 2 >= len(cells) and any(r in ("name", "unit", "title") for r in roles)


def _assign(kinds: list[list[_Kind]], hints: dict[int, str]) -> dict[str, int]:
    """Role → column: names first (the best name column), then units and titles among the rest."""
    width = len(kinds[0])
    scores: list[dict[str, float]] = []
    for c in range(width):
        cells = [r[c] for r in kinds if not r[c].empty]
        if not cells:
            scores.append({})
            continue
        n = len(cells)
        col = {
            "name": sum(k.name for k in cells) / n * (n / len(kinds)),
            "unit": sum(1 for k in cells if k.unit) / n,
            "title": sum(1 for k in cells if k.title) / n,
            "serial": sum(1 for k in cells if k.serial) / n,
        }
        hint = hints.get(c)
        if hint is not None:
            col[hint] = col[hint] + _HINT
        scores.append(col)
    column: dict[str, int] = {}
    name_col = max(range(width), key=lambda c: scores[c].get("name", 0.0), default=None)
    if name_col is None or scores[name_col].get("name", 0.0) < _MIN_NAME_SCORE:
        return column
    column["name"] = name_col
    for role in ("unit", "title"):
        free = [c for c in range(width) if c not in column.values() and scores[c]]
        best = max(free, key=lambda c: scores[c].get(role, 0.0), default=None)
        if best is not None and scores[best].get(role, 0.0) >= _MIN_ROLE_SCORE:
            column[role] = best
    return column


def _unknown_header(row: list[_Kind], column: dict[str, int]) -> bool:
    """A first row in words the vocabulary lacks ('参与者 | 隶属机构 | 资格'): none of its cells is of
    its column's type, while the rows below are."""
    typed = [(row[c], role) for role, c in column.items() if role in ("unit", "title")]
    if not typed or any(k.empty or getattr(k, role) for k, role in typed):
        return False
    return row[column["name"]].name < 1.0


def _row_people(
    row: list[str],
    kinds: list[_Kind],
    column: dict[str, int],
    before: list[PersonData],
    known_names: frozenset[str],
    known_units: frozenset[str],
) -> list[PersonData]:
    c = column["name"]
    cell, kind = row[c], kinds[c]
    unit = _pick(row, kinds, column.get("unit"))
    title = _pick(row, kinds, column.get("title"))
    if kind.empty:
        if before and not cell and (unit or title):  # the rest of a row a page break split
            last = before[-1]
            before[-1] = PersonData(
                name=last.name, unit=_join(last.unit, unit), title=_join(last.title, title)
            )
        return []
    if kind.name and name_score(cell, known_names):
        return [PersonData(name=normalize_name(cell), unit=unit, title=title)]
    listed = from_text(cell, known_names, known_units)
    if len(listed) > 1 or (listed and (listed[0].unit or listed[0].title)):
        # several names or '姓名（单位，职称）' in one cell; the row's unit and title are theirs too
        return [PersonData(name=p.name, unit=p.unit or unit, title=p.title or title) for p in listed]
    if kind.serial or header_role(cell) is not None:
        return []
    name = normalize_name(cell)
    return [PersonData(name=name, unit=unit, title=title)] if name else []


def _join(a: str | None, b: str | None) -> str | None:
    return (a or "") + (b or "") or None


def _pick(row: list[str], kinds: list[_Kind], index: int | None) -> str | None:
    if index is None or index >= len(row) or kinds[index].empty:
        return None
    return squeeze(row[index])


def from_text(
    text: str, known_names: frozenset[str] = frozenset(), known_units: frozenset[str] = frozenset()
) -> list[PersonData]:
    """People written as text: a list of bare names, '姓名（单位，职称）' entries, or one person per
    line with unit and title."""
    text, _ = without_template(text)
    lines = _join_wrapped([ln for ln in (s.strip() for s in text.split("\n")) if ln])
    if not lines:
        return []
    joined = "\n".join(lines)
    entries = _paren_entries(joined, known_units)
    if entries:
        return entries
    labelled = [_labelled_person(ln) for ln in lines]
    if all(labelled):
        return [p for p in labelled if p is not None]
    if not any(_ITEM_NUMBER.match(ln) for ln in lines):
        names = split_names(joined)
        if names and all(_name_like(n, known_names) for n in names):
            return [PersonData(name=n) for n in names]
    return [p for p in (_person_line(ln, known_units) for ln in lines) if p is not None]


_CUT_END = LazyPattern(r"[、，,；;][\u4e00-\u9fff]$")
_CUT_START = LazyPattern(r"^[\u4e00-\u9fff]{1,3}(?:[、，,；;]|$)")


def _join_wrapped(lines: list[str]) -> list[str]:
    """A list of names wrapped or cut by a page break inside a name ('…、司' + '马青、…') is one list."""
    out: list[str] = []
    for line in lines:
        if out and _CUT_END.search(out[-1]) and _CUT_START.match(line):
            out[-1] += line
        else:
            out.append(line)
    return out


def _paren_entries(text: str, known_units: frozenset[str]) -> list[PersonData]:
    """'张三（国网瓜州县供电公司，技师）、李四（配电运检室，工程师）' → people; [] unless the whole
    text is such entries."""
    people: list[PersonData] = []
    end = 0
    for m in _PAREN_ENTRY.finditer(text):
        if not _ENTRY_GLUE.match(text[end : m.start()]):
            return []
        name = normalize_name(_ITEM_NUMBER.sub("", m.group("name")))
        if not name_score(name):
            return []
        unit: str | None = None
        title: str | None = None
        for part in (p for p in re.split(r"[，,；;]", m.group("inner")) if p.strip()):
            value = squeeze(part)
            if is_title(value) and not is_unit(value, known_units):
                title = value if title is None else title + "、" + value
            elif unit is None:
                unit = value  # an organisation, or what is left beside the title
            else:
                title = value if title is None else title + "、" + value
        people.append(PersonData(name=name, unit=unit, title=title))
        end = m.end()
    if not people or not _ENTRY_GLUE.match(text[end:]):
        return []
    return people


def _labelled_person(line: str) -> PersonData | None:
    """'姓名：张三　单位：配电运检室　职称：技师' (header words of a member table as labels) → a person."""
    keys = list(_KEY.finditer(line))
    if len(keys) < 2 or line[: keys[0].start()].strip(" \u3000" + "".join(_ITEM_MARKS)):
        return None
    found: dict[str, str] = {}
    for i, key in enumerate(keys):
        role = header_role(key.group(1))
        end = keys[i + 1].start() if i + 1 < len(keys) else len(line)
        value = squeeze(line[key.end() : end].strip(" \u3000，,；;"))
        if role in ("name", "unit", "title") and value and role not in found:
            found[role] = value
    name = normalize_name(found.get("name", ""))
    if not name or not name_score(name) or is_placeholder(name):
        return None
    return PersonData(name=name, unit=found.get("unit"), title=found.get("title"))


def _person_line(line: str, known_units: frozenset[str]) -> PersonData | None:
    """'1．张三，国网瓜州县供电公司，技师' (or with spaces between) → a person."""
    body = _ITEM_NUMBER.sub("", line, count=1)
    pieces = _PERSON_SEPARATORS.split(body)  # parts at even positions, separators at odd ones
    parts = [pieces[i] for i in range(0, len(pieces), 2)]
    seps = [pieces[i] for i in range(1, len(pieces), 2)]
    head = 2 if len(parts) > 2 and len(parts[0]) == 1 and len(parts[1]) == 1 else 1  # '张　三'
    name = normalize_name("".join(parts[:head]))
    if not name or states_none(name) or is_placeholder(name) or header_role(name) is not None:
        return None
    rest, glue = parts[head:], seps[head:]
    unit: str | None = None
    # the unit is the part that reads as one, wherever it stands ('张三，技师，国网…公司' too)
    at = next((i for i, part in enumerate(rest) if is_unit(part, known_units) and not is_title(part)), None)
    if at is not None and (at == 0 or at == len(rest) - 1):
        unit = squeeze(rest[at])
        rest, glue = rest[:at] + rest[at + 1 :], glue[:at] + glue[at + 1 :]
    text = "".join(part + (glue[i] if i < len(glue) else "") for i, part in enumerate(rest))
    title = squeeze(text.strip(" \u3000，,；;\t|｜")) or None
    return PersonData(name=name, unit=unit, title=title)


def _name_like(part: str, known_names: frozenset[str]) -> bool:
    return name_score(part, known_names) > 0


def first_member(
    entry: Entry, known_names: frozenset[str] = frozenset(), known_units: frozenset[str] = frozenset()
) -> PersonData | None:
    """The 第一完成人 / 项目负责人: a name, possibly followed by unit and title, in one cell or along
    its row ('栾立伟 | 职务/职称 | 高级工')."""
    for block in entry.blocks:
        for row in block:
            person = _lead_row([t for t in row if squeeze(t)], known_names, known_units)
            if person is not None:
                return person
    people = from_text(entry.text, known_names, known_units)
    return people[0] if people else None


def _lead_row(
    cells: list[str], known_names: frozenset[str], known_units: frozenset[str]
) -> PersonData | None:
    """A row of cells after the lead's label: a name, then values, each typed by content or by the
    header cell before it."""
    if not cells or not name_score(cells[0], known_names):
        return None
    name = normalize_name(cells[0])
    unit: str | None = None
    title: str | None = None
    pending: str | None = None
    for text in cells[1:]:
        hint = labels().member_role(text) or header_role(text)
        if hint is not None:
            pending = hint
            continue
        value = squeeze(text)
        if states_none(value) or is_placeholder(value):
            pending = None
            continue
        if pending == "title" or (pending is None and is_title(value)):
            title = title or value
        elif pending == "unit" or (pending is None and is_unit(value, known_units)):
            unit = unit or value
        pending = None
    return PersonData(name=name, unit=unit, title=title)
