"""What the office receives from a whole generated year: Chinese words only (no field or kind names
of the program), archive folders named in Chinese, and spreadsheets that print."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import zipfile
from pathlib import Path
from typing import Any, get_args

import docx
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from jiangxin.cli import app
from jiangxin.cli.demo import run_demo
from jiangxin.core import records
from jiangxin.core.labels import KIND_LABELS
from jiangxin.workspace import Workspace


def _internal_words() -> set[str]:
    """Every kind, field and value key of the record types: words the office must never read."""
    words = set(KIND_LABELS)
    for model in (
        records.Application, records.Person, records.Award, records.ResultSheet, records.RosterPerson,
        records.Roster, records.ReviewerEntry, records.ReviewerList, records.ScoreSheet, records.ScoreRow,
    ):  # fmt: skip
        words |= set(model.model_fields)
    words |= set(get_args(records.Award.model_fields["scope"].annotation))
    # plain English words that are also keys but read as ordinary text are kept out of the check
    return {w for w in words if "_" in w or len(w) > 4}


def _application_missing_members(path: Path) -> Path:
    """A form the reader doubts: no 完成人, an unreadable date and amount (warnings on three fields)."""
    document = docx.Document()
    document.add_paragraph("职工技术创新成果申报书")
    rows = [
        ("成果名称", "配网故障快速定位装置研制"), ("申报单位", "国网酒泉供电公司配电运检室"),
        ("成果类别", "☑技术革新 □发明创造"), ("完成时间", "某年"), ("经济效益（万元）", "约若干"),
        ("成果简介", "研制了一种配网故障快速定位装置。"),
        ("单位意见", "同意推荐。（盖章）"),  # endorsed: the doubts alone decide (待补正, listed with their fields)
    ]  # fmt: skip
    table = document.add_table(rows=len(rows), cols=2)
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    document.save(str(path))
    past = time.time() - 3600
    os.utime(path, (past, past))
    return path


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    ws = run_demo(tmp_path_factory.mktemp("year") / "ws")
    _application_missing_members(ws.inbox / "存疑申报书.docx")
    runner = CliRunner()
    for command in (["ingest"], ["check"], ["export"], ["list"]):
        result = runner.invoke(app, [*command, "-w", str(ws.root)])
        assert result.exit_code == 0, result.output
    return ws


def _visible_texts(path: Path) -> list[str]:
    """The text a person sees in a .docx (body, tables, headers) or .xlsx (visible sheets and their names)."""
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            parts = [n for n in z.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
            xml = "".join(z.read(n).decode("utf-8") for n in parts)
        return re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
    wb = load_workbook(path)
    texts: list[str] = []
    for sheet in wb.worksheets:
        if sheet.sheet_state != "visible":
            continue  # the score sheet's hidden check sheet is read back by the program only
        texts.append(sheet.title)
        texts += [str(v) for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]
        texts += [sheet.oddFooter.center.text or "", sheet.oddFooter.left.text or ""]
    return texts


def _outputs(ws: Workspace) -> list[Path]:
    return sorted(
        p for p in ws.outbox.rglob("*") if p.suffix in (".docx", ".xlsx") and "archive" not in p.parts
    )


def test_no_output_contains_an_internal_field_or_kind_name(year: Workspace) -> None:
    words = _internal_words()
    assert {"application", "result_sheet", "members", "economic_benefit_wan"} <= words
    outputs = _outputs(year)
    assert len(outputs) >= 10
    found: dict[str, set[str]] = {}
    for path in outputs:
        for text in _visible_texts(path):
            for token in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text):
                if token in words:
                    found.setdefault(path.name, set()).add(token)
    assert not found, found


def test_doubtful_fields_are_named_in_chinese(year: Workspace) -> None:
    opinion = " ".join(_visible_texts(year.outbox / f"形式审查意见-{year.year}.docx"))
    assert "完成人：未找到完成人名单" in opinion
    assert "经济效益（万元）：无法确定经济效益金额" in opinion
    ledger = " ".join(_visible_texts(year.outbox / f"台账-{year.year}.xlsx"))
    assert "完成时间：无法识别完成时间" in ledger


def test_archive_folders_are_named_in_chinese(year: Workspace) -> None:
    folders = {p.name for p in (year.outbox / "archive" / str(year.year)).iterdir()}
    assert {"申报书", "获奖名单", "花名册", "评分表", "评审专家名单"} <= folders
    assert not folders & set(KIND_LABELS)
    kinds = {
        row[2]
        for row in load_workbook(year.outbox / f"台账-{year.year}.xlsx")["文件"].iter_rows(
            min_row=2, values_only=True
        )
    }
    assert kinds == {"申报书", "获奖名单", "花名册", "评分表", "评审专家名单"}


def test_a_stored_file_under_an_english_folder_is_still_found(workspace: Workspace) -> None:
    """Archives written before the folders had Chinese names: a re-dropped copy is recognised by its
    stored path and not archived again."""

    form = _application_missing_members(workspace.inbox / "旧申报书.docx")
    copy = form.read_bytes()
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", "-w", str(workspace.root)]).exit_code == 0
    archived = workspace.archive_dir("application") / "旧申报书.docx"
    assert archived.is_file()
    old = workspace.outbox / "archive" / str(workspace.year) / "application" / "旧申报书.docx"
    old.parent.mkdir(parents=True)
    archived.rename(old)
    store = workspace.open_store()
    try:
        doc_id = store.records("application", workspace.year)[0].document.id
        store.set_archived_path(doc_id, old.relative_to(workspace.root).as_posix())
    finally:
        store.close()
    (workspace.inbox / "旧申报书.docx").write_bytes(copy)
    past = time.time() - 3600
    os.utime(workspace.inbox / "旧申报书.docx", (past, past))
    result = runner.invoke(app, ["ingest", "-w", str(workspace.root)])
    assert result.exit_code == 0, result.output
    assert old.is_file()
    assert not (workspace.archive_dir("application") / "旧申报书.docx").exists()


def _sheets(ws: Workspace) -> list[tuple[Path, Any]]:
    found = []
    for path in _outputs(ws):
        if path.suffix == ".xlsx":
            found += [
                (path, sheet) for sheet in load_workbook(path).worksheets if sheet.sheet_state == "visible"
            ]
    return found


def test_every_sheet_prints_one_page_wide_with_titles_and_footer(year: Workspace) -> None:
    sheets = _sheets(year)
    assert len(sheets) >= 20
    for path, sheet in sheets:
        where = f"{path.name}/{sheet.title}"
        setup = sheet.page_setup
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, where
        assert setup.fitToWidth == 1 and setup.fitToHeight == 0, where
        assert str(setup.paperSize) == sheet.PAPERSIZE_A4, where
        wide = sum((sheet.column_dimensions[c].width or 8.43) for c in _letters(sheet)) > 90
        assert setup.orientation == ("landscape" if wide else "portrait"), where
        assert sheet.oddFooter.left.text == path.name, where
        assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text, where
        if sheet.freeze_panes:  # a table: its header rows repeat on every printed page
            assert sheet.print_title_rows, where
            first_title_row = int(sheet.print_title_rows.split(":")[0].lstrip("$"))
            heads = [c.value for c in sheet[first_title_row] if c.value not in (None, "")]
            assert len(heads) == len(set(heads)), (where, heads)
    long_tables = [(p, s) for p, s in sheets if s.max_row > 40]
    assert long_tables and all(s.print_title_rows for _, s in long_tables)
    review = load_workbook(year.outbox / f"形式审查结果-{year.year}.xlsx")["形式审查"]
    assert review.max_column >= 19 and review.page_setup.orientation == "landscape"


def _letters(sheet: Any) -> list[str]:
    from openpyxl.utils import get_column_letter

    return [get_column_letter(c) for c in range(1, sheet.max_column + 1)]


def _column(sheet: Any, heading: str, header_row: int = 1) -> list[Any]:
    heads = [c.value for c in sheet[header_row]]
    col = heads.index(heading) + 1
    return [sheet.cell(row=r, column=col) for r in range(header_row + 1, sheet.max_row + 1)]


def test_numbers_are_numbers_and_dates_are_dates(year: Workspace) -> None:
    results = load_workbook(year.outbox / f"评审结果-{year.year}.xlsx")
    scores = [c for c in _column(results["评审结果"], "最终得分") if c.value not in (None, "")]
    assert scores and all(isinstance(c.value, int | float) for c in scores)
    assert all(c.number_format == "0.00" for c in scores)
    totals = [c for c in _column(results["评分明细"], "合计") if c.value not in (None, "")]
    assert totals and all(isinstance(c.value, int | float) for c in totals)
    ledger = load_workbook(year.outbox / f"台账-{year.year}.xlsx")
    dates = [c for c in _column(ledger["获奖"], "日期") if c.value]
    assert dates and all(isinstance(c.value, dt.datetime) and c.number_format == "yyyy-mm-dd" for c in dates)
    amounts = [c for c in _column(ledger["申报书"], "经济效益（万元）") if c.value is not None]
    assert amounts and all(isinstance(c.value, int | float) for c in amounts)
    ingested = _column(ledger["文件"], "入库时间")
    assert all(isinstance(c.value, dt.datetime) for c in ingested)
    points = load_workbook(year.outbox / f"创新积分-{year.year}.xlsx")["个人积分"]
    assert all(isinstance(c.value, int | float) for c in _column(points, "积分"))


def test_score_sheet_validation_accepts_what_its_note_allows(year: Workspace) -> None:
    from jiangxin.core.sheet_layout import NOT_APPLICABLE, NOT_APPLICABLE_WORD

    sheet_path = next((year.outbox / "评审").rglob("评分表-*.xlsx"))
    sheet = load_workbook(sheet_path)["评分表"]
    note = str(sheet["A3"].value)
    assert f"填“{NOT_APPLICABLE_WORD}”" in note
    assert NOT_APPLICABLE_WORD in NOT_APPLICABLE  # the reader takes it as blank
    validations = sheet.data_validations.dataValidation
    assert validations
    for dv in validations:
        assert dv.type == "custom" and dv.allow_blank
        assert f'="{NOT_APPLICABLE_WORD}"' in dv.formula1 and "ISNUMBER" in dv.formula1
