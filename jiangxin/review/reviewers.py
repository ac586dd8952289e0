"""Where the year's reviewers come from: a file named on the command line, the list dropped in the
inbox, or `评审专家.xlsx` in the workspace — in that order."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extractors import ExtractContext
from extractors.errors import ExtractionError
from extractors.kinds.reviewers import extract_reviewer_list
from extractors.readers import read
from extractors.sniff import sniff

from ..core.records import ReviewerList
from ..store import Store
from ..workspace import Workspace
from .errors import ReviewError
from .items import Reviewer

WORKSPACE_FILE = "评审专家.xlsx"


@dataclass(slots=True)
class ReviewerSource:
    reviewers: list[Reviewer]
    source: str
    warnings: list[str] = field(default_factory=list)


def read_reviewer_file(path: Path) -> tuple[ReviewerList, list[str]]:
    """Read a reviewer list file with the same extractor the inbox uses."""
    try:
        doc = read(path, sniff(path))
        result = extract_reviewer_list(doc, ExtractContext())
    except ExtractionError as exc:
        raise ReviewError(f"无法读取评审专家名单“{path.name}”：{exc.message}") from exc
    assert isinstance(result.record, ReviewerList)
    return result.record, [w.readable for w in result.warnings]


def load_reviewers(ws: Workspace, store: Store, path: Path | None = None) -> ReviewerSource:
    """The reviewers to assign; those without a unit are left out (回避 could not be checked)."""
    warnings: list[str] = []
    if path is not None:
        listing, warnings = read_reviewer_file(path)
        source = str(path)
    elif stored := store.records("reviewers", ws.year):
        latest = stored[-1]
        listing, source = latest.record, f"收件箱：{latest.document.file_name}"
    elif (ws.root / WORKSPACE_FILE).is_file():
        listing, warnings = read_reviewer_file(ws.root / WORKSPACE_FILE)
        source = WORKSPACE_FILE
    else:
        raise ReviewError(
            f"没有评审专家名单。请把名单（姓名、单位、专业、内部/外部、联系方式）放入收件箱后运行 "
            f"`jiangxin ingest`，或保存为工作区中的“{WORKSPACE_FILE}”。"
        )
    reviewers: list[Reviewer] = []
    for entry in listing.reviewers:
        reviewer = Reviewer.from_entry(entry)
        if not reviewer.unit:
            warnings.append(f"专家“{reviewer.name}”未填写单位，无法判断回避，未参加分配。")
            continue
        reviewers.append(reviewer)
    if not reviewers:
        raise ReviewError(f"评审专家名单（{source}）中没有可分配的专家。")
    return ReviewerSource(reviewers=reviewers, source=source, warnings=warnings)
