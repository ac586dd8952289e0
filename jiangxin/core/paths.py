"""Free file names: where a file can go in a folder without replacing one already there."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path


def name_candidates(dest_dir: Path, name: str) -> Iterator[Path]:
    """`name`, then `name (2)`, `name (3)` … in `dest_dir`, without end."""
    stem, suffix = os.path.splitext(name)
    yield dest_dir / name
    n = 2
    while True:
        yield dest_dir / f"{stem} ({n}){suffix}"
        n += 1


def free_name(dest_dir: Path, name: str) -> Path:
    """The first of `name`, `name (2)`, `name (3)` … that does not exist yet."""
    return next(p for p in name_candidates(dest_dir, name) if not p.exists())
