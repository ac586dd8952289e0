"""Results notices for tests, the demo year and the benchmark: a `ResultSheet` and the document that
states exactly it, as an Excel list or a Word 通报 / 决定 (PDF made from the Word file).

The record is the truth: `render_result_sheet` writes whatever the record says in the variant's
layout, and reading that document back must give the record again. Which columns a list has
follows from the record (a 名次 column when awards carry ranks, a 称号 column for honours, 成果名称
for achievements); the variant decides the frame (sheets, title rows, header row, 文件 head, prose).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.records import Award, ResultSheet
from .people import NEAR_MISSES, OTHER_COMPANIES, OUR_ORG, OUR_SUB_UNITS, NamePool, full_unit, pad_name

VARIANTS: tuple[str, ...] = (
    # merged title, 主办单位/发布日期 row, header on row 3, 团体奖/个人奖 blocks, 优秀组织奖 on its own
    # sheet, a 说明 sheet
    "xlsx_sections",
    # header on row 4–6 under shuffled columns and other usual names, blank spacer rows, a unit-only
    # 优秀组织奖 block in the same sheet, 落款 rows below the list
    "xlsx_low_header",
    # places only: 名次 column, level 第N名
    "xlsx_rank_only",
    # 名次, 成绩, 奖项 and 荣誉称号 columns side by side
    "xlsx_rank_grade_honours",
    # achievements (成果名称, 完成单位, 主要完成人, 等级) with prizes or outcomes such as 入驻, 立项
    "xlsx_achievements",
    # 文件 head, 关于公布…结果的通报, 优秀组织奖 stated in the body, the rest in the annex table
    "docx_notice_table",
    # every award stated in sentences, no table
    "docx_notice_prose",
    # 关于表彰…的决定 with the achievements table
    "docx_decision_achievements",
    # a 通报 whose table carries 名次, 奖项 and 称号 (places and grades are different things)
    "docx_notice_ranked",
    # a 通报 whose annex has a heading and a table per block (团体奖, 个人奖, 优秀组织奖)
    "docx_notice_sections",
)

_PROVINCIAL_ORGANIZERS = ["国网甘肃省电力公司工会", "国网甘肃省电力公司人力资源部", "国网甘肃省电力公司"]
_CITY_ORGANIZERS = ["酒泉市总工会", "酒泉市人力资源和社会保障局"]
_SPECIALTIES = [
    "变电运维专业", "配电线路带电作业", "电能计量专业", "输电线路运检", "电力调度自动化", "装表接电",
    "反窃电", "继电保护", "电力电缆运检",
]  # fmt: skip
_PRIZE_LEVELS = ["一等奖", "二等奖", "三等奖"]
_OUTCOME_LEVELS = {
    "prizes": ["一等奖", "二等奖", "三等奖", "优秀成果"],
    "incubation": ["入驻", "重点孵化"],
    "projects": ["立项"],
    "exhibition": ["参展", "推选"],
}
_OUTCOME_EVENTS = {
    "incubation": "创新工作室孵化项目",
    "projects": "职工创新项目",
    "exhibition": "职工创新成果展",
}
_HONOUR_SETS = [["技术状元", "技术标兵", "技术能手"], ["技术能手", "技术标兵"], ["岗位能手"], ["技术能手"]]
_TITLE_HEADS = ["一种", "基于物联网的", "基于大数据的", "基于边缘计算的", "", "便携式", "智能"]
_TITLE_OBJECTS = [
    "10kV开关柜", "配电房", "变电站", "输电线路", "电能表", "箱式变电站", "电缆沟", "避雷器", "GIS设备",
    "配网台区", "计量箱",
]  # fmt: skip
_TITLE_TAILS = [
    "温度监测装置", "辅助工具", "检测系统", "快速更换装置", "管控平台", "防凝露装置", "巡检机器人",
    "故障定位方法", "带电测试仪", "智能校核系统",
]  # fmt: skip
_BODY = [
    "为深入贯彻落实公司人才强企战略，大力弘扬劳模精神、劳动精神、工匠精神，{month}月在兰州举办了{event}。",
    "竞赛严格按照竞赛规则和评分标准进行，经过激烈角逐，决出了团体和个人奖项。",
    "为表彰先进，经竞赛组委会研究，决定对获奖集体和个人予以通报表扬。",
]
_CLOSING = [
    "希望受到表彰的集体和个人珍惜荣誉，再接再厉，在今后的工作中再创佳绩。",
    "各单位要以受表彰的集体和个人为榜样，做好下一年度成果申报和迎峰度夏高峰期间的保供工作。",
]
_NOTES = [
    "说明：",
    "1．成绩由理论考试（占30%）和技能操作（占70%）两部分组成。",
    "2．团体成绩按参赛单位选手个人成绩之和排序。",
    "3．如对成绩有异议，请于公布之日起3个工作日内向竞赛办公室反映。",
]
_SYNONYMS = {
    "serial": ["序号"],
    "name": ["姓名", "选手姓名", "获奖人员"],
    "unit": ["单位", "所在单位", "工作单位"],
    "level": ["奖项", "获奖等级", "等次"],
    "rank": ["名次", "排名"],
    "score": ["成绩", "总分"],
    "honours": ["荣誉称号", "称号"],
    "title": ["成果名称", "项目名称"],
}
_ACHIEVEMENT_HEADERS = {"title": "成果名称", "unit": "完成单位", "name": "主要完成人", "level": "等级"}


# ---------------------------------------------------------------------------------------------
# records


def random_result_sheet(
    rng: random.Random, names: NamePool, *, variant: str, our_share: float = 0.3, **overrides: Any
) -> ResultSheet:
    """A plausible notice for `variant`: our organisation's units mixed with other companies' and
    with names that only look like ours. `overrides` replace any field of the result."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; known: {', '.join(VARIANTS)}")
    year = rng.choice([2024, 2025])
    city = rng.random() < 0.2
    organizer = rng.choice(_CITY_ORGANIZERS if city else _PROVINCIAL_ORGANIZERS)
    units = _UnitPicker(rng, our_share, city=city)
    month, day = rng.randint(3, 12), rng.randint(1, 28)
    if variant in ("xlsx_achievements", "docx_decision_achievements"):
        theme = "prizes" if variant == "docx_decision_achievements" else rng.choice(list(_OUTCOME_LEVELS))
        if theme == "prizes":
            # the year's achievements are honoured early the next year
            whose = "酒泉市职工优秀" if city else "国网甘肃省电力公司职工"
            event = f"{year}年度{whose}技术创新成果"
            year, month = year + 1, rng.randint(1, 4)
        else:
            event = f"{year}年国网甘肃省电力公司{_OUTCOME_EVENTS[theme]}"
        awards = _achievement_awards(rng, names, units, _OUTCOME_LEVELS[theme])
    else:
        where = "酒泉市职工职业技能大赛" if city else "国网甘肃省电力公司"
        event = f"{year}年{where}{rng.choice(_SPECIALTIES)}技能竞赛"
        awards = _competition_awards(rng, names, units, variant)
    sheet = ResultSheet(
        event=event,
        organizer=organizer,
        date=f"{year}-{month:02d}-{day:02d}",
        tier=rng.choice(["省部级", "地市级", "行业级"]) if rng.random() < 0.25 else None,
        awards=awards,
    )
    return sheet.model_copy(update=overrides) if overrides else sheet


