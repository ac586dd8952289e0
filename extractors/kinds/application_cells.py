"""What one cell of an application holds, judged by its content: a name, a unit, a title, a serial
number, or template text that stands in for a value.

The words come from `extractors/vocabulary.toml` (loaded once), so a new title, unit ending or
placeholder is added there, never here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..text import normalize_name, squeeze

_VOCABULARY_FILE = Path(__file__).resolve().parent.parent / "vocabulary.toml"
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}$")
_SERIAL = re.compile(r"^(?:\d{1,2}[.．、]?|[①-⑳]|[（(]\d{1,2}[）)])$")
_PARTS = re.compile(r"[、，,；;/／\s]+")
ROLES = ("name", "unit", "title", "serial")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    surnames: frozenset[str]
    compound_surnames: tuple[str, ...]
    title_endings: tuple[str, ...]
    unit_endings: tuple[str, ...]
    unit_words: tuple[str, ...]
    header_words: dict[str, tuple[str, ...]]  # role (or 'other') → words of a header cell
    placeholders: re.Pattern[str]
    prompts: re.Pattern[str]
    none_statements: re.Pattern[str]
    none_phrases: re.Pattern[str]


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary of `vocabulary.toml`, read once per process."""
    data = tomllib.loads(_VOCABULARY_FILE.read_text("utf-8"))
    person, template = data["person"], data["template"]

    def longest_first(words: list[str]) -> tuple[str, ...]:
        return tuple(sorted(set(words), key=len, reverse=True))

    return Vocabulary(
        surnames=frozenset(ch for ch in person["surnames"] if not ch.isspace()),
        compound_surnames=tuple(person["compound_surnames"]),
        title_endings=longest_first(data["title"]["endings"]),
        unit_endings=longest_first(data["unit"]["endings"]),
        unit_words=tuple(data["unit"]["contains"]),
        header_words={role: tuple(words) for role, words in data["header"].items()},
        placeholders=re.compile("|".join(f"(?:{p})" for p in template["placeholders"])),
        prompts=re.compile("|".join(f"(?:{p})" for p in template["prompts"])),
        none_statements=re.compile("|".join(f"(?:{p})" for p in template["none_statements"])),
        none_phrases=re.compile("|".join(f"(?:{p})" for p in template["none_phrases"])),
    )


def is_placeholder(text: str) -> bool:
    """Whether `text` is template text standing in for a value ('[姓名]', 'XXX', '请输入…')."""
    value = squeeze(text)
    return bool(value) and bool(vocabulary().placeholders.search(value))


def without_template(text: str) -> tuple[str, bool]:
    """`text` without prompts and placeholder lines; the flag says whether template text was removed."""
    vocab = vocabulary()
    removed = False
    kept: list[str] = []
    for line in text.split("\n"):
        stripped, n = vocab.prompts.subn("", line)
        removed = removed or n > 0
        if is_placeholder(stripped):
            removed = True
            continue
        if stripped.strip() or not n:
            kept.append(stripped)
    return "\n".join(kept).strip(), removed


def states_none(text: str) -> bool:
    """Whether a value says there is nothing ('无', '暂无直接经济效益', '—'): a null, not a doubt."""
    return bool(vocabulary().none_statements.search(squeeze(text)))


def says_none(text: str) -> bool:
    """Whether a sentence says there is nothing of the kind ('暂未产生直接经济效益'); for a field
    where no amount or number was found."""
    return states_none(text) or bool(vocabulary().none_phrases.search(squeeze(text)))


def header_role(text: str) -> str | None:
    """The role a header cell hints at ('姓　名' → name, '所在部门' → unit), 'other' for a header word
    of a column the record does not keep, None when the cell is no header."""
    key = squeeze(text)
    if not key or len(key) > 12 or any(ch.isdigit() for ch in key):
        return None
    for role in ("serial", "title", "unit", "name", "other"):
        if any(word in key for word in vocabulary().header_words.get(role, ())):
            return role
    return None


def is_title(text: str) -> bool:
    """A post or grade: '高级工程师', '配电线路工、技师', '营业厅班长/高级工程师'."""
    value = squeeze(text)
    if not value or len(value) > 30 or any(ch.isdigit() for ch in value):
        return False
    endings = vocabulary().title_endings
    parts = [p for p in _PARTS.split(value) if p]
    return bool(parts) and any(
        p.endswith(ending) and (len(p) > 2 or len(ending) >= 2) for p in parts for ending in endings
    )


def is_unit(text: str, known: frozenset[str] = frozenset()) -> bool:
    """An organisation: '国网瓜州县供电公司', '配电运检室', or a unit the workspace knows."""
    value = squeeze(text)
    if not value or len(value) > 40 or any(ch in value for ch in "，。；;！？"):
        return False  # a sentence (a contribution, a remark) is no unit
    if value in known or any(len(u) >= 4 and u in value for u in known):
        return True
    vocab = vocabulary()
    if any(word in value for word in vocab.unit_words):
        return True
    return any(value.endswith(e) and len(value) - len(e) >= 2 for e in vocab.unit_endings)


def name_score(text: str, known: frozenset[str] = frozenset()) -> float:
    """How much a cell looks like one person's name: 1 on the roster or with a common surname,
    0.7 for a rare surname, 0 for anything that is not 2–4 Han characters or reads as a title,
    unit or header."""
    name = normalize_name(text)
    if not name:
        return 0.0
    if name in known:
        return 1.0
    if not _HAN_NAME.match(name) or header_role(name) is not None:
        return 0.0
    if is_title(name) or is_unit(name) or states_none(name) or is_placeholder(text):
        return 0.0
    vocab = vocabulary()
    if name[0] in vocab.surnames or name.startswith(vocab.compound_surnames):
        return 1.0
    return 0.7


def is_serial(text: str) -> bool:
    return bool(_SERIAL.match(squeeze(text)))
