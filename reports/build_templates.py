"""Build the two report templates (templates/年度工作总结.docx, templates/纪实.docx) with python-docx.

Run once after changing this file; the .docx files are committed and a clerk may then edit their
wording in Word. Every Jinja tag is written into a single run whose fonts are set explicitly, and the
finished files are checked with `reports.template_check` so no tag this script writes can trip docxtpl.

    .venv/bin/python -m reports.build_templates [--out templates/] [--no-bold-level2]
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table

from . import gbt9704 as g
from .template_check import TemplateProblem, check_template

ANNUAL_TEMPLATE = "年度工作总结.docx"
NEWS_TEMPLATE = "纪实.docx"
TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"

CENTER = WD_ALIGN_PARAGRAPH.CENTER
MARK_SIZE = 32.0  # 发文机关标志: large red 小标宋 (the standard leaves the size to the office)
TYPE_AREA_MM = 156


def _styles(bold_level2: bool) -> dict[str, g.TextStyle]:
    """The paragraph styles both templates use, by the name a clerk sees in Word's style list."""
    return {
        "Normal": g.TextStyle(g.BODY_FONT, g.SIZE_3, indent_chars=2),
        "公文标题": g.TextStyle(g.TITLE_FONT, g.SIZE_2, align=CENTER, line_pt=36, space_after_pt=g.LINE_PT),
        "副标题": g.TextStyle(g.HEADING2_FONT, g.SIZE_3, align=CENTER),
        "署名": g.TextStyle(g.HEADING2_FONT, g.SIZE_4, align=CENTER, space_after_pt=g.LINE_PT / 2),
        "Heading 1": g.TextStyle(
            g.HEADING1_FONT, g.SIZE_3, indent_chars=2, keep_with_next=True, outline_level=0
        ),
        "Heading 2": g.TextStyle(
            g.HEADING2_FONT, g.SIZE_3, bold=bold_level2, indent_chars=2, keep_with_next=True, outline_level=1
        ),
        # the article's section heads: centred, bold, half a line above, so they stand apart from the text
        "小标题": g.TextStyle(
            g.HEADING1_FONT,
            g.SIZE_3,
            bold=True,
            align=CENTER,
            keep_with_next=True,
            outline_level=0,
            space_before_pt=g.LINE_PT / 2,
        ),
        "表题": g.TextStyle(
            g.BODY_FONT, g.SIZE_SMALL_4, bold=True, align=CENTER, keep_with_next=True, space_before_pt=6
        ),
        "表格文字": _cell(CENTER),
        "表格文字左": _cell(WD_ALIGN_PARAGRAPH.LEFT),
        "表头": _cell(CENTER, bold=True),
        "表后": g.TextStyle(g.BODY_FONT, 6, line_pt=None, snap_to_grid=False),
        "图": g.TextStyle(
            g.BODY_FONT, g.SIZE_3, align=CENTER, line_pt=None, keep_with_next=True, snap_to_grid=False
        ),
        "图题": g.TextStyle(g.BODY_FONT, g.SIZE_SMALL_4, bold=True, align=CENTER),
        "落款": g.TextStyle(g.BODY_FONT, g.SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent_chars=2),
        # the signature stays on the page of the date, and the lines before it with the last paragraph
        "落款署名": g.TextStyle(
            g.BODY_FONT, g.SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent_chars=2, keep_with_next=True
        ),
        "正文末段": g.TextStyle(g.BODY_FONT, g.SIZE_3, indent_chars=2, keep_with_next=True),
        # 版头 (GB/T 9704 §7.2): red 发文机关标志, 发文字号, and the red separator line 4 mm below it
        "发文机关标志": g.TextStyle(
            g.TITLE_FONT,
            MARK_SIZE,
            align=CENTER,
            line_pt=None,
            snap_to_grid=False,
            color=g.RED,
            space_after_pt=g.LINE_PT,
        ),
        "发文字号": g.TextStyle(g.BODY_FONT, g.SIZE_3, align=CENTER, space_after_pt=g.LINE_PT),
        # 版记 (§7.4): 4号仿宋, one character in from each side
        "版记": g.TextStyle(
            g.BODY_FONT,
            g.SIZE_4,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            line_pt=None,
            snap_to_grid=False,
            left_indent_chars=1,
            right_indent_chars=1,
            space_before_pt=3,
            space_after_pt=3,
        ),
        "附件标记": g.TextStyle(g.HEADING1_FONT, g.SIZE_3, align=WD_ALIGN_PARAGRAPH.LEFT),
        "模板指令": g.TextStyle(g.BODY_FONT, g.SIZE_3, indent_chars=0),
    }


