"""`jiangxin init` and `jiangxin demo`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..workspace import init_workspace
from .app import WorkspaceOption, app, console, fail, load_workspace
from .help_zh import ChineseCommand


@app.command(cls=ChineseCommand)
def init(
    folder: Annotated[Path, typer.Argument(metavar="文件夹", help="新工作区所在文件夹")],
    year: Annotated[int | None, typer.Option("--year", metavar="年度", help="年度（默认 2025）")] = None,
) -> None:
    """创建一个新的工作区：jiangxin.toml（带注释）、inbox/、outbox/。"""
    ws = init_workspace(folder, year=year)
    console.print(f"已创建工作区：{ws.root}\n把文件放入 {ws.inbox} 后运行 `jiangxin ingest -w {folder}`。")


@app.command(cls=ChineseCommand)
def demo(
    folder: Annotated[Path, typer.Argument(metavar="文件夹", help="示例工作区文件夹")] = Path(
        "jiangxin-demo"
    ),
    seed: Annotated[int, typer.Option("--seed", metavar="整数", help="示例数据的随机种子")] = 2025,
) -> None:
    """生成一个示例年度：创建工作区、放入示例文件、入库，并写出目前能生成的全部成果文件。"""
    from .demo import DemoError, run_demo

    try:
        run_demo(folder, seed=seed, console=console)
    except DemoError as exc:
        fail(str(exc))


@app.command(cls=ChineseCommand)
def backup(
    target: Annotated[
        Path | None,
        typer.Argument(
            metavar="备份文件", help="备份到哪个文件（默认：工作区 backup/ 下按时间命名）", show_default=False
        ),
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """备份数据库（在线备份：其他程序正在写入时也可以备份）。"""
    from ..store.safety import StoreOpenError
    from ..store.safety import backup as take_backup

    ws = load_workspace(workspace)
    try:
        made = take_backup(ws.database_url, target)
    except StoreOpenError as exc:
        fail(str(exc))
    console.print(f"已备份数据库：{made}")


@app.command(cls=ChineseCommand)
def restore(
    source: Annotated[Path, typer.Argument(metavar="备份文件", help="要恢复的备份文件", show_default=False)],
    workspace: WorkspaceOption = None,
) -> None:
    """用备份文件恢复数据库；现有数据库先另存到 backup/ 中（已损坏的原样移入）。"""
    from ..store.safety import StoreOpenError
    from ..store.safety import restore as put_back

    ws = load_workspace(workspace)
    if not source.is_file():
        fail(f"备份文件“{source}”不存在。")
    try:
        kept = put_back(ws.database_url, source.resolve())
    except StoreOpenError as exc:
        fail(str(exc))
    if kept is not None:
        console.print(f"原数据库已另存为：{kept}")
    console.print(f"已从“{source.name}”恢复数据库。")
