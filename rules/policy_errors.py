"""Turning a bad policy file into a message a clerk can act on: the line, the key and what is wrong.

tomllib keeps no positions, so `key_lines` scans the TOML text for table headers and `key =` lines;
that is enough for the hand-written policy files this program reads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

_AOT = re.compile(r"^\s*\[\[\s*([^\]]+?)\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-.]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*)\s*=""")

Loc = tuple[str | int, ...]


def _parts(dotted: str) -> list[str]:
    out = []
    for piece in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', dotted):
        piece = piece.strip()
        out.append(piece[1:-1] if piece[:1] in "\"'" else piece)
    return out


def key_lines(text: str) -> dict[Loc, int]:
    """Where each table and key of a TOML text starts: ('points', 'level_factors', 1, 'factor') → line."""
    lines: dict[Loc, int] = {}
    current: Loc = ()
    counts: dict[tuple[str, ...], int] = {}
    in_multiline = False
    array: Loc | None = None  # the key of a multi-line array being read
    element = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                in_multiline = False
            continue
        if m := _AOT.match(line):
            path = tuple(_parts(m.group(1)))
            index = counts.get(path, -1) + 1
            counts[path] = index
            current = (*path, index)
            lines.setdefault(path, number)
            lines.setdefault(current, number)
            continue
        if m := _TABLE.match(line):
            current = tuple(_parts(m.group(1)))
            lines.setdefault(current, number)
            continue
        if array is not None:
            # inside a multi-line array: each line opening with { is the next inline table
            if line.strip().startswith("{"):
                lines.setdefault((*array, element), number)
                element += 1
            if "]" in line.split("#")[0] and not line.strip().startswith("{"):
                array = None
            continue
        if m := _KEY.match(line):
            key = (*current, *_parts(m.group(1)))
            lines.setdefault(key, number)
            rest = line[m.end() :].split("#")[0].strip()
            if rest == "[":
                array, element = key, 0
            if rest.count('"""') % 2 == 1 or rest.count("'''") % 2 == 1:
                in_multiline = True
    return lines


def line_of(lines: dict[Loc, int], loc: Sequence[str | int]) -> int | None:
    """The line of `loc`, or of its nearest written ancestor (a missing key points at its table)."""
    for end in range(len(loc), 0, -1):
        found = lines.get(tuple(loc[:end]))
        if found is not None:
            return found
    return None


def dotted(loc: Sequence[str | int]) -> str:
    """('points', 'level_factors', 1, 'factor') → 'points.level_factors[2].factor' (counting from 1)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out or "（整个文件）"


def explain(error: dict[str, Any]) -> str:
    """One pydantic error in plain Chinese."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    simple = {
        "missing": "缺少此项",
        "extra_forbidden": "不认识的设置项（键名可能拼写有误）",
        "int_type": "应为整数",
        "int_parsing": "应为整数",
        "int_from_float": "应为整数",
        "float_type": "应为数字",
        "float_parsing": "应为数字",
        "string_type": "应为文字（加英文引号）",
        "bool_type": "应为 true 或 false",
        "bool_parsing": "应为 true 或 false",
        "date_type": "应为日期，如 2025-06-30",
        "date_parsing": "应为日期，如 2025-06-30",
        "date_from_datetime_parsing": "应为日期，如 2025-06-30",
        "date_from_datetime_inexact": "应为日期（不带时间），如 2025-06-30",
        "list_type": '应为列表，如 ["a", "b"]',
        "tuple_type": '应为列表，如 ["a", "b"]',
        "dict_type": "应为表，如 { 键 = 值 }",
        "model_type": "应为表",
    }
    if kind in simple:
        return simple[kind]
    if kind == "greater_than_equal":
        return f"应不小于 {ctx.get('ge')}"
    if kind == "greater_than":
        return f"应大于 {ctx.get('gt')}"
    if kind == "less_than_equal":
        return f"应不大于 {ctx.get('le')}"
    if kind == "less_than":
        return f"应小于 {ctx.get('lt')}"
    if kind == "literal_error":
        return f"应为以下之一：{ctx.get('expected')}"
    if kind in ("too_short", "too_long"):
        return f"项数不符合要求（{error.get('msg', '')}）"
    msg = str(error.get("msg", ""))
    return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
