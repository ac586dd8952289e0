"""The program's entry point (`jiangxin`, `python -m jiangxin`). The plain form of `jiangxin extract FILE…
[--json]` is run here without loading the command-line framework (typer, and pydantic through it), which
would be most of its time; every other command line, help and mistakes included, goes to `jiangxin.cli`."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path


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
    except EOFError:
        from .cli.help_zh import gettext_zh

        sys.stderr.write("\n" + gettext_zh("Aborted!") + "\n")
        sys.exit(1)
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        from typer._click.utils import PacifyFlushWrapper

        sys.stdout = PacifyFlushWrapper(sys.stdout)  # type: ignore[assignment]
        sys.stderr = PacifyFlushWrapper(sys.stderr)  # type: ignore[assignment]
        sys.exit(1)
    sys.exit(code)
