"""Award rows of a results list: one `AwardData` per data row, headings and 落款 rows kept apart.

Below the header a row is a block heading ('一、团体奖', '优秀组织奖'), a spacer, a repeated header,
an award, or a loose line (a 落款, a note). The level comes from the 奖项 column, else the block
heading, else a rank; the scope from the level's own word (团体/个人), the block heading, the sheet,
then the number of names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jiangxin.core.patterns import LazyPattern
from jiangxin.core.record_data import AwardData
from jiangxin.core.warnings import FieldWarning

from ..model import Cell, Table
from .awards import Heading, Scope, parse_heading, parse_outcome, parse_rank, rank_level
from .result_columns import Header, find_header, is_header_repeat
from .result_head import is_date_line, is_signature_org
from .result_text import cell_names, cell_text, is_placeholder

_HONOUR_SPLIT = LazyPattern(r"[、，,；;/／\s]+")
_QUOTES = str.maketrans("", "", '“”"「」')
_DATA_ROLES = ("name", "leader", "unit", "title")


def find_result_header(table: Table) -> Header | None:
    """The header row of an award list: known headers naming people, units or achievements."""
    return find_header(table, "result_sheet", needs=_DATA_ROLES)


@dataclass(slots=True)
class TableAwards:
    """What one table gave: awards in row order, lines that are not awards, and warnings."""

    awards: list[AwardData] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    warnings: list[FieldWarning] = field(default_factory=list)


@dataclass(slots=True)
class _Row:
    """An award row before the table-wide checks (is the 名次 column a rank or a running number?)."""

    award: AwardData
    rank_from_column: bool
    level_cell: Cell | None
    unit_cell: Cell | None


def read_award_rows(
    table: Table, header: Header, *, wrapped: bool, context: Heading | None = None
) -> TableAwards:
    """Awards from the rows below `header`; `context` is a heading that stands above the table."""
    out = TableAwards()
    grid = table.grid()
    section = context or Heading(None, None)
    rows: list[_Row] = []
    all_rows = table.rows()
    # numbered name columns (完成人1, 完成人2 …) after the first, left to right
    numbered = sorted((k for k in header.roles if k.startswith("name#")), key=lambda k: header.roles[k])
    name_roles = ("name", *numbered)
    for r, row in enumerate(all_rows):
        if r <= header.row:
            if r < header.row:
                out.lines.extend(_row_line(row))
            continue
        texts = [c.text for c in row]
        filled = [c for c in row if c.text.strip()]
        if not filled or is_header_repeat(header, texts):
            continue
        if len(filled) == 1:
            heading = parse_heading(filled[0].text)
            if heading is not None:
                # a scope heading ('一、团体奖') starts afresh; a grade heading under it keeps its scope
                scope = heading.scope if heading.scope is not None else section.scope
                section = _merge(Heading(heading.level, scope), context)
                continue
            if filled[0].colspan >= max(2, table.n_cols - 1) or filled[0].col not in {
                header.roles.get(k) for k in _DATA_ROLES
            }:
                out.lines.extend(_row_line(row))
                continue
        if _is_signature(filled, _next_filled(all_rows, r)):
            out.lines.extend(_row_line(row))
            continue

        def at(role: str, r: int = r) -> Cell | None:
            col = header.roles.get(role)
            return grid[r][col] if col is not None and col < table.n_cols else None

        made = _award(
            at, section, wrapped=wrapped, row_number=r + 1, warnings=out.warnings, name_roles=name_roles
        )
        if made is None:
            out.lines.extend(_row_line(row))
            continue
        if rows and _continues(rows[-1], made, at("level"), at("unit")):
            rows[-1].award.names.extend(n for n in made.award.names if n not in rows[-1].award.names)
            continue
        rows.append(made)
    _running_numbers_are_not_ranks(rows)
    out.awards = [r.award for r in rows]
    return out


def _next_filled(rows: list[list[Cell]], r: int) -> list[Cell]:
    for row in rows[r + 1 :]:
        filled = [c for c in row if c.text.strip()]
        if filled:
            return filled
    return []


def _is_signature(filled: list[Cell], following: list[Cell]) -> bool:
    """A 落款 row under the list: the issuing body and/or the date, nothing else."""
    dates = [c for c in filled if is_date_line(c.text)]
    orgs = [c for c in filled if is_signature_org(c.text)]
    if dates and len(dates) + len(orgs) == len(filled):
        return True
    # the body on one row, the date on the next
    return len(filled) == 1 and bool(orgs) and len(following) == 1 and is_date_line(following[0].text)


def _merge(heading: Heading, context: Heading | None) -> Heading:
    if context is None:
        return heading
    return Heading(heading.level or context.level, heading.scope or context.scope)


def _row_line(row: list[Cell]) -> list[str]:
    texts = [c.text.strip() for c in row if c.text.strip()]
    return ["  ".join(texts)] if texts else []


def _award(
    at: Any,
    section: Heading,
    *,
    wrapped: bool,
    row_number: int,
    warnings: list[FieldWarning],
    name_roles: tuple[str, ...] = ("name",),
) -> _Row | None:
    names = cell_names(at("leader"), wrapped=wrapped)
    for role in name_roles:
        names += [n for n in cell_names(at(role), wrapped=wrapped) if n not in names]
    unit = _value(cell_text(at("unit"), wrapped=wrapped))
    title = _value(cell_text(at("title"), wrapped=wrapped))
    if not names and unit is None and title is None:
        return None
    outcome = parse_outcome(_value(cell_text(at("level"), wrapped=wrapped)) or "")
    rank_text = cell_text(at("rank"), wrapped=wrapped)
    rank = parse_rank(rank_text) if rank_text else None
    if rank_text and rank is None:
        warnings.append(
            FieldWarning(
                field="rank", code="unreadable", message=f"第{row_number}行名次「{rank_text}」无法识别"
            )
        )
    rank_from_column = rank is not None
    if rank is None:
        rank = outcome.rank
    honours = list(outcome.honours)
    honour_text = cell_text(at("honours"), wrapped=wrapped).translate(_QUOTES)
    honours += [h for h in _HONOUR_SPLIT.split(honour_text) if h and h not in honours and h not in "无/－-"]
    level = outcome.level or section.level or (rank_level(rank) if rank is not None else None)
    if level is None:
        who = "、".join(names) or title or unit
        warnings.append(
            FieldWarning(
                field="awards", code="no_award", message=f"第{row_number}行（{who}）未写奖项或名次，未计入"
            )
        )
        return None
    scope = _scope(outcome.scope, section, level, names, title)
    award = AwardData(
        level=level,
        scope=scope,
        names=[] if scope == "organization" else names,
        unit=unit,
        title=title,
        rank=rank,
        honours=honours,
    )
    return _Row(award, rank_from_column and outcome.level is not None, at("level"), at("unit"))


def _value(text: str) -> str | None:
    """A cell's value; template text ('[单位]', 'XXX') is no value."""
    return None if not text or is_placeholder(text) else text


def _scope(stated: Scope | None, section: Heading, level: str, names: list[str], title: str | None) -> Scope:
    if title:
        return "achievement"
    if stated is not None:
        return stated
    if section.scope is not None:
        return section.scope
    if not names:
        return "organization" if level.endswith("组织奖") else "team"
    return "team" if len(names) > 1 else "individual"


def _continues(prev: _Row, made: _Row, level_cell: Cell | None, unit_cell: Cell | None) -> bool:
    """A team written one member per row, its unit and prize cells merged down the rows."""
    return (
        prev.award.scope == "team"
        and level_cell is not None
        and level_cell is prev.level_cell
        and level_cell.rowspan > 1
        and (unit_cell is None or unit_cell is prev.unit_cell)
    )


def _running_numbers_are_not_ranks(rows: list[_Row]) -> None:
    """A 名次 column that also numbers the 优秀组织奖 rows is a running number, not a ranking."""
    if any(r.award.scope == "organization" and r.rank_from_column for r in rows) and all(
        r.award.level is not None and not r.award.level.startswith("第") for r in rows
    ):
        for r in rows:
            if r.rank_from_column:
                r.award.rank = None
