"""Find the header row of a list (results or roster) and what each column holds, from columns.toml.

The header is not always the first row (title and note rows come first) and columns come in any
order under any of their usual names, so each header cell is looked up in the synonym table.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from jiangxin.core.patterns import LazyPattern
from jiangxin.core.text import key

from ..model import Table

# '完成人1', '成员2': one column per person, each headed by the role and its number
_NUMBERED = LazyPattern(r"^(.+?)\d{1,2}$")
_NUMBERED_ROLES = ("name",)


@cache
def synonyms(section: str) -> dict[str, str]:
    """Normalised header text → role, for 'result_sheet' or 'roster'."""
    data = tomllib.loads(resources.files("extractors").joinpath("columns.toml").read_text("utf-8"))
    out: dict[str, str] = {}
    for role, words in data[section].items():
        for word in words:
            out.setdefault(key(word), role)
    return out


def role_of(text: str, section: str) -> str | None:
    return synonyms(section).get(key(text))


@dataclass(frozen=True, slots=True)
class Header:
    """The header row of a table and the grid column of each role found in it."""

    row: int
    roles: dict[str, int]
    texts: tuple[str, ...]  # the header row's cell texts, to recognise a repeated header

    def has(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)


def find_header(
    table: Table, section: str, *, needs: tuple[str, ...], also: tuple[str, ...] = (), limit: int = 12
) -> Header | None:
    """The first row (within `limit`) with two or more known headers, one of `needs` and, when
    `also` is given, one of `also` as well."""
    for r, row in enumerate(table.rows()[:limit]):
        roles: dict[str, int] = {}
        known = 0
        for cell in row:
            role = role_of(cell.text, section) if cell.text.strip() else None
            numbered = False
            if role is None and cell.text.strip() and (m := _NUMBERED.match(key(cell.text))):
                role = role_of(m.group(1), section)
                numbered = role in _NUMBERED_ROLES
                role = role if numbered else None
            if role is None:
                continue
            known += 1
            if numbered and role in roles:
                roles[f"{role}#{cell.col}"] = cell.col  # 完成人2, 完成人3: more of the same people
            elif role != "other":
                roles.setdefault(role, cell.col)
        if known < 2 or not any(n in roles for n in needs):
            continue
        if also and not any(a in roles for a in also):
            continue
        return Header(row=r, roles=roles, texts=tuple(key(c.text) for c in row))
    return None


def is_header_repeat(header: Header, texts: list[str]) -> bool:
    """A row that repeats the header (tables continued on a new page print it again)."""
    return tuple(key(t) for t in texts) == header.texts
