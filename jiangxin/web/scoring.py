"""Online scoring: a reviewer's scores saved through the same score sheet a returned xlsx would be.

The reviewer's locked sheet is written as `jiangxin assign` writes it, the scores are typed into its
open cells, and the file is read by the score-sheet extractor and stored like a sheet dropped in the
inbox (archived under outbox/archive/<year>/score_sheet/). `jiangxin scores` then treats it exactly as
a returned sheet: the latest sheet of a reviewer replaces the earlier ones, with the same checks.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors import EXTRACTOR_VERSION, extract_file, sha256_file
from extractors.context import ExtractContext
from reports.render.score_sheet import write_score_sheet

from ..core.paths import free_name
from ..core.records import Application, ScoreSheet
from ..core.warnings import FieldWarning
from ..review.filenames import safe_name
from ..review.forms import locked_content
from ..review.items import Item, Reviewer
from ..review.policy_view import ReviewPolicy
from ..review.rounds import SavedRound
from ..review.score_check import reviewer_of
from ..store import NewDocument, Store, StoredRecord
from ..store import web as web_store
from ..workspace import Workspace

_locks: dict[tuple[str, str], threading.Lock] = defaultdict(threading.Lock)
_locks_guard = threading.Lock()


def _lock_of(reviewer: tuple[str, str]) -> threading.Lock:
    with _locks_guard:
        return _locks[reviewer]


class ScoreError(ValueError):
    """Scores that cannot be saved, with the reasons for the reviewer."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


def reviewer_items(store: Store, saved: SavedRound, reviewer: tuple[str, str]) -> list[Item]:
    """The reviewer's applications, titled and placed as the round recorded them (the sheet's locked
    cells must match the round even if the office corrected a title since)."""
    items = []
    for pair in saved.items_of(reviewer):
        stored = store.record(pair.application_id)
        if stored is not None and isinstance(stored.record, Application):
            app = stored.record.model_copy(update={"title": pair.title, "unit": pair.unit})
            items.append(Item(pair.application_id, app))
    return items


def latest_sheet(store: Store, year: int, reviewer: tuple[str, str]) -> StoredRecord | None:
    """The reviewer's latest sheet that writes their name as the round does (online sheets always do)."""
    for record_id in web_store.score_sheet_ids(store, year, reviewer[0]):
        stored = store.record(record_id)
        if (
            stored is not None
            and isinstance(stored.record, ScoreSheet)
            and reviewer_of(stored.record) == reviewer
        ):
            return stored
    # a returned sheet may write the name with spaces (张　三): fall back to reading every sheet
    found = None
    for stored in store.records("score_sheet", year):
        if reviewer_of(stored.record) == reviewer:
            found = stored
    return found


def saved_scores(store: Store, year: int, reviewer: tuple[str, str]) -> dict[int, dict[str, float | None]]:
    """The reviewer's scores as last saved (online or returned), by application id."""
    latest = latest_sheet(store, year, reviewer)
    if latest is None:
        return {}
    sheet: ScoreSheet = latest.record
    return {r.application_id: dict(r.scores) for r in sheet.rows if r.application_id is not None}


@dataclass(frozen=True, slots=True)
class BlankSheet:
    """A reviewer's locked sheet for a round, as `jiangxin assign` writes it, and the record the
    score-sheet extractor reads from it (every score blank)."""

    data: bytes
    record: ScoreSheet
    warnings: list[
        FieldWarning
    ]  # the reader's notes on the sheet (its formula cells), the same for a filled one


_blanks: dict[tuple[int, int, tuple[str, str]], BlankSheet] = {}
_blanks_guard = threading.Lock()


def blank_sheet(
    ws: Workspace, store: Store, saved: SavedRound, policy: ReviewPolicy, reviewer: tuple[str, str]
) -> BlankSheet:
    """The reviewer's blank sheet for the round, made and read back once (then kept): a save then costs
    typing the scores into it, not reading the reviewer's applications and the sheet again."""
    key = (ws.year, saved.id, reviewer)
    with _blanks_guard:
        found = _blanks.get(key)
    if found is not None:
        return found
    items = reviewer_items(store, saved, reviewer)
    content = locked_content(ws.year, Reviewer(reviewer[0], reviewer[1]), items, policy)
    with tempfile.TemporaryDirectory(prefix="jiangxin-blank-") as tmp:
        path = Path(tmp) / "blank.xlsx"
        write_score_sheet(path, content, policy)
        extraction = extract_file(path, ExtractContext(year=ws.year), display_name=path.name)
        sheet = extraction.record
        if not isinstance(sheet, ScoreSheet) or sheet.problems:
            raise ScoreError([extraction.message or "评分表无法生成"])
        if reviewer_of(sheet) != reviewer:
            raise ScoreError(["评分表中的评审专家与链接不符"])
        blank = BlankSheet(path.read_bytes(), sheet, list(extraction.warnings))
    with _blanks_guard:
        return _blanks.setdefault(key, blank)


