"""The committed golden documents (tests/golden): each gives exactly its committed JSON, its kind is
found from its content, and together they cover every kind, layout, variant and format.

To change the set on purpose: `.venv/bin/python -m tests.support.golden --regen`, then review the diff."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from extractors import extract_file
from extractors.classify import classify
from extractors.readers import read
from jiangxin.examples.applications import LAYOUTS
from jiangxin.examples.notices import VARIANTS
from jiangxin.examples.people import OTHER_COMPANIES, OUR_ORG

from .support.golden import Golden, comparable, extracted, golden_files

FILES = golden_files()


@pytest.mark.parametrize("g", FILES, ids=lambda g: f"{g.kind}/{g.path.name}")
def test_document_gives_its_committed_json(g: Golden) -> None:
    result = extract_file(g.path)
    assert result.kind_reasons, "the kind is explained"
    got = extracted(g.path)
    assert comparable(got, g.path.suffix) == comparable(g.expected(), g.path.suffix)


@pytest.mark.parametrize("g", FILES, ids=lambda g: f"{g.kind}/{g.path.name}")
def test_kind_is_found_from_the_content(g: Golden) -> None:
    assert classify(read(g.path, g.path.suffix[1:])) == g.kind


def test_the_set_covers_every_kind_layout_variant_and_format() -> None:
    have = {(g.kind, g.path.name) for g in FILES}
    for layout in LAYOUTS:
        assert {("application", f"{layout}.docx"), ("application", f"{layout}.pdf")} <= have
    for variant in VARIANTS:
        formats = ("xlsx",) if variant.startswith("xlsx") else ("docx", "pdf")
        assert {("result_sheet", f"{variant}.{fmt}") for fmt in formats} <= have
    assert Counter(g.kind for g in FILES).keys() == {
        "application",
        "result_sheet",
        "roster",
        "reviewers",
        "score_sheet",
    }
    assert all(g.truth.is_file() for g in FILES)
    # every JSON belongs to a document, and the PDFs were made from their Word file
    truths = {p.with_suffix("") for p in (FILES[0].path.parents[1]).glob("*/*.json")}
    assert truths == {g.path.with_suffix("") for g in FILES}
    assert all(g.path.with_suffix(".docx").is_file() for g in FILES if g.path.suffix == ".pdf")


def test_the_notices_hold_every_kind_of_award() -> None:
    """The golden notices themselves hold every kind of award the extractor must read."""
    records = [g.expected() for g in FILES if g.kind == "result_sheet" and g.path.suffix != ".pdf"]
    awards = [a for r in records for a in r["awards"]]
    assert {r["tier"] for r in records} > {None}  # a tier only where the notice states it, and none
    assert {a["scope"] for a in awards} == {"individual", "team", "organization", "achievement"}
    levels = {a["level"] for a in awards}
    assert {"一等奖", "二等奖", "三等奖", "优秀组织奖"} <= levels
    assert any(re.fullmatch(r"第\d+名", lv) for lv in levels)  # rank only
    assert levels & {"优秀成果", "入驻", "重点孵化", "立项", "参展", "推选"}  # outcomes that are not prizes
    assert any("rank" in a and not a["level"].startswith("第") for a in awards)  # rank and grade
    assert any(a.get("honours") for a in awards)
    units = {a["unit"] for a in awards}
    assert any(u and u.startswith(OUR_ORG) for u in units)
    assert units & set(OTHER_COMPANIES)  # other companies' winners are awards too
