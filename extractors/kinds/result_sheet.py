"""Read a results notice (获奖名单, 成绩通报, 表彰决定, 评选结果) into a `ResultSheet`.

One reader for every format: award tables (each xlsx sheet is a table) give one award per row,
the 通报's sentences give the awards stated only in prose, and the remaining lines give the event,
organizer, date and tier. Awards keep reading order; a prose award repeated in a table is kept once.
"""

from __future__ import annotations

import re

from jiangxin.records import Award, ResultSheet

from ..context import ExtractContext
from ..model import Document, Paragraph, Table
from ..prose import awards_in_prose, has_award_sentence
from . import KindResult
from .awards import Heading, parse_heading
from .result_columns import Header
from .result_head import read_head
from .result_tables import find_result_header, read_award_rows

_SENTENCE_END = re.compile(r"[。！？；：!?;:]$")


def extract_result_sheet(doc: Document, ctx: ExtractContext) -> KindResult:
    wrapped = doc.source_format == "pdf"
    lines: list[str] = []
    notes: list[str] = []  # tables that are not award lists (a 说明 sheet): read last for the head
    groups: list[tuple[str, list[Award]]] = []  # ("prose" | "table", awards) in reading order
    warnings: list[str] = []
    prose: list[str] = []
    heading: Heading | None = None
    previous: Header | None = None
    previous_cols = -1
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
            prose.append(block.text)
            found = parse_heading(block.text) if block.text.strip() else None
            if found is not None:
                heading = found
            continue
        if prose:
            groups.append(("prose", _prose_awards(prose, wrapped, ctx, warnings)))
            prose = []
        header = find_result_header(block)
        if header is None and doc.source_format != "xlsx" and block.n_cols == previous_cols:
            # a table continued on the next page, its header not repeated
            header = previous and Header(row=-1, roles=previous.roles, texts=previous.texts)
        if header is None:
            notes.extend("  ".join(c.text for c in row if c.text.strip()) for row in block.rows())
            continue
        context = _table_context(block, header, heading)
        read = read_award_rows(block, header, wrapped=wrapped, context=context)
        lines.extend(read.lines)
        warnings.extend(read.warnings)
        groups.append(("table", read.awards))
        previous, previous_cols = header, block.n_cols
    if prose:
        groups.append(("prose", _prose_awards(prose, wrapped, ctx, warnings)))
    head = read_head(lines + notes)
    warnings = head.warnings + warnings
    awards = _without_repeats(groups)
    if not awards:
        warnings.append("awards: 未找到获奖名单")
    event = head.event or _first_line(lines)
    record = ResultSheet(
        event=event,
        organizer=head.organizer,
        date=head.date,
        tier=head.tier,  # type: ignore[arg-type]
        awards=awards,
    )
    return KindResult(record=record, warnings=warnings)


def _prose_awards(
    paragraphs: list[str], wrapped: bool, ctx: ExtractContext, warnings: list[str]
) -> list[Award]:
    if wrapped:
        paragraphs = _rejoin_lines(paragraphs)
    if not any(has_award_sentence(p) for p in paragraphs):
        return []
    awards, problems = awards_in_prose(paragraphs, ctx)
    warnings.extend(problems)
    return awards


def _rejoin_lines(lines: list[str]) -> list[str]:
    """PDF lines back into paragraphs: a line not ending a sentence continues on the next."""
    out: list[str] = []
    current = ""
    for line in lines:
        current += line.strip()
        if _SENTENCE_END.search(current):
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def _table_context(table: Table, header: Header, heading: Heading | None) -> Heading | None:
    """A heading that applies to every row: the sheet's name, a title row above the header, or the
    paragraph heading just before the table."""
    found = heading
    if table.name:
        found = parse_heading(table.name) or found
    for row in table.rows()[: max(header.row, 0)]:
        for cell in row:
            parsed = parse_heading(cell.text) if cell.text.strip() else None
            if parsed is not None:
                found = parsed
    return found


def _without_repeats(groups: list[tuple[str, list[Award]]]) -> list[Award]:
    """All awards in reading order; a prose award that a table also lists is dropped."""
    in_tables = {_key(a) for kind, awards in groups if kind == "table" for a in awards}
    out: list[Award] = []
    for kind, awards in groups:
        out.extend(a for a in awards if kind == "table" or _key(a) not in in_tables)
    return out


def _key(award: Award) -> tuple[object, ...]:
    if award.names:
        return (award.level, award.scope, tuple(award.names))
    return (award.level, award.scope, award.unit, award.title)


def _first_line(lines: list[str]) -> str:
    return next((line.strip() for line in lines if line.strip()), "（无标题）")
