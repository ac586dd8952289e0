"""Online scoring: a reviewer's scores saved through the same score sheet a returned xlsx would be.

The reviewer's locked sheet is written as `jiangxin assign` writes it, the scores are typed into its
open cells, and the file is read by the score-sheet extractor and stored like a sheet dropped in the
inbox (archived under outbox/archive/<year>/score_sheet/). `jiangxin scores` then treats it exactly as
a returned sheet: the latest sheet of a reviewer replaces the earlier ones, with the same checks.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from extractors import EXTRACTOR_VERSION, extract_file
from extractors.context import ExtractContext
from reports.render.score_sheet import fill_score_sheet, write_score_sheet

from ..core.paths import free_name
from ..core.records import Application, ScoreSheet
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


@dataclass(slots=True)
class ReviewerView:
    """What one reviewer sees: their applications in the round and their latest saved scores."""

    reviewer: tuple[str, str]
    items: list[Item]
    scores: dict[int, dict[str, float | None]] = field(default_factory=dict)
    latest: StoredRecord | None = None


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


def reviewer_view(store: Store, year: int, saved: SavedRound, reviewer: tuple[str, str]) -> ReviewerView:
    view = ReviewerView(reviewer, reviewer_items(store, saved, reviewer))
    view.latest = latest_sheet(store, year, reviewer)
    if view.latest is not None:
        sheet: ScoreSheet = view.latest.record
        view.scores = {r.application_id: dict(r.scores) for r in sheet.rows if r.application_id is not None}
    return view


_blanks: dict[tuple[int, int, tuple[str, str]], bytes] = {}


def _blank_sheet(
    year: int, round_id: int, reviewer: tuple[str, str], items: list[Item], policy: ReviewPolicy
) -> bytes:
    """The reviewer's locked sheet for the round, as `jiangxin assign` writes it (made once per round)."""
    key = (year, round_id, reviewer)
    if key not in _blanks:
        content = locked_content(year, Reviewer(reviewer[0], reviewer[1]), items, policy)
        with tempfile.TemporaryDirectory(prefix="jiangxin-blank-") as tmp:
            path = Path(tmp) / "blank.xlsx"
            write_score_sheet(path, content, policy)
            _blanks[key] = path.read_bytes()
    return _blanks[key]


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
    returns the stored document's id. Serialised per reviewer, so no save is lost."""
    with _lock_of(reviewer):
        view = reviewer_view(store, ws.year, saved, reviewer)
        if application_id not in {i.id for i in view.items}:
            raise ScoreError(["该成果不在您的评审范围内"])
        merged = {i.id: dict(view.scores.get(i.id, {})) for i in view.items}
        merged[application_id] = dict(scores)
        folder = ws.archive_dir("score_sheet")
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = free_name(folder, f"在线评分-{safe_name(reviewer[0])}-{stamp}.xlsx")
        with tempfile.TemporaryDirectory(prefix="jiangxin-score-") as tmp:
            blank = Path(tmp) / "blank.xlsx"
            blank.write_bytes(_blank_sheet(ws.year, saved.id, reviewer, view.items, policy))
            fill_score_sheet(blank, {k: dict(v) for k, v in merged.items()}, target)  # type: ignore[misc]
        extraction = extract_file(target, ExtractContext(year=ws.year), display_name=target.name)
        sheet = extraction.record
        problems = []
        if not isinstance(sheet, ScoreSheet):
            problems.append(extraction.message or "评分表无法读取")
        elif sheet.problems:
            problems.extend(sheet.problems)
        elif reviewer_of(sheet) != reviewer:
            problems.append("评分表中的评审专家与链接不符")
        if problems or not isinstance(sheet, ScoreSheet):
            target.unlink(missing_ok=True)
            raise ScoreError(problems)
        return store.add_document(
            NewDocument(
                sha256=extraction.sha256, file_name=target.name, original_path=f"（在线评分）{target.name}",
                archived_path=_rel(ws, target), format=extraction.format or "xlsx",
                kind="score_sheet", size=target.stat().st_size, year=ws.year,
                extractor_version=EXTRACTOR_VERSION, record=sheet, warnings=extraction.warnings,
            )
        )  # fmt: skip


def _rel(ws: Workspace, path: Path) -> str:
    try:
        return path.relative_to(ws.root).as_posix()
    except ValueError:
        return str(path)