def take_blank(key: tuple[int, int, tuple[str, str]], blank: BlankSheet) -> None:
    """A reviewer's blank sheet made by the warm-up process, kept and opened here, so that their first save
    costs no more than the next."""
    import openpyxl

    with _blanks_guard:
        blank = _blanks.setdefault(key, blank)
    with _lock_of(key[2]):
        if key not in _books:
            _books[key] = openpyxl.load_workbook(io.BytesIO(blank.data))


def filled_record(blank: ScoreSheet, scores: dict[int, dict[str, float | None]]) -> ScoreSheet:
    """The record the extractor reads from the blank sheet with these scores typed into its open cells
    (a test holds it equal to reading the written file)."""
    rows = []
    for row in blank.rows:
        typed = scores.get(row.application_id, {}) if row.application_id is not None else {}
        rows.append(row.model_copy(update={"scores": {name: typed.get(name) for name in row.scores}}))
    return blank.model_copy(update={"rows": rows})


def parse_scores(policy: ReviewPolicy, form: dict[str, str]) -> dict[str, float | None]:
    """The criterion scores typed into the form (`c0`, `c1` …); blank is no score; out of range refused."""
    scores: dict[str, float | None] = {}
    problems = []
    for i, c in enumerate(policy.criteria):
        text = (form.get(f"c{i}") or "").strip()
        if not text:
            scores[c.name] = None
            continue
        try:
            value = float(text)
        except ValueError:
            problems.append(f"“{c.name}”请填写数字")
            continue
        if not 0 <= value <= c.max:
            problems.append(f"“{c.name}”应在 0 到 {c.max:g} 之间")
            continue
        scores[c.name] = value
    if problems:
        raise ScoreError(problems)
    return scores


def save_scores(
    ws: Workspace,
    store: Store,
    saved: SavedRound,
    policy: ReviewPolicy,
    reviewer: tuple[str, str],
    application_id: int,
    scores: dict[str, float | None],
) -> int:
    """Store the reviewer's sheet with these scores for one application (others as last saved);
    returns the stored document's id. Serialised per reviewer, so no save is lost. The sheet is written
    to the archive as a returned one would be; its record is the blank sheet's with the scores typed in."""
    with _lock_of(reviewer):
        assigned = [p.application_id for p in saved.items_of(reviewer)]
        if application_id not in assigned:
            raise ScoreError(["该成果不在您的评审范围内"])
        blank = blank_sheet(ws, store, saved, policy, reviewer)
        last = saved_scores(store, ws.year, reviewer)
        merged = {i: dict(last.get(i, {})) for i in assigned}
        merged[application_id] = dict(scores)
        record = filled_record(blank.record, merged)
        folder = ws.archive_dir("score_sheet")
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = free_name(folder, f"在线评分-{safe_name(reviewer[0])}-{stamp}.xlsx")
        _write_sheet((ws.year, saved.id, reviewer), blank, merged, target)
        return store.add_document(
            NewDocument(
                sha256=sha256_file(target), file_name=target.name, original_path=f"（在线评分）{target.name}",
                archived_path=_rel(ws, target), format="xlsx", kind="score_sheet", size=target.stat().st_size,
                year=ws.year, extractor_version=EXTRACTOR_VERSION, record=record, warnings=list(blank.warnings),
            )
        )  # fmt: skip


_books: dict[tuple[int, int, tuple[str, str]], Any] = {}  # each reviewer's sheet, opened once


def _write_sheet(
    key: tuple[int, int, tuple[str, str]],
    blank: BlankSheet,
    scores: dict[int, dict[str, float | None]],
    out: Path,
) -> None:
    """The reviewer's blank sheet with every open score cell set from `scores` (blank where none),
    saved as `out`: what typing them into the sheet gives. The opened sheet is kept for the next save
    (the caller holds the reviewer's lock)."""
    import openpyxl

    from reports.render.score_sheet import type_scores

    book = _books.get(key)
    if book is None:
        book = _books[key] = openpyxl.load_workbook(io.BytesIO(blank.data))
    names = [c.name for c in blank.record.criteria]
    typed = {ident: {name: given.get(name) for name in names} for ident, given in scores.items()}
    # the file's name (to the microsecond) as its identifier: two saves of the same scores within one
    # second are still two files, never one hash stored twice
    type_scores(book, typed, out, identifier=out.stem)


def _rel(ws: Workspace, path: Path) -> str:
    try:
        return path.relative_to(ws.root).as_posix()
    except ValueError:
        return str(path)
