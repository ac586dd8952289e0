"""Counts that remember where they came from: every number the documents print is a `Count` whose
`sources` name the stored documents (or workspace files) behind it, for the appendix 数据来源."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .cn import plain_number


@dataclass(frozen=True, slots=True, order=True)
class Source:
    """One document behind a number: a stored file (key 'doc:ID') or a workspace file (key 'file:NAME')."""

    key: str
    name: str
    kind: str

    @classmethod
    def document(cls, document_id: int, file_name: str, kind: str) -> Source:
        return cls(key=f"doc:{document_id:08d}", name=file_name, kind=kind)

    @classmethod
    def workspace_file(cls, name: str, kind: str) -> Source:
        return cls(key=f"file:{name}", name=name, kind=kind)


@dataclass(frozen=True, slots=True)
class Count:
    """A number as the documents state it, with the documents it was counted from."""

    label: str
    value: int | float
    sources: tuple[Source, ...] = field(default=(), compare=False)

    def __int__(self) -> int:
        return int(self.value)

    def __bool__(self) -> bool:
        return bool(self.value)

    @property
    def text(self) -> str:
        """The value as printed: integers without a decimal point, points to at most two decimals."""
        return plain_number(self.value)


class Tally:
    """Collects items under keys, remembering each item's source; turns into `Count`s."""

    def __init__(self) -> None:
        self._values: dict[str, float] = {}
        self._sources: dict[str, set[Source]] = {}

    def add(self, key: str, source: Source | None, amount: float = 1) -> None:
        self._values[key] = self._values.get(key, 0) + amount
        bucket = self._sources.setdefault(key, set())
        if source is not None:
            bucket.add(source)

    def labels(self) -> list[str]:
        return list(self._values)

    def count(self, key: str, label: str | None = None) -> Count:
        value = self._values.get(key, 0)
        number: int | float = int(value) if float(value).is_integer() else value
        return Count(label or key, number, tuple(sorted(self._sources.get(key, ()))))


def count_of(label: str, items: Iterable[Source]) -> Count:
    """A count of `items` (one per counted thing, sources may repeat)."""
    listed = list(items)
    return Count(label, len(listed), tuple(sorted(set(listed))))


def merged(label: str, counts: Iterable[Count]) -> Count:
    """The sum of several counts, carrying all their sources."""
    total: float = 0
    sources: set[Source] = set()
    for c in counts:
        total += c.value
        sources.update(c.sources)
    number: int | float = int(total) if float(total).is_integer() else total
    return Count(label, number, tuple(sorted(sources)))


@dataclass(frozen=True, slots=True)
class Keyed:
    """A count under a key the sentences use as a word (a tier, a level, a unit, a kind)."""

    key: str
    count: Count
