"""`jiangxin extract`'s work: read files in a reader process and print their records, storing nothing.
Kept apart from the command-line framework, so that `jiangxin.entry` can run it without loading it."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def print_records(files: list[Path], as_json: bool) -> int:
    """Print each file's record (or error) as JSON, one line each with `as_json`; the exit code: 1 when a
    file could not be read, else 0."""
    from extractors import ExtractContext, Limits

    # the reader's records come back pickled as the extractor's dataclasses: imported before the reader
    # is forked, their modules load once for both processes
    from .core import record_data, warnings  # noqa: F401
    from .workers import ExtractPool, Job
    from .workspace import Workspace, WorkspaceError

    try:  # the workspace's [limits] when run inside one
        limits = Workspace.find().limits.to_limits()
    except WorkspaceError:
        limits = Limits()
    failed = 0
    # one reader process, so each file is read within the time and memory limits, in the given order
    with ExtractPool(1, ExtractContext(), limits, convert=True, validate=False) as pool:
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
    return 1 if failed else 0