def _cell(align: WD_ALIGN_PARAGRAPH, *, bold: bool = False) -> g.TextStyle:
    """Table text: 仿宋 五号, single spacing off the page grid, a little air above and below."""
    return g.TextStyle(
        g.BODY_FONT, g.SIZE_5, bold=bold, align=align, line_pt=None, snap_to_grid=False,
        space_before_pt=1.5, space_after_pt=1.5,
    )  # fmt: skip


class Builder:
    """Appends styled paragraphs and loop tables to a fresh document, one run per paragraph."""

    def __init__(self, bold_level2: bool) -> None:
        self.doc: DocxDocument = docx.Document()
        self.looks = _styles(bold_level2)
        g.set_defaults(self.doc, g.BODY_FONT, g.SIZE_3)
        for name, look in self.looks.items():
            # LibreOffice reads a zero w:firstLineChars as "not set" and would inherit the body's
            # two-character indent: styles without a first-line indent are not based on Normal
            based = name != "Normal" and look.indent_chars > 0
            g.define_style(self.doc, name, look, base="Normal" if based else None)
        g.bottom_border(self.doc.styles["发文字号"].element, color=g.RED, eighths_pt=12, space_pt=11)
        g.set_page(self.doc)
        g.page_number_footers(self.doc)
        body = self.doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):
            body.remove(p)  # the blank first paragraph of python-docx's default document

    def para(self, text: str, style: str = "Normal", *, page_break_before: bool = False) -> None:
        """One paragraph; a newline in `text` becomes a line break (a title's 回行)."""
        paragraph = self.doc.add_paragraph(style=style)
        if page_break_before:
            paragraph.paragraph_format.page_break_before = True
        for i, line in enumerate(text.split("\n")):
            run = paragraph.add_run(line)
            if i:
                run._r.insert(len(run._r) - 1, OxmlElement("w:br"))
            g.apply_run_style(run, self.looks[style])

    def tag(self, tag: str) -> None:
        """A paragraph holding only a {%p … %} tag: docxtpl removes it when rendering."""
        self.para(tag, "模板指令")

    def table(
        self,
        columns: Sequence[tuple[str, float]],
        loop: str,
        cells: Sequence[str],
        total: Sequence[str] = (),
        *,
        left: Sequence[int] = (),
    ) -> None:
        """A bordered table as wide as the type area: header row, one row repeated by `{%tr for … %}`,
        and an optional total row. `columns` are (heading, width in mm); `left` columns align left."""
        g.check_heading_widths(columns)
        rows = 4 + (1 if total else 0)
        table = self.doc.add_table(rows=rows, cols=len(columns))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for col, (_, width_mm) in zip(table.columns, columns, strict=True):
            col.width = Mm(width_mm)
            for cell in col.cells:
                cell.width = Mm(width_mm)
        self._fill(table, 0, [heading for heading, _ in columns], "表头")
        self._fill(table, 1, [f"{{%tr for {loop} %}}"], "表格文字")
        self._fill(table, 2, cells, "表格文字", left=left)
        self._fill(table, 3, ["{%tr endfor %}"], "表格文字")
        if total:
            self._fill(table, 4, total, "表头")
        g.repeat_header_row(table)
        g.keep_rows_whole(table)

    def _fill(
        self, table: Table, row: int, texts: Sequence[str], style: str, *, left: Sequence[int] = ()
    ) -> None:
        for col, text in enumerate(texts):
            paragraph = table.cell(row, col).paragraphs[0]
            name = "表格文字左" if col in left else style
            paragraph.style = self.doc.styles[name]
            run = paragraph.add_run(text)
            g.apply_run_style(run, self.looks[name])

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.doc.core_properties.author = "匠心"
        self.doc.save(str(path))


