"""`回避声明.xlsx`: the office's own conflict entries — add a conflict (回避) or dismiss a detected one
(不回避, with a reason). The file lives in the workspace; `reports.render.review_forms` creates it empty
on first use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from openpyxl import load_workbook

from .errors import ReviewError

FILE_NAME = "回避声明.xlsx"
SHEET = "回避声明"
HEADER = ("评审专家", "专家单位（同名时填写）", "成果名称", "申报单位", "处理（回避/不回避）", "理由")
_ADD = re.compile(r"^(回避|申明回避|需回避|增加回避|应回避)$")
_DISMISS = re.compile(r"^(不回避|无需回避|取消回避|撤销回避|撤销|不需回避)$")
HELP = (
    "填写说明",
    "1. 每行一条。“回避”：增加一条回避关系（如亲属、合作关系等），该专家不会被分配到所指成果。",
    "2. “不回避”：撤销系统自动判定的回避（同单位、本人为完成人），必须填写理由；撤销会记入操作日志。",
    "3. 成果名称留空而填写申报单位时，对该单位的全部成果生效。",
    "4. 专家同名时请填写专家单位。手工填写的“回避”不能用“不回避”撤销，删除该行即可。",
    "5. 修改后重新运行 `jiangxin assign`。",
)


@dataclass(frozen=True, slots=True)
class Declaration:
    row: int
    reviewer: str
    reviewer_unit: str
    title: str
    unit: str
    action: Literal["add", "dismiss"]
    reason: str


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_declarations(path: Path) -> tuple[list[Declaration], list[str]]:
    """The rows of the declarations file, and a warning for each row that cannot be used."""
    if not path.exists():
        return [], []
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise ReviewError(f"无法读取“{path.name}”：{exc}") from exc
    ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
    found: list[Declaration] = []
    warnings: list[str] = []
    for r, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        cells = [_text(v) for v in (*values, *([None] * len(HEADER)))][: len(HEADER)]
        reviewer, reviewer_unit, title, unit, action_text, reason = cells
        if not any(cells):
            continue
        where = f"{path.name} 第{r}行"
        action_key = re.sub(r"\s+", "", action_text)
        action: Literal["add", "dismiss"]
        if _ADD.match(action_key):
            action = "add"
        elif _DISMISS.match(action_key):
            action = "dismiss"
        else:
            warnings.append(f"{where}：“处理”应填“回避”或“不回避”，现为“{action_text}”，未采用。")
            continue
        if not reviewer:
            warnings.append(f"{where}：未填写评审专家，未采用。")
            continue
        if not title and not unit:
            warnings.append(f"{where}：成果名称和申报单位都未填写，未采用。")
            continue
        if action == "dismiss" and not reason:
            warnings.append(f"{where}：撤销回避必须填写理由，未采用。")
            continue
        found.append(Declaration(r, reviewer, reviewer_unit, title, unit, action, reason))
    wb.close()
    return found, warnings
