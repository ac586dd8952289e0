"""Free file names (where a file can go in a folder without replacing one already there), and the
per-user cache folder."""

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


# names the cache folder instead of the default (tests, or a machine whose home is read-only)
CACHE_VARIABLE = "JIANGXIN_CACHE_DIR"


def cache_dir() -> Path:
    """The per-user folder kept between runs (fonts saved out of collections, folded OCR models):
    `JIANGXIN_CACHE_DIR`, else `$XDG_CACHE_HOME/jiangxin`, else `~/.cache/jiangxin`."""
    configured = os.environ.get(CACHE_VARIABLE)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jiangxin"