def _conditional_table(
    b: Builder,
    condition: str,
    caption: str,
    columns: Sequence[tuple[str, float]],
    loop: str,
    cells: Sequence[str],
    total: Sequence[str] = (),
    *,
    left: Sequence[int] = (),
) -> None:
    """Caption and table, both left out of the document when `condition` is empty."""
    b.tag(f"{{%p if {condition} %}}")
    b.para(caption, "表题")
    b.table(columns, loop, cells, total, left=left)
    b.para("", "表后")
    b.tag("{%p endif %}")


def build_annual(bold_level2: bool = True) -> Builder:
    """年度职工技术创新工作总结: GB/T 9704 layout, sections in the order the genre uses.
    Column widths add up to the 156 mm type area."""
    b = Builder(bold_level2)
    b.tag("{%p if head.mark %}")
    b.para("{{ head.mark }}", "发文机关标志")
    b.para("{{ head.number }}", "发文字号")
    b.tag("{%p endif %}")
    b.para("{{ org }}\n{{ year }}年职工技术创新工作总结", "公文标题")
    b.para(
        "{{ year }}年，公司工会坚持以职工技术创新助推企业高质量发展，扎实推进创新平台建设、成果评审推广、"
        "技能竞赛和创新激励等工作。{{ overview }}现将有关情况总结如下："
    )
    b.para("一、主要工作及成效", "Heading 1")

    b.para("（一）加强创新平台建设", "Heading 2")
    b.para("{{ platforms.sentence }}")
    _conditional_table(
        b, "platforms.rows", "表{{ platforms.table_no }}　创新平台名录",
        [("序号", 13), ("平台名称", 39), ("类型", 22), ("级别", 18), ("所属单位", 28), ("负责人", 16),
         ("命名年份", 20)],
        "r in platforms.rows",
        ["{{ r.no }}", "{{ r.name }}", "{{ r.kind }}", "{{ r.level }}", "{{ r.unit }}", "{{ r.leader }}",
         "{{ r.founded }}"],
        left=[1],
    )  # fmt: skip

    b.para("（二）组织成果申报与形式审查", "Heading 2")
    b.para("{{ applications.sentence }}")
    _conditional_table(
        b, "applications.rows", "表{{ applications.table_no }}　各单位成果申报及形式审查情况",
        [("序号", 14), ("申报单位", 58), ("申报", 21), ("通过", 21), ("待补正", 21), ("不通过", 21)],
        "r in applications.rows",
        ["{{ r.no }}", "{{ r.unit }}", "{{ r.received }}", "{{ r.passed }}", "{{ r.pending }}", "{{ r.failed }}"],
        ["合计", "", "{{ applications.total.received }}", "{{ applications.total.passed }}",
         "{{ applications.total.pending }}", "{{ applications.total.failed }}"],
        left=[1],
    )  # fmt: skip
    b.tag("{%p if applications.reasons_sentence %}")
    b.para("{{ applications.reasons_sentence }}")
    b.tag("{%p endif %}")

    b.para("（三）开展年度成果评审", "Heading 2")
    b.para("{{ review.sentence }}")
    _conditional_table(
        b, "review.rows", "表{{ review.table_no }}　{{ year }}年度职工技术创新成果评审结果",
        [("序号", 13), ("等级", 16), ("成果名称", 57), ("完成单位", 32), ("主要完成人", 38)],
        "r in review.rows",
        ["{{ r.no }}", "{{ r.level }}", "{{ r.title }}", "{{ r.unit }}", "{{ r.names }}"],
        left=[2, 4],
    )  # fmt: skip

    b.para("（四）获奖情况", "Heading 2")
    b.para("{{ awards.sentence }}")
    _conditional_table(
        b, "awards.tier_rows", "表{{ awards.tier_table_no }}　获奖情况（按级别）",
        [("级别", 36), ("成果", 24), ("个人", 24), ("团体", 24), ("集体", 24), ("合计", 24)],
        "r in awards.tier_rows",
        ["{{ r.tier }}", "{{ r.achievement }}", "{{ r.individual }}", "{{ r.team }}", "{{ r.organization }}",
         "{{ r.total }}"],
        ["合计", "{{ awards.tier_total.achievement }}", "{{ awards.tier_total.individual }}",
         "{{ awards.tier_total.team }}", "{{ awards.tier_total.organization }}", "{{ awards.tier_total.total }}"],
    )  # fmt: skip
    b.tag("{%p if awards.chart_tier %}")
    b.para("{{ awards.chart_tier }}", "图")
    b.para("图{{ awards.chart_tier_no }}　获奖情况（按级别）", "图题")
    b.tag("{%p endif %}")
    _conditional_table(
        b, "awards.event_rows", "表{{ awards.event_table_no }}　获奖情况（按赛事和评选）",
        [("序号", 13), ("赛事或评选", 49), ("主办单位", 30), ("级别", 16), ("获奖", 14), ("其中", 34)],
        "r in awards.event_rows",
        ["{{ r.no }}", "{{ r.event }}", "{{ r.organizer }}", "{{ r.tier }}", "{{ r.count }}", "{{ r.detail }}"],
        left=[1, 2, 5],
    )  # fmt: skip
    b.tag("{%p if awards.chart_unit %}")
    b.para("{{ awards.chart_unit }}", "图")
    b.para("图{{ awards.chart_unit_no }}　各单位获奖情况", "图题")
    b.tag("{%p endif %}")

    b.para("（五）积极参加技能竞赛", "Heading 2")
    b.para("{{ competitions.sentence }}")
    _conditional_table(
        b, "competitions.rows", "表{{ competitions.table_no }}　技能竞赛获奖情况",
        [("序号", 13), ("竞赛名称", 43), ("级别", 16), ("个人奖项", 20), ("团体奖项", 20), ("优秀组织奖", 24),
         ("最好成绩", 20)],
        "r in competitions.rows",
        ["{{ r.no }}", "{{ r.event }}", "{{ r.tier }}", "{{ r.individual }}", "{{ r.team }}",
         "{{ r.organization }}", "{{ r.best }}"],
        left=[1],
    )  # fmt: skip

    b.para("（六）落实创新积分激励", "Heading 2")
    b.para("{{ points.sentence }}")
    _conditional_table(
        b, "points.rows", "表{{ points.table_no }}　各单位创新积分",
        [("序号", 16), ("单位", 70), ("获奖项数", 35), ("积分", 35)],
        "r in points.rows",
        ["{{ r.no }}", "{{ r.unit }}", "{{ r.awards }}", "{{ r.points }}"],
        ["合计", "", "{{ points.total.awards }}", "{{ points.total.points }}"],
        left=[1],
    )  # fmt: skip

    b.para("二、{{ next_year }}年工作打算", "Heading 1")
    b.tag("{%p for item in plan.paragraphs %}")
    b.tag("{%p if item.heading %}")
    b.para("{{ item.text }}", "Heading 2")
    b.tag("{%p elif item.last %}")
    b.para("{{ item.text }}", "正文末段")
    b.tag("{%p else %}")
    b.para("{{ item.text }}")
    b.tag("{%p endif %}")
    b.tag("{%p endfor %}")
    b.tag("{%p if plan.note %}")
    b.para("{{ plan.note }}", "正文末段")
    b.tag("{%p endif %}")

    # the last paragraph, the attachment note, the signature and the date stay on one page
    b.para("", "正文末段")
    b.tag("{%p if appendix.shown %}")
    b.para("附件：数据来源", "正文末段")
    b.para("", "正文末段")
    b.tag("{%p endif %}")
    b.para("{{ org }}", "落款署名")
    b.para("{{ date }}", "落款")

    b.tag("{%p if appendix.shown %}")
    b.para("附件", "附件标记", page_break_before=True)
    b.para("数据来源", "公文标题")
    b.tag("{%p if appendix.documents %}")
    b.para(
        "本总结中的数字均由系统从已入库的文件和工作区中的登记文件统计得出。表A1列出全部来源文件，"
        "表A2列出每一项不为零的统计数字及其来源文件的序号。"
    )
    b.para("表A1　来源文件", "表题")
    b.table(
        [("序号", 14), ("文件名", 106), ("类型", 36)],
        "d in appendix.documents",
        ["{{ d.no }}", "{{ d.name }}", "{{ d.kind }}"],
        left=[1],
    )
    b.para("表A2　统计数字及来源", "表题")
    b.table(
        [("序号", 14), ("统计项", 76), ("数值", 20), ("来源文件序号", 46)],
        "c in appendix.counts",
        ["{{ c.no }}", "{{ c.label }}", "{{ c.value }}", "{{ c.sources }}"],
        left=[1, 3],
    )
    b.tag("{%p else %}")
    b.para("系统中尚无本年度可供统计的文件，本总结中没有统计数字。")
    b.tag("{%p endif %}")
    b.tag("{%p endif %}")
    _imprint(b)
    return b


