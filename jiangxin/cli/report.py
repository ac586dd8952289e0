"""`jiangxin report annual`, `jiangxin report news`, `jiangxin report files`: the year's documents."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import typer

from .app import (
    JsonOption,
    WorkspaceOption,
    command_group,
    console,
    fail,
    load_policy,
    load_workspace,
    open_store,
    out,
    styled,
)
from .help_zh import ChineseCommand

report_app = command_group(
    "report", "生成年度职工技术创新工作总结（公文格式）和纪实稿件，写入 outbox/报告/。"
)

PdfOption = Annotated[bool, typer.Option("--pdf", help="同时用 LibreOffice 生成 PDF")]
DateOption = Annotated[
    str | None,
    typer.Option("--date", metavar="日期", help="成文日期，如 2025-12-31（默认：今天）", show_default=False),
]


def _report(written: Any, as_json: bool) -> None:
    if as_json:
        data = {
            "docx": str(written.docx),
            "pdf": str(written.pdf) if written.pdf else None,
            "notes": written.notes,
        }
        print(json.dumps(data, ensure_ascii=False))
        return
    out.print(f"已生成：{written.docx}")
    if written.pdf:
        out.print(f"已生成：{written.pdf}")
    for note in written.notes:
        console.print(styled("提示：", "yellow", note))


def _run(
    kind: str, workspace: Any, pdf: bool, as_json: bool, day: dt.date | None = None, sources: bool = True
) -> None:
    from reports.highlights import HighlightsError
    from reports.platforms import RegistryError
    from reports.template_check import TemplateProblem

    ws = load_workspace(workspace)
    policy = load_policy(ws)
    store = open_store(ws)
    try:
        if kind == "annual":
            from reports.annual import write_annual

            written = write_annual(ws, store, policy, day=day, pdf=pdf, sources=sources)
        else:
            from reports.news import write_news

            written = write_news(ws, store, policy, pdf=pdf)
    except (TemplateProblem, HighlightsError, RegistryError) as exc:
        fail(str(exc))
    except RuntimeError as exc:  # LibreOffice missing or failed: the .docx is already written
        fail(f"Word 文件已生成，但 PDF 转换失败：{exc}")
    store.audit("report", kind, None, year=ws.year, file=written.docx.name, pdf=bool(written.pdf))
    _report(written, as_json)


@report_app.command("annual", cls=ChineseCommand)
def annual(
    workspace: WorkspaceOption = None,
    pdf: PdfOption = False,
    date: DateOption = None,
    no_sources: Annotated[
        bool, typer.Option("--no-sources", help="不附“数据来源”附件（报送上级的文本）")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """年度职工技术创新工作总结（GB/T 9704 公文格式）。

    内容：创新平台、成果申报与形式审查、成果评审结果、获奖情况（按级别、按赛事，附统计图）、技能竞赛、创新积分、明年工作打算，附件“数据来源”列出每个数字的来源文件（--no-sources 不附）。落款、版头（发文机关标志、发文字号）和版记（抄送、印发机关）在 jiangxin.toml 中设置。工作区中的“创新平台.xlsx”（或 .yaml）和“明年工作打算.txt”由办公室填写，可用 `jiangxin report files` 生成空白文件。

    \b
    输出：outbox/报告/年度职工技术创新工作总结.docx（--pdf 时另有 PDF）
    示例：jiangxin report annual --date 2025-12-31 --pdf
    """
    day = None
    if date:
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            fail(f"日期“{date}”格式有误，应写作 2025-12-31。")
    _run("annual", workspace, pdf, as_json, day, sources=not no_sources)


@report_app.command("news", cls=ChineseCommand)
def news(workspace: WorkspaceOption = None, pdf: PdfOption = False, as_json: JsonOption = False) -> None:
    """纪实稿件：标题、副标题、导语、三至四个小标题段落、结尾和署名。

    数字全部来自已入库的文件；文件中没有的事实（承办的活动、来访、职工关爱等）写在工作区的“要事.yaml”中，原样引用。署名取自 jiangxin.toml 的 [news]。

    \b
    输出：outbox/报告/年度职工技术创新工作纪实.docx（--pdf 时另有 PDF）
    示例：jiangxin report news --pdf
    """
    _run("news", workspace, pdf, as_json)


@report_app.command("files", cls=ChineseCommand)
def files(workspace: WorkspaceOption = None) -> None:
    """在工作区中生成空白的“要事.yaml”“明年工作打算.txt”“创新平台.xlsx”（已有的不改动）。

    \b
    示例：jiangxin report files
    """
    from reports.workspace_files import write_blank_files

    ws = load_workspace(workspace)
    created = write_blank_files(ws.root)
    for path in created:
        out.print(f"已生成：{path}")
    if not created:
        console.print("这些文件都已存在，未作改动。")
