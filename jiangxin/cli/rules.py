"""`jiangxin check`, `jiangxin tally`, `jiangxin points`: the year's 形式审查, award tallies and incentive points."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from .app import (
    AllOrganizationsOption,
    JsonOption,
    WorkspaceOption,
    app,
    console,
    load_policy,
    load_workspace,
    open_store,
    out,
)
from .help_zh import ChineseCommand, display_width

ExplainOption = Annotated[bool, typer.Option("--explain", help="列出每个数字来自哪些文件")]
NoFilesOption = Annotated[bool, typer.Option("--no-files", help="只显示结果，不在 outbox/ 中生成文件")]

_COLOURS = {"通过": "green", "待补正": "yellow", "不通过": "red"}


RULES_MARK = "（审查项目）"


def rules_listing() -> str:
    """The registered rules, a line each: label, the verdict failing it gives by default, what it checks
    (a further severity the rule reads on a line of its own)."""
    from rules.registry import all_rules

    rules = all_rules()
    width = max(display_width(r.label) for r in rules)
    lines = ["审查项目（不满足时的默认结论，可在实施方案中修改）："]
    for rule in rules:
        pad = " " * (width - display_width(rule.label))
        lines.append(f"  {rule.label}{pad}  {rule.severity}  {rule.about}")
        lines += [f"  {' ' * width}  {default}  {about}" for default, about in rule.more_severities.values()]
    return "\n".join(lines)


class CheckCommand(ChineseCommand):
    """`jiangxin check`, whose help lists the rules of the registry as they are when the help is shown."""

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        written = self.help
        if written and RULES_MARK in written:
            self.help = written.replace(RULES_MARK, rules_listing())
        try:
            super().format_help_text(ctx, formatter)
        finally:
            self.help = written


@app.command(cls=CheckCommand)
def check(
    workspace: WorkspaceOption = None, as_json: JsonOption = False, no_files: NoFilesOption = False,
    all_organizations: AllOrganizationsOption = False,
) -> None:  # fmt: skip
    """形式审查：按本年度实施方案逐项审查每份申报书，结论为 通过 / 待补正 / 不通过。

    任一项不通过即“不通过”；否则有需补正的即“待补正”。

    \b
    （审查项目）

    \b
    生成：outbox/形式审查结果-年度.xlsx（每项一列，绿/红/黄标色，可筛选）
          outbox/形式审查意见-年度.docx（评审会用；
          模板 templates/形式审查意见.docx 可用 Word 修改）
    --json 输出：每份申报书的文件、成果名称、申报单位、结论和原因
    示例：jiangxin check
    """
    from rich.table import Table
    from rich.text import Text

    ws = load_workspace(workspace)
    policy = load_policy(ws)
    store = open_store(ws, all_organizations=all_organizations)
    verdicts, written = run_check(ws, store, policy, files=not no_files)
    current = [v for v in verdicts if v.superseded_by is None]
    counts = {s: sum(1 for v in current if v.verdict == s) for s in _COLOURS}
    if not all_organizations:  # the province's view reads only
        store.audit("check", "application", None, year=ws.year, policy=policy.title, counts=counts,
                    files=[p.name for p in written])  # fmt: skip
    if as_json:
        print(json.dumps([v.to_json() for v in verdicts], ensure_ascii=False))
        return
    table = Table(title=f"{ws.year} 年形式审查（{len(current)} 项）")
    for col in ("编号", "成果名称", "申报单位", "结论", "原因"):
        table.add_column(col)
    for v in verdicts:
        colour = _COLOURS.get(v.verdict, "bright_black")
        shown = f"{v.verdict}（人工认定）" if v.manual else v.verdict
        table.add_row(str(v.record_id), v.title, v.unit, Text(shown, style=colour), "\n".join(v.reasons))
    out.print(table)
    replaced = len(verdicts) - len(current)
    console.print(
        "，".join(f"{s} {n} 项" for s, n in counts.items())
        + (f"（另有已替代的旧版本 {replaced} 份，不计入）" if replaced else "")
    )
    for path in written:
        console.print(f"已生成：{path}")
    if not verdicts:
        console.print(f"{ws.year} 年还没有入库的申报书。把申报书放进 inbox/ 后运行 `jiangxin ingest`。")


def run_check(ws: Any, store: Any, policy: Any, *, files: bool = True) -> tuple[list[Any], list[Path]]:
    """The year's verdicts (earlier versions included, as 已替代) and, with `files`, the result sheet
    and the opinion written into the outbox."""
    from reports.render.check_sheet import write_check_files
    from rules.check import check_applications

    verdicts = check_applications(ws, store, policy, superseded=True)
    written = write_check_files(ws, verdicts, policy) if files else []
    return verdicts, written


@app.command(cls=ChineseCommand)
def tally(
    workspace: WorkspaceOption = None, as_json: JsonOption = False, explain: ExplainOption = False,
    no_files: NoFilesOption = False, all_organizations: AllOrganizationsOption = False,
) -> None:  # fmt: skip
    """获奖统计：本年度本单位（含简称和所属单位）的获奖，按竞赛/级别/等次/类别、按单位、按人员统计。

    获奖名单中其他单位的获奖不计入；同一份名单重复放入（如 Word 版和 PDF 版）只计一次。文件未写明级别的，按实施方案中的级别推定表由主办单位推定。

    \b
    生成：outbox/获奖统计-年度.xlsx
    --json 输出：每个赛事、级别、等次、类别的项数，加 --explain 附来源文件
    示例：jiangxin tally --explain
    """
    from rich.table import Table

    from reports.render.award_sheets import tally_sheet_name, write_tally_sheet
    from rules.awards import SCOPE_LABELS
    from rules.tally import tally_awards

    ws = load_workspace(workspace)
    policy = load_policy(ws)
    store = open_store(ws, all_organizations=all_organizations)
    result = tally_awards(ws, store, policy)
    path = None if no_files else write_tally_sheet(result, ws.outbox / tally_sheet_name(ws.year))
    if as_json:
        print(json.dumps([r.to_json(explain) for r in result.rows], ensure_ascii=False))
        return
    table = Table(title=f"{ws.year} 年本单位获奖 {result.total} 项")
    for col in ("竞赛/评选", "级别", "等次", "类别", "项数", *(["来源文件"] if explain else [])):
        table.add_column(col)
    for r in result.rows:
        files = "\n".join(dict.fromkeys(s.file_name for s in r.sources))
        table.add_row(
            r.event,
            r.tier,
            r.level,
            SCOPE_LABELS.get(r.scope, r.scope),
            str(r.count),
            *([files] if explain else []),
        )
    out.print(table)
    units = Table(title="按单位")
    units.add_column("单位")
    units.add_column("获奖")
    for u in result.by_unit:
        units.add_row(u.unit, str(u.count))
    out.print(units)
    console.print(
        f"其他单位的 {result.other_units_left_out} 条获奖未计入；重复文件合并 {result.copies_merged} 次。"
    )
    if path:
        console.print(f"已生成：{path}")


@app.command(cls=ChineseCommand)
def points(
    workspace: WorkspaceOption = None, as_json: JsonOption = False, no_files: NoFilesOption = False
) -> None:
    """创新积分：按实施方案的积分表计算本年度每人、每个单位的积分，并列出每一分来自哪个奖项。

    积分 = 级别基础分 × 等次系数（竞赛名次另有分值，取高者）；同一成果获多个奖项只计最高的一个（不兼得、就高）；成果类奖项只有排名前几位的完成人参与分配（人数和分配方式见实施方案 [points]）。

    \b
    生成：outbox/创新积分-年度.xlsx（个人积分、单位积分、积分明细）
    --json 输出：每人（姓名、单位）和每个单位的积分
    示例：jiangxin points
    """
    from rich.table import Table

    from reports.render.award_sheets import points_sheet_name, write_points_sheet
    from rules.points import compute_points

    ws = load_workspace(workspace)
    policy = load_policy(ws)
    store = open_store(ws)
    result = compute_points(ws, store, policy)
    path = None if no_files else write_points_sheet(result, ws.outbox / points_sheet_name(ws.year))
    if as_json:
        data = {
            "people": [{"name": h.name, "unit": h.unit, "points": h.points} for h in result.people],
            "units": [{"unit": h.name, "points": h.points} for h in result.units],
        }
        print(json.dumps(data, ensure_ascii=False))
        return
    table = Table(title=f"{ws.year} 年创新积分（个人，前 20 名）")
    for col in ("姓名", "单位", "积分", "计分奖项"):
        table.add_column(col)
    for h in result.people[:20]:
        table.add_row(h.name, h.unit, f"{h.points:g}", str(h.counted))
    out.print(table)
    units = Table(title="单位积分")
    units.add_column("单位")
    units.add_column("积分")
    for h in result.units:
        units.add_row(h.name, f"{h.points:g}")
    out.print(units)
    if path:
        console.print(f"已生成：{path}")
