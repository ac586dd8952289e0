"""What extractors may know beyond the file itself: the workspace's people and organisations."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ExtractContext:
    """Read-only facts handed to every kind extractor (never globals, never the database)."""

    year: int | None = None
    # names from the stored roster: help the prose reader find people in award sentences
    known_names: frozenset[str] = field(default_factory=frozenset)
    # organisation names (ours, aliases, sub-units, and others seen): help find units in prose
    known_units: frozenset[str] = field(default_factory=frozenset)
