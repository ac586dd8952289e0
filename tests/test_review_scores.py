"""Scores back: filled sheets go through the inbox, are checked and counted; the ranking equals a
trimmed mean computed here independently; bad sheets are rejected with reasons; confirming stores
the grades as the company's awards."""

from __future__ import annotations

import itertools
import json
import random
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

import jiangxin.review.steps as steps
from extractors import classify as classify_module
from extractors.kinds.reviewers import looks_like_reviewer_list
from extractors.kinds.score_sheet import looks_like_score_sheet
from jiangxin.core import sheet_layout as L
from jiangxin.core.records import Application, Person, ReviewerEntry, ReviewerList
from jiangxin.examples.people import NamePool, full_unit
from jiangxin.examples.year import store_record_id
from jiangxin.inbox import Consumer
from jiangxin.review.eligible import Eligible
from jiangxin.review.errors import ReviewError
from jiangxin.review.items import Item
from jiangxin.review.policy_view import ReviewPolicy
from jiangxin.workspace import Workspace
from reports.render.review import scores_and_write, write_assign_files
from reports.render.review_forms import write_reviewer_list
from reports.render.score_sheet import fill_score_sheet, write_score_sheet
from rules.policy import Policy, default_policy_path, load_policy

from .support.workspace import make_workspace

UNITS = ["变电运维中心", "输电运检中心", "瓜州县供电公司", "敦煌市供电公司"]
PER_APPLICATION = 5
TRIM_AT = 5


def policy_text(blank_rule: str) -> str:
    """The shipped policy with five reviewers per application, trimming at five, quotas 20/30/50%."""
    text = default_policy_path().read_text(encoding="utf-8")
    text = re.sub(
        r"(?m)^reviewers_per_application = \d+", f"reviewers_per_application = {PER_APPLICATION}", text
    )
    text = re.sub(r"(?m)^trim_min_scores = \d+", f"trim_min_scores = {TRIM_AT}", text)
    text = re.sub(r'(?m)^blank_rule = "\w+"', f'blank_rule = "{blank_rule}"', text)
    return re.sub(r"(?m)^quotas = .*$", 'quotas = { "一等奖" = 0.2, "二等奖" = 0.3, "三等奖" = 0.5 }', text)


