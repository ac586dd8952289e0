"""Staff rosters: generated rosters read back exactly; header rows, synonyms, padding, footers."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from extractors import extract_file
from jiangxin.core.records import RosterPerson
from jiangxin.examples.people import NamePool
from jiangxin.examples.rosters import random_roster, render_roster


@pytest.fixture(scope="session")
def rosters(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path]]:
    """Six generated rosters, each with its truth JSON beside it."""
    folder = tmp_path_factory.mktemp("rosters")
    out = []
    for seed in range(6):
        rng = random.Random(seed)
        applicant = RosterPerson(
            name="万俊杰", employee_id="62199999", unit="信息通信分公司", post="技术专责", status="在职"
        )
        record = random_roster(rng, NamePool(rng), 80, include=[applicant])
        path = folder / f"roster-{seed}.xlsx"
        render_roster(record, path, rng)
        truth = folder / f"roster-{seed}.xlsx.json"
        truth.write_text(json.dumps(record.to_json(), ensure_ascii=False), encoding="utf-8")
        out.append((path, truth))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_generated_roster_gives_its_golden_record(rosters: list[tuple[Path, Path]], seed: int) -> None:
    path, truth = rosters[seed]
    got = extract_file(path).to_json()
    got.pop("source")
    assert got.pop("kind_reasons"), "the kind is explained"
    assert got == json.loads(truth.read_text("utf-8"))


def test_generated_rosters_have_leavers_and_retirees() -> None:
    rng = random.Random(3)
    statuses = {p.status for p in random_roster(rng, NamePool(rng), 300).people}
    assert statuses == {"在职", "离职", "退休"}


def _sheet(path: Path, rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_header_late_columns_reordered_names_padded_footer_skipped(tmp_path: Path) -> None:
    path = _sheet(
        tmp_path / "r.xlsx",
        [
            ["员工名单（内部）"],
            ["统计截止日期：2025年6月30日"],
            [],
            ["人员状态", "岗位名称", "姓名", "部门", "工号", "性别"],
            ["在职", "技术专责", "文\u3000秀", "变电运维中心", "62208246", "女"],
            ["退休", None, "欧阳  明", "配电运检室", 62100001, "男"],
            [],
            [None, None, "制表人：李强", None, None, None],
        ],
    )
    out = extract_file(path).to_json()
    assert out["kind"] == "roster"
    assert out["people"] == [
        {
            "name": "文秀",
            "employee_id": "62208246",
            "unit": "变电运维中心",
            "post": "技术专责",
            "status": "在职",
        },
        {"name": "欧阳明", "employee_id": "62100001", "unit": "配电运检室", "post": None, "status": "退休"},
    ]


def test_a_row_that_is_not_a_name_is_reported(tmp_path: Path) -> None:
    path = _sheet(
        tmp_path / "r.xlsx",
        [
            ["员工编号", "姓名", "单位", "在职状态"],
            ["1", "张伟", "营销服务中心", "在职"],
            ["2", "待定2025", "营销服务中心", "在职"],
        ],
    )
    out = extract_file(path).to_json()
    assert [p["name"] for p in out["people"]] == ["张伟"]
    assert any(w["field"] == "people" and "待定2025" in w["message"] for w in out["warnings"])
