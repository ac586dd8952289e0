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

from jiangxin.core.patterns import LazyPattern
from jiangxin.core.text import SPACE, normalize_name, strip_spaces

_VOCABULARY_FILE = Path(__file__).resolve().parent.parent / "vocabulary.toml"
_HAN_NAME = LazyPattern(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}$")
_SERIAL = LazyPattern(r"^(?:\d{1,2}[.．、]?|[①-⑳]|[（(]\d{1,2}[）)])$")
_PARTS = LazyPattern(r"[、，,；;/／\s]+")
_ANY_SPACE = LazyPattern(f"[{SPACE}]")
_SEPARATORS = frozenset("、，,；;/／（()）\n")


def squeeze(text: str) -> str:
    """Text without spaces, for judging what a cell holds (values kept use `text.squeeze`)."""
    return strip_spaces(text)


_DIGIT = LazyPattern(r"\d")
# a line with a space inside (a placeholder is tested on it squeezed) or around it
_SPACED_LINE = LazyPattern(r"\S[ \t\u3000\u00a0]+\S|^[ \t\u3000\u00a0]|[ \t\u3000\u00a0]$", re.MULTILINE)
_DOTS = LazyPattern(r"[・•．‧]")  # middle dots of a name, unified as `text.normalize_name` does
_SENTENCE = LazyPattern(r"[，。；;！？]")


@dataclass(frozen=True, slots=True)
class Endings:
    """A set of word endings, looked up by the last k characters (longest first)."""

    words: frozenset[str]
    lengths: tuple[int, ...]

    @classmethod
    def of(cls, words: list[str]) -> Endings:
        return cls(frozenset(words), tuple(sorted({len(w) for w in words}, reverse=True)))

    def length(self, text: str) -> int:
        """The length of the longest ending `text` has, 0 for none."""
        for k in self.lengths:
            if len(text) >= k and text[-k:] in self.words:
                return k
        return 0


