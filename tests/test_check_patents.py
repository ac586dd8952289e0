"""Patent numbers: the CNIPA check character, written forms, and what is not a patent number."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rules.patents import check_char, check_patent


def _expected(digits: str) -> str:
    """The check character as domain notes §7.4 state it, written out independently."""
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5][: len(digits)]
    rest = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return "X" if rest == 10 else str(rest)


def test_worked_examples() -> None:
    assert check_char("201710601862") == "3"
    assert check_char("95115608") == "X"
    assert check_patent("ZL201710601862.3").ok
    assert check_patent("ZL95115608.X").ok
    bad = check_patent("ZL202421234567.8")
    assert not bad.ok and "校验位应为 0" in bad.problem


def test_written_forms_are_tolerated() -> None:
    for written in (
        "ZL 2017 1 0601862.3",
        "ＺＬ２０１７１０６０１８６２．３",
        "201710601862.3",
        "zl2017106018623",
        "CN201710601862.3",
    ):
        assert check_patent(written).ok, written
    assert check_patent("ZL95115608.x").ok


def test_what_is_not_a_patent_number() -> None:
    assert "公开" in check_patent("CN1340998A").problem
    assert "格式" in check_patent("ZL2017106018").problem
    assert "格式" in check_patent("ZL201741234567.1").problem  # type digit 4 does not exist
    assert "年份" in check_patent(f"ZL203012345678.{_expected('203012345678')}", latest_year=2025).problem
    assert "年份" in check_patent(f"ZL199912345678.{_expected('199912345678')}").problem


@given(
    year=st.integers(2003, 2025),
    kind=st.sampled_from("12389"),
    serial=st.integers(0, 9_999_999),
    wrong=st.sampled_from("0123456789X"),
)
def test_exactly_one_check_character_is_right(year: int, kind: str, serial: int, wrong: str) -> None:
    digits = f"{year}{kind}{serial:07d}"
    right = _expected(digits)
    assert check_patent(f"ZL{digits}.{right}", latest_year=2025).ok
    if wrong != right:
        result = check_patent(f"ZL{digits}.{wrong}", latest_year=2025)
        assert not result.ok and f"应为 {right}" in result.problem
