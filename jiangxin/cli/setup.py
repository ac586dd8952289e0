"""`jiangxin init` and `jiangxin demo`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..workspace import init_workspace
from .app import app, console, fail
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
    from ..demo import DemoError, run_demo

    try:
        run_demo(folder, seed=seed, console=console)
    except DemoError as exc:
        fail(str(exc))
