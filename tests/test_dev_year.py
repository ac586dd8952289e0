"""The acceptance test on ../shared/dev-year: one year's inbox ingested as a clerk would, then 形式审查
refuses exactly the six applications of expected.json, 待补正 only where the form itself lacks a
required field, and the tallies equal expected.json."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import docx
import pytest

from jiangxin.core.records import record_from_json
from jiangxin.inbox import Consumer
from jiangxin.workspace import Workspace
from reports.annual import write_annual
from reports.news import write_news
from rules.check import check_applications
from rules.policy import load_policy
from rules.tally import tally_awards
from rules.verdicts import FAIL, FIX

from .conftest import make_workspace
from .test_check_support import put

DEV_YEAR = Path(__file__).resolve().parents[2] / "shared" / "dev-year"


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    if not (DEV_YEAR / "expected.json").is_file():
        pytest.skip("../shared/dev-year 不存在")
    ws = make_workspace(tmp_path_factory.mktemp("dev-year") / "ws")
    for f in sorted(DEV_YEAR.iterdir()):
        if f.is_file() and f.suffix not in (".json", ".md"):
            shutil.copyfile(f, ws.inbox / f.name)
    store = ws.open_store()
    Consumer(ws, store).run()
    store.close()
    return ws


@pytest.fixture(scope="module")
def truth_year(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The same year from its truth records, stored in the order the files arrived (manifest `order`;
    the truth has no submission dates): the rules judged apart from how well the files are read."""
    if not (DEV_YEAR / "expected.json").is_file():
        pytest.skip("../shared/dev-year 不存在")
    ws = make_workspace(tmp_path_factory.mktemp("dev-year-truth") / "ws")
    manifest = json.loads((DEV_YEAR / "manifest.json").read_text(encoding="utf-8"))
    files = sorted(manifest["files"], key=lambda f: (f.get("order") is not None, f.get("order") or 0))
    store = ws.open_store()
    for f in files:
        data = json.loads((DEV_YEAR / "truth" / f"{f['file']}.json").read_text(encoding="utf-8"))
        put(store, record_from_json(data), f["file"])
    store.close()
    return ws


def _expected() -> dict[str, object]:
    data: dict[str, object] = json.loads((DEV_YEAR / "expected.json").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("which", ["truth_year", "year"])
def test_check_refuses_exactly_the_six(which: str, request: pytest.FixtureRequest) -> None:
    year: Workspace = request.getfixturevalue(which)
    store = year.open_store()
    verdicts = check_applications(year, store, load_policy())
    store.close()
    expected = {e["file"] for e in _expected()["ineligible"]}  # type: ignore[index, attr-defined]
    refused = {v.file: v.reasons for v in verdicts if v.verdict == FAIL}
    assert set(refused) == expected, refused
    policy = load_policy()
    for v in verdicts:
        if v.verdict != FIX:
            continue
        truth = json.loads((DEV_YEAR / "truth" / f"{v.file}.json").read_text(encoding="utf-8"))
        lacking = [f for f in policy.eligibility.required_fields if truth.get(f) in (None, "", [])]
        assert lacking, (v.file, v.reasons)  # 待补正 only where the form itself lacks something


@pytest.mark.parametrize("which", ["truth_year", "year"])
def test_tallies_equal_expected(which: str, request: pytest.FixtureRequest) -> None:
    year: Workspace = request.getfixturevalue(which)
    store = year.open_store()
    result = tally_awards(year, store, load_policy())
    store.close()
    got = Counter({(r.event, r.level, r.scope): r.count for r in result.rows})
    want = Counter(
        {(t["event"], t["level"], t["scope"]): t["count"] for t in _expected()["tallies"]}  # type: ignore[index, attr-defined]
    )
    assert got == want


def _clauses_after(text: str, event: str) -> list[str]:
    """What the text says right after each mention of `event`, up to the end of that clause."""
    return [re.split(r"[；。\n]", part, maxsplit=1)[0] for part in text.split(event)[1:]]


def test_every_figure_of_the_notices_is_in_both_reports(truth_year: Workspace) -> None:
    """Both year-end documents carry every count of expected.json: the event and, after it, the level
    with its number (个人二等奖2项 counts as 二等奖2项)."""
    store = truth_year.open_store()
    policy = load_policy()
    annual = write_annual(truth_year, store, policy, day=dt.date(2025, 12, 31)).docx
    news = write_news(truth_year, store, policy).docx
    store.close()
    texts = {"总结": _text(annual), "纪实": _text(news)}
    for t in _expected()["tallies"]:  # type: ignore[index, attr-defined]
        figure = f"{t['level']}{t['count']}项"
        for name, text in texts.items():
            assert any(figure in clause for clause in _clauses_after(text, t["event"])), (name, t)


def _text(path: Path) -> str:
    doc = docx.Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    lines += [" | ".join(c.text for c in row.cells) for table in doc.tables for row in table.rows]
    return "\n".join(lines)
