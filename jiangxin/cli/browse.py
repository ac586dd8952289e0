"""`jiangxin list`, `jiangxin show ID`, `jiangxin export`: look at what the store holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from ..store import Store
    from ..workspace import Workspace

from .app import (
    AllOrganizationsOption,
    JsonOption,
    WorkspaceOption,
    app,
    console,
    fail,
    load_workspace,
    open_store,
    out,
)
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
    all_organizations: AllOrganizationsOption = False,
) -> None:
    """列出本年度已入库的记录（省公司工作区可列出全省各单位的）。

    \b
    示例：jiangxin list --kind 申报书
    """
    from rich.table import Table

    from ..core.labels import KIND_LABELS, kind_key, kind_label
    from ..core.warnings import warnings_to_json

    ws = load_workspace(workspace)
    wanted = kind_key(kind) if kind else None
    if kind and wanted is None:
        fail(f"不认识的类型“{kind}”，可用：{'、'.join(KIND_LABELS.values())}。")
    store = open_store(ws, all_organizations=all_organizations)
    records = store.records(wanted, ws.year)
    if as_json:
        rows = [
            {"id": r.id, "kind": r.kind, "file": r.document.file_name, "summary": _label(r.record),
             "warnings": warnings_to_json(r.warnings), "corrected": r.corrected_fields,
             **({"organization": r.document.organization} if all_organizations else {})}
            for r in records
        ]  # fmt: skip
        print(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(title=f"{ws.year} 年已入库记录（{len(records)} 条）")
    for col in (
        "编号",
        *(["单位"] if all_organizations else []),
        "类型",
        "内容",
        "来源文件",
        "提示",
        "人工更正",
    ):
        table.add_column(col)
    for r in records:
        table.add_row(
            str(r.id), *([r.document.organization] if all_organizations else []), kind_label(r.kind),
            _label(r.record), r.document.file_name,
            str(len(r.warnings)) if r.warnings else "", str(len(r.corrections)) if r.corrections else "",
        )  # fmt: skip
    out.print(table)


def _label(record: object) -> str:
    from ..core.labels import kind_label

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
    from ..core.corrections import field_label
    from ..core.warnings import warnings_to_json

    ws = load_workspace(workspace)
    store = open_store(ws)
    found = store.record(record_id)
    if found is None:
        fail(f"没有编号为 {record_id} 的记录。")
    data: dict[str, object] = {
        "id": found.id,
        "source": {
            "file": found.document.file_name,
            "sha256": found.document.sha256,
            "archived": found.document.archived_path,
            "ingested_at": found.document.ingested_at.isoformat(timespec="seconds"),
        },
        **found.record.to_json(),
        "warnings": warnings_to_json(found.warnings),
    }
    if found.corrections:  # the values above are corrected ones; what was read stays beside them
        data["corrected_fields"] = [field_label(f) for f in found.corrected_fields]
        data["corrections"] = [
            {"field": field_label(c.field), "path": c.field, "old": c.old, "new": c.new, "by": c.by, "at": c.at,
             "reason": c.reason}
            for c in found.corrections
        ]  # fmt: skip
    if found.kind == "application":
        data["versions"] = _versions(ws, store, found.id)
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _versions(ws: Workspace, store: Store, record_id: int) -> list[dict[str, object]]:
    """The submissions of the application this record belongs to, oldest first."""
    from rules.check import application_versions

    from .app import load_policy

    for group in application_versions(ws, store, load_policy(ws)):
        if any(v.id == record_id for v in group.versions):
            return [
                {"version": i, "id": v.id, "file": v.document.file_name,
                 "ingested_at": v.document.ingested_at.isoformat(timespec="seconds"),
                 "status": "最新版本" if v is group.latest else "已替代",
                 **({"why": group.why[i - 2]} if i > 1 else {})}
                for i, v in enumerate(group.versions, start=1)
            ]  # fmt: skip
    return []


@app.command(cls=ChineseCommand)
def export(workspace: WorkspaceOption = None) -> None:
    """导出本年度台账 outbox/台账-<年度>.xlsx（每类一个工作表）。"""
    ws = load_workspace(workspace)
    path = write_ledger_now(ws, open_store(ws))
    console.print(f"已导出台账：{path}")


def write_ledger_now(ws: Workspace, store: Store) -> Path:
    """The ledger with earlier versions of applications marked as replaced."""
    from reports.render.ledger import write_ledger
    from rules.check import application_versions

    from .app import load_policy

    groups = application_versions(ws, store, load_policy(ws))
    superseded = {old.id: g.latest.id for g in groups for old in g.superseded}
    return write_ledger(ws, store, superseded)
