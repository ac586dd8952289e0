"""Award tallies: only our organisation's lines count, copies of one notice count once, and every
count knows its source documents. Expected numbers come from the generated truth."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from typer.testing import CliRunner

from jiangxin.cli import app as cli
from jiangxin.core.records import Award, ResultSheet
from jiangxin.store import Store
from jiangxin.workspace import Workspace
from reports.render.award_sheets import tally_sheet_name, write_tally_sheet
from rules.awards import UNTIERED, tier_of
from rules.policy import load_policy
from rules.tally import tally_awards

from .test_check_support import put
from .test_tally_support import Notice, generate_notices, pdf_copy


def _store_notices(store: Store, notices: list[Notice]) -> None:
    for i, notice in enumerate(notices):
        put(store, notice.sheet, f"通报{i}.docx")
        if notice.copies == 2:
            put(store, pdf_copy(notice.sheet), f"通报{i}.pdf")


@pytest.mark.parametrize("seed", [11, 12])
def test_tally_equals_the_generated_truth(workspace: Workspace, store: Store, seed: int) -> None:
    notices = generate_notices(seed, workspace.year)
    _store_notices(store, notices)
    # last year's notice of ours is not this year's tally
    put(store, generate_notices(seed + 100, workspace.year - 1, n=1)[0].sheet, "去年.docx")

    tally = tally_awards(workspace, store, load_policy())

    rows: Counter[tuple[str, str, str, str]] = Counter()
    units: Counter[str] = Counter()
    people: Counter[tuple[str, str]] = Counter()
    for notice in notices:
        for line in notice.lines:
            if line.ours:
                rows[(notice.sheet.event, notice.tier, line.award.level, line.award.scope)] += 1
                units[line.label] += 1
                for name in line.award.names:
                    people[(name, line.label)] += 1
    assert {(r.event, r.tier, r.level, r.scope): r.count for r in tally.rows} == dict(rows)
    assert {u.unit: u.count for u in tally.by_unit} == dict(units)
    assert {(p.name, p.unit): p.count for p in tally.by_person} == dict(people)
    assert tally.total == sum(rows.values())
    foreign = sum(1 for n in notices for line in n.lines if not line.ours)
    foreign_copies = sum(1 for n in notices if n.copies == 2 for line in n.lines if not line.ours)
    assert tally.other_units_left_out == foreign + foreign_copies
    assert tally.copies_merged == sum(1 for n in notices if n.copies == 2 for line in n.lines if line.ours)


def test_every_count_lists_its_sources(workspace: Workspace, store: Store) -> None:
    notices = generate_notices(21, workspace.year, n=3)
    _store_notices(store, notices)
    tally = tally_awards(workspace, store, load_policy())
    for row in tally.rows:
        files = {s.file_name for s in row.sources}
        expected = {
            f"通报{i}.{ext}"
            for i, n in enumerate(notices)
            if n.sheet.event == row.event
            for ext in (("docx", "pdf") if n.copies == 2 else ("docx",))
        }
        assert files == expected
        assert len(row.sources) == row.count * (2 if ".pdf" in "".join(files) else 1)
        assert row.to_json(explain=True)["sources"][0]["file"] in files
        assert "sources" not in row.to_json()


def test_near_misses_are_never_counted(workspace: Workspace, store: Store) -> None:
    sheet = ResultSheet(
        event="2025年酒泉市职工职业技能大赛",
        organizer="酒泉市总工会",
        date="2025-09-01",
        awards=[
            Award(level="一等奖", scope="individual", names=["甲乙"], unit="酒泉市总工会"),
            Award(level="一等奖", scope="individual", names=["丙丁"], unit="酒泉钢铁（集团）有限责任公司"),
            Award(level="二等奖", scope="individual", names=["戊己"], unit="中国石油玉门油田分公司"),
            Award(level="二等奖", scope="individual", names=["庚辛"], unit="国网甘肃省电力公司营销服务中心"),
            Award(level="三等奖", scope="individual", names=["壬癸"], unit="省营销服务中心"),
            Award(level="三等奖", scope="individual", names=["子丑"], unit="国网瓜州县供电公司"),
        ],
    )
    put(store, sheet, "酒泉市大赛.docx")
    tally = tally_awards(workspace, store, load_policy())
    assert [(r.level, r.count) for r in tally.rows] == [("三等奖", 1)]
    assert [(p.name, p.unit) for p in tally.by_person] == [("子丑", "瓜州县供电公司")]
    assert tally.rows[0].tier == "地市级"  # 酒泉市总工会 in the tier table


def _award(organizer: str | None, event: str, tier: str | None = None):  # type: ignore[no-untyped-def]
    from jiangxin.store import StoredAward

    return StoredAward(
        id=1, year=2025, event=event, organizer=organizer, date=None, tier=tier, level="一等奖",
        scope="individual", names=[], unit=None, title=None, rank=None, honours=[], document_id=1,
        record_id=1, file_name="x",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("organizer", "event", "stated", "expected", "how"),
    [
        (None, "竞赛", "国家级", "国家级", "文件载明"),
        ("中国电力企业联合会", "全国电力行业职业技能竞赛", None, "行业级", "按主办单位推定"),
        ("中华全国总工会", "全国职工技能大赛", None, "国家级", "按主办单位推定"),
        ("国家电网有限公司", "青创赛", None, "省部级", "按主办单位推定"),
        ("国网甘肃省电力公司工会", "2025年职工技术创新成果", None, "地市级", "按主办单位推定"),
        ("某某协会", "2025年国网甘肃省电力公司技能竞赛", None, "地市级", "按竞赛（评选）名称推定"),
        ("国网酒泉供电公司", "技术比武", None, "公司级", "按主办单位推定"),
        ("某某协会", "某某比赛", None, None, "未能确定"),
    ],
)
def test_tier_from_the_policy_table(
    organizer: str | None, event: str, stated: str | None, expected: str | None, how: str
) -> None:
    assert tier_of(_award(organizer, event, stated), load_policy()) == (expected, how)


def test_untiered_awards_are_tallied_as_such(workspace: Workspace, store: Store) -> None:
    sheet = ResultSheet(
        event="某某比赛", organizer="某某协会", date="2025-05-01",
        awards=[Award(level="一等奖", scope="individual", names=["甲乙"], unit="国网酒泉供电公司")],
    )  # fmt: skip
    put(store, sheet, "比赛.docx")
    assert [r.tier for r in tally_awards(workspace, store, load_policy()).rows] == [UNTIERED]


def test_tally_sheet_and_cli(workspace: Workspace, store: Store, runner: CliRunner) -> None:
    from openpyxl import load_workbook

    notices = generate_notices(31, workspace.year, n=3)
    _store_notices(store, notices)
    tally = tally_awards(workspace, store, load_policy())
    path = write_tally_sheet(tally, workspace.outbox / tally_sheet_name(workspace.year))
    wb = load_workbook(path)
    assert wb.sheetnames == ["按竞赛统计", "按单位统计", "按人员统计", "获奖明细", "说明"]
    counts = [row[4] for row in wb["按竞赛统计"].iter_rows(min_row=2, values_only=True)]
    assert counts == [r.count for r in tally.rows]
    assert wb["获奖明细"].max_row == tally.total + 1

    result = runner.invoke(cli, ["tally", "--json", "-w", str(workspace.root)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows == [r.to_json() for r in tally.rows]
    assert set(rows[0]) == {"event", "tier", "level", "scope", "count"}
    explained = json.loads(
        runner.invoke(cli, ["tally", "--json", "--explain", "-w", str(workspace.root)]).stdout
    )
    assert all(row["sources"] for row in explained)
