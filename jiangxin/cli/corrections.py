"""`jiangxin fix` (the office corrects a record or sets a verdict itself) and `jiangxin versions`
(which submissions are versions of one application)."""

from __future__ import annotations

import getpass
import json
from typing import Annotated, Any

import typer

from .app import JsonOption, WorkspaceOption, app, console, fail, load_policy, load_workspace, open_store, out
from .help_zh import ChineseCommand

ReasonOption = Annotated[
    str, typer.Option("--reason", "-r", metavar="理由", help="更正或认定的理由（写入审计日志）")
]
ByOption = Annotated[str | None, typer.Option("--by", metavar="经办人", help="经办人（默认：当前登录用户）")]


def _who(by: str | None) -> str:
    if by:
        return by
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container, a service account)
        return "办公室"


@app.command(cls=ChineseCommand)
def fix(
    record_id: Annotated[int, typer.Argument(metavar="编号", help="记录编号（见 jiangxin list）")],
    changes: Annotated[list[str] | None, typer.Argument(metavar="栏目=新值…", help="栏目=新值，如 完成人=张三、李四  第2完成人单位=瓜州县供电公司")] = None,
    reason: ReasonOption = "",
    by: ByOption = None,
    verdict: Annotated[str | None, typer.Option("--verdict", metavar="结论", help="人工认定形式审查结论：通过 / 待补正 / 不通过")] = None,
    undo: Annotated[bool, typer.Option("--undo", help="撤销更正（只写栏目名则只撤销这些栏目）")] = False,
    workspace: WorkspaceOption = None,
) -> None:  # fmt: skip
    """更正一条记录：识别有误或缺页时，由办公室填写正确的值（原识别值保留），或人工认定审查结论。

    更正保存在识别值旁边，记录经办人、时间、原值、新值和理由；重新识别同一文件后更正依然有效，
    并进入形式审查、获奖统计、积分、报告和台账。jiangxin show 标出更正过的栏目。

    \b
    示例：jiangxin fix 12 经济效益=35.6 -r "原件第3页"
          jiangxin fix 12 第2完成人单位=瓜州县供电公司 -r "以花名册为准"
          jiangxin fix 7 第3项单位=国网敦煌市供电公司 -r "名单印错"
          jiangxin fix 12 --verdict 通过 -r "补交了单位意见原件"
          jiangxin fix 12 --undo 经济效益（不写栏目则撤销全部更正）
    """
    from ..core.corrections import (
        VERDICT,
        CorrectionError,
        field_label,
        normalize_field,
        prepare,
        set_verdict,
    )

    ws = load_workspace(workspace)
    store = open_store(ws)
    found = store.record(record_id)
    if found is None:
        fail(f"没有编号为 {record_id} 的记录。")
    who = _who(by)
    changes = list(changes or [])
    if undo:
        fields = [normalize_field(c.partition("=")[0]) for c in changes] or None
        if verdict:
            fields = [*(fields or []), VERDICT]
        undone = store.undo_corrections(record_id, fields, by=who)
        if not undone:
            fail("这条记录没有可撤销的更正。")
        for c in undone:
            console.print(f"已撤销：{field_label(c.field)}（恢复为 {_show(c.old)}）")
        return
    if not changes and verdict is None:
        fail("请写出要更正的栏目，如 jiangxin fix 12 经济效益=35.6，或用 --verdict 人工认定结论。")
    if verdict is not None and found.kind != "application":
        fail("只有申报书有形式审查结论，可以人工认定。")
    if verdict is not None and not reason.strip():
        fail("人工认定审查结论须写明理由：--reason “…”。")
    data = found.record.to_json()
    planned: list[tuple[str, Any, Any]] = []
    for change in changes:
        field, sep, value = change.partition("=")
        if not sep:
            fail(f"“{change}”应写成 栏目=新值。")
        try:
            planned.append(prepare(data, field, value))
        except CorrectionError as exc:
            fail(str(exc))
    if verdict is not None:
        try:
            prepare(data, VERDICT, verdict)  # refused before any field is stored
        except CorrectionError as exc:
            fail(str(exc))
    for path, old, new in planned:
        store.add_correction(record_id, path, old, new, reason=reason.strip(), by=who)
        console.print(f"已更正：{field_label(path)} {_show(old)} → {_show(new)}")
    if verdict is not None:
        try:
            set_verdict(store, found, verdict, reason=reason, by=who)
        except CorrectionError as exc:
            fail(str(exc))
        console.print(f"已人工认定：形式审查结论 → {verdict.strip()}")


