"""The review's files from its steps: `jiangxin assign` leaves every reviewer's forms and the matrix
workbook, `jiangxin scores` the results workbook and the Word 评审结果汇总表 (confirmed from the workbook)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from jiangxin.review.forms import REVIEW_DIR
from jiangxin.review.steps import AssignOutcome, ScoresOutcome, confirm_grades, run_scores
from jiangxin.store import Store
from jiangxin.workspace import Workspace
from rules.policy import Policy

from .review_books import write_assignment_book, write_results_book, write_results_docx
from .review_forms import FormSet, ensure_declarations_file, write_forms


def assignment_book_path(ws: Workspace) -> Path:
    return ws.outbox / REVIEW_DIR / f"评审分配-{ws.year}.xlsx"


def results_book_path(ws: Workspace) -> Path:
    return ws.outbox / f"评审结果-{ws.year}.xlsx"


def results_docx_path(ws: Workspace) -> Path:
    return ws.outbox / f"评审结果汇总表-{ws.year}.docx"


@dataclass(frozen=True, slots=True)
class AssignFiles:
    """Every reviewer's forms and the matrix workbook."""

    forms: list[FormSet]
    book: Path


def write_assign_files(ws: Workspace, outcome: AssignOutcome) -> AssignFiles:
    """The forms and the matrix workbook of a saved round; an empty 回避声明.xlsx for the office when it
    has none yet."""
    ensure_declarations_file(ws.root)
    forms = write_forms(ws, outcome.assignment, outcome.review)
    book = write_assignment_book(
        assignment_book_path(ws), outcome.assignment, source=outcome.source, notes=outcome.notes
    )
    return AssignFiles(forms, book)


def write_scores_files(ws: Workspace, outcome: ScoresOutcome) -> list[Path]:
    """The results workbook, then the Word 评审结果汇总表."""
    return [
        write_results_book(results_book_path(ws), outcome.ranking, outcome.collected, outcome.review),
        write_results_docx(ws, results_docx_path(ws), outcome.ranking, outcome.review, outcome.today),
    ]


def scores_and_write(
    ws: Workspace,
    store: Store,
    policy: Policy,
    *,
    confirm: bool = False,
    allow_missing: bool = False,
    today: dt.date | None = None,
) -> tuple[ScoresOutcome, list[Path]]:
    """`jiangxin scores`: the ranking, its files, and with `confirm` the grades stored from the workbook
    (the files are written even when confirming is refused)."""
    outcome = run_scores(ws, store, policy, today=today)
    files = write_scores_files(ws, outcome)
    if confirm:
        confirm_grades(ws, store, outcome, files[0], allow_missing=allow_missing)
    return outcome, files
