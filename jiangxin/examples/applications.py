"""Application forms (职工技术创新成果申报书) in every layout the office receives, each with its truth.

`render_application(record, layout, path, rng)` writes a .docx whose correct extraction is exactly
`record`: the rng only picks how things are written (label synonyms and spacing, colons, date, money
and patent spellings, tick boxes, padded names, page furniture), never what they say. The layouts:

- A:  two-column table, members in a table nested in the value cell;
- A2: two-column table, member rows inside the outer table under a vertically merged label;
- B:  four-column table (label | value | label | value), long text in merged cells, members in one cell;
- C:  no table: a heading, ``成果名称：…`` lines and numbered sections;
- D:  a cover page (title, unit, 二〇二五年六月) before an A, A2 or B form.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document as new_document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from jiangxin.core.text import patent_check_char

from ..core.records import Application, Person
from .people import CATEGORIES, OUR_SUB_UNITS, POSTS, SPECIALTIES, TITLES, NamePool, full_unit

LAYOUTS: tuple[str, ...] = ("A", "A2", "B", "C", "D")

# how each field's label may be written; the first is the usual one
LABELS: dict[str, tuple[str, ...]] = {
    "title": ("成果名称", "项目名称"),
    "unit": ("申报单位", "完成单位", "所在单位"),
    "members": ("主要完成人", "完成人", "完成人员", "项目组成员"),
    "first_member": ("第一完成人", "项目负责人"),
    "category": ("成果类别", "项目类别"),
    "specialty": ("专业类别", "所属专业"),
    "completed_on": ("完成时间", "完成日期"),
    "completed_range": ("起止时间", "项目起止时间", "完成时间"),
    "summary": ("成果简介", "成果主要内容", "项目简介", "内容简介"),
    "innovations": ("创新点", "主要创新点", "技术创新点"),
    "adoption": ("推广应用情况", "应用推广情况", "应用情况"),
    "economic_benefit_wan": ("经济效益", "直接经济效益"),
    "patents": ("知识产权情况", "专利号", "专利情况"),
    "unit_opinion": ("单位意见", "推荐意见", "申报单位意见"),
}
TICKED_GLYPHS = ("☑", "■", "√", "✓", "☒")
UNTICKED_GLYPHS = ("□", "☐")
DATE_STYLES = ("dot", "dot_short", "cn", "cn_zero", "dash", "slash", "cn_upper", "range", "range_dot")
BENEFIT_STYLES = ("wan", "approx", "yuan", "yuan_sep", "note", "prose", "prose_cost")
PATENT_STYLES = ("plain", "spaced", "described", "fullwidth")
FOOTERS = ("folio", "page_of", "plain")


@dataclass(frozen=True, slots=True)
class Style:
    """Presentation choices for one form; none of them changes what the form says."""

    labels: str = "plain"  # plain | spaced | broken (a line break inside the label)
    synonyms: bool = False
    colon: str = "："
    pad_names: bool = False
    date: str = "cn"
    benefit: str = "wan"
    patent: str = "plain"
    ticks: bool = False
    tick_glyph: str = "☑"
    untick_glyph: str = "□"
    # tick boxes as Word Wingdings symbols: Word files only, never drawn at random, because
    # LibreOffice's PDF export maps every such symbol after the first to one code point
    word_symbols: bool = False
    form_fields: bool = False  # tick boxes as legacy Word form check boxes (Word files only, likewise)
    header: bool = False
    footer: str | None = None  # folio "— 1 —" | page_of "第 1 页 共 2 页" | plain "1"
    member_sep: str = "、"
    contact_rows: bool = False  # 联系人 / 联系电话 rows whose values must not leak
    lead_row: bool = False  # a separate 第一完成人 row or line
    numbering: str = "一、"  # section numbers of layout C
    body: str = "A"  # the form after a cover page (layout D)


def choose_style(rng: random.Random, layout: str) -> Style:
    """Draw a presentation for `layout`; every variant has a fair chance in a corpus of a few dozen."""
    return Style(
        labels=rng.choice(("plain", "plain", "spaced", "broken") if layout != "C" else ("plain", "spaced")),
        synonyms=rng.random() < 0.5,
        colon=rng.choice(("：", "：", ":")),
        pad_names=rng.random() < 0.5,
        date=rng.choice(DATE_STYLES),
        benefit=rng.choice(BENEFIT_STYLES),
        patent=rng.choice(PATENT_STYLES),
        ticks=rng.random() < 0.4,
        tick_glyph=rng.choice(TICKED_GLYPHS),
        untick_glyph=rng.choice(UNTICKED_GLYPHS),
        header=rng.random() < 0.4,
        footer=rng.choice((None, *FOOTERS)),
        member_sep=rng.choice(("、", "，", ",", "；", "\n")),
        contact_rows=rng.random() < 0.5,
        lead_row=rng.random() < 0.3,
        numbering=rng.choice(("一、", "（一）", "1．")),
        body=rng.choice(("A", "A2", "B")),
    )


# ---------------------------------------------------------------------------------------------
# records


_TECH = [
    "物联网",
    "边缘计算",
    "深度学习",
    "红外测温",
    "北斗定位",
    "无人机巡检",
    "图像识别",
    "大数据分析",
    "5G通信",
]
_OBJECTS = [
    "配电房环境", "变电站设备", "输电线路覆冰", "电缆隧道", "低压台区线损", "调度操作票", "计量装置",
    "通信机房", "开关柜局部放电", "变压器油温", "配网故障", "用电信息采集",
]  # fmt: skip
_SYSTEMS = ["智能监控系统", "在线监测装置", "智能校核系统", "预警平台", "快速定位装置", "辅助决策系统"]
_TOOLS = [
    "熔断器更换工具", "快速更换装置", "绝缘操作杆", "接地线挂接装置", "防鼠封堵装置", "验电辅助工具",
    "螺栓紧固装置", "防误操作锁具", "线夹安装工具", "引流线固定器",
]  # fmt: skip
_EQUIPMENT = ["柱上断路器", "电容器组", "隔离开关", "避雷器", "跌落式熔断器", "电能表箱", "GIS设备", "开关柜"]
_VOLTAGES = ["10kV", "35kV", "110kV", "330kV", "0.4kV", ""]

_BACKGROUND = {
    "变电": "随着酒泉地区新能源装机规模持续扩大，变电站数量快速增长，运维人员承载力不足的矛盾日益突出。",
    "输电": "酒泉地区输电线路途经戈壁、山区，风沙大、昼夜温差大，线路运维难度大、巡视效率低。",
    "配电": "配网故障查找主要依靠人工逐段巡视，故障定位时间长，抢修效率有待提升。",
    "营销": "分布式光伏快速发展，计量、结算和异常分析工作量成倍增长，传统检查方式针对性不强。",
    "调度": "电网运行方式日趋复杂，调度员日常需处理大量告警和操作任务，人工校核工作量大。",
    "信息通信": "信息系统数量逐年增加，日常巡检依靠人工登录逐一检查，耗时长且容易遗漏。",
    "安全": "现场作业点多面广，安全管控主要依靠人工旁站监督，难以做到全过程覆盖。",
}
_PARTS = [
    "主体支架、驱动机构、传感单元和控制模块", "手柄、伸缩杆、专用夹头和限位装置",
    "前端感知终端、边缘计算单元和后台管理平台", "数据采集层、分析处理层和应用展示层",
]  # fmt: skip
_RESULTS = [
    "经现场应用，单次作业时间由原来的{a}小时缩短至{b}小时，工作效率提升{p}%以上。",
    "项目实施后，相关作业人员投入减少{n}人次/年，有效降低了劳动强度和安全风险。",
    "应用以来累计发现各类缺陷{n}处，未发生一起因同类原因导致的设备故障。",
    "试点期间，故障平均处置时间缩短{p}%，供电可靠性得到明显提升。",
]
_INNOVATIONS = [
    "采用轻量化绝缘材料，整体重量减轻约{p}%，便于单人携带和操作；",
    "实现了不停电作业，避免了停电对客户用电的影响；",
    "设计了快速锁紧结构，安装时间由{a}分钟缩短至{b}分钟；",
    "具备防风沙、耐低温性能，适应酒泉地区戈壁环境；",
    "融合多源数据构建分析模型，识别准确率达到{q}%以上；",
    "集成无线传感模块，实现运行数据实时上传和远程查看；",
    "形成了一套可复制、可推广的标准化作业流程；",
]
_ADOPTION = [
    "该成果已在{u1}、{u2}推广应用{n}套，运行稳定可靠，得到一线员工的普遍认可。",
    "已形成作业指导书1份，纳入公司标准化作业流程，在{u1}、{u2}推广使用。",
    "成果已在{u1}试运行{m}个月，计划于下一年度在全公司范围内推广。",
]


def random_application(
    rng: random.Random,
    names: NamePool,
    *,
    unit: str | None = None,
    members: list[Person] | None = None,
    **overrides: Any,
) -> Application:
    """A plausible application of one of our units, completed between 2023-07 and 2025-06."""
    sub = rng.choice(OUR_SUB_UNITS)
    unit = unit if unit is not None else full_unit(sub)
    specialty = rng.choice(SPECIALTIES)
    title = random_title(rng)
    if members is None:
        members = _random_members(rng, names, unit)
    month = rng.randint(0, 23)  # 2023-07 .. 2025-06
    year, mon = 2023 + (6 + month) // 12, (6 + month) % 12 + 1
    completed_on = f"{year}-{mon:02d}" + (f"-{rng.randint(1, 28):02d}" if rng.random() < 0.2 else "")
    others = [u for u in OUR_SUB_UNITS if full_unit(u) != unit]
    u1, u2 = rng.sample(others, 2)
    record = Application(
        title=title,
        unit=unit,
        category=rng.choice(CATEGORIES) if rng.random() < 0.85 else None,
        specialty=specialty if rng.random() < 0.9 else None,
        members=members,
        completed_on=completed_on,
        summary=" ".join(_summary(rng, specialty, title)),
        innovations=" ".join(_innovations(rng)),
        adoption=_fill(rng.choice(_ADOPTION), rng, u1=u1, u2=u2),
        economic_benefit_wan=_benefit(rng) if rng.random() < 0.85 else None,
        patents=_patents(rng) if rng.random() < 0.5 else [],
        unit_endorsed=rng.random() < 0.85,
    )
    record = record.model_copy(update=overrides) if overrides else record
    if record.unit_endorsed and record.submitted_on is None:
        # the day the unit signed its opinion, a June day of the title's own (no draw, so the records
        # after this one are the same whether or not a date is wanted)
        day = 1 + zlib.crc32(record.title.encode("utf-8")) % 28
        record = record.model_copy(update={"submitted_on": f"2025-06-{day:02d}"})
    return record


def random_title(rng: random.Random) -> str:
    """An achievement title: 基于…的…系统, a voltage and a tool, or an object and a system."""
    shape = rng.randrange(3)
    if shape == 0:
        return f"基于{rng.choice(_TECH)}的{rng.choice(_OBJECTS)}{rng.choice(_SYSTEMS)}"
    if shape == 1:
        return f"{rng.choice(_VOLTAGES)}{rng.choice(_EQUIPMENT)}{rng.choice(_TOOLS)}"
    return f"{rng.choice(_OBJECTS)}{rng.choice(_SYSTEMS)}"


def _random_members(rng: random.Random, names: NamePool, unit: str) -> list[Person]:
    n = rng.choice((1, 2, 3, 3, 4, 4, 5, 5, 6, 7))
    detail = rng.choices(("full", "names", "unit"), weights=(7, 2, 1))[0]
    people: list[Person] = []
    for _ in range(n):
        name = names.name()
        if detail == "names":
            people.append(Person(name=name))
            continue
        own = unit if unit and rng.random() < 0.7 else full_unit(rng.choice(OUR_SUB_UNITS))
        title = None
        if detail == "full":
            title = rng.choice(
                (rng.choice(TITLES), f"{rng.choice(POSTS)}{rng.choice(('/', '、'))}{rng.choice(TITLES)}")
            )
        people.append(Person(name=name, unit=own, title=title))
    return people


def _fill(template: str, rng: random.Random, **known: str) -> str:
    values = {
        "a": str(rng.randint(3, 8)),
        "b": f"{rng.randint(1, 2)}.{rng.randint(1, 9)}",
        "p": str(rng.randint(20, 60)),
        "q": str(rng.randint(90, 99)),
        "n": str(rng.randint(12, 300)),
        "m": str(rng.randint(3, 11)),
        **known,
    }
    return template.format(**values)


def _summary(rng: random.Random, specialty: str, title: str) -> list[str]:
    made = rng.choice(("研制", "开发"))
    return [
        _BACKGROUND[specialty],
        f"为解决上述问题，项目团队{made}了“{title}”。该成果主要由{rng.choice(_PARTS)}组成，"
        "通过传感单元实时采集运行数据，超限时自动报警。",
        *(_fill(t, rng) for t in rng.sample(_RESULTS, rng.randint(1, 2))),
    ]


def _innovations(rng: random.Random) -> list[str]:
    items = [_fill(t, rng) for t in rng.sample(_INNOVATIONS, rng.randint(2, 4))]
    items[-1] = items[-1][:-1] + "。"
    return [f"{i}．{text}" for i, text in enumerate(items, 1)]


def _benefit(rng: random.Random) -> float:
    return round(rng.uniform(1.0, 300.0), rng.choice((0, 1, 2)))


def _patents(rng: random.Random) -> list[str]:
    out = []
    for _ in range(rng.choice((1, 1, 2))):
        digits = f"{rng.randint(2019, 2025)}{rng.choice('12')}{rng.randint(0, 9999999):07d}"
        out.append(f"ZL{digits}.{patent_check_char(digits)}")
    return out


# ---------------------------------------------------------------------------------------------
# how values are written


def _label(field: str, style: Style, rng: random.Random, *, in_table: bool = True) -> str:
    options = LABELS[field]
    text = rng.choice(options) if style.synonyms else options[0]
    if style.labels == "spaced":
        gap = rng.choice((" ", "\u3000"))
        return gap.join(text)
    if style.labels == "broken" and in_table and len(text) >= 4:
        cut = len(text) // 2
        return text[:cut] + "\n" + text[cut:]
    return text


_CN_DIGITS = "〇一二三四五六七八九"


def _cn_year(year: str) -> str:
    return "".join(_CN_DIGITS[int(d)] for d in year)


def _cn_small(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def write_date(iso: str, style: str, rng: random.Random) -> str:
    """One way a form writes the date `iso` ('2025-03' or '2025-03-15'); ranges end on it."""
    y, m, d = [*iso.split("-"), None, None][:3]
    assert y is not None
    if m is None:
        return f"{y}年"
    mi = int(m)
    if style == "dot":
        out = f"{y}.{m}" + (f".{d}" if d else "")
    elif style == "dot_short":
        out = f"{y}.{mi}" + (f".{int(d)}" if d else "")
    elif style == "cn_zero":
        out = f"{y}年{m}月" + (f"{d}日" if d else "")
    elif style == "dash":
        out = iso
    elif style == "slash":
        out = f"{y}/{m}" + (f"/{d}" if d else "")
    elif style == "cn_upper":
        out = f"{_cn_year(y)}年{_cn_small(mi)}月" + (f"{_cn_small(int(d))}日" if d else "")
    elif style in ("range", "range_dot"):
        back = rng.randint(3, 15)
        sy, sm = divmod(int(y) * 12 + mi - 1 - back, 12)
        if style == "range":
            end = f"{y}年{mi}月" + (f"{int(d)}日" if d else "")
            out = f"{sy}年{sm + 1}月{rng.choice(('至', '—', '～'))}{end}"
        else:
            end = f"{y}.{m}" + (f".{d}" if d else "")
            out = f"{sy}.{sm + 1:02d}{rng.choice(('—', '-', '～', '至'))}{end}"
    else:  # cn
        out = f"{y}年{mi}月" + (f"{int(d)}日" if d else "")
    return out


def _amount(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def write_benefit(value: float, style: str, rng: random.Random) -> tuple[str, str]:
    """(label note, text) for an economic benefit of `value` 万元."""
    yuan = round(value * 10000)
    if style == "approx":
        return "", f"约{_amount(value)}万元/年"
    if style == "yuan":
        return "", f"{yuan}元"
    if style == "yuan_sep":
        return "", f"{yuan:,}元"
    if style == "note":
        return "（万元）", _amount(value)
    if style == "prose":
        return "", rng.choice(
            (
                f"该成果应用后，年节约运维成本约{_amount(value)}万元，减少停电时户数{rng.randint(20, 400)}时户。",
                f"经测算，每年可减少人工成本和故障损失共计{yuan}元，社会效益显著。",
            )
        )
    if style == "prose_cost":
        return "", (
            f"项目总投入{rng.randint(1, 9)}.{rng.randint(1, 9)}万元，投运后年节约检修费用"
            f"{_amount(value)}万元，投入产出比高。"
        )
    return "", f"{_amount(value)}万元"


def write_patent(number: str, style: str, rng: random.Random) -> str:
    digits, check = number[2:14], number[15]
    if style == "spaced":
        return f"ZL {digits[:4]} {digits[4]} {digits[5:]}.{check}"
    if style == "fullwidth":
        return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in number)
    if style == "described":
        kind = "发明专利" if digits[4] == "1" else "实用新型专利"
        return f"{kind}：一种{rng.choice(_EQUIPMENT)}{rng.choice(_TOOLS)}（{number}）"
    return number


def _patents_text(record: Application, style: Style, rng: random.Random) -> str:
    if not record.patents:
        return rng.choice(("无", "无", "暂无"))
    parts = [write_patent(p, style.patent, rng) for p in record.patents]
    if style.patent == "described":
        lines = [f"已获授权专利{len(parts)}项："] + [f"{i}．{p}" for i, p in enumerate(parts, 1)]
        return "\n".join(lines)
    return rng.choice(("；", "\n", "，")).join(parts)


def _category_text(record: Application, style: Style) -> str | None:
    if not style.ticks:
        return record.category
    if record.category is not None and record.category not in CATEGORIES:
        return record.category
    boxes = []
    for option in CATEGORIES:
        mark = style.tick_glyph if option == record.category else style.untick_glyph
        boxes.append(f"{mark}{option}")
    return "\u3000".join(boxes)


def _opinion(record: Application, rng: random.Random) -> list[str]:
    seal = rng.choice(("（盖章）", "单位（盖章）", f"{record.unit}（盖章）" if record.unit else "（盖章）"))
    if not record.unit_endorsed:
        return rng.choice(([], [seal, "年\u3000\u3000月\u3000\u3000日"], ["", "", seal]))
    phrase = rng.choice(
        ("同意推荐。", "同意申报。", "该成果创新性强、应用效果好，同意推荐。", "经审核，情况属实，同意上报。")
    )
    if record.submitted_on is None:  # signed, but no date written
        return [phrase, "", seal]
    return [phrase, "", seal, write_date(record.submitted_on, rng.choice(("cn", "cn_upper")), rng)]


def _person_name(name: str, style: Style, rng: random.Random) -> str:
    if not style.pad_names or len(name) != 2:
        return name
    return name[0] + rng.choice(("\u3000", "  ", " ")) + name[1]


def _person_line(i: int, person: Person, style: Style, rng: random.Random, sep: str) -> str:
    parts = [_person_name(person.name, style, rng)]
    parts += [v for v in (person.unit, person.title) if v]
    return f"{i}．" + sep.join(parts)


def _members_text(record: Application, style: Style, rng: random.Random) -> str:
    """Members in one cell or after one label: lines with unit and title, or a list of names."""
    people = record.members
    if any(p.unit or p.title for p in people):
        sep = rng.choice(("，", "\u3000"))
        return "\n".join(_person_line(i, p, style, rng, sep) for i, p in enumerate(people, 1))
    names = [_person_name(p.name, style, rng) for p in people]
    return style.member_sep.join(names)


# ---------------------------------------------------------------------------------------------
# Word documents


def _new_document(style: Style) -> Any:
    doc = new_document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    normal.font.name = "Times New Roman"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    if style.header:
        para = section.header.paragraphs[0]
        para.text = "国网酒泉供电公司职工技术创新成果申报材料"
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if style.footer:
        para = section.footer.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if style.footer == "folio":
            _field_run(para, "— ", "PAGE", " —")
        elif style.footer == "page_of":
            para.add_run("第 ")
            _field_run(para, "", "PAGE", " 页 共 ")
            _field_run(para, "", "NUMPAGES", " 页")
        else:
            _field_run(para, "", "PAGE", "")
    return doc


def _field_run(para: Any, before: str, instr: str, after: str) -> None:
    if before:
        para.add_run(before)
    para._p.append(
        parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" {instr} "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    )
    if after:
        para.add_run(after)


def _heading(doc: Any, text: str) -> None:
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run(text)
    run.bold = True
    run.font.size = Pt(18)


def _set_cell(cell: Any, text: str | Sequence[str], style: Style, *, center: bool = False) -> None:
    """Write paragraphs into a cell; '\\n' inside a paragraph is a line break."""
    paragraphs = [text] if isinstance(text, str) else list(text) or [""]
    first = cell.paragraphs[0]
    for i, value in enumerate(paragraphs):
        para = first if i == 0 else cell.add_paragraph()
        if center:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _write_runs(para, value, style)


def _write_runs(para: Any, text: str, style: Style) -> None:
    """Text with line breaks; tick boxes as Wingdings symbols or form check boxes when the style says so."""
    glyphs = {"☑": "F0FE", "□": "F0A8", "☒": "F0FD", "■": "F06E"}
    boxes = {**dict.fromkeys(TICKED_GLYPHS, True), **dict.fromkeys(UNTICKED_GLYPHS, False)}
    for j, line in enumerate(text.split("\n")):
        if j:
            para.add_run().add_break(WD_BREAK.LINE)
        if style.form_fields and any(ch in boxes for ch in line):
            for ch in line:
                if ch in boxes:
                    _check_box(para, boxes[ch])
                else:
                    para.add_run(ch)
        elif style.word_symbols and any(ch in glyphs for ch in line):
            for ch in line:
                if ch in glyphs:
                    run = para.add_run()
                    run._r.append(
                        parse_xml(f'<w:sym {nsdecls("w")} w:font="Wingdings" w:char="{glyphs[ch]}"/>')
                    )
                else:
                    para.add_run(ch)
        else:
            para.add_run(line)


def _check_box(para: Any, checked: bool) -> None:
    """A legacy FORMCHECKBOX field: its state lives in the field data, not in any text."""
    state = "<w:checked/>" if checked else ""
    begin = (
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val=""/><w:enabled/>'
        f'<w:checkBox><w:sizeAuto/><w:default w:val="0"/>{state}</w:checkBox></w:ffData></w:fldChar></w:r>'
    )
    para._p.append(parse_xml(begin))
    para._p.append(
        parse_xml(f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>')
    )
    para._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))


def _widths(table: Any, cm: Sequence[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in table.rows:
        for cell, width in zip(row.cells, cm, strict=False):
            cell.width = Cm(width)


@dataclass(slots=True)
class _Row:
    """One labelled row of a form: label, value paragraphs, and what kind of value it is."""

    field: str
    label: str
    value: list[str]


def _rows(record: Application, style: Style, rng: random.Random) -> list[_Row]:
    """The labelled rows of a table form, in the order forms usually print them."""
    rows: list[_Row] = []

    def add(field: str, value: str | list[str] | None, label: str | None = None) -> None:
        if value is None:
            return
        values = [value] if isinstance(value, str) else value
        rows.append(_Row(field, label or _label(field, style, rng), values))

    add("title", record.title or None)
    add("unit", record.unit or None)
    add("category", _category_text(record, style))
    add("specialty", record.specialty)
    if record.completed_on:
        ranged = style.date in ("range", "range_dot")
        label = _label("completed_range" if ranged else "completed_on", style, rng)
        add("completed_on", write_date(record.completed_on, style.date, rng), label)
    if style.lead_row and record.members:
        add("first_member", _person_name(record.members[0].name, style, rng))
    if record.members:
        add("members", _members_text(record, style, rng))
    if record.economic_benefit_wan is not None:
        note, text = write_benefit(record.economic_benefit_wan, style.benefit, rng)
        add("economic_benefit_wan", text, _label("economic_benefit_wan", style, rng) + note)
    add("patents", _patents_text(record, style, rng))
    for field in ("summary", "innovations", "adoption"):
        value = getattr(record, field)
        if value:
            add(field, _prose_paragraphs(field, value))
    add("unit_opinion", _opinion(record, rng))
    return rows


def _prose_paragraphs(field: str, text: str) -> list[str]:
    """Prose kept as written; numbered items of 创新点 each get their own paragraph."""
    if field == "innovations":
        return [p for p in re.split(r"\s+(?=\d+．|（\d+）)", text) if p]
    return text.split(" ")


def _table_a(doc: Any, record: Application, style: Style, rng: random.Random, *, nested: bool) -> None:
    rows = _rows(record, style, rng)
    if style.contact_rows and record.members:
        rows.insert(5, _Row("ignore", "联系人", [record.members[0].name]))
        rows.insert(6, _Row("ignore", "联系电话", [f"1{rng.randint(3000000000, 9999999999)}"]))
    member_rows = 1 + len(record.members) if not nested else 1
    n_rows = sum(member_rows if r.field == "members" else 1 for r in rows)
    cols = 2 if nested else 5
    table = doc.add_table(rows=n_rows, cols=cols)
    table.style = "Table Grid"
    r = 0
    for row in rows:
        if row.field == "members":
            if nested:
                _set_cell(table.cell(r, 0), row.label, style, center=True)
                _nested_members(table.cell(r, 1), record, style, rng)
                r += 1
                continue
            label = table.cell(r, 0).merge(table.cell(r + len(record.members), 0))
            _set_cell(label, row.label, style, center=True)
            _member_grid(table, r, 1, record, style, rng)
            r += 1 + len(record.members)
            continue
        _set_cell(table.cell(r, 0), row.label, style, center=True)
        value = table.cell(r, 1) if nested else table.cell(r, 1).merge(table.cell(r, 4))
        _set_cell(value, row.value, style)
        r += 1
    _widths(table, (3.2, 12.8) if nested else (3.2, 1.2, 2.4, 5.2, 4.0))


_MEMBER_HEADERS = (("序号", "姓名", "单位", "职务/职称"), ("序号", "姓名", "工作单位", "职务（职称）"))


def _member_grid(table: Any, r0: int, c0: int, record: Application, style: Style, rng: random.Random) -> None:
    header = rng.choice(_MEMBER_HEADERS)
    for c, text in enumerate(header):
        _set_cell(table.cell(r0, c0 + c), text, style, center=True)
    for i, person in enumerate(record.members, 1):
        values = (str(i), _person_name(person.name, style, rng), person.unit or "", person.title or "")
        for c, text in enumerate(values):
            _set_cell(table.cell(r0 + i, c0 + c), text, style, center=c < 2)


def _nested_members(cell: Any, record: Application, style: Style, rng: random.Random) -> None:
    cell._tc.remove(cell.paragraphs[0]._p)
    inner = cell.add_table(rows=1 + len(record.members), cols=4)
    inner.style = "Table Grid"
    _member_grid(inner, 0, 0, record, style, rng)
    _widths(inner, (1.1, 2.2, 5.2, 3.9))


def _table_b(doc: Any, record: Application, style: Style, rng: random.Random) -> None:
    by_field = {r.field: r for r in _rows(record, style, rng)}
    layout: list[tuple[_Row, _Row | None]] = []

    def pair(a: str, b: str) -> None:
        ra, rb = by_field.pop(a, None), by_field.pop(b, None)
        if ra and rb and len("".join(ra.value)) < 24 and len("".join(rb.value)) < 24:
            layout.append((ra, rb))
        else:
            layout.extend((r, None) for r in (ra, rb) if r)

    if "title" in by_field:
        layout.append((by_field.pop("title"), None))
    pair("unit", "completed_on")
    pair("category", "specialty")
    if style.contact_rows and record.members:
        contact = _Row("ignore", "联系人", [_person_name(record.members[0].name, style, rng)])
        phone = _Row("ignore", "联系电话", [f"1{rng.randint(3000000000, 9999999999)}"])
        layout.append((contact, phone))
    for field in ("first_member", "members"):
        if field in by_field:
            layout.append((by_field.pop(field), None))
    if "economic_benefit_wan" in by_field:
        count = _Row("ignore", "专利数量", [str(len(record.patents)) if record.patents else "无"])
        benefit = by_field.pop("economic_benefit_wan")
        layout.append((benefit, count) if len("".join(benefit.value)) < 24 else (benefit, None))
    for rest in by_field.values():
        layout.append((rest, None))
    table = doc.add_table(rows=len(layout), cols=4)
    table.style = "Table Grid"
    for r, (left, right) in enumerate(layout):
        _set_cell(table.cell(r, 0), left.label, style, center=True)
        if right is None:
            _set_cell(table.cell(r, 1).merge(table.cell(r, 3)), left.value, style)
        else:
            _set_cell(table.cell(r, 1), left.value, style)
            _set_cell(table.cell(r, 2), right.label, style, center=True)
            _set_cell(table.cell(r, 3), right.value, style)
    _widths(table, (3.0, 5.0, 3.0, 5.0))


def _plain_form(doc: Any, record: Application, style: Style, rng: random.Random) -> None:
    """Layout C: label lines, then numbered sections."""
    colon = style.colon

    def para(text: str) -> Any:
        paragraph = doc.add_paragraph()
        _write_runs(paragraph, text, style)
        return paragraph

    def line(field: str, value: str) -> None:
        para(f"{_label(field, style, rng, in_table=False)}{colon}{value}")

    if record.title:
        line("title", rng.choice((record.title, f"《{record.title}》")))
    if record.unit:
        line("unit", record.unit)
    category = _category_text(record, style)
    if category:
        line("category", category)
    if record.specialty:
        line("specialty", record.specialty)
    if record.completed_on:
        ranged = style.date in ("range", "range_dot")
        label = _label("completed_range" if ranged else "completed_on", style, rng, in_table=False)
        para(f"{label}{colon}{write_date(record.completed_on, style.date, rng)}")
    if record.members:
        if style.lead_row:
            line("first_member", _person_name(record.members[0].name, style, rng))
        text = _members_text(record, style, rng)
        label = _label("members", style, rng, in_table=False)
        if "\n" in text:
            para(f"{label}{colon}")
            for member_line in text.split("\n"):
                para(member_line)
        else:
            para(f"{label}{colon}{text}")
    sections: list[tuple[str, list[str]]] = []
    for field in ("summary", "innovations", "adoption"):
        value = getattr(record, field)
        if value:
            sections.append((field, _prose_paragraphs(field, value)))
    if record.economic_benefit_wan is not None:
        note, text = write_benefit(record.economic_benefit_wan, style.benefit, rng)
        body = text if note == "" else f"经济效益{note}{colon}{text}"
        if style.benefit in ("wan", "yuan", "approx") and rng.random() < 0.5:
            body = f"经济效益{colon}{text}。"
        sections.append(("economic_benefit_wan", [body]))
    sections.append(("patents", _patents_text(record, style, rng).split("\n")))
    opinion = [p for p in _opinion(record, rng) if p]
    sections.append(("unit_opinion", opinion))
    for i, (field, paragraphs) in enumerate(sections, 1):
        heading = doc.add_paragraph()
        heading.add_run(
            f"{_section_number(style.numbering, i)}{_label(field, style, rng, in_table=False)}"
        ).bold = True
        for text in paragraphs:
            para(text)


def _section_number(kind: str, i: int) -> str:
    if kind == "（一）":
        return f"（{_cn_small(i)}）"
    if kind == "1．":
        return f"{i}．"
    return f"{_cn_small(i)}、"


def _cover(doc: Any, record: Application, style: Style, rng: random.Random) -> None:
    """A cover page: the form's name, then title, unit, first member and a date like 二〇二五年六月."""
    para = doc.add_paragraph(f"编号{style.colon}")
    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for _ in range(3):
        doc.add_paragraph()
    _heading(doc, "职工技术创新成果申报书")
    for _ in range(4):
        doc.add_paragraph()
    lines = []
    if record.title:
        lines.append(f"{_label('title', style, rng, in_table=False)}{style.colon}{record.title}")
    if record.unit:
        seal = rng.choice(("（盖章）", ""))
        lines.append(f"{_label('unit', style, rng, in_table=False)}{seal}{style.colon}{record.unit}")
    if record.members and rng.random() < 0.6:
        name = _person_name(record.members[0].name, style, rng)
        lines.append(f"{_label('first_member', style, rng, in_table=False)}{style.colon}{name}")
    for text in lines:
        doc.add_paragraph(text).paragraph_format.left_indent = Cm(2)
    for _ in range(5):
        doc.add_paragraph()
    date = f"{_cn_year('2025')}年{_cn_small(rng.randint(3, 6))}月"
    para = doc.add_paragraph(rng.choice((date, f"申报日期{style.colon}{date}")))
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def render_application(
    record: Application, layout: str, path: Path, rng: random.Random, *, style: Style | None = None
) -> None:
    """Write `record` as a .docx form of `layout` (one of LAYOUTS) at `path`."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown application layout {layout!r}; expected one of {LAYOUTS}")
    style = style or choose_style(rng, layout)
    doc = _new_document(style)
    body = layout
    if layout == "D":
        _cover(doc, record, style, rng)
        body = style.body
    if body != "C":
        para = doc.add_paragraph(f"编号{style.colon}") if rng.random() < 0.5 and layout != "D" else None
        if para is not None:
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _heading(doc, rng.choice(("职工技术创新成果申报书", "职工技术创新成果申报表")))
    if body == "A":
        _table_a(doc, record, style, rng, nested=True)
    elif body == "A2":
        _table_a(doc, record, style, rng, nested=False)
    elif body == "B":
        _table_b(doc, record, style, rng)
    else:
        _heading(doc, "职工技术创新成果申报书")
        _plain_form(doc, record, style, rng)
    if body in ("B", "A") and rng.random() < 0.4:
        doc.add_paragraph("注：本表一式两份，由申报单位填写后报公司工会。")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def write_corpus(
    outdir: Path, count: int, seed: int = 0, formats: tuple[str, ...] = ("docx", "pdf")
) -> list[tuple[Path, Application]]:
    """Write `count` forms cycling through every layout, and `outdir/truth/<file>.json` for each.

    Formats alternate as listed; PDFs are made from docx in one LibreOffice batch and skipped when
    LibreOffice is not installed.
    """
    from ..core.office import soffice_path
    from .year import Document, ExampleYear, write_files

    rng = random.Random(seed)
    names = NamePool(rng)
    usable = [f for f in formats if f != "pdf" or soffice_path() is not None]
    ex = ExampleYear(year=2025)
    for i in range(count if usable else 0):
        layout = LAYOUTS[i % len(LAYOUTS)]
        fmt = usable[(i // len(LAYOUTS)) % len(usable)]
        ex.add(Document(f"app-{i:04d}-{layout}.{fmt}", random_application(rng, names), layout))
    write_files(ex, outdir, seed=seed, truth=True)
    records: list[Application] = [d.record for d in ex.documents]  # type: ignore[misc]
    return sorted(zip(ex.files, records, strict=True), key=lambda m: m[0].name)


__all__ = [
    "LAYOUTS",
    "Style",
    "choose_style",
    "random_application",
    "random_title",
    "render_application",
    "write_benefit",
    "write_corpus",
    "write_date",
    "write_patent",
]