def _imprint(b: Builder) -> None:
    """版记 (GB/T 9704 §7.4) on the last page when the document has a 版头: 抄送 (when given), then
    印发机关 and 印发日期, between thick lines, a thin line between them."""
    b.tag("{%p if head.mark %}")
    b.para("", "表后")
    table = b.doc.add_table(rows=4, cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell in table.columns[0].cells:
        cell.width = Mm(TYPE_AREA_MM)
    texts = (
        "{%tr if head.copy_to %}",
        "抄送：{{ head.copy_to }}。",
        "{%tr endif %}",
        "{{ head.printed_by }}",
    )
    for row, text in zip(table.rows, texts, strict=True):
        paragraph = row.cells[0].paragraphs[0]
        paragraph.style = b.doc.styles["版记"]
        run = paragraph.add_run(text)
        g.apply_run_style(run, b.looks["版记"])
    printed = table.rows[3].cells[0].paragraphs[0]
    printed.paragraph_format.tab_stops.add_tab_stop(Mm(TYPE_AREA_MM - 8), WD_TAB_ALIGNMENT.RIGHT)
    for text in ("\t", "{{ head.printed_on }}印发"):
        run = printed.add_run(text)
        g.apply_run_style(run, b.looks["版记"])
    _imprint_lines(table)
    _at_page_foot(table)
    g.keep_rows_whole(table)
    b.para("", "表后")  # the paragraph the floating table is anchored to
    b.tag("{%p endif %}")


def _at_page_foot(table: Table) -> None:
    """The table floats to the foot of the type area on the page of its anchor (GB/T 9704 §7.4: the
    版记 ends the last page), lined up with the type area and never over other text. Placed from the
    page's left edge, as LibreOffice floats a table as wide as the type area only when so placed."""
    tbl_pr = table._tbl.tblPr
    position = OxmlElement("w:tblpPr")
    for key, value in (
        ("leftFromText", "0"), ("rightFromText", "0"), ("topFromText", "0"), ("bottomFromText", "0"),
        ("vertAnchor", "margin"), ("horzAnchor", "page"), ("tblpX", str(Mm(g.MARGIN_LEFT_MM).twips)),
        ("tblpYSpec", "bottom"),
    ):  # fmt: skip
        position.set(qn(f"w:{key}"), value)
    overlap = OxmlElement("w:tblOverlap")
    overlap.set(qn("w:val"), "never")
    style = tbl_pr.find(qn("w:tblStyle"))
    if style is None:
        tbl_pr.insert(0, position)
    else:
        style.addnext(position)
    position.addnext(overlap)


def _imprint_lines(table: Table) -> None:
    """Thick top and bottom lines (0.35 mm), a thin line (0.25 mm) between rows, nothing at the sides."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side, size in (("top", 8), ("left", 0), ("bottom", 8), ("right", 0), ("insideH", 6), ("insideV", 0)):
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single" if size else "nil")
        if size:
            line.set(qn("w:sz"), str(size))
            line.set(qn("w:space"), "0")
            line.set(qn("w:color"), "000000")
        borders.append(line)
    later = [tbl_pr.find(qn(tag)) for tag in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")]
    following = next((el for el in later if el is not None), None)
    if following is None:
        tbl_pr.append(borders)
    else:
        following.addprevious(borders)


NEWS_SECTIONS: tuple[tuple[str, str], ...] = (
    ("platform", "平台筑基，从“单兵作战”到“集群攻关”"),
    ("incentive", "激励赋能，从“要我创新”到“我要创新”"),
    ("contest", "竞赛淬炼，从“岗位练兵”到“赛场夺魁”"),
    ("care", "关爱护航，从“后顾之忧”到“心无旁骛”"),
)


def build_news(bold_level2: bool = True) -> Builder:
    """纪实: headline, subtitle, byline, lead, four parallel sections, closing."""
    b = Builder(bold_level2)
    b.tag("{%p if headline %}")
    b.para("{{ headline }}", "公文标题")
    b.tag("{%p else %}")
    b.para("“匠”心聚力　“创”新致远", "公文标题")
    b.tag("{%p endif %}")
    b.para("——{{ subtitle }}", "副标题")
    b.tag("{%p if byline %}")
    b.para("{{ byline }}", "署名")
    b.tag("{%p endif %}")
    b.para("{{ lead }}")
    for key, subhead in NEWS_SECTIONS:
        b.tag(f"{{%p if {key}.paragraphs %}}")
        b.para(subhead, "小标题")
        b.tag(f"{{%p for text in {key}.paragraphs %}}")
        b.para("{{ text }}")
        b.tag("{%p endfor %}")
        b.tag("{%p endif %}")
    b.tag("{%p if closing %}")
    b.para("{{ closing }}")
    b.tag("{%p else %}")
    b.para(
        "下一步，{{ org }}将持续深化“平台＋机制＋竞赛＋关爱”的职工创新工作格局，推动更多职工创新成果"
        "转化为安全生产和优质服务的实际成效，为公司高质量发展注入源源不断的创新动能。"
    )
    b.tag("{%p endif %}")
    return b


def build_all(out_dir: Path, *, bold_level2: bool = True) -> list[Path]:
    """Write both templates into `out_dir` and check them; raises when a check finds a problem."""
    written = []
    for name, build in ((ANNUAL_TEMPLATE, build_annual), (NEWS_TEMPLATE, build_news)):
        path = out_dir / name
        build(bold_level2).save(path)
        problems = check_template(path)
        if problems:
            raise TemplateProblem(path, problems)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="生成报告模板（年度工作总结、纪实）")
    parser.add_argument("--out", type=Path, default=TEMPLATES_DIR, help="模板输出文件夹")
    parser.add_argument(
        "--no-bold-level2", action="store_true", help="二级标题（楷体）不加粗（GB/T 9704 原文不要求加粗）"
    )
    args = parser.parse_args(argv)
    for path in build_all(args.out, bold_level2=not args.no_bold_level2):
        print(path)


if __name__ == "__main__":
    main()
