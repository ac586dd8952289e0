"""Text from users' documents stays text in every file the office receives: a title holding `<`, `&`,
`{{ }}` and `{% %}` comes out verbatim through every Word template the program ships, rendered by the
code that renders it, and text that looks like a formula stays text in every workbook."""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook

from jiangxin.core.records import Application, Award, Person, ResultSheet, ReviewerEntry, ReviewerList
from jiangxin.review.aggregate import Ranked, Ranking
from jiangxin.review.assign import assign
from jiangxin.review.conflicts import find_conflicts
from jiangxin.review.items import Item, Reviewer
from jiangxin.review.policy_view import ReviewPolicy
from jiangxin.review.score_check import Collected
from jiangxin.store import Store
from jiangxin.workspace import Workspace
from reports.annual import write_annual
from reports.news import write_news
from reports.render.award_sheets import write_points_sheet, write_tally_sheet
from reports.render.check_sheet import write_check_files
from reports.render.ingest_log import append_ingest_log
from reports.render.ledger import write_ledger
from reports.render.review_books import write_assignment_book, write_results_book, write_results_docx
from reports.render.review_forms import ensure_declarations_file, write_forms, write_reviewer_list
from reports.render.score_sheet import write_score_sheet
from reports.workspace_files import write_registry
from rules.check import check_applications
from rules.points import compute_points
from rules.policy import load_policy
from rules.tally import tally_awards

from .test_check_rules import ROSTER, UNIT, app
from .test_check_support import put

ROOT = Path(__file__).resolve().parents[1]
NASTY = "基于<IEC 61850>&GOOSE的{{ 测试 }}{% if x %}仪"
FORMULA = "=1+1"


