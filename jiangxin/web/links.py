"""Reviewers' secret links, made by `jiangxin assign`: one per reviewer and year, written beside their forms."""

from __future__ import annotations

from typing import Any

from ..store import Store
from ..store import web as web_store
from ..workspace import Workspace

LINK_FILE = "链接.txt"
DEFAULT_BASE = "http://127.0.0.1:8765"


def reviewer_links(
    ws: Workspace, store: Store, forms: list[Any], base: str = DEFAULT_BASE
) -> dict[tuple[str, str], str]:
    """The link of every reviewer with forms (made on first use, kept across re-runs), written into
    their outbox folder as 链接.txt; returns reviewer key → link."""
    base = base.rstrip("/")
    found: dict[tuple[str, str], str] = {}
    for form in forms:
        key = form.reviewer.key
        link = web_store.link_for(store, ws.year, key)
        url = f"{base}/r/{link.token}"
        found[key] = url
        (form.folder / LINK_FILE).write_text(
            f"{form.reviewer.name} 专家：\n\n"
            f"请用浏览器打开下面的链接，在线查看申报材料并评分（保存后可修改，直至办公室结束本轮评审）：\n{url}\n\n"
            "此链接仅供您本人使用，请勿转发。也可填写同一文件夹中的评分表（.xlsx）后交回办公室。\n",
            encoding="utf-8",
        )
    return found
