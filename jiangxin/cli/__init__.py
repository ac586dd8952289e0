"""Command line: `jiangxin COMMAND`. Each module registers its commands on the shared app."""

from . import browse, corrections, extract, ingest, report, review, rules, setup, web  # noqa: F401  (registers commands)
from .app import app


def main() -> None:
    from sqlalchemy.exc import DatabaseError

    from ..store.safety import RESTORE_ADVICE

    try:
        app()
    except DatabaseError as exc:  # a store damaged under a running command: said, not a traceback
        from .app import console

        detail = getattr(exc, "orig", None) or exc
        console.print(f"[red]错误：[/red]数据库读写出错（{detail}），数据库可能已损坏。{RESTORE_ADVICE}")
        raise SystemExit(2) from None


__all__ = ["app", "main"]
