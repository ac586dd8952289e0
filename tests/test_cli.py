"""The command line: help for every command, documented in the README; extract prints JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiangxin.cli import app
from jiangxin.cli.app import COMMAND_MODULES

from .support import badfiles
from .support.golden import golden
from .support.workspace import ROOT, make_workspace

COMMANDS = sorted(COMMAND_MODULES)


TABLE_PROBE = """
import importlib, json
from typer.main import get_command_name
from jiangxin.cli.app import COMMAND_MODULES, app

def registered():
    return [c.name or get_command_name(c.callback.__name__) for c in app.registered_commands] + [
        g.name for g in app.registered_groups
    ]

found = {}
for module in sorted(set(COMMAND_MODULES.values())):  # as `import jiangxin.cli.*` would
    before = set(registered())
    importlib.import_module("jiangxin.cli." + module)
    found.update({name: module for name in registered() if name not in before})
print(json.dumps([registered(), found]))
"""


def test_the_command_table_names_every_command_where_it_is_defined() -> None:
    """`jiangxin --help` lists the table's commands in its order, each built from the module the table
    names (commands are imported on demand): in a fresh interpreter, each module registers exactly the
    table's commands for it, and all of them together the table's names in its order."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", TABLE_PROBE], capture_output=True, text=True, timeout=60, check=True
    )
    registered, found = json.loads(proc.stdout)
    assert registered == list(COMMAND_MODULES)  # commands first, then groups, as typer lists them
    assert found == COMMAND_MODULES


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(command: str, runner: CliRunner) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert f"jiangxin {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_extract_prints_one_line_per_file_in_argument_order(tmp_path: Path, runner: CliRunner) -> None:
    form = golden("application", "B.docx")
    good = form.path
    bad = badfiles.text_named_pdf(tmp_path / "假.pdf")
    result = runner.invoke(app, ["extract", "--json", str(bad), str(good), str(tmp_path / "无此文件.docx")])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["source"]["file"] for line in lines] == [
        str(bad),
        str(good),
        str(tmp_path / "无此文件.docx"),
    ]
    assert lines[0]["error"] == "not_a_document" and lines[0]["message"]
    assert lines[1]["kind"] == "application" and len(lines[1]["source"]["sha256"]) == 64
    assert {k: v for k, v in lines[1].items() if k not in ("source", "kind_reasons")} == form.expected()
    assert result.exit_code == 1  # some files failed


def test_ingest_json_summary_and_list_show_export(tmp_path: Path, runner: CliRunner) -> None:
    ws = make_workspace(tmp_path / "ws")
    form = golden("application", "B.docx")
    (ws.inbox / "a.docx").write_bytes(form.path.read_bytes())
    badfiles.zero_byte(ws.inbox / "空.docx")
    result = runner.invoke(app, ["ingest", "--json", "-w", str(ws.root)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["counts"] == {"stored": 1, "failed": 1}
    listed = json.loads(runner.invoke(app, ["list", "--json", "-w", str(ws.root)]).stdout)
    assert [row["kind"] for row in listed] == ["application"]
    shown = json.loads(runner.invoke(app, ["show", str(listed[0]["id"]), "-w", str(ws.root)]).stdout)
    assert shown["title"] == form.expected()["title"] and shown["source"]["archived"].startswith(
        "outbox/archive/"
    )
    assert runner.invoke(app, ["export", "-w", str(ws.root)]).exit_code == 0
    import openpyxl

    wb = openpyxl.load_workbook(ws.outbox / f"台账-{ws.year}.xlsx")
    assert wb.sheetnames[:3] == ["申报书", "获奖", "花名册"]
    sheet = wb["申报书"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    assert sheet["B2"].value == form.expected()["title"]


def test_empty_inbox_answers_without_touching_the_database(tmp_path: Path, runner: CliRunner) -> None:
    ws = make_workspace(tmp_path / "ws")
    result = runner.invoke(app, ["ingest", "-w", str(ws.root)])
    assert result.exit_code == 0 and "没有待处理" in result.output
    assert not (ws.root / "jiangxin.db").exists()
