"""Command line: `jiangxin COMMAND`. Each module registers its commands on the shared app, and is
imported when one of its commands is run or listed (app.COMMAND_MODULES).

The command modules import only typer and the CLI's own helpers at start-up; each command imports
the libraries it needs (the store, the readers, rich tables) when it runs, so `jiangxin --help` loads
neither SQLAlchemy, pydantic nor the web pages (tests/test_startup.py holds this). The plain
`jiangxin extract FILE… [--json]` does not come here at all: `jiangxin.entry` runs it without typer.
"""

import os
import sys

# pydantic looks for plugins in the entry points of every installed distribution the first time it
# builds a validator (~20 ms in each process); the program uses none. An explicit setting is kept.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")

from .app import app


def _is_database_error(exc: BaseException) -> bool:
    """Whether `exc` is SQLAlchemy's DatabaseError; SQLAlchemy is loaded only by commands that open the
    store, so while it is not loaded no such error can have been raised."""
    errors = sys.modules.get("sqlalchemy.exc")
    return errors is not None and isinstance(exc, errors.DatabaseError)


def main() -> None:
    try:
        app()
    except Exception as exc:  # a store damaged under a running command: said, not a traceback
        if not _is_database_error(exc):
            raise
        from ..store.safety import RESTORE_ADVICE
        from .app import console

        detail = getattr(exc, "orig", None) or exc
        console.print(f"[red]错误：[/red]数据库读写出错（{detail}），数据库可能已损坏。{RESTORE_ADVICE}")
        raise SystemExit(2) from None


__all__ = ["app", "main"]
