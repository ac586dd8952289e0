"""Read a results notice (获奖名单, 成绩通报, 表彰决定, 评选结果) into a `ResultSheetData`.

One reader for every format: award tables (each xlsx sheet is a table) give one award per row,
the 通报's sentences give the awards stated only in prose, and the remaining lines give the event,
organizer, date and tier. Awards keep reading order; a prose award repeated in a table is kept once.
A list without a level column takes its outcome (立项, 入驻, 参展 … in outcomes.toml) from the section
heading above it, else its own title row or sheet name, else the document's title; a list whose
header words are unfamiliar is read by what its cells hold (result_content.py).
"""

from __future__ import annotations

import re

from jiangxin.core.patterns import LazyPattern
from jiangxin.core.record_data import AwardData, ResultSheetData
from jiangxin.core.warnings import FieldWarning

from ..context import ExtractContext
from ..model import Document, Paragraph, Table
from ..prose import awards_in_prose, has_award_sentence
from . import KindResult
from .awards import Heading, outcome_in_title, parse_heading
from .result_columns import Header
from .result_content import infer_header
from .result_head import event_from_title, find_title, read_head
from .result_tables import find_result_header, read_award_rows
from .result_text import tidy

_SENTENCE_END = LazyPattern(r"[。！？；：!?;:]$")
# a list's title: no sentence punctuation, ends as titles of lists and notices do
_LIST_TITLE = LazyPattern(r"(名单|通知|决定|通报|计划|公告|公示|结果|项目|清单|一览表|汇总表)$")
_DEFAULT_SHEET = LazyPattern(r"^(?:sheet|工作表|表)\s*\d*$", re.IGNORECASE)
_ANNEX = LazyPattern(r"^附件\s*\d*\s*[：:]?\s*")


def extract_result_sheet(doc: Document, ctx: ExtractContext) -> KindResult:
    wrapped = doc.source_format == "pdf"
    lines: list[str] = []
    notes: list[str] = []  # tables that are not award lists (a 说明 sheet): read last for the head
    groups: list[tuple[str, list[AwardData]]] = []  # ("prose" | "table", awards) in reading order
    warnings: list[FieldWarning] = []
    prose: list[str] = []
    heading: Heading | None = None
    previous: Header | None = None
    previous_cols = -1
    # the outcome a title states, for lists without a level column ('…立项计划的通知' → 立项)
    title = find_title([b.text for b in doc.blocks[:40] if isinstance(b, Paragraph)])
    titled = outcome_in_title(title) if title else None
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
            prose.append(block.text)
            found = parse_heading(block.text) if block.text.strip() else None
            if found is not None:
                heading = found
            elif (stated := title_outcome(block.text)) is not None:
                titled, heading = stated, None  # an annex's own title starts a new list
            continue
        if prose:
            groups.append(("prose", _prose_awards(prose, wrapped, ctx, warnings)))
            prose = []
        header = find_result_header(block)
        if header is None and doc.source_format != "xlsx" and block.n_cols == previous_cols:
            # a table continued on the next page, its header not repeated
            header = previous and Header(row=-1, roles=previous.roles, texts=previous.texts)
        if header is None:  # header words unknown: columns typed by what their cells hold
            header = infer_header(block, outcome_stated=_states_outcome(block, titled))
        if header is None:
            notes.extend("  ".join(c.text for c in row if c.text.strip()) for row in block.rows())
            continue
        context = _table_context(block, header, heading, titled)
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
        warnings.append(FieldWarning(field="awards", code="not_found", message="未找到获奖名单"))
    event = head.event or _first_line(lines) or _sheet_event(doc)
    record = ResultSheetData(
        event=event,
        organizer=head.organizer,
        date=head.date,
        tier=head.tier,  # type: ignore[arg-type]
        awards=awards,
    )
    return KindResult(data=record, warnings=warnings)


def _prose_awards(
    paragraphs: list[str], wrapped: bool, ctx: ExtractContext, warnings: list[FieldWarning]
) -> list[AwardData]:
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


def _states_outcome(table: Table, titled: str | None) -> bool:
    """The document's title, the sheet's name or a title row of the table states an outcome."""
    if titled is not None or (table.name and outcome_in_title(table.name)):
        return True
    return any(title_outcome(c.text) for row in table.rows()[:3] for c in row if c.text.strip())


def title_outcome(text: str) -> str | None:
    """The outcome stated by a line that is a list's or notice's title ('附件：…立项名单'), else None."""
    line = _ANNEX.sub("", tidy(text))
    if not line or len(line) > 80 or any(p in line for p in "，。；！？,;") or not _LIST_TITLE.search(line):
        return None
    return outcome_in_title(line)


def _table_context(
    table: Table, header: Header, heading: Heading | None, titled: str | None
) -> Heading | None:
    """A heading that applies to every row: the sheet's name, a title row above the header, or the
    paragraph heading just before the table. A list without a level column takes the outcome its
    title states (the table's title row or sheet name first, then the document's title)."""
    found = heading
    if table.name:
        found = parse_heading(table.name) or found
        titled = outcome_in_title(table.name) or titled
    for row in table.rows()[: max(header.row, 0)]:
        for cell in row:
            parsed = parse_heading(cell.text) if cell.text.strip() else None
            if parsed is not None:
                found = parsed
            elif (stated := title_outcome(cell.text)) is not None:
                titled = stated
    if titled is None or header.has("level", "rank") or (found is not None and found.level is not None):
        return found
    return Heading(titled, found.scope if found is not None else None)


def _without_repeats(groups: list[tuple[str, list[AwardData]]]) -> list[AwardData]:
    """All awards in reading order; a prose award that a table also lists is dropped."""
    in_tables = {_key(a) for kind, awards in groups if kind == "table" for a in awards}
    out: list[AwardData] = []
    for kind, awards in groups:
        out.extend(a for a in awards if kind == "table" or _key(a) not in in_tables)
    return out


def _key(award: AwardData) -> tuple[object, ...]:
    if award.names:
        return (award.level, award.scope, tuple(award.names))
    return (award.level, award.scope, award.unit, award.title)


def _first_line(lines: list[str]) -> str | None:
    return next((line.strip() for line in lines if line.strip()), None)


def _sheet_event(doc: Document) -> str:
    """A list with no title line at all (a system's export) is named by its sheet, unless the name is
    the spreadsheet's default ('Sheet1', '工作表1') or only a level ('一等奖')."""
    for table in doc.tables():
        name = tidy(table.name or "")
        if name and not _DEFAULT_SHEET.match(name) and parse_heading(name) is None:
            return event_from_title(name)
    return "（无标题）"
