"""`jiangxin list`, `jiangxin show ID`, `jiangxin export`: look at what the store holds."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from ..labels import KIND_LABELS, kind_key, kind_label
from .app import JsonOption, WorkspaceOption, app, console, fail, load_workspace, open_store, out
from .help_zh import ChineseCommand


@app.command("list", cls=ChineseCommand)
def list_records(
    workspace: WorkspaceOption = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", metavar="类型", help="只列出一类：申报书、获奖名单、花名册、评分表或评审专家名单"
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """列出本年度已入库的记录。

    \b
    示例：jiangxin list --kind 申报书
    """
    ws = load_workspace(workspace)
    wanted = kind_key(kind) if kind else None
    if kind and wanted is None:
        fail(f"不认识的类型“{kind}”，可用：{'、'.join(KIND_LABELS.values())}。")
    store = open_store(ws)
    records = store.records(wanted, ws.year)
    if as_json:
        rows = [
            {"id": r.id, "kind": r.kind, "file": r.document.file_name, "summary": _label(r.record),
             "warnings": r.warnings}
            for r in records
        ]  # fmt: skip
        print(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(title=f"{ws.year} 年已入库记录（{len(records)} 条）")
    for col in ("编号", "类型", "内容", "来源文件", "提示"):
        table.add_column(col)
    for r in records:
        table.add_row(
            str(r.id), kind_label(r.kind), _label(r.record), r.document.file_name,
            str(len(r.warnings)) if r.warnings else "",
        )  # fmt: skip
    out.print(table)


def _label(record: object) -> str:
    kind = getattr(record, "kind", "")
    if kind == "application":
        return f"{record.title}（{record.unit}）"  # type: ignore[attr-defined]
    if kind == "result_sheet":
        return f"{record.event}：{len(record.awards)} 项"  # type: ignore[attr-defined]
    if kind == "roster":
        return f"花名册 {len(record.people)} 人"  # type: ignore[attr-defined]
    return kind_label(str(kind))


@app.command(cls=ChineseCommand)
def show(
    record_id: Annotated[int, typer.Argument(metavar="编号", help="记录编号（见 jiangxin list）")],
    workspace: WorkspaceOption = None,
) -> None:
    """显示一条记录的全部内容及其来源文件。"""
    ws = load_workspace(workspace)
    store = open_store(ws)
    found = store.record(record_id)
    if found is None:
        fail(f"没有编号为 {record_id} 的记录。")
    data = {
        "id": found.id,
        "source": {
            "file": found.document.file_name,
            "sha256": found.document.sha256,
            "archived": found.document.archived_path,
            "ingested_at": found.document.ingested_at.isoformat(timespec="seconds"),
        },
        **found.record.to_json(),
        "warnings": found.warnings,
    }
    print(json.dumps(data, ensure_ascii=False, indent=2))


@app.command(cls=ChineseCommand)
def export(workspace: WorkspaceOption = None) -> None:
    """导出本年度台账 outbox/台账-<年度>.xlsx（每类一个工作表）。"""
    from ..ledger import write_ledger

    ws = load_workspace(workspace)
    path = write_ledger(ws, open_store(ws))
    console.print(f"已导出台账：{path}")
