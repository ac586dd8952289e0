"""要事: facts the news article needs that no inbox document states (events hosted, visits, care for
staff), kept by the office in `要事.yaml` in the workspace. Each entry is a whole sentence written by a
person; the article quotes it as written and never adds a number of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

HIGHLIGHTS_FILE = "要事.yaml"

# section of the article → the keys a clerk may use for it
SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "platform": ("平台", "平台支撑", "平台建设", "创新平台"),
    "incentive": ("激励", "激励牵引", "成果", "成果转化"),
    "contest": ("竞赛", "竞赛锤炼", "技能竞赛", "劳动竞赛"),
    "care": ("关爱", "关爱护航", "职工关爱"),
}
TEXT_KEYS = {"headline": ("标题", "主标题"), "subtitle": ("副标题",), "closing": ("结语", "结尾", "下一步")}

HIGHLIGHTS_SAMPLE = """\
# 要事：文件中没有、但纪实稿件需要写进去的事实（承办的活动、来访、职工关爱等）。
# 每条写成一句完整的话，数字照实填写；系统只原样引用，不会编造或改动任何数字。
# 留空的栏目不会出现在稿件中；“关爱”一栏为空时，稿件只写三个部分。

标题: ""      # 纪实主标题；留空使用模板中的标题
副标题: ""    # 留空为“单位全称+年度+职工技术创新工作纪实”

平台: []      # 创新平台建设：新命名的工作室、揭牌、专家来访等
激励: []      # 成果培育与激励：成果转化、专利、奖励兑现等
竞赛: []      # 技能竞赛：承办的竞赛、参赛规模等
关爱: []      # 职工关爱：健康体检、疗休养、困难帮扶等

结语: ""      # 结尾段；留空使用模板中的结尾
"""


class HighlightsError(Exception):
    """要事.yaml cannot be used as written (message in Chinese, naming the key)."""


@dataclass(frozen=True, slots=True)
class Highlights:
    file: str | None
    headline: str = ""
    subtitle: str = ""
    closing: str = ""
    sections: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def lines(self, section: str) -> tuple[str, ...]:
        return self.sections.get(section, ())


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith(("。", "！", "？", "”", "」")) else text + "。"


def read_highlights(root: Path) -> Highlights:
    """The workspace's 要事, or empty highlights when the file is absent; unknown keys are refused
    (a misspelt key would otherwise drop a fact silently)."""
    path = root / HIGHLIGHTS_FILE
    if not path.is_file():
        return Highlights(file=None)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise HighlightsError(f"无法读取“{HIGHLIGHTS_FILE}”：{exc}") from exc
    if not isinstance(data, dict):
        raise HighlightsError(f"“{HIGHLIGHTS_FILE}”应由“栏目: 内容”组成")
    by_key = {k: s for s, keys in SECTION_KEYS.items() for k in keys}
    texts = {k: t for t, keys in TEXT_KEYS.items() for k in keys}
    sections: dict[str, list[str]] = {}
    found: dict[str, str] = {}
    for key, value in data.items():
        name = str(key).strip()
        if name in by_key:
            items = [value] if isinstance(value, str) else value or []
            if not isinstance(items, list) or not all(isinstance(i, str | int | float) for i in items):
                raise HighlightsError(f"“{HIGHLIGHTS_FILE}”中“{name}”应为若干句话的列表（每行以“- ”开头）")
            sections.setdefault(by_key[name], []).extend(_sentence(str(i)) for i in items if str(i).strip())
        elif name in texts:
            if value is not None and not isinstance(value, str):
                raise HighlightsError(f"“{HIGHLIGHTS_FILE}”中“{name}”应为一段文字")
            found[texts[name]] = " ".join((value or "").split())
        else:
            allowed = "、".join([*by_key, *texts])
            raise HighlightsError(f"“{HIGHLIGHTS_FILE}”中有不认识的栏目“{name}”，可用的栏目：{allowed}")
    closing = found.get("closing", "")
    return Highlights(
        file=HIGHLIGHTS_FILE,
        headline=found.get("headline", ""),
        subtitle=found.get("subtitle", ""),
        closing=_sentence(closing) if closing else "",
        sections={k: tuple(v) for k, v in sections.items()},
    )
