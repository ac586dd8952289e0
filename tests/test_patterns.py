"""A pattern compiled on first use behaves as `re.compile` of the same pattern, and costs nothing before."""

from __future__ import annotations

import re

from jiangxin.core.patterns import LazyPattern

TEXT = "一、成果名称：智能巡检机器人\n二、完成人：张三、李四；王五\n三、完成时间：2024年5月"
PATTERN = r"([一二三四五六七八九十])、([\u4e00-\u9fff]{2,6})："


def test_nothing_is_compiled_until_the_pattern_is_used() -> None:
    lazy = LazyPattern(PATTERN, re.MULTILINE)
    assert lazy._compiled is None
    assert lazy.pattern == PATTERN and lazy.flags == re.MULTILINE  # read without compiling
    assert lazy._compiled is None
    lazy.search(TEXT)
    assert lazy.compiled is lazy._compiled and lazy.compiled.pattern == PATTERN


def test_every_method_gives_what_the_compiled_pattern_gives() -> None:
    lazy, real = LazyPattern(PATTERN), re.compile(PATTERN)

    def same(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
        return (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))

    assert same(lazy.search(TEXT, 3), real.search(TEXT, 3))
    assert same(lazy.match(TEXT), real.match(TEXT)) and lazy.match(TEXT, 1) is None
    assert same(lazy.fullmatch("一、成果名称："), real.fullmatch("一、成果名称："))
    assert (
        lazy.findall(TEXT) == real.findall(TEXT) == [("一", "成果名称"), ("二", "完成人"), ("三", "完成时间")]
    )
    assert [m.span() for m in lazy.finditer(TEXT)] == [m.span() for m in real.finditer(TEXT)]
    assert lazy.split(TEXT, 1) == real.split(TEXT, 1)
    assert lazy.sub(r"\2=", TEXT) == real.sub(r"\2=", TEXT)
    assert lazy.sub(lambda m: m.group(2), TEXT, 1) == real.sub(lambda m: m.group(2), TEXT, 1)
    assert lazy.subn("", TEXT) == real.subn("", TEXT)