class _UnitPicker:
    """Units for winners: ours with probability `our_share`, else other companies and near misses."""

    def __init__(self, rng: random.Random, our_share: float, *, city: bool) -> None:
        self.rng = rng
        self.our_share = our_share
        self.ours = [OUR_ORG] if not city else [full_unit(u) for u in OUR_SUB_UNITS]
        self.others = list(NEAR_MISSES if city else OTHER_COMPANIES + NEAR_MISSES[-1:])
        if city:
            self.others += ["酒泉市公共交通有限公司", "酒泉市自来水有限公司"]

    def __call__(self) -> str:
        if self.rng.random() < self.our_share:
            return self.rng.choice(self.ours)
        return self.rng.choice(self.others)


def _competition_awards(rng: random.Random, names: NamePool, units: _UnitPicker, variant: str) -> list[Award]:
    awards: list[Award] = []
    if variant == "xlsx_rank_only":
        n = rng.randint(6, 12)
        return [
            Award(level=f"第{i}名", scope="individual", names=[names.name()], unit=units(), rank=i)
            for i in range(1, n + 1)
        ]
    if variant in ("xlsx_rank_grade_honours", "docx_notice_ranked"):
        n = rng.randint(6, 12)
        honours = rng.choice(_HONOUR_SETS)
        cut = sorted(rng.sample(range(2, n), 2))
        for i in range(1, n + 1):
            level = _PRIZE_LEVELS[0] if i < cut[0] else _PRIZE_LEVELS[1] if i < cut[1] else _PRIZE_LEVELS[2]
            given = [honours[i - 1]] if i <= len(honours) and len(honours) > 1 else []
            if len(honours) == 1 and i <= 3:
                given = honours[:]
            awards.append(
                Award(
                    level=level, scope="individual", names=[names.name()], unit=units(), rank=i, honours=given
                )
            )
        return awards
    org_first = variant == "docx_notice_table"
    orgs = [
        Award(level="优秀组织奖", scope="organization", unit=u)
        for u in _distinct(rng, units, rng.randint(2, 4))
    ]
    teams = [
        Award(
            level=level,
            scope="team",
            names=[names.name() for _ in range(rng.randint(2, 4))],
            unit=units(),
        )
        for level in _grades(rng, rng.randint(2, 5))
    ]
    people = [
        Award(level=level, scope="individual", names=[names.name()], unit=units())
        for level in _grades(rng, rng.randint(4, 10))
    ]
    if variant == "docx_notice_prose" and rng.random() < 0.5:
        # an honorary title granted with a prize: '…获个人一等奖，并被授予“技术能手”称号'
        people[0] = people[0].model_copy(update={"honours": [rng.choice(["技术能手", "岗位能手"])]})
    if org_first:
        return orgs + teams + people
    return teams + people + orgs


