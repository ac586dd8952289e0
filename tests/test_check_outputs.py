"""What `jiangxin check` leaves for the office: the coloured result sheet, the 形式审查意见 rendered from a
real Word template, and the JSON list."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
from openpyxl import load_workbook
from typer.testing import CliRunner

from jiangxin.cli import app as cli
from jiangxin.core.records import Person
from jiangxin.store import Store
from jiangxin.workspace import Workspace
from reports.build_review_opinion_template import build
from reports.render.check_sheet import FILLS, OPINION_TEMPLATE, write_review_opinion, write_review_sheet
from reports.render.docx import template_path
from rules.check import check_applications
from rules.policy import load_policy
from rules.review_opinion import review_opinion
from rules.verdicts import RULE_LABELS

from .test_check_rules import ROSTER, UNIT, app
from .test_check_support import put

ROOT = Path(__file__).resolve().parents[1]


def _fill(workspace: Workspace, store: Store) -> None:
    put(store, ROSTER, "员工花名册.xlsx")
    put(store, app("变电站智能巡检装置"), "合格.docx")
    put(store, app("输电线路故障定位终端", seal_present=False), "缺公章.docx")
    put(store, app("配电台区数据校核平台", members=[Person(name="无名氏", unit=UNIT)]), "不在册.docx")


def test_result_sheet_has_a_coloured_column_per_rule(workspace: Workspace, store: Store) -> None:
    _fill(workspace, store)
    verdicts = check_applications(workspace, store, load_policy())
    path = write_review_sheet(verdicts, workspace.outbox / "结果.xlsx", year=2025)
    ws = load_workbook(path)["形式审查"]
    header = [c.value for c in ws[1]]
    assert all(label in header for label in RULE_LABELS.values())
    assert ws.max_row == len(verdicts) + 1
    assert ws.auto_filter.ref and ws.freeze_panes == "A2"
    for r, v in enumerate(verdicts, start=2):
        assert ws.cell(r, header.index("审查结论") + 1).value == v.verdict
        for name, label in RULE_LABELS.items():
            cell = ws.cell(r, header.index(label) + 1)
            assert cell.value == v.rules[name].status
            assert cell.fill.fgColor.rgb.endswith(FILLS[v.rules[name].status].fgColor.rgb[-6:])
            assert (cell.comment is not None) == (v.rules[name].status != "通过")
    colours = {
        ws.cell(r, header.index("审查结论") + 1).fill.fgColor.rgb[-6:] for r in range(2, ws.max_row + 1)
    }
    assert len(colours) == 3  # green, amber, red


def test_template_is_a_real_word_file_with_chinese_fonts() -> None:
    path = template_path(None, OPINION_TEMPLATE)
    assert path == ROOT / "templates" / OPINION_TEMPLATE and path.is_file()
    with zipfile.ZipFile(path) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        body = z.read("word/document.xml").decode("utf-8")
    assert 'w:eastAsia="仿宋_GB2312"' in styles and 'w:eastAsia="黑体"' in styles
    assert "{%tr for item in failed %}" in body and "{{ year }}" in body
    top = docx.Document(str(path)).sections[0].top_margin
    assert top is not None and round(top.mm) == 37


def test_committed_template_is_what_the_build_script_makes(tmp_path: Path) -> None:
    fresh = build(tmp_path / OPINION_TEMPLATE)
    with zipfile.ZipFile(fresh) as a, zipfile.ZipFile(template_path(None, OPINION_TEMPLATE)) as b:
        for part in ("word/document.xml", "word/styles.xml"):
            assert a.read(part) == b.read(part), part


def test_opinion_lists_each_verdict(workspace: Workspace, store: Store) -> None:
    _fill(workspace, store)
    verdicts = check_applications(workspace, store, load_policy())
    opinion = review_opinion(verdicts, year=2025, organization="国网酒泉供电公司", policy=load_policy())
    path = write_review_opinion(opinion, workspace.outbox / "意见.docx")
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "2025年度职工技术创新成果形式审查意见" in text
    assert "共受理申报3项。其中通过形式审查1项，需补正1项，不通过1项。" in text
    assert "{{" not in text and "{%" not in text and not any("{" in c for c in cells)
    assert "变电站智能巡检装置" in cells and "配电台区数据校核平台" in cells
    assert any("无名氏不在员工花名册中" in c for c in cells)
    assert any("未见公章" in c for c in cells)


def test_opinion_with_nothing_to_list_says_none(workspace: Workspace, store: Store) -> None:
    put(store, ROSTER, "员工花名册.xlsx")
    put(store, app(), "合格.docx")
    verdicts = check_applications(workspace, store, load_policy())
    opinion = review_opinion(verdicts, year=2025, organization="甲", policy=load_policy())
    path = write_review_opinion(opinion, workspace.outbox / "意见.docx")
    document = docx.Document(str(path))
    assert len(document.tables) == 1  # only the passed list has a table
    assert [p.text for p in document.paragraphs].count("无。") == 2


def test_workspace_template_is_used_when_present(workspace: Workspace, store: Store, tmp_path: Path) -> None:
    own = tmp_path / "模板"
    own.mkdir()
    document = docx.Document(str(template_path(None, OPINION_TEMPLATE)))
    document.add_paragraph("本单位自定义落款：{{ organization }}工会")
    document.save(str(own / OPINION_TEMPLATE))
    assert template_path(own, OPINION_TEMPLATE) == own / OPINION_TEMPLATE
    put(store, app(), "合格.docx")
    verdicts = check_applications(workspace, store, load_policy())
    opinion = review_opinion(verdicts, year=2025, organization="国网酒泉供电公司", policy=load_policy())
    path = write_review_opinion(opinion, tmp_path / "意见.docx", templates_dir=own)
    assert "本单位自定义落款：国网酒泉供电公司工会" in [p.text for p in docx.Document(str(path)).paragraphs]


def test_cli_check_json_and_files(workspace: Workspace, store: Store, runner: CliRunner) -> None:
    _fill(workspace, store)
    result = runner.invoke(cli, ["check", "--json", "-w", str(workspace.root)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [set(r) for r in rows] == [{"file", "title", "unit", "verdict", "reasons"}] * 3
    assert {r["file"]: r["verdict"] for r in rows} == {
        "合格.docx": "通过",
        "缺公章.docx": "待补正",
        "不在册.docx": "不通过",
    }
    assert (workspace.outbox / "形式审查结果-2025.xlsx").is_file()
    assert (workspace.outbox / "形式审查意见-2025.docx").is_file()
    assert any(a.action == "check" for a in store.audit_log())


def test_cli_reports_a_bad_policy_with_its_line(workspace: Workspace, runner: CliRunner) -> None:
    bad = workspace.root / "方案.toml"
    text = (ROOT / "rules" / "policy-2025.toml").read_text(encoding="utf-8")
    bad.write_text(text.replace("max_members = 6", "max_members = -1"), encoding="utf-8")
    config = workspace.root / "jiangxin.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('policy = ""', 'policy = "方案.toml"'), encoding="utf-8"
    )
    result = runner.invoke(cli, ["check", "-w", str(workspace.root)])
    assert result.exit_code == 2
    assert "eligibility.max_members" in result.output and "行" in result.output


def test_cli_warns_when_the_policy_is_of_another_year(tmp_path: Path, runner: CliRunner) -> None:
    from jiangxin.workspace import init_workspace

    ws = init_workspace(tmp_path / "w2026", year=2026)
    result = runner.invoke(cli, ["check", "--no-files", "-w", str(ws.root)])
    assert result.exit_code == 0, result.output
    said = result.output.replace("\n", "")
    assert "工作区年度为 2026 年" in said and "2025 年度" in said and "[paths] policy" in said


def test_cli_tables_show_bracketed_titles_as_written(
    workspace: Workspace, store: Store, runner: CliRunner
) -> None:
    put(store, ROSTER, "员工花名册.xlsx")
    put(store, app("[/red]型[b]接地线快速挂接装置"), "方括号.docx")
    result = runner.invoke(cli, ["check", "--no-files", "-w", str(workspace.root)], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert "[/red]型[b]接地线快速挂接装置" in result.output
