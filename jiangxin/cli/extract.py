"""`jiangxin extract`: read files and print their records, storing nothing."""

from __future__ import annotations

import json
import sys
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
    from extractors import ExtractContext, Limits

    # the reader's records come back pickled (with their JSON, made by the reader): imported before the
    # reader is forked, the record types' module is loaded once for both processes instead of once in each
    from ..core import records  # noqa: F401
    from ..workers import ExtractPool, Job
    from ..workspace import Workspace, WorkspaceError

    try:  # the workspace's [limits] when run inside one
        limits = Workspace.find().limits.to_limits()
    except WorkspaceError:
        limits = Limits()
    failed = 0
    # one reader process, so each file is read within the time and memory limits, in the given order
    with ExtractPool(1, ExtractContext(), limits, convert=True, record_json=True) as pool:
        for path in files:
            if not path.is_file():
                line: dict[str, object] = {
                    "source": {"file": str(path), "sha256": ""},
                    "error": "not_a_document",
                    "message": "文件不存在或不是普通文件。",
                }
                failed += 1
            else:
                [(_job, result)] = pool.read([Job(str(path), str(path), "")])
                line = result.to_json()
                failed += not result.ok
            text = json.dumps(line, ensure_ascii=False, indent=None if as_json else 2)
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
    raise typer.Exit(1 if failed else 0)
