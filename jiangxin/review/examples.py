"""Example reviewer lists for the demo and the tests: internal experts from our units, invited ones
from other companies, written as the xlsx a clerk would make."""

from __future__ import annotations

import json
import random
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from ..core.records import Record, ReviewerEntry, ReviewerList
from ..examples.people import OTHER_COMPANIES, OUR_SUB_UNITS, SPECIALTIES, NamePool, full_unit
from ..store import Store
from ..workspace import Workspace
from ..xlsx import set_value, write_table


def random_reviewers(
    rng: random.Random, names: NamePool, n: int, *, external_share: float = 0.3
) -> ReviewerList:
    """`n` reviewers; about `external_share` of them invited from other companies."""
    reviewers = []
    for _ in range(n):
        internal = rng.random() >= external_share
        unit = full_unit(rng.choice(OUR_SUB_UNITS)) if internal else rng.choice(OTHER_COMPANIES)
        specialty = "、".join(rng.sample(SPECIALTIES, rng.choice((1, 1, 2))))
        phone = "1" + "".join(str(rng.randrange(10)) for _ in range(10))
        reviewers.append(
            ReviewerEntry(name=names.name(), unit=unit, specialty=specialty, internal=internal, contact=phone)
        )
    return ReviewerList(reviewers=reviewers)


def write_reviewer_list(record: ReviewerList, path: Path, year: int) -> Path:
    """The list as an office xlsx: a title row, then 序号/姓名/单位/专业/内部/外部/联系方式."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "评审专家"
    set_value(ws, 1, 1, f"{year}年度职工技术创新成果评审专家名单")
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    rows = [
        (n, r.name, r.unit or "", r.specialty or "", {True: "内部", False: "外部", None: ""}[r.internal],
         r.contact or "")
        for n, r in enumerate(record.reviewers, start=1)
    ]  # fmt: skip
    write_table(
        ws,
        ["序号", "姓名", "单位", "专业", "内部/外部", "联系方式"],
        rows,
        start_row=2,
        widths=[6, 10, 30, 16, 10, 14],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def fill_score_sheet(path: Path, scores: dict[int, dict[str, float | str | None]], out: Path) -> Path:
    """A reviewer's work: open their sheet, type scores into the open cells (by application id and
    criterion), save as `out`. Locked cells are left alone, as Excel would."""
    import openpyxl

    from ..core import sheet_layout as L

    wb = openpyxl.load_workbook(path)
    ws = wb[L.SHEET]
    headers = [ws.cell(row=L.HEADER_ROW, column=c).value for c in range(1, ws.max_column + 1)]
    columns = {str(h).split("（")[0]: c for c, h in enumerate(headers, start=1) if h}
    for r in range(L.FIRST_ROW, ws.max_row + 1):
        ident = ws.cell(row=r, column=1).value
        if ident is None or int(ident) not in scores:
            continue
        for name, value in scores[int(ident)].items():
            ws.cell(row=r, column=columns[name]).value = value
    wb.save(out)
    return out


def store_example(ws: Workspace, store: Store, record: Record, file_name: str) -> int:
    """Store a record as if its file had been dropped in the inbox (for demos and tests); returns the
    record id. The file itself is not written: the document row names it only."""
    import hashlib

    from ..store import NewDocument

    payload = json.dumps(record.to_json(), ensure_ascii=False, sort_keys=True) + file_name
    doc_id = store.add_document(
        NewDocument(
            sha256=hashlib.sha256(payload.encode("utf-8")).hexdigest(), file_name=file_name,
            original_path=file_name, archived_path=f"outbox/archive/{ws.year}/{record.kind}/{file_name}",
            format="docx", kind=record.kind, size=0, year=ws.year, extractor_version="example", record=record,
        )
    )  # fmt: skip
    found = [r.id for r in store.records(record.kind, ws.year) if r.document.id == doc_id]
    return found[0]