def docx_paragraphs(path: Path) -> list[str]:
    """The text of every paragraph of the document, those in tables included, as Word shows it."""
    body = docx.Document(str(path)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def _items(*titles: str) -> list[Item]:
    members = [Person(name="张三", unit=UNIT), Person(name=FORMULA)]
    return [
        Item(10 + n, Application(title=t, unit=UNIT, category="小发明", specialty="变电", members=members))
        for n, t in enumerate(titles)
    ]


REVIEWER = (FORMULA, "外单位甲")


def _ranking(items: list[Item]) -> tuple[Ranking, Collected]:
    rows = [
        Ranked(
            item=i,
            reviewers=[REVIEWER],
            totals=[Decimal("28.5")],
            score=Decimal("28.5"),
            rank=n,
            grade="一等奖",
        )
        for n, i in enumerate(items, start=1)
    ]
    collected = Collected(scores={(REVIEWER, i.id): {"创新性": 28.5} for i in items})
    return Ranking(rows=rows, missing=[]), collected


@dataclass
class Year:
    ws: Workspace
    store: Store


@pytest.fixture
def year(workspace: Workspace, store: Store) -> Year:
    """A year whose applications, award notice, reviewers and office files carry the hostile text."""
    put(store, ROSTER, "员工花名册.xlsx")
    put(store, app(NASTY), "申报书甲.docx")
    put(store, app(FORMULA), "申报书乙.docx")
    notice = ResultSheet(
        event=f"{NASTY}{FORMULA}",
        organizer="国网甘肃省电力公司",
        date="2025-06-18",
        tier="省部级",
        awards=[Award(level="一等奖", scope="achievement", names=["张三"], unit=UNIT, title=FORMULA)],
    )
    put(store, notice, "获奖名单.xlsx")
    root = workspace.root
    (root / "明年工作打算.txt").write_text(f"（一）{NASTY}\n{FORMULA}{NASTY}。\n", encoding="utf-8")
    (root / "要事.yaml").write_text(f'标题: "{NASTY}"\n平台:\n  - "{NASTY}。"\n', encoding="utf-8")
    write_registry(root / "创新平台.xlsx", [(NASTY, "创新工作室", "公司级", UNIT, FORMULA, 2025)])
    return Year(workspace, store)


def _opinion(y: Year) -> list[Path]:
    policy = load_policy(y.ws.policy_path)
    return write_check_files(y.ws, check_applications(y.ws, y.store, policy), policy)


def _forms(y: Year) -> list[Path]:
    review = ReviewPolicy.from_review(load_policy(y.ws.policy_path).review)
    items = _items(NASTY, FORMULA)
    reviewers = [Reviewer(FORMULA, "外单位甲"), Reviewer("李明", "外单位乙")]
    result = assign(reviewers, items, find_conflicts(y.ws.organization, reviewers, items), 2)
    forms = write_forms(y.ws, result, review)
    book = write_assignment_book(y.ws.outbox / "分配.xlsx", result, source=NASTY, notes=[FORMULA])
    return [book, *(f.docx for f in forms), *(f.xlsx for f in forms)]


def _results(y: Year) -> list[Path]:
    review = ReviewPolicy.from_review(load_policy(y.ws.policy_path).review)
    ranking, collected = _ranking(_items(NASTY, FORMULA))
    today = dt.date(2025, 11, 20)
    return [
        write_results_docx(y.ws, y.ws.outbox / "评审结果汇总表.docx", ranking, review, today),
        write_results_book(y.ws.outbox / "评审结果.xlsx", ranking, collected, review),
    ]


def _annual(y: Year) -> list[Path]:
    return [write_annual(y.ws, y.store, load_policy(y.ws.policy_path), day=dt.date(2025, 12, 1)).docx]


def _news(y: Year) -> list[Path]:
    return [write_news(y.ws, y.store, load_policy(y.ws.policy_path)).docx]


# every shipped Word template and the code that renders it
RENDERERS: dict[str, Callable[[Year], list[Path]]] = {
    "形式审查意见.docx": _opinion,
    "评审打分表.docx": _forms,
    "评审结果汇总表.docx": _results,
    "年度工作总结.docx": _annual,
    "纪实.docx": _news,
}


def test_every_shipped_template_is_covered() -> None:
    assert {p.name for p in (ROOT / "templates").glob("*.docx")} == set(RENDERERS)


@pytest.mark.parametrize("template", sorted(RENDERERS))
def test_hostile_title_comes_out_verbatim(template: str, year: Year) -> None:
    written = [p for p in RENDERERS[template](year) if p.suffix == ".docx"]
    assert written
    for path in written:
        paragraphs = docx_paragraphs(path)
        assert any(NASTY in p for p in paragraphs), (path.name, paragraphs[:20])
        assert not any("&amp;" in p or "&lt;" in p for p in paragraphs), path.name


def _xlsx_writers(y: Year, out: Path) -> list[Path]:
    """Every kind of workbook the program writes, each fed the formula-like text."""
    policy = load_policy(y.ws.policy_path)
    review = ReviewPolicy.from_review(policy.review)
    reviewer_list = ReviewerList(reviewers=[ReviewerEntry(name=FORMULA, unit=FORMULA, specialty=FORMULA)])

    @dataclass
    class Logged:
        file: str = f"{FORMULA}.docx"
        result: str = "stored"
        kind: str | None = "application"
        reason: str | None = FORMULA
        moved_to: str | None = FORMULA
        document_id: int | None = 1

    append_ingest_log(out / "入库记录.xlsx", [Logged()])
    from jiangxin.core.sheet_layout import LockedContent, LockedRow

    content = LockedContent(
        2025, FORMULA, FORMULA, (("创新性", 30.0),), (LockedRow(1, FORMULA, FORMULA, FORMULA, FORMULA),)
    )
    return [
        *_opinion(y),
        write_tally_sheet(tally_awards(y.ws, y.store, policy), out / "获奖统计.xlsx"),
        write_points_sheet(compute_points(y.ws, y.store, policy), out / "创新积分.xlsx"),
        write_ledger(y.ws, y.store),
        out / "入库记录.xlsx",
        *_forms(y),
        *_results(y),
        write_reviewer_list(reviewer_list, out / "专家.xlsx", 2025),
        write_score_sheet(out / "评分表.xlsx", content, review),
        y.ws.root / "创新平台.xlsx",
    ]


def test_formula_like_text_stays_text_in_every_workbook(year: Year, tmp_path: Path) -> None:
    books = [p for p in _xlsx_writers(year, tmp_path) if p.suffix == ".xlsx"]
    assert len(books) >= 10
    for path in books:
        found = 0
        for ws in load_workbook(path).worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and "1+1" in cell.value:
                        assert cell.data_type == "s", (path.name, ws.title, cell.coordinate)
                        found += 1
        assert found, path.name  # the text did reach the book


def test_declarations_file_is_written_once_and_never_overwritten(tmp_path: Path) -> None:
    path = ensure_declarations_file(tmp_path)
    book = load_workbook(path)
    book.worksheets[0]["A2"] = "张三"
    book.save(path)
    assert ensure_declarations_file(tmp_path) == path
    assert load_workbook(path).worksheets[0]["A2"].value == "张三"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", ["rules", "jiangxin/review"])
def test_rules_and_review_never_import_the_renderer(package: str) -> None:
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / package).glob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in ("reports", "docxtpl")
    }
    assert not offenders
