"""The program's entry point (`jiangxin`, `python -m jiangxin`). The plain form of `jiangxin extract FILE…
[--json]` is run here without loading the command-line framework (typer, and pydantic through it), which
would be most of its time; every other command line, help and mistakes included, goes to `jiangxin.cli`."""

from __future__ import annotations

import atexit
import errno
import os
import sys
from pathlib import Path
from typing import NoReturn


def plain_extract(args: list[str]) -> tuple[list[Path], bool] | None:
    """The files and `--json` of `extract FILE… [--json]` when nothing else is given (no option but one
    `--json`, no argument that looks like an option, no shell completion asked), else None."""
    if not args or args[0] != "extract":
        return None
    files: list[Path] = []
    as_json = False
    for arg in args[1:]:
        if arg == "--json" and not as_json:
            as_json = True
        elif arg and not arg.startswith("-"):
            files.append(Path(arg))
        else:
            return None
    if not files or any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return None
    return files, as_json


def main() -> None:
    plain = plain_extract(sys.argv[1:])
    if plain is None:
        from .cli import main as cli_main

        cli_main()
        return
    from .extracting import print_records

    # what the command line does with these (typer's `_main`): Ctrl-C exits 130, a closed pipe 1
    try:
        code = print_records(*plain)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        # the reader of the output is gone: what is still buffered goes nowhere, silently
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    exit_now(code)


def exit_now(code: int) -> NoReturn:
    """Exit as `sys.exit(code)` would, without the interpreter's teardown of every module (a few per cent
    of a short run, and nothing anyone could notice): the output is flushed and the exit handlers run
    (multiprocessing's among them). With another thread still running, the ordinary exit."""
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: reported as the ordinary exit reports it
        sys.exit(code)
    atexit._run_exitfuncs()
    os._exit(code)
