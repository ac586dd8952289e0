"""`jiangxin assign` and `jiangxin scores`: the review meeting's assignment, forms and results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..workspace import Workspace
from .app import (
    JsonOption,
    WorkspaceOption,
    app,
    console,
    fail,
    load_policy,
    load_workspace,
    open_store,
    out,
    styled,
)
from .help_zh import ChineseCommand


def _rel(ws: Workspace, path: Path) -> str:
    try:
        return path.relative_to(ws.root).as_posix()
    except ValueError:
        return str(path)


@app.command("assign", cls=ChineseCommand)
def assign_command(
    workspace: WorkspaceOption = None,
    reviewers: Annotated[
        Path | None,
        typer.Option(
            "--reviewers",
            metavar="文件",
            help="评审专家名单 .xlsx（默认：收件箱中入库的名单，其次工作区中的 评审专家.xlsx）",
        ),
    ] = None,
    max_load: Annotated[
        int | None, typer.Option("--max-load", metavar="项数", help="每位专家最多评审几项（默认不限）")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="已收到评分表时仍重新分配（原评分表作废）")] = False,
    link_base: Annotated[
        str,
        typer.Option(
            "--link-base",
            metavar="网址",
            help="专家在线评分链接的网址前缀（jiangxin serve 的地址，默认本机 8765 端口）",
            show_default=False,
        ),
    ] = "http://127.0.0.1:8765",
    as_json: JsonOption = False,
) -> None:
    """分配评审专家：每项成果按实施方案分配专家，严格回避，工作量尽量均衡，优先专业对口。

    回避：专家不评本单位（含简称、所属单位）的成果，不评本人为完成人的成果；办公室可在工作区的回避声明.xlsx 中增加回避或撤销自动回避（须写理由，记入操作日志）。

    \b
    生成：outbox/评审/评审分配-年度.xlsx（专家×成果矩阵，标明回避和分配）
          outbox/评审/<专家>/评审打分表-<专家>.docx 和 评分表-<专家>.xlsx
          （预填、锁定、可直接打分）
          outbox/评审/<专家>/链接.txt（专家本人的在线评分链接，
          可在网页“专家评审”中作废）
    --json 输出：每项分配（专家及其单位、成果名称及申报单位、在线评分链接），
           以及未满额的成果和原因
    示例：jiangxin assign --reviewers 评审专家.xlsx
    """
    from rich.table import Table

    from reports.render.review import write_assign_files
    from reports.template_check import TemplateProblem

    from ..review.errors import ReviewError
    from ..review.steps import run_assign

    if max_load is not None and max_load < 1:
        fail(f"--max-load 应为 1 或更大的整数，现为 {max_load}。")
    ws = load_workspace(workspace)
    policy = load_policy(ws)
    store = open_store(ws)
    try:
        outcome = run_assign(ws, store, policy, reviewers_file=reviewers, max_load=max_load, force=force)
        files = write_assign_files(ws, outcome)
    except (ReviewError, TemplateProblem) as exc:
        fail(str(exc))
    from ..web.links import reviewer_links

    links = reviewer_links(ws, store, files.forms, link_base)
    for note in outcome.notes:
        console.print(note, style="dim")
    if as_json:
        data = outcome.to_json()
        for row, pair in zip(data["assignments"], outcome.assignment.pairs, strict=True):
            row["link"] = links.get(pair.reviewer.key)
        print(json.dumps(data, ensure_ascii=False))
    else:
        loads = outcome.assignment.loads()
        table = Table(
            title=f"{ws.year} 年评审分配：{len(outcome.assignment.items)} 项成果，{len(loads)} 位专家"
        )
        for col in ("评审专家", "单位", "评审项数", "专业对口"):
            table.add_column(col)
        for r in outcome.assignment.reviewers:
            mine = [p for p in outcome.assignment.pairs if p.reviewer.key == r.key]
            table.add_row(r.name, r.unit, str(loads[r.key]), str(sum(1 for p in mine if p.specialty_match)))
        out.print(table)
    for s in outcome.assignment.shortfalls:
        console.print(styled("未满额", "red", f"《{s.item.title}》：{s.reason}"))
    state = "已保存新的分配" if outcome.changed else "分配与上次相同，未改变"
    console.print(f"{state}（第 {outcome.round.id} 轮）。分配表：{_rel(ws, files.book)}；"
                  f"评审表格 {len(files.forms)} 套：{_rel(ws, ws.outbox / '评审')}/")  # fmt: skip
    if outcome.assignment.shortfalls:
        raise typer.Exit(1)


@app.command("scores", cls=ChineseCommand)
def scores_command(
    workspace: WorkspaceOption = None,
    confirm: Annotated[
        bool, typer.Option("--confirm", help="确认建议等级，作为本公司获奖记录入库（计入统计和报告）")
    ] = False,
    allow_missing: Annotated[bool, typer.Option("--allow-missing", help="有评分未收回时仍确认")] = False,
    as_json: JsonOption = False,
) -> None:
    """汇总评分：检查交回的评分表，按实施方案去掉最高最低分求平均、排名、按比例或分数线建议等级。

    交回的评分表放入收件箱并运行 `jiangxin ingest` 后即可汇总；同一专家再次交回的评分表替换前一份。评分超出范围、改动了锁定单元格、与本轮分配不符的评分表不计入，并列出原因。

    \b
    生成：outbox/评审结果-年度.xlsx 和 outbox/评审结果汇总表-年度.docx
    --json 输出：排名（成果、单位、各专家总分、得分、名次、建议等级）、
           未收回的评分、退回的评分表及原因
    示例：jiangxin scores；确认等级：jiangxin scores --confirm
    """
    from rich.table import Table

    from reports.render.review import scores_and_write
    from reports.render.review_books import fmt
    from reports.template_check import TemplateProblem

    from ..review.errors import ReviewError

    ws = load_workspace(workspace)
    policy = load_policy(ws)
    store = open_store(ws)
    try:
        outcome, files = scores_and_write(ws, store, policy, confirm=confirm, allow_missing=allow_missing)
    except (ReviewError, TemplateProblem) as exc:
        fail(str(exc))
    if as_json:
        print(json.dumps(outcome.to_json(), ensure_ascii=False))
    else:
        d = outcome.review.decimals
        table = Table(title=f"{ws.year} 年评审结果")
        for col in ("排名", "成果名称", "申报单位", "各专家总分", "得分", "建议等级"):
            table.add_column(col)
        for r in outcome.ranking.rows:
            table.add_row(
                str(r.rank or "—"), r.item.title, r.item.unit, "、".join(fmt(t, d) for t in r.totals) or "—",
                fmt(r.score, d) or "—", r.grade or "—",
            )  # fmt: skip
        out.print(table)
    for s in outcome.collected.rejected():
        console.print(styled("退回", "red", f" {s.reviewer[0]}（{s.file}）：" + "；".join(s.problems)))
    if outcome.ranking.missing:
        console.print(f"尚有 {len(outcome.ranking.missing)} 份评分未收回。", style="yellow")
    for note in outcome.ranking.notes:
        console.print(note, style="dim")
    console.print("已生成：" + "、".join(_rel(ws, f) for f in files))
    if outcome.confirmed_document is not None:
        console.print(
            styled(
                "已确认等级", "green", f"，作为本公司获奖记录入库（文件编号 {outcome.confirmed_document}）。"
            )
        )