class Meeting:
    """A workspace with six stored applications, eight reviewers (two from our units) and a round."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch, blank_rule: str = "exclude") -> None:
        ws = make_workspace(root)
        (ws.root / "policy.toml").write_text(policy_text(blank_rule), encoding="utf-8")
        config = (
            (ws.root / "jiangxin.toml")
            .read_text(encoding="utf-8")
            .replace('policy = ""', 'policy = "policy.toml"')
        )
        (ws.root / "jiangxin.toml").write_text(config, encoding="utf-8")
        self.ws = Workspace.load(ws.root)
        self.store = self.ws.open_store()
        self.policy: Policy = load_policy(self.ws.policy_path)
        self.review = ReviewPolicy.from_review(self.policy.review)
        self.rng = random.Random(11)
        names = NamePool(self.rng)
        self.apps = {
            store_record_id(self.store, Application(
                title=f"成果{n}", unit=full_unit(UNITS[n % 4]), members=[Person(name=names.name()) for _ in range(2)]
            ), f"申报书{n}.docx", year=self.ws.year): n
            for n in range(6)
        }  # fmt: skip
        reviewers = [
            ReviewerEntry(name=names.name(), unit=f"国网外省{n}供电公司", specialty="变电") for n in range(6)
        ]
        reviewers += [
            ReviewerEntry(name=names.name(), unit=full_unit(UNITS[n]), specialty="输电") for n in range(2)
        ]
        write_reviewer_list(ReviewerList(reviewers=reviewers), self.ws.root / "评审专家.xlsx", self.ws.year)
        # the eligibility check is another module's business: here every stored application passes
        monkeypatch.setattr(
            steps, "eligible_items",
            lambda ws, store, policy: Eligible([Item(r.id, r.record) for r in store.records("application", ws.year)], "全部"),
        )  # fmt: skip
        original = classify_module.classify

        def classify(doc):  # type: ignore[no-untyped-def]
            if looks_like_score_sheet(doc):
                return "score_sheet"
            if looks_like_reviewer_list(doc):
                return "reviewers"
            return original(doc)

        monkeypatch.setattr(classify_module, "classify", classify)
        self.outcome = steps.run_assign(self.ws, self.store, self.policy)
        self.files = write_assign_files(self.ws, self.outcome)
        self.given: dict[tuple[str, int], dict[str, float | None]] = {}

    def random_scores(self, form_items: list[int]) -> dict[int, dict[str, float | None]]:
        return {
            i: {
                c.name: self.rng.choice([c.max, round(self.rng.uniform(0, c.max) * 2) / 2])
                for c in self.review.criteria
            }
            for i in form_items
        }

    def submit(
        self, reviewer: str, scores: dict[int, dict[str, float | None]], name: str | None = None
    ) -> Path:
        form = next(f for f in self.files.forms if f.reviewer.name == reviewer)
        self.given.update({(reviewer, i): dict(s) for i, s in scores.items()})
        path = fill_score_sheet(form.xlsx, scores, self.ws.inbox / (name or f"{reviewer}-评分.xlsx"))  # type: ignore[arg-type]
        return path

    def items_of(self, reviewer: str) -> list[int]:
        return [p.item.id for p in self.outcome.assignment.pairs if p.reviewer.name == reviewer]

    def ingest(self) -> None:
        summary = Consumer(self.ws, self.store, workers=1).run()
        assert all(o.result == "stored" for o in summary.outcomes), [o.to_json() for o in summary.outcomes]

    def scores(self, **kwargs: object) -> dict:  # type: ignore[type-arg]
        return scores_and_write(self.ws, self.store, self.policy, **kwargs)[0].to_json()  # type: ignore[arg-type]


@pytest.fixture
def meeting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Meeting:
    return Meeting(tmp_path / "ws", monkeypatch)


def expected_score(totals: list[Fraction]) -> Decimal:
    """Computed here, not by the code under test: drop one highest and one lowest when there are at
    least TRIM_AT, average exactly, round half up to two places."""
    kept = sorted(totals)[1:-1] if len(totals) >= TRIM_AT else sorted(totals)
    mean = sum(kept, Fraction(0)) / len(kept)
    return (Decimal(mean.numerator) / Decimal(mean.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def test_round_trip_to_ranking_with_trimmed_means(meeting: Meeting) -> None:
    assert not meeting.outcome.assignment.shortfalls
    for form in meeting.files.forms:
        meeting.submit(form.reviewer.name, meeting.random_scores(meeting.items_of(form.reviewer.name)))
    meeting.ingest()
    result = meeting.scores()
    assert result["missing"] == [] and result["rejected"] == []
    by_title = {r["title"]: r for r in result["ranking"]}
    for app_id, n in meeting.apps.items():
        totals = [sum((Fraction(str(v)) for v in s.values() if v is not None), Fraction(0))
                  for (reviewer, i), s in meeting.given.items() if i == app_id]  # fmt: skip
        assert len(totals) == PER_APPLICATION
        row = by_title[f"成果{n}"]
        assert sorted(Fraction(str(t)) for t in row["totals"]) == sorted(totals)
        assert Decimal(str(row["score"])) == expected_score(totals)
    ranked = result["ranking"]
    assert [r["score"] for r in ranked] == sorted((r["score"] for r in ranked), reverse=True)
    ranks = [r["rank"] for r in ranked]
    assert ranks[0] == 1 and all(b >= a for a, b in itertools.pairwise(ranks))
    # quotas 20/30/50% of six: one first, one second, three third prize, one without (ties aside)
    if len(set(ranks)) == len(ranks):
        assert [r["grade"] for r in ranked] == ["一等奖", "二等奖", "三等奖", "三等奖", "三等奖", None]
    book = openpyxl.load_workbook(meeting.ws.outbox / f"评审结果-{meeting.ws.year}.xlsx")
    score_cell = book["评审结果"].cell(row=2, column=9)
    assert score_cell.value == pytest.approx(
        float(f"{ranked[0]['score']:.2f}")
    )  # a number, shown to 2 places
    assert score_cell.number_format == "0.00"
    assert (meeting.ws.outbox / f"评审结果汇总表-{meeting.ws.year}.docx").is_file()


def test_bad_sheets_rejected_with_reasons_and_resubmission_replaces(meeting: Meeting) -> None:
    forms = meeting.files.forms
    edited, out_of_range, formula = forms[0].reviewer.name, forms[1].reviewer.name, forms[2].reviewer.name
    meeting.submit(edited, meeting.random_scores(meeting.items_of(edited)))
    meeting.submit(
        formula,
        {i: {**s, "实用性": "=20+3"} for i, s in meeting.random_scores(meeting.items_of(formula)).items()},
    )  # type: ignore[dict-item]
    meeting.submit(
        out_of_range,
        {i: {**s, "创新性": 35} for i, s in meeting.random_scores(meeting.items_of(out_of_range)).items()},
    )
    # the first reviewer also retitles an application (a locked cell) with a tool that ignores protection
    path = meeting.ws.inbox / f"{edited}-评分.xlsx"
    wb = openpyxl.load_workbook(path)
    wb[L.SHEET].cell(row=L.FIRST_ROW, column=2).value = "改过的成果名称"
    wb.save(path)
    # a sheet for someone who is not in this round, made like ours
    stranger = L.LockedContent(meeting.ws.year, "冒名者", "某公司", tuple((c.name, c.max) for c in meeting.review.criteria),
                               (L.LockedRow(next(iter(meeting.apps)), "成果0", full_unit(UNITS[0]), "", ""),))  # fmt: skip
    write_score_sheet(meeting.ws.inbox / "冒名.xlsx", stranger, meeting.review)
    meeting.ingest()
    result = meeting.scores()
    reasons = {r["reviewer"]: "；".join(r["reasons"]) for r in result["rejected"]}
    assert "锁定单元格被修改" in reasons[edited] and "改过的成果名称" in reasons[edited]
    assert "超出 0–30 分的范围" in reasons[out_of_range]
    assert "不在本轮分配名单中" in reasons["冒名者"]
    assert "中是公式" in reasons[formula]
    missing = {(m["reviewer"], m["title"]) for m in result["missing"]}
    titles = {p.item.id: p.item.title for p in meeting.outcome.assignment.pairs}
    assert {(edited, titles[i]) for i in meeting.items_of(edited)} <= missing
    assert {(out_of_range, titles[i]) for i in meeting.items_of(out_of_range)} <= missing

    # corrected sheet: replaces the rejected one, with an audit entry
    meeting.submit(out_of_range, meeting.random_scores(meeting.items_of(out_of_range)), name="更正后.xlsx")
    meeting.ingest()
    again = meeting.scores()
    assert out_of_range not in {r["reviewer"] for r in again["rejected"]}
    assert not {(out_of_range, titles[i]) for i in meeting.items_of(out_of_range)} & {
        (m["reviewer"], m["title"]) for m in again["missing"]}  # fmt: skip
    replaced = [a for a in meeting.store.audit_log() if a.action == "replace" and a.entity == "score_sheet"]
    assert len(replaced) == 1 and replaced[0].detail["reviewer"][0] == out_of_range
    assert (
        len(meeting.store.records("score_sheet", meeting.ws.year)) == 4
    )  # edited, formula, corrected, stranger


def test_confirm_stores_the_grades_as_company_awards(meeting: Meeting) -> None:
    names = [f.reviewer.name for f in meeting.files.forms]
    for name in names[:-1]:
        meeting.submit(name, meeting.random_scores(meeting.items_of(name)))
    meeting.ingest()
    with pytest.raises(ReviewError, match="未收回"):
        meeting.scores(confirm=True)
    assert meeting.store.awards(meeting.ws.year) == []
    last = names[-1]
    meeting.submit(last, meeting.random_scores(meeting.items_of(last)))
    meeting.ingest()
    result = meeting.scores(confirm=True)
    awards = meeting.store.awards(meeting.ws.year)
    graded = [r for r in result["ranking"] if r["grade"]]
    assert len(awards) == len(graded) > 0
    apps = {a.record.title: a.record for a in meeting.store.records("application", meeting.ws.year)}
    for award in awards:
        assert (
            award.scope == "achievement" and award.tier == "公司级" and award.organizer == "国网酒泉供电公司"
        )
        assert award.event == f"{meeting.ws.year}年度国网酒泉供电公司职工技术创新成果评审"
        assert (
            award.names == [m.name for m in apps[award.title].members]
            and award.unit == apps[award.title].unit
        )
    # confirming the same results again changes nothing
    meeting.scores(confirm=True)
    assert len(meeting.store.awards(meeting.ws.year)) == len(graded)
    assert not [a for a in meeting.store.audit_log() if a.action == "replace" and a.entity == "result_sheet"]
    # a corrected sheet changes the results: confirming replaces the earlier confirmation, never adds to it
    meeting.submit(last, meeting.random_scores(meeting.items_of(last)), name="更正.xlsx")
    meeting.ingest()
    changed = meeting.scores(confirm=True)
    assert len(meeting.store.awards(meeting.ws.year)) == len([r for r in changed["ranking"] if r["grade"]])
    assert (
        len([a for a in meeting.store.audit_log() if a.action == "replace" and a.entity == "result_sheet"])
        == 1
    )


def test_blank_rule_zero_counts_blanks_as_zero(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    meeting = Meeting(tmp_path / "ws", monkeypatch, blank_rule="zero")
    first = meeting.files.forms[0].reviewer.name
    for form in meeting.files.forms:
        scores = meeting.random_scores(meeting.items_of(form.reviewer.name))
        if form.reviewer.name == first:
            scores = {i: {**s, "经济效益": "不适用"} for i, s in scores.items()}
        meeting.submit(form.reviewer.name, scores)  # type: ignore[arg-type]
    meeting.ingest()
    result = meeting.scores()
    assert result["rejected"] == [] and result["missing"] == []
    i = meeting.items_of(first)[0]
    row = next(r for r in result["ranking"] if r["title"] == f"成果{meeting.apps[i]}")
    blanked = sum(Fraction(str(v)) for k, v in meeting.given[(first, i)].items() if k != "经济效益")
    assert blanked in [Fraction(str(t)) for t in row["totals"]]


def test_cli_assign_and_scores_json(meeting: Meeting, runner) -> None:  # type: ignore[no-untyped-def]
    from jiangxin.cli import app

    result = runner.invoke(app, ["assign", "--json", "-w", str(meeting.ws.root)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"assignments", "unassigned"} and data["unassigned"] == []
    assert len(data["assignments"]) == PER_APPLICATION * len(meeting.apps)
    assert set(data["assignments"][0]) == {"reviewer", "reviewer_unit", "title", "unit", "link"}
    result = runner.invoke(app, ["scores", "--json", "-w", str(meeting.ws.root)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["missing"]) == PER_APPLICATION * len(meeting.apps)
    assert all(r["score"] is None and r["rank"] is None for r in data["ranking"])


def test_declarations_file_adds_and_dismisses_conflicts_with_audit(meeting: Meeting) -> None:
    from jiangxin.review.declarations import FILE_NAME, SHEET

    ours = next(r for r in meeting.outcome.assignment.reviewers if r.unit == full_unit(UNITS[0]))
    outsider = next(r for r in meeting.outcome.assignment.reviewers if r.unit.startswith("国网外省"))
    same_unit = [i for i in meeting.outcome.assignment.items if i.unit == ours.unit]
    assert same_unit and all(
        ours.key not in {r.key for r in meeting.outcome.assignment.reviewers_of(i)} for i in same_unit
    )
    wb = openpyxl.load_workbook(meeting.ws.root / FILE_NAME)
    wb[SHEET].append([ours.name, "", same_unit[0].title, "", "不回避", "该专家已调离原单位"])
    wb[SHEET].append([outsider.name, "", "", "国网瓜州县供电公司", "回避", "亲属在该单位"])
    wb.save(meeting.ws.root / FILE_NAME)
    for _ in range(2):  # a re-run logs the dismissal only once
        outcome = steps.run_assign(meeting.ws, meeting.store, meeting.policy)
        files = write_assign_files(meeting.ws, outcome)
    conflicts = outcome.assignment.conflicts
    assert not conflicts.blocked(ours.key, same_unit[0].id)
    guazhou = [i for i in outcome.assignment.items if i.unit == "国网瓜州县供电公司"]
    assert guazhou and all(conflicts.blocked(outsider.key, i.id) for i in guazhou)
    assert all(outsider.key not in {r.key for r in outcome.assignment.reviewers_of(i)} for i in guazhou)
    logged = [a for a in meeting.store.audit_log() if a.action == "dismiss" and a.entity == "conflict"]
    assert len(logged) == 1 and logged[0].detail["reason"] == "该专家已调离原单位"
    matrix = openpyxl.load_workbook(files.book)["回避明细"]
    states = [matrix.cell(row=r, column=8).value for r in range(2, matrix.max_row + 1)]
    assert "已撤销：该专家已调离原单位" in states


def test_clerk_saves_sheets_runs_ingest_once_then_scores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner
) -> None:  # type: ignore[no-untyped-def]
    """As a clerk does it: the filled sheets are saved into the inbox and `jiangxin ingest` is run at
    once (the files are seconds old, younger than the settle time); every sheet is taken and scored."""
    from jiangxin.cli import app

    meeting = Meeting(tmp_path / "ws", monkeypatch)
    config = meeting.ws.root / "jiangxin.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("settle_seconds = 0", "settle_seconds = 1").replace("workers = 0", "workers = 1"),
        encoding="utf-8",
    )
    for form in meeting.files.forms:
        meeting.submit(form.reviewer.name, meeting.random_scores(meeting.items_of(form.reviewer.name)))
    result = runner.invoke(app, ["ingest", "--json", "-w", str(meeting.ws.root)])
    assert result.exit_code == 0, result.output
    files = json.loads(result.stdout)["files"]
    assert len(files) == len(meeting.files.forms) and {f["result"] for f in files} == {"stored"}
    assert "仍在写入" in result.stderr  # the wait was shown, counting down
    result = runner.invoke(app, ["scores", "--json", "-w", str(meeting.ws.root)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["missing"] == [] and data["rejected"] == []
    assert all(r["score"] is not None for r in data["ranking"])
