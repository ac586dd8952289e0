"""`outbox/入库记录.xlsx`: one row per file per ingest, appended run after run."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from jiangxin.core.labels import RESULT_LABELS, kind_label
from jiangxin.core.warnings import readable_reason


class LoggedFile(Protocol):
    """What the log reads of one file's outcome (the inbox's FileOutcome has it)."""

    file: str
    result: str
    kind: str | None
    reason: str | None
    moved_to: str | None
    document_id: int | None


LOG_NAME = "入库记录.xlsx"
# the name earlier releases wrote; such a log is carried on under the new name
OLD_LOG_NAME = "ingest-log.xlsx"

HEADER = ["时间", "文件", "类型", "结果", "原因", "归档位置", "入库编号"]


def append_ingest_log(path: Path, outcomes: Sequence[LoggedFile]) -> None:
    """Add one row per outcome to the log at `path`, creating it (or taking over the old-named one)."""
    from openpyxl import Workbook, load_workbook

    from .xlsx import append_rows, first_sheet, save_book, write_table

    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    rows = [
        [
            now,
            o.file,
            kind_label(o.kind),
            RESULT_LABELS.get(o.result, o.result),
            readable_reason(o.reason),
            o.moved_to or "",
            o.document_id,
        ]
        for o in outcomes
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.with_name(OLD_LOG_NAME)
    if not path.exists() and old.is_file():
        os.replace(old, path)
    if path.exists():
        wb = load_workbook(path)
        append_rows(wb.active, rows)
    else:
        wb = Workbook()
        write_table(first_sheet(wb, "入库记录"), HEADER, rows, widths=[20, 40, 14, 12, 60, 50, 10])
    save_book(wb, path)
