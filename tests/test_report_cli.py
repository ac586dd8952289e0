"""`jiangxin report annual|news|files` from the command line: outputs, notes, and plain errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jiangxin.cli import app
from jiangxin.examples.recipes import report_year
from jiangxin.examples.year import store_records
from jiangxin.workspace import Workspace, init_workspace


def _workspace(tmp_path: Path) -> Workspace:
    ws = init_workspace(tmp_path / "ws")
    store = ws.open_store()
    store_records(report_year(year=ws.year, applications=6, lines_per_sheet=6, competitions=1), store)
    store.close()
    return ws


def test_annual_writes_the_docx_and_tells_what_is_missing(tmp_path: Path, runner: CliRunner) -> None:
    ws = _workspace(tmp_path)
    result = runner.invoke(app, ["report", "annual", "-w", str(ws.root), "--date", "2025-12-31"])
    assert result.exit_code == 0, result.output
    assert (ws.reports_dir / "2025年职工技术创新工作总结.docx").is_file()
    assert "创新平台名录" in result.output and "明年工作打算.txt" in result.output


def test_a_bad_date_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    ws = _workspace(tmp_path)
    result = runner.invoke(app, ["report", "annual", "-w", str(ws.root), "--date", "2025年12月"])
    assert result.exit_code == 2
    assert "2025-12-31" in result.output


def test_news_as_json_and_the_byline_note(tmp_path: Path, runner: CliRunner) -> None:
    ws = _workspace(tmp_path)
    result = runner.invoke(app, ["report", "news", "-w", str(ws.root), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert Path(data["docx"]).name == "2025年职工技术创新工作纪实.docx" and data["pdf"] is None
    assert any("记者和通讯员" in note for note in data["notes"])


def test_files_are_created_once_and_never_overwritten(tmp_path: Path, runner: CliRunner) -> None:
    ws = init_workspace(tmp_path / "ws")
    first = runner.invoke(app, ["report", "files", "-w", str(ws.root)])
    assert first.exit_code == 0, first.output
    names = {"要事.yaml", "明年工作打算.txt", "创新平台.xlsx"}
    assert {p.name for p in ws.root.iterdir()} >= names
    (ws.root / "明年工作打算.txt").write_text("（一）已填写\n", encoding="utf-8")
    second = runner.invoke(app, ["report", "files", "-w", str(ws.root)])
    assert "未作改动" in second.output
    assert (ws.root / "明年工作打算.txt").read_text(encoding="utf-8") == "（一）已填写\n"
    # the blank files are usable as they are
    assert runner.invoke(app, ["report", "annual", "-w", str(ws.root)]).exit_code == 0
    assert runner.invoke(app, ["report", "news", "-w", str(ws.root)]).exit_code == 0


def test_a_misspelt_highlights_key_is_named(tmp_path: Path, runner: CliRunner) -> None:
    ws = _workspace(tmp_path)
    (ws.root / "要事.yaml").write_text("关怀:\n  - 开展职工健康体检\n", encoding="utf-8")
    result = runner.invoke(app, ["report", "news", "-w", str(ws.root)])
    assert result.exit_code == 2
    assert "不认识的栏目“关怀”" in result.output
