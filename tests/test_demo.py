"""`jiangxin demo` takes an example year through the whole office year and writes every output."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import jiangxin.cli.demo
import jiangxin.core.office
from jiangxin.cli import app
from jiangxin.workspace import Workspace


def test_demo_writes_every_output(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["demo", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    ws = Workspace.load(tmp_path / "demo")
    out = ws.outbox
    for name in (
        "入库记录.xlsx", f"台账-{ws.year}.xlsx", f"形式审查结果-{ws.year}.xlsx", f"形式审查意见-{ws.year}.docx",
        f"获奖统计-{ws.year}.xlsx", f"创新积分-{ws.year}.xlsx", f"评审结果-{ws.year}.xlsx",
        f"报告/{ws.year}年职工技术创新工作总结.docx", f"报告/{ws.year}年职工技术创新工作纪实.docx",
    ):  # fmt: skip
        assert (out / name).is_file(), name
    assert list((out / "评审").glob("*/评审打分表-*.docx")) and list((out / "评审").glob("*/评分表-*.xlsx"))
    # nothing was refused, nothing is left behind in the inbox
    assert not (out / "quarantine").exists()
    assert not [p for p in ws.inbox.rglob("*") if p.is_file()]
    store = ws.open_store()
    ledger = openpyxl.load_workbook(out / f"台账-{ws.year}.xlsx")
    assert ledger["申报书"].max_row - 1 == len(store.records("application", ws.year))
    # the confirmed review grades are stored as the company's own awards
    assert any(a.tier == "公司级" and a.scope == "achievement" for a in store.awards(ws.year))
    before = (store.counts(), len(store.records("application", ws.year)), len(store.awards(ws.year)))
    store.close()

    # the demo again into the same folder starts it afresh: nothing is stored twice (Word only, quicker)
    for module in (jiangxin.core.office, jiangxin.cli.demo):
        monkeypatch.setattr(module, "soffice_path", lambda: None)
    result = runner.invoke(app, ["demo", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    assert "重新生成" in result.output
    store = ws.open_store()
    after = (store.counts(), len(store.records("application", ws.year)), len(store.awards(ws.year)))
    assert after == before


def test_demo_refuses_a_folder_that_is_not_a_demo(tmp_path: Path, runner: CliRunner) -> None:
    office = tmp_path / "办公室"
    office.mkdir()
    (office / "重要.docx").write_bytes(b"keep")
    result = runner.invoke(app, ["demo", str(office)])
    assert result.exit_code != 0 and "不是示例工作区" in result.output
    assert (office / "重要.docx").read_bytes() == b"keep" and len(list(office.iterdir())) == 1
