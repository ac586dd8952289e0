"""`jiangxin extract`: read files and print their records, storing nothing (`jiangxin.extracting`; the
plain `jiangxin extract FILE… [--json]` is run by `jiangxin.entry` without this module)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import app
from .help_zh import ChineseCommand


@app.command(cls=ChineseCommand)
def extract(
    files: Annotated[
        list[Path], typer.Argument(metavar="文件", help="要读取的文件（可多个）", show_default=False)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="每个文件输出一行 JSON")] = False,
) -> None:
    """读取文件并输出识别结果，不入库、不移动文件。

    \b
    示例：jiangxin extract 申报书.docx 获奖名单.xlsx --json
    """
    from ..extracting import print_records

    raise typer.Exit(print_records(files, as_json))