def _achievement_awards(
    rng: random.Random, names: NamePool, units: _UnitPicker, levels: list[str]
) -> list[Award]:
    titles: set[str] = set()
    awards: list[Award] = []
    for level in sorted((rng.choice(levels) for _ in range(rng.randint(5, 12))), key=levels.index):
        title = _title(rng)
        while title in titles:
            title = _title(rng)
        titles.add(title)
        awards.append(
            Award(
                level=level,
                scope="achievement",
                names=[names.name() for _ in range(rng.randint(1, 6))],
                unit=units(),
                title=title,
            )
        )
    return awards


def _title(rng: random.Random) -> str:
    return rng.choice(_TITLE_HEADS) + rng.choice(_TITLE_OBJECTS) + rng.choice(_TITLE_TAILS)


def _grades(rng: random.Random, n: int) -> list[str]:
    """n grades in order, fewer firsts than thirds."""
    ones = max(1, n // 5)
    twos = max(1, (n - ones) // 3)
    return ["一等奖"] * ones + ["二等奖"] * twos + ["三等奖"] * (n - ones - twos)


def _distinct(rng: random.Random, pick: _UnitPicker, n: int) -> list[str]:
    out: list[str] = []
    for _ in range(50):
        unit = pick()
        if unit not in out:
            out.append(unit)
        if len(out) == n:
            break
    return out


# ---------------------------------------------------------------------------------------------
# rendering


def render_result_sheet(record: ResultSheet, variant: str, path: Path, rng: random.Random) -> None:
    """Write the document of `variant` whose correct extraction is exactly `record`."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; known: {', '.join(VARIANTS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if variant.startswith("xlsx"):
        _XlsxNotice(record, variant, rng).save(path)
    else:
        _DocxNotice(record, variant, rng).save(path)


def _runs(awards: Sequence[Award]) -> list[list[Award]]:
    """Consecutive awards of the same scope, in order (one block or table each)."""
    out: list[list[Award]] = []
    for award in awards:
        if out and out[-1][0].scope == award.scope:
            out[-1].append(award)
        else:
            out.append([award])
    return out


def _roles(awards: Sequence[Award], *, level_column: bool = True) -> list[str]:
    """The columns a list of these awards needs, in the usual order."""
    roles = ["serial"]
    if any(a.title for a in awards):
        roles.append("title")
    if any(a.rank is not None for a in awards):
        roles.insert(1, "rank")
        roles.remove("serial")
    if any(a.names for a in awards) or any(a.scope != "organization" for a in awards):
        roles.append("name")
    roles.append("unit")
    if any(a.rank is not None for a in awards) and level_column:
        roles.append("score")
    if level_column and any(not _is_rank_only(a) for a in awards):
        roles.append("level")
    if any(a.honours for a in awards):
        roles.append("honours")
    return roles


def _is_rank_only(award: Award) -> bool:
    return award.rank is not None and award.level == f"第{award.rank}名"


def _cell(
    role: str, award: Award, index: int, rng: random.Random, *, scope_word: bool, pad: bool, score: float
) -> str:
    if role == "serial":
        return str(index)
    if role == "rank":
        return "" if award.rank is None else rng.choice([str(award.rank), f"第{award.rank}名"])
    if role == "name":
        if len(award.names) == 1 and pad:
            return pad_name(award.names[0], rng)
        # names joined by 、 or ，, or one per line (a line break inside the cell)
        return rng.choice(["、", "，", "、", "\n"]).join(award.names)
    if role == "unit":
        return award.unit or ""
    if role == "title":
        return award.title or ""
    if role == "score":
        return f"{score:.2f}"
    if role == "honours":
        return "、".join(award.honours)
    if role == "level":
        if _is_rank_only(award):
            return ""
        return _level_text(award, scope_word)
    raise ValueError(role)


def _level_text(award: Award, scope_word: bool) -> str:
    if scope_word and award.scope == "team":
        return "团体" + award.level
    if scope_word and award.scope == "individual":
        return "个人" + award.level
    return award.level


def _header(role: str, rng: random.Random, *, achievements: bool, vary: bool) -> str:
    if achievements and role in _ACHIEVEMENT_HEADERS:
        return _ACHIEVEMENT_HEADERS[role]
    words = _SYNONYMS[role]
    return rng.choice(words) if vary else words[0]


def _scores(awards: Sequence[Award], rng: random.Random) -> list[float]:
    """Marks that fall with the place (decoration: the record keeps places, not marks)."""
    score = rng.uniform(92, 98)
    out = []
    for _ in awards:
        out.append(round(score, 2))
        score -= rng.uniform(0.3, 2.5)
    return out


def _date_text(iso: str, rng: random.Random, *, allow_cn: bool = True) -> str:
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3 and allow_cn and rng.random() < 0.2:
        return _cn_date(*parts)
    text = f"{parts[0]}年"
    if len(parts) > 1:
        text += f"{parts[1]}月"
    if len(parts) > 2:
        text += f"{parts[2]}日"
    return text


def _cn_date(y: int, m: int, d: int) -> str:
    digits = "〇一二三四五六七八九"

    def small(n: int) -> str:
        if n < 10:
            return digits[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")

    return "".join(digits[int(c)] for c in str(y)) + f"年{small(m)}月{small(d)}日"


def _title_for(record: ResultSheet, rng: random.Random, *, docx: bool) -> str:
    achievements = any(a.scope == "achievement" for a in record.awards)
    event = record.event
    if docx:
        if achievements:
            return f"关于表彰{event}的决定"
        return rng.choice(
            [f"关于公布{event}结果的通报", f"关于{event}获奖情况的通报", f"关于公布{event}获奖名单的通知"]
        )
    if achievements:
        return rng.choice([f"{event}名单", f"{event}一览表"])
    return rng.choice([f"{event}成绩及获奖名单", f"{event}获奖名单", f"{event}获奖人员名单"])


class _XlsxNotice:
    """An Excel results list: title rows, a header somewhere near the top, blocks, notes."""

    def __init__(self, record: ResultSheet, variant: str, rng: random.Random) -> None:
        import openpyxl

        self.record = record
        self.variant = variant
        self.rng = rng
        self.wb = openpyxl.Workbook()
        self.achievements = any(a.scope == "achievement" for a in record.awards)

    def save(self, path: Path) -> None:
        ws = self.wb.active
        assert ws is not None
        ws.title = self.rng.choice(["获奖名单", "Sheet1", "成绩"])
        notes_first = self.variant == "xlsx_sections" and self.rng.random() < 0.5
        if notes_first:
            self._notes_sheet(index=0)
        awards = list(self.record.awards)
        org_sheet: list[Award] = []
        if self.variant == "xlsx_sections" and awards and awards[-1].scope == "organization":
            tail = _runs(awards)[-1]
            if all(a.level == "优秀组织奖" for a in tail):
                org_sheet = tail
                awards = awards[: -len(tail)]
        self._main_sheet(ws, awards, low=self.variant == "xlsx_low_header")
        if org_sheet:
            self._org_sheet(org_sheet)
        if self.variant == "xlsx_sections" and not notes_first:
            self._notes_sheet(index=None)
        self.wb.save(path)

    def _main_sheet(self, ws: Any, awards: list[Award], *, low: bool) -> None:
        from openpyxl.utils import get_column_letter

        rng = self.rng
        sections = self.variant == "xlsx_sections"
        roles = _roles(awards)
        if low and not self.achievements:
            fixed, rest = roles[:1], roles[1:]
            rng.shuffle(rest)
            roles = fixed + rest
        elif low:
            rng.shuffle(roles)
        width = len(roles)
        title = _title_for(self.record, rng, docx=False)
        stated_tier = self.record.tier is not None
        if stated_tier and rng.random() < 0.5:
            title += f"（{self.record.tier}）"
            stated_tier = False
        row = 1
        row = self._merged(ws, row, title, width)
        meta_on_top = sections or (not low and rng.random() < 0.5)
        if meta_on_top:
            parts = []
            if self.record.organizer:
                parts.append(f"主办单位：{self.record.organizer}")
            if self.record.date:
                parts.append(f"发布日期：{_date_text(self.record.date, rng, allow_cn=False)}")
            if parts:
                row = self._merged(ws, row, "\u3000\u3000\u3000\u3000".join(parts), width)
        if stated_tier:
            row = self._merged(ws, row, f"奖项级别：{self.record.tier}", width)
        if low:
            row = self._merged(ws, row, "（按名次排列，同名次按姓氏笔画排序）", width)
            row += rng.randint(1, 2)  # blank rows before the header
        for c, role in enumerate(roles, start=1):
            ws.cell(row=row, column=c, value=_header(role, rng, achievements=self.achievements, vary=low))
        row += 1
        index = 1
        runs = _runs(awards) if (sections or low) else [awards]
        numerals = "一二三四五六七八九十"
        for k, run in enumerate(runs):
            heading = None
            if sections:
                heading = f"{numerals[k]}、{_block_name(run)}"
            elif low and run[0].scope == "organization" and all(a.level == run[0].level for a in run):
                heading = run[0].level
            if k > 0 and rng.random() < 0.6:
                row += 1  # a blank spacer row between blocks
            if heading is not None:
                row = self._merged(ws, row, heading, width)
            scores = _scores(run, rng)
            for award, score in zip(run, scores, strict=True):
                scope_word = not sections
                for c, role in enumerate(roles, start=1):
                    if heading is not None and run[0].scope == "organization" and role in ("level", "name"):
                        continue
                    value = _cell(role, award, index, rng, scope_word=scope_word, pad=True, score=score)
                    if role == "serial" or (role == "rank" and value.isdigit()):
                        ws.cell(row=row, column=c, value=int(value))
                    elif value:
                        ws.cell(row=row, column=c, value=value)
                index += 1
                row += 1
        if not meta_on_top:
            self._signature(ws, row + 1, width)
        for c in range(1, width + 1):
            ws.column_dimensions[get_column_letter(c)].width = 24

    def _merged(self, ws: Any, row: int, text: str, width: int) -> int:
        ws.cell(row=row, column=1, value=text)
        if width > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        return row + 1

    def _signature(self, ws: Any, row: int, width: int) -> None:
        """落款 below the list: the issuing body, then the date (sometimes a real date cell)."""
        col = max(1, width - 1)
        if self.record.organizer:
            ws.cell(row=row, column=col, value=self.record.organizer)
        if self.record.date:
            parts = [int(p) for p in self.record.date.split("-")]
            if len(parts) == 3 and self.rng.random() < 0.4:
                ws.cell(row=row + 1, column=col, value=dt.datetime(parts[0], parts[1], parts[2]))
            else:
                ws.cell(row=row + 1, column=col, value=_date_text(self.record.date, self.rng))

    def _org_sheet(self, awards: list[Award]) -> None:
        ws = self.wb.create_sheet("优秀组织奖")
        self._merged(ws, 1, "优秀组织奖", 2)
        ws.cell(row=2, column=1, value="序号")
        ws.cell(row=2, column=2, value="单位")
        for i, award in enumerate(awards, start=1):
            ws.cell(row=2 + i, column=1, value=i)
            ws.cell(row=2 + i, column=2, value=award.unit)

    def _notes_sheet(self, index: int | None) -> None:
        ws = self.wb.create_sheet("说明", index)
        for i, line in enumerate(_NOTES, start=1):
            ws.cell(row=i, column=1, value=line)


def _block_name(run: list[Award]) -> str:
    scope = run[0].scope
    if scope == "organization" and all(a.level == run[0].level for a in run):
        return run[0].level
    return {"team": "团体奖", "individual": "个人奖", "organization": "优秀组织奖", "achievement": "成果奖"}[
        scope
    ]


class _DocxNotice:
    """A Word 通报 / 决定: 文件 head, title, body (some awards in sentences), 落款, annex tables."""

    def __init__(self, record: ResultSheet, variant: str, rng: random.Random) -> None:
        from docx import Document

        self.record = record
        self.variant = variant
        self.rng = rng
        self.doc = Document()
        self.achievements = any(a.scope == "achievement" for a in record.awards)

    def save(self, path: Path) -> None:
        rng = self.rng
        record = self.record
        doc = self.doc
        if record.organizer and rng.random() < 0.7:
            doc.add_paragraph(f"{record.organizer}文件")
            doc.add_paragraph(f"甘电工〔{(record.date or '2025')[:4]}〕{rng.randint(2, 60)}号")
        doc.add_paragraph(_title_for(record, rng, docx=True))
        if record.tier:
            doc.add_paragraph(f"（奖项级别：{record.tier}）")
        doc.add_paragraph(rng.choice(["公司各单位：", "各有关单位：", "各市州供电公司、省公司各直属单位："]))
        awards = list(record.awards)
        if self.variant == "docx_notice_prose":
            in_prose, in_table = awards, []
        elif self.variant == "docx_notice_table":
            lead = _runs(awards)[0] if awards and awards[0].scope == "organization" else []
            in_prose, in_table = lead, awards[len(lead) :]
        else:
            in_prose, in_table = [], awards
        for line in _body(record, len(awards)):
            doc.add_paragraph(line)
        for sentence in _sentences(in_prose, rng):
            doc.add_paragraph(sentence)
        doc.add_paragraph(rng.choice(_CLOSING))
        if in_table:
            doc.add_paragraph(f"附件：{record.event}获奖名单")
        doc.add_paragraph("")
        if record.organizer:
            doc.add_paragraph(record.organizer)
        if record.date:
            doc.add_paragraph(_date_text(record.date, rng))
        if in_table:
            doc.add_page_break()
            doc.add_paragraph("附件")
            doc.add_paragraph(f"{record.event}获奖名单")
            if self.variant == "docx_notice_sections":
                numerals = "一二三四五六七八九十"
                for k, run in enumerate(_runs(in_table)):
                    doc.add_paragraph(f"{numerals[k]}、{_block_name(run)}")
                    self._table(run, scope_word=False, drop_org_level=True)
            else:
                self._table(in_table, scope_word=True, drop_org_level=False)
        doc.save(str(path))

    def _table(self, awards: list[Award], *, scope_word: bool, drop_org_level: bool) -> None:
        rng = self.rng
        org_block = (
            drop_org_level
            and awards[0].scope == "organization"
            and all(a.level == awards[0].level for a in awards)
        )
        roles = _roles(awards, level_column=not org_block)
        if org_block:
            roles = [r for r in roles if r != "name"]
        honours_in_level = "honours" in roles and self.variant == "docx_notice_ranked" and rng.random() < 0.5
        if honours_in_level:
            roles.remove("honours")
        table = self.doc.add_table(rows=1, cols=len(roles))
        table.style = "Table Grid"
        for c, role in enumerate(roles):
            table.rows[0].cells[c].text = _header(role, rng, achievements=self.achievements, vary=True)
        for i, (award, score) in enumerate(zip(awards, _scores(awards, rng), strict=True), start=1):
            cells = table.add_row().cells
            for c, role in enumerate(roles):
                text = _cell(role, award, i, rng, scope_word=scope_word, pad=True, score=score)
                if role == "level" and honours_in_level and award.honours:
                    text += "（" + "、".join(award.honours) + "）"
                cells[c].text = text


def _body(record: ResultSheet, count: int) -> list[str]:
    """The opening paragraphs of a 通报 or 决定 (no award stated in them)."""
    if any(a.scope == "achievement" for a in record.awards):
        return [
            "为充分调动广大职工参与技术创新的积极性，经各单位推荐申报、专家评审和公示，"
            f"共评选出{record.event}{count}项。"
        ]
    month = int(record.date.split("-")[1]) if record.date and record.date.count("-") >= 1 else 5
    return [line.format(month=max(1, month - 1), event=record.event) for line in _BODY]


def _verb(before: str, rng: random.Random) -> str:
    """获 or 荣获; after a name ending in 荣 only 荣获 reads one way ('景生荣荣获', not '景生荣获')."""
    return "荣获" if before.endswith("荣") else rng.choice(["获", "荣获"])


def _sentences(awards: list[Award], rng: random.Random) -> list[str]:
    """Awards as the sentences a 通报 writes: one sentence per run of the same prize and scope."""
    out: list[str] = []
    groups: list[list[Award]] = []
    for award in awards:
        last = groups[-1][0] if groups else None
        joinable = (
            last is not None
            and last.level == award.level
            and last.scope == award.scope
            and award.scope in ("organization", "individual")
            and not award.honours
            and not last.honours
            and award.rank is None
        )
        if joinable:
            groups[-1].append(award)
        else:
            groups.append([award])
    for group in groups:
        first = group[0]
        if first.scope == "organization":
            out.append(f"{'、'.join(a.unit or '' for a in group)}获{first.level}。")
        elif first.scope == "team":
            names = "、".join(first.names)
            if rng.random() < 0.3:
                out.append(f"{first.unit}{names}组成的代表队{rng.choice(['获', '荣获'])}团体{first.level}。")
            else:
                out.append(f"{first.unit}{names}{_verb(names, rng)}团体{first.level}。")
        elif first.scope == "individual":
            people = [
                f"{a.names[0]}（{a.unit}）" if rng.random() < 0.5 else f"{a.unit}{a.names[0]}" for a in group
            ]
            verb = _verb(people[-1], rng)
            level = first.level if first.rank is not None and _is_rank_only(first) else "个人" + first.level
            sentence = f"{'、'.join(people)}{verb}{level}"
            if first.honours:
                sentence += "，并被授予" + "、".join(f"“{h}”" for h in first.honours) + "称号"
            out.append(sentence + "。")
        else:
            raise ValueError(f"prose has no form for {first.scope} awards")
    return out


# ---------------------------------------------------------------------------------------------
# corpus


def write_corpus(
    outdir: Path, count: int, seed: int = 0, formats: Sequence[str] = ("xlsx", "docx", "pdf")
) -> list[tuple[Path, ResultSheet]]:
    """`count` notices cycling through the variants of each format, with `truth/<file>.json` beside
    them; PDFs are made from Word variants in one LibreOffice batch."""
    from .year import Document, ExampleYear, write_files

    rng = random.Random(seed)
    names = NamePool(rng)
    by_format = {
        "xlsx": [v for v in VARIANTS if v.startswith("xlsx")],
        "docx": [v for v in VARIANTS if v.startswith("docx")],
        "pdf": [v for v in VARIANTS if v.startswith("docx")],
    }
    fmts = [f for f in formats if f in by_format]
    ex = ExampleYear(year=2025)
    for i in range(count):
        fmt = fmts[i % len(fmts)]
        variant = by_format[fmt][(i // len(fmts)) % len(by_format[fmt])]
        ex.add(
            Document(f"{i:03d}-{variant}.{fmt}", random_result_sheet(rng, names, variant=variant), variant)
        )
    write_files(ex, outdir, seed=seed, truth=True)
    records: list[ResultSheet] = [d.record for d in ex.documents]  # type: ignore[misc]
    return sorted(zip(ex.files, records, strict=True), key=lambda m: m[0].name)
