"""Turning people's names and titles into folder and file names that stay inside the outbox."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

# path separators, characters Windows forbids, and control characters
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_DOTS = re.compile(r"\.{2,}")
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}
)
MAX_NAME = 60


class UnsafePathError(ValueError):
    """A computed path would leave the folder it must stay in."""


def safe_name(text: str, fallback: str = "未命名") -> str:
    """A single path component from user text: no separators, no '..', no reserved or hidden names."""
    name = unicodedata.normalize("NFC", text)
    name = _UNSAFE.sub("_", name)
    name = _DOTS.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" ._")
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = "_" + name
    name = name[:MAX_NAME].rstrip(" .")
    return name or fallback


def safe_file_name(stem: str, suffix: str) -> str:
    """A file name from user text plus a fixed extension ('.docx'), the extension never cut off."""
    return safe_name(stem) + suffix


def inside(root: Path, *parts: str) -> Path:
    """`root/part/...`, refusing any part that is not a plain name and any result outside `root`."""
    for part in parts:
        if not part or part in (".", "..") or _UNSAFE.search(part) or ".." in part:
            raise UnsafePathError(f"“{part}”不能用作文件或文件夹名")
    path = root.joinpath(*parts)
    resolved_root = root.resolve()
    resolved = path.resolve()
    if resolved != resolved_root and resolved_root not in resolved.parents:
        raise UnsafePathError(f"路径“{path}”不在“{root}”之内")
    return path


def distinct_names(keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Folder names for (name, unit) pairs: the safe name, with the unit added where two names clash
    (compared case-insensitively, as Windows folders are), then a number if they still clash."""
    base = {k: safe_name(k[0]) for k in keys}
    counts: dict[str, int] = {}
    for name in base.values():
        counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
    out: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for key in keys:
        name = base[key]
        if counts[name.casefold()] > 1:
            name = safe_name(f"{key[0]}（{key[1]}）")
        candidate, n = name, 2
        while candidate.casefold() in used:
            candidate = f"{name}-{n}"
            n += 1
        used.add(candidate.casefold())
        out[key] = candidate
    return out
