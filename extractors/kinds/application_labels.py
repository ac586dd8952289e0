"""Recognise the labels of an application form, whatever their spacing, numbering or notes.

The synonyms live in `extractors/labels.toml` (loaded once). A label is recognised at the start of a
cell or line: '成 果 名 称', '第一\\n完成人', '一、成果简介', '经济效益（万元）：' all count, and the
bracketed note is kept because it can carry a unit.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jiangxin.core.patterns import LazyPattern
from jiangxin.core.text import key, strip_spaces

_LABELS_FILE = Path(__file__).resolve().parent.parent / "labels.toml"

# heading numbers in front of a label: 一、 （一） 1. 1、 (1) 第一部分
_NUMBERING = (
    r"(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]"
    r"|\d{1,2}\s*[、.．](?!\d)|第[一二三四五六七八九十]{1,3}部分\s*[、：:]?)?"
)
_NOTE = r"(?P<note>(?:[ \t\u3000]*[（(][^（()）\n]{0,30}[）)])*)"
_NOTE_PART = LazyPattern(r"[（(]([^（()）]*)[）)]")

# fields whose value runs over several lines or paragraphs
MULTILINE = frozenset(
    {"members", "summary", "innovations", "adoption", "economic_benefit_wan", "patents", "unit_opinion",
     "ignore"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class LabelHit:
    """A label found at the start of a text: the field it names and what follows it."""

    field: str
    label: str  # the label as listed in labels.toml
    note: str  # bracketed remarks after the label, e.g. '万元'
    rest: str  # the text after the label and its colon


@dataclass(frozen=True, slots=True)
class LabelTable:
    fields: dict[str, str]  # label → field
    pattern: re.Pattern[str]
    member_columns: dict[str, str]  # sub-table header → role (serial, name, unit, title)

    def match(self, text: str) -> LabelHit | None:
        """The label at the start of `text` (after any heading number), or None."""
        m = self.pattern.match(text)
        if m is None:
            return None
        label = strip_spaces(m.group("label"))
        field = self.fields.get(label)
        if field is None:
            return None
        note = "".join(_NOTE_PART.findall(m.group("note") or ""))
        return LabelHit(field=field, label=label, note=note, rest=text[m.end() :].strip())

    def member_role(self, header: str) -> str | None:
        """The role of a member sub-table column from its header text."""
        return self.member_columns.get(key(header))


@cache
def label_file() -> dict[str, Any]:
    """`labels.toml` as written, parsed once per process (the classifier reads its form labels too)."""
    return tomllib.loads(_LABELS_FILE.read_text("utf-8"))


@cache
def labels() -> LabelTable:
    """The label table of `labels.toml`, read once per process."""
    data = label_file()
    fields: dict[str, str] = {}
    for field, names in data["application"].items():
        for name in names:
            if name in fields:
                raise ValueError(f"labels.toml: {name} is listed under {fields[name]} and {field}")
            fields[name] = field
    alternatives = "|".join(
        r"\s*".join(re.escape(ch) for ch in name) for name in sorted(fields, key=len, reverse=True)
    )
    pattern = re.compile(
        rf"^\s*{_NUMBERING}\s*[*＊]?\s*(?P<label>{alternatives}){_NOTE}[ \t\u3000]*(?:[：:]|(?=\n)|\Z)"
    )
    columns = {key(h): role for role, hs in data["application_members"].items() for h in hs}
    return LabelTable(fields=fields, pattern=pattern, member_columns=columns)
