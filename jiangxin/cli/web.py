"""`jiangxin serve` (the office's web pages) and `jiangxin user` (their accounts)."""

from __future__ import annotations

import ipaddress
import sys
from typing import Annotated

import typer

from .app import WorkspaceOption, app, command_group, console, fail, load_workspace, open_store, out, styled
from .help_zh import ChineseCommand

user_app = command_group("user", "网页账号：添加、删除、列出办公室人员的登录账号。")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command(cls=ChineseCommand)
def serve(
    workspace: WorkspaceOption = None,
    host: Annotated[
        str, typer.Option("--host", metavar="地址", help="监听地址（默认只允许本机访问）")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="端口", help="端口")] = 8765,
    max_upload_mb: Annotated[
        float, typer.Option("--max-upload-mb", metavar="兆字节", help="上传文件大小上限（兆字节）")
    ] = 50,
) -> None:
    """打开办公室网页：本年概况、逐份核对（原件与识别结果并排，可更正）、形式审查、获奖统计、专家在线评分。

    默认只在本机（127.0.0.1）提供；用 --host 0.0.0.0 向局域网开放前，须先用 `jiangxin user add` 建立账号。

    \b
    示例：jiangxin serve，然后在本机浏览器中打开 127.0.0.1:8765
    """
    import uvicorn

    from ..store import web as web_store
    from ..web.app import create_app

    ws = load_workspace(workspace)
    store = open_store(ws)
    if not web_store.user_names(store):
        if not _loopback(host):
            fail(
                "尚未建立任何账号，不能向本机以外开放网页。请先运行 `jiangxin user add 姓名 --password-stdin`。"
            )
        console.print(
            styled("提示：", "yellow", "尚未建立账号，请先运行 `jiangxin user add 姓名 --password-stdin`。")
        )
    with console.status("正在读取本年度的结果…"):
        pages = create_app(ws, store, max_upload_mb=max_upload_mb, warm=True)
    console.print(f"匠心网页：http://{host}:{port}/ （按 Ctrl+C 停止）")
    uvicorn.run(
        pages,
        host=host,
        port=port,
        log_level="warning",
    )


@user_app.command("add", cls=ChineseCommand)
def user_add(
    name: Annotated[str, typer.Argument(metavar="账号", help="账号（登录名）")],
    workspace: WorkspaceOption = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="从标准输入读取密码（一行）")
    ] = False,
) -> None:
    """添加网页账号；密码只保存不可逆的散列，不保存原文。

    \b
    示例：jiangxin user add 张三 --password-stdin（密码从标准输入读一行）
    """
    from ..store import web as web_store
    from ..web.auth import hash_password

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("密码", hide_input=True, confirmation_prompt=True)
    name = name.strip()
    if not name:
        fail("账号不能为空。")
    if len(password) < 8:
        fail("密码至少 8 个字符。")
    ws = load_workspace(workspace)
    store = open_store(ws)
    try:
        web_store.add_user(store, name, hash_password(password))
    except web_store.WebStoreError as exc:
        fail(str(exc))
    console.print(f"已添加账号“{name}”。")


@user_app.command("remove", cls=ChineseCommand)
def user_remove(
    name: Annotated[str, typer.Argument(metavar="账号", help="账号")], workspace: WorkspaceOption = None
) -> None:
    """删除网页账号。"""
    from ..store import web as web_store

    ws = load_workspace(workspace)
    store = open_store(ws)
    if not web_store.remove_user(store, name):
        fail(f"没有账号“{name}”。")
    console.print(f"已删除账号“{name}”。")


@user_app.command("list", cls=ChineseCommand)
def user_list(workspace: WorkspaceOption = None) -> None:
    """列出网页账号。"""
    from rich.table import Table

    from ..store import web as web_store

    ws = load_workspace(workspace)
    store = open_store(ws)
    table = Table(title="网页账号")
    table.add_column("账号")
    table.add_column("建立时间")
    for name, at in web_store.user_names(store):
        table.add_row(name, at.strftime("%Y-%m-%d %H:%M"))
    out.print(table)
