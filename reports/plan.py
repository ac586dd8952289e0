"""Next year's plan (明年工作打算): text the office writes into `明年工作打算.txt` in the workspace.

One paragraph per line; a line that starts with （一） （二） … is a second-level heading; lines
starting with # are notes to self and are left out. Nothing here is generated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

PLAN_FILE = "明年工作打算.txt"
_HEADING = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


@dataclass(frozen=True, slots=True)
class PlanParagraph:
    text: str
    heading: bool


def read_plan(root: Path) -> tuple[PlanParagraph, ...] | None:
    """The plan's paragraphs, or None when the file is absent (an empty file gives an empty tuple)."""
    path = root / PLAN_FILE
    if not path.is_file():
        return None
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Notepad on a Chinese Windows may save in GBK
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode("utf-8", errors="replace")
    paragraphs = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        heading = bool(_HEADING.match(line))
        if heading:
            line = line.replace("(", "（", 1).replace(")", "）", 1)
        paragraphs.append(PlanParagraph(text=line, heading=heading))
    return tuple(paragraphs)