@dataclass(frozen=True, slots=True)
class Vocabulary:
    surnames: frozenset[str]
    compound_surnames: tuple[str, ...]
    title_endings: Endings
    unit_endings: Endings
    unit_words: re.Pattern[str]
    header_words: dict[str, tuple[str, ...]]  # role (or 'other') → words of a header cell
    any_header_word: re.Pattern[str]
    placeholders: re.Pattern[str]
    placeholder_lines: re.Pattern[str]  # the same, line by line over a whole text
    prompts: re.Pattern[str]
    prompt_marks: re.Pattern[str]
    none_statements: re.Pattern[str]
    none_phrases: re.Pattern[str]


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary of `vocabulary.toml`, read once per process."""
    data = tomllib.loads(_VOCABULARY_FILE.read_text("utf-8"))
    person, template = data["person"], data["template"]

    def longest_first(words: list[str]) -> tuple[str, ...]:
        return tuple(sorted(set(words), key=len, reverse=True))

    header_words = {role: tuple(words) for role, words in data["header"].items()}
    every_header_word = longest_first([w for words in header_words.values() for w in words])
    return Vocabulary(
        surnames=frozenset(ch for ch in person["surnames"] if not ch.isspace()),
        compound_surnames=tuple(person["compound_surnames"]),
        title_endings=Endings.of(data["title"]["endings"]),
        unit_endings=Endings.of(data["unit"]["endings"]),
        unit_words=re.compile("|".join(re.escape(w) for w in data["unit"]["contains"])),
        header_words=header_words,
        any_header_word=re.compile("|".join(re.escape(w) for w in every_header_word)),
        placeholders=re.compile("|".join(f"(?:{p})" for p in template["placeholders"])),
        placeholder_lines=re.compile("|".join(f"(?:{p})" for p in template["placeholders"]), re.MULTILINE),
        prompts=re.compile("|".join(f"(?:{p})" for p in template["prompts"])),
        prompt_marks=re.compile("|".join(re.escape(m) for m in template["prompt_marks"])),
        none_statements=re.compile("|".join(f"(?:{p})" for p in template["none_statements"])),
        none_phrases=re.compile("|".join(f"(?:{p})" for p in template["none_phrases"])),
    )


def is_placeholder(text: str) -> bool:
    """Whether `text` is template text standing in for a value ('[姓名]', 'XXX', '请输入…')."""
    value = squeeze(text)
    return bool(value) and vocabulary().placeholders.match(value) is not None


def without_template(text: str) -> tuple[str, bool]:
    """`text` without prompts and placeholder lines; the flag says whether template text was removed."""
    vocab = vocabulary()
    removed = False
    if vocab.prompt_marks.search(text) is not None:
        text, n = vocab.prompts.subn("", text)
        removed = n > 0
    elif "\n" not in text:  # the common cell: one line, no prompt
        value = text.strip()
        return ("", True) if _placeholder_line(value) else (value, False)
    elif vocab.placeholder_lines.search(text) is None and _SPACED_LINE.search(text) is None:
        return text.strip(), False  # prose: no line is a placeholder
    lines = text.split("\n")
    kept = [line for line in lines if not _placeholder_line(line)]
    return "\n".join(kept).strip(), removed or len(kept) < len(lines)


def _placeholder_line(line: str) -> bool:
    value = line.strip()
    if not value:
        return False
    if vocabulary().placeholders.match(value) is not None:
        return True
    return _ANY_SPACE.search(value) is not None and is_placeholder(value)


def states_none(text: str) -> bool:
    """Whether a value says there is nothing ('无', '暂无直接经济效益', '—'): a null, not a doubt."""
    return vocabulary().none_statements.match(squeeze(text)) is not None


def says_none(text: str) -> bool:
    """Whether a sentence says there is nothing of the kind ('暂未产生直接经济效益'); for a field
    where no amount or number was found."""
    return states_none(text) or bool(vocabulary().none_phrases.search(squeeze(text)))


def could_be_header(text: str) -> bool:
    """A cheap test before `header_role`: short, and holding a header word."""
    return len(text) <= 24 and vocabulary().any_header_word.search(text) is not None


def header_words_in(text: str) -> int:
    """How many header words `text` holds (a cheap test before looking at a row cell by cell)."""
    return len(vocabulary().any_header_word.findall(text))


def header_role(text: str) -> str | None:
    """The role a header cell hints at ('姓　名' → name, '所在部门' → unit), 'other' for a header word
    of a column the record does not keep, None when the cell is no header."""
    key = squeeze(text)
    if not key or len(key) > 12:
        return None
    vocab = vocabulary()
    if vocab.any_header_word.search(key) is None or any(ch.isdigit() for ch in key):
        return None
    for role in ("serial", "title", "unit", "name", "other"):
        if any(word in key for word in vocab.header_words.get(role, ())):
            return role
    return None


def is_title(text: str) -> bool:
    """A post or grade: '高级工程师', '配电线路工、技师', '营业厅班长/高级工程师'."""
    return _title(squeeze(text))


def _title(value: str) -> bool:
    if not value or len(value) > 30 or _DIGIT.search(value) is not None:
        return False
    endings = vocabulary().title_endings
    for part in _PARTS.split(value) if not _SEPARATORS.isdisjoint(value) else (value,):
        k = endings.length(part)
        if k and (len(part) > 2 or k >= 2):
            return True
    return False


def is_unit(text: str, known: frozenset[str] = frozenset()) -> bool:
    """An organisation: '国网瓜州县供电公司', '配电运检室', or a unit the workspace knows."""
    return _unit(squeeze(text), known)


def _unit(value: str, known: frozenset[str]) -> bool:
    if not value or len(value) > 40 or _SENTENCE.search(value) is not None:
        return False  # a sentence (a contribution, a remark) is no unit
    if known and (value in known or any(len(u) >= 4 and u in value for u in known)):
        return True
    vocab = vocabulary()
    if vocab.unit_words.search(value) is not None:
        return True
    k = vocab.unit_endings.length(value)
    return k > 0 and len(value) - k >= 2


def name_score(text: str, known: frozenset[str] = frozenset()) -> float:
    """How much a cell looks like one person's name: 1 on the roster or with a common surname,
    0.7 for a rare surname, 0 for anything that is not 2–4 Han characters or reads as a title,
    unit or header."""
    return _name(normalize_name(text), known)


def _name(name: str, known: frozenset[str]) -> float:
    if not name:
        return 0.0
    if name in known:
        return 1.0
    if not _HAN_NAME.match(name):
        return 0.0
    vocab = vocabulary()  # below, the same tests as header_role, is_title, is_unit … on bare Han text
    if vocab.any_header_word.search(name) is not None or vocab.unit_words.search(name) is not None:
        return 0.0
    title = vocab.title_endings.length(name)
    unit = vocab.unit_endings.length(name)
    if (title and (len(name) > 2 or title >= 2)) or (unit and len(name) - unit >= 2):
        return 0.0
    if vocab.none_statements.match(name) is not None or vocab.placeholders.match(name) is not None:
        return 0.0
    if name[0] in vocab.surnames or name.startswith(vocab.compound_surnames):
        return 1.0
    return 0.7


@dataclass(frozen=True, slots=True)
class CellKind:
    """What one cell holds, judged once: how much it looks like a name, and whether it is a unit,
    a title or a serial number; `empty` for nothing, a statement of none or template text."""

    name: float = 0.0
    unit: bool = False
    title: bool = False
    serial: bool = False
    empty: bool = True


EMPTY = CellKind()


def judge(text: str, known_names: frozenset[str] = frozenset(), known_units: frozenset[str] = frozenset()
          ) -> CellKind:  # fmt: skip
    """Every judgement on one cell at once (the text is squeezed once)."""
    bare = squeeze(text)
    vocab = vocabulary()
    if (
        not bare
        or vocab.none_statements.match(bare) is not None
        or vocab.placeholders.match(bare) is not None
    ):
        return EMPTY
    title = _title(bare)
    unit = not title and _unit(bare, known_units)
    name = 0.0 if title or unit else _name(_DOTS.sub("·", bare), known_names)
    return CellKind(name=name, unit=unit, title=title, serial=_SERIAL.match(bare) is not None, empty=False)


def is_serial(text: str) -> bool:
    return bool(_SERIAL.match(squeeze(text)))