def _show(value: Any) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, list):
        return "、".join(v.get("name", "") if isinstance(v, dict) else str(v) for v in value) or "（空）"
    if isinstance(value, bool):
        return "有" if value else "无"
    return str(value)


@app.command(cls=ChineseCommand)
def versions(
    record_id: Annotated[int | None, typer.Argument(metavar="编号", help="申报书记录编号；不写则列出全部有多个版本的申报")] = None,
    other: Annotated[int | None, typer.Argument(metavar="另一编号", help="另一份申报书的记录编号")] = None,
    separate: Annotated[bool, typer.Option("--separate", help="两份是不同的申报，不是同一成果的新旧版本")] = False,
    same: Annotated[bool, typer.Option("--same", help="后一份是前一份的新版本（补正）")] = False,
    undo: Annotated[bool, typer.Option("--undo", help="撤销办公室对这两份的认定，恢复自动识别")] = False,
    reason: ReasonOption = "",
    by: ByOption = None,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:  # fmt: skip
    """同一成果的多次报送（补正）：列出版本，或纠正自动识别。

    同一单位再次报送同名成果（或完成人相同、名称相近的成果）时，新版本替代旧版本：形式审查只审最新版本，
    旧版本在审查结果中标为“已替代”，不计入任何统计。识别错了可以纠正（写入审计日志）。

    \b
    示例：jiangxin versions                   （列出有多个版本的申报）
          jiangxin versions 12 15 --separate --reason "两项不同成果"
          jiangxin versions 12 15 --same --reason "第15号是补正件"
          jiangxin versions 12 15 --undo
    """
    from rich.table import Table

    from rules.check import application_versions

    ws = load_workspace(workspace)
    store = open_store(ws)
    policy = load_policy(ws)
    if record_id is not None and other is not None:
        a, b = store.record(record_id), store.record(other)
        if a is None or b is None or a.kind != "application" or b.kind != "application":
            fail("两个编号都须是已入库申报书的记录编号（见 jiangxin list --kind application）。")
        earlier, later = sorted((a, b), key=lambda r: r.document.id)
        if undo:
            n = store.undo_version_links(earlier, later, by=_who(by))
            if not n:
                fail("办公室未对这两份申报作过认定。")
            console.print("已撤销认定，恢复自动识别。")
        elif separate == same:
            fail("请用 --separate（不是同一成果）或 --same（是新版本）说明两份的关系。")
        else:
            if not reason.strip():
                fail("请写明理由：--reason “…”。")
            decision = "separate" if separate else "same"
            store.add_version_link(earlier, later, decision, reason=reason.strip(), by=_who(by))
            console.print(
                "已认定："
                + ("两份为不同的申报。" if separate else f"编号 {later.id} 是编号 {earlier.id} 的新版本。")
            )
    groups = application_versions(ws, store, policy)
    chosen = [g for g in groups if len(g.versions) > 1]
    if record_id is not None:
        chosen = [g for g in groups if any(v.id in (record_id, other) for v in g.versions)]
    if as_json:
        print(json.dumps([_group_json(g) for g in chosen], ensure_ascii=False))
        return
    if not chosen:
        console.print("没有多个版本的申报。")
        return
    for g in chosen:
        table = Table(title=f"《{g.latest.record.title}》（{g.latest.record.unit}）")
        for col in ("版本", "编号", "来源文件", "入库时间", "说明"):
            table.add_column(col)
        for i, v in enumerate(g.versions, start=1):
            note = "最新版本（审查以此为准）" if v is g.latest else "已替代"
            if i > 1:
                note += f"；{g.why[i - 2]}"
            table.add_row(str(i), str(v.id), v.document.file_name,
                          v.document.ingested_at.isoformat(sep=" ", timespec="minutes"), note)  # fmt: skip
        out.print(table)


def _group_json(group: Any) -> dict[str, Any]:
    return {
        "latest": group.latest.id,
        "versions": [
            {"id": v.id, "file": v.document.file_name, "superseded": v is not group.latest,
             "why": group.why[i - 1] if i else ""}
            for i, v in enumerate(group.versions)
        ],
    }  # fmt: skip
