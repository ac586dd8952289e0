"""Which units are ours: our name, aliases and sub-units count; near misses in notices never do."""

from __future__ import annotations

import pytest

from jiangxin.core.organization import Organization
from jiangxin.examples.people import NEAR_MISSES, OTHER_COMPANIES, OUR_SUB_UNITS, full_unit
from jiangxin.workspace import Workspace
from rules.units import resolve_unit, unit_label

from .support.workspace import ROOT


@pytest.fixture(scope="module")
def org() -> Organization:
    return Workspace.load(ROOT).organization


@pytest.mark.parametrize(
    "unit",
    [
        "国网酒泉供电公司",
        "国网酒泉供电公司工会",
        "国网 酒泉供电公司",
        "酒泉供电公司",
        "国网甘肃省电力公司酒泉供电公司",
        "国网瓜州县供电公司",
        "瓜州县供电公司",
        "变电运维中心",
        "国网酒泉供电公司变电运维中心",
        "国网酒泉供电公司营销服务中心",
        *[full_unit(s) for s in OUR_SUB_UNITS],
    ],
)
def test_ours(org: Organization, unit: str) -> None:
    assert org.owns(unit)


@pytest.mark.parametrize(
    "unit",
    [
        *NEAR_MISSES,
        "酒泉市总工会",
        "酒泉钢铁（集团）有限责任公司",
        "酒泉钢铁(集团)有限责任公司",
        "中国石油玉门油田分公司",
        "国网甘肃省电力公司营销服务中心",
        "省营销服务中心",
        "国网甘肃省电力公司",
        "国网嘉峪关供电公司",
        "",
        None,
        *OTHER_COMPANIES,
    ],
)
def test_not_ours(org: Organization, unit: str | None) -> None:
    assert not org.owns(unit)


def test_sub_unit_of(org: Organization) -> None:
    assert org.sub_unit_of("国网酒泉供电公司变电运维中心") == "变电运维中心"
    assert org.sub_unit_of("国网甘肃省电力公司酒泉供电公司输电运检中心") == "输电运检中心"
    assert org.sub_unit_of("国网瓜州县供电公司") == "瓜州县供电公司"
    assert org.sub_unit_of("国网酒泉供电公司") is None
    assert org.sub_unit_of("国网甘肃省电力公司营销服务中心") is None
    for sub in OUR_SUB_UNITS:
        assert org.sub_unit_of(full_unit(sub)) == sub


def test_resolved_units_compare_roster_and_form_names(org: Organization) -> None:
    roster, form = resolve_unit(org, "变电运维中心"), resolve_unit(org, "国网酒泉供电公司 变电运维中心")
    assert roster.key == form.key == "变电运维中心" and roster.ours
    assert resolve_unit(org, "国网酒泉供电公司").key == ""
    assert resolve_unit(org, "国网酒泉供电公司办公室").key == "办公室"
    foreign = resolve_unit(org, "酒泉市总工会")
    assert not foreign.ours and foreign.key == "酒泉市总工会"
    assert unit_label(org, "国网酒泉供电公司工会") == "国网酒泉供电公司"
    assert unit_label(org, "国网敦煌市供电公司") == "敦煌市供电公司"
