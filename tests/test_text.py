"""The normalisers: names, dates, money, patent numbers and short-field spacing as forms write them."""

from __future__ import annotations

import pytest

from jiangxin.core.text import (
    cn_number,
    collapse_ws,
    find_patents,
    normalize_name,
    parse_benefit_wan,
    parse_date,
    parse_money_wan,
    patent_check_char,
    split_names,
    squeeze,
    strip_book_marks,
)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("景文静、郑博文、魏磊、万俊杰", ["景文静", "郑博文", "魏磊", "万俊杰"]),
        ("卢颖，史明辉，戴静怡", ["卢颖", "史明辉", "戴静怡"]),
        ("张　三、李四", ["张三", "李四"]),
        ("张  三、李四", ["张三", "李四"]),  # two ASCII spaces pad a two-character name
        ("张 三；李四/王五", ["张三", "李四", "王五"]),
        ("张　三　李　四", ["张三", "李四"]),
        ("王小明 李四", ["王小明", "李四"]),
        ("欧阳娜娜\n张　三\n\n李四", ["欧阳娜娜", "张三", "李四"]),
        ("阿依·古丽、买买提•艾力", ["阿依·古丽", "买买提·艾力"]),
    ],
)
def test_split_names(text: str, names: list[str]) -> None:
    assert split_names(text) == names


def test_normalize_name_removes_every_padding() -> None:
    assert normalize_name("张\u3000三") == "张三"
    assert normalize_name(" 张\u00a0三\u200b") == "张三"


@pytest.mark.parametrize(
    ("text", "squeezed"),
    [
        ("高级工程\n师", "高级工程师"),
        ("国网酒泉供电公司电力调度控制\n中心", "国网酒泉供电公司电力调度控制中心"),
        ("GIS  设备", "GIS设备"),
        ("Smart  Grid\nV2", "Smart Grid V2"),
        ("  成 果  ", "成果"),
    ],
)
def test_squeeze_removes_layout_whitespace(text: str, squeezed: str) -> None:
    assert squeeze(text) == squeezed


def test_collapse_ws_keeps_one_space() -> None:
    assert collapse_ws("第一段。\n\n第二段。\u3000 ") == "第一段。 第二段。"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024.09", "2024-09"),
        ("2024.9", "2024-09"),
        ("2024年9月", "2024-09"),
        ("2024年09月", "2024-09"),
        ("2024-09", "2024-09"),
        ("2024/09", "2024-09"),
        ("2024年3月20日", "2024-03-20"),
        ("2023-08-11", "2023-08-11"),
        ("二〇二五年三月", "2025-03"),
        ("二〇二五年六月二十五日", "2025-06-25"),
        ("二O二四年十二月", "2024-12"),
        ("2024年9月至2025年3月", "2025-03"),
        ("2024.03—2025.06", "2025-06"),
        ("2024.9-2025.3", "2025-03"),
        ("2024.09～2025.03.15", "2025-03-15"),
        ("二〇二四年九月至二〇二五年三月", "2025-03"),
        ("２０２５年３月", "2025-03"),
        ("2025", "2025"),
        ("2025年", "2025"),
        ("年  月  日", None),
        ("", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_cn_number() -> None:
    assert cn_number("二〇二五") == 2025
    assert cn_number("十二") == 12
    assert cn_number("三十一") == 31
    assert cn_number("二十") == 20
    assert cn_number("甲") is None


@pytest.mark.parametrize(
    ("text", "wan"),
    [
        ("35.6万元", 35.6),
        ("356000元", 35.6),
        ("356,000元", 35.6),
        ("约12万元/年", 12.0),
        ("1.2亿元", 12000.0),
        ("年节约运维成本约35.6万元", 35.6),
    ],
)
def test_parse_money_wan(text: str, wan: float) -> None:
    assert parse_money_wan(text) == pytest.approx(wan)


def test_parse_money_wan_bare_number_takes_the_default_unit() -> None:
    assert parse_money_wan("21.24", default_unit="万元") == pytest.approx(21.24)
    assert parse_money_wan("21240", default_unit="元") == pytest.approx(2.124)


@pytest.mark.parametrize(
    ("text", "wan"),
    [
        ("该成果应用后，年节约运维成本约35.6万元，减少停电时户数120时户。", 35.6),
        ("经测算，每年可减少人工成本和故障损失共计356000元，社会效益显著。", 35.6),
        ("项目总投入2.1万元，投运后年节约检修费用35.6万元，投入产出比高。", 35.6),
        ("约5.7万元/年", 5.7),
        ("1283000元", 128.3),
        ("研制投入1.2万元", None),  # a cost is not a benefit
        ("减少120人次", None),
        ("无", None),
        ("", None),
    ],
)
def test_parse_benefit_wan(text: str, wan: float | None) -> None:
    got = parse_benefit_wan(text)
    assert got == (pytest.approx(wan) if wan is not None else None)


def test_parse_benefit_wan_bare_number_only_alone() -> None:
    assert parse_benefit_wan("21.24", default_unit="万元") == pytest.approx(21.24)
    assert parse_benefit_wan("效益显著，减少120人次", default_unit="万元") is None


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("ZL202321478774.6", ["ZL202321478774.6"]),
        ("ZL 2024 2 1234567.8", ["ZL202421234567.8"]),
        ("专利号：ＺＬ２０２４２１２３４５６７．８", ["ZL202421234567.8"]),
        (
            "实用新型专利：一种计量箱（ZL202429898751.6）；zl202521814190.0",
            ["ZL202429898751.6", "ZL202521814190.0"],
        ),
        ("软件著作权（登记号：2024SR1313771）", []),
        ("202421234567.8", []),  # without ZL only under a patent label
        ("无", []),
    ],
)
def test_find_patents(text: str, numbers: list[str]) -> None:
    assert find_patents(text) == numbers


def test_find_patents_bare_numbers_under_a_patent_label() -> None:
    assert find_patents("申请号202421234567.8", bare=True) == ["ZL202421234567.8"]
    assert find_patents("登记号：2024SR1313771", bare=True) == []


def test_patent_check_char() -> None:
    assert patent_check_char("201710601862") == "3"
    assert patent_check_char("95115608") == "X"
    assert patent_check_char("202421234567") == "0"  # so ZL202421234567.8 is invalid


def test_strip_book_marks() -> None:
    assert strip_book_marks("《110kV电容器组熔断器更换工具》") == "110kV电容器组熔断器更换工具"
    assert strip_book_marks(" “防鼠封堵装置” ") == "防鼠封堵装置"


@pytest.mark.parametrize("text", ["2024.3至今", "2024年3月至今。", "2023年7月—今"])
def test_open_range_has_no_completion_date(text: str) -> None:
    assert parse_date(text) is None
