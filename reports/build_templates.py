"""Build the two report templates (templates/年度工作总结.docx, templates/纪实.docx) with python-docx.

Run once after changing this file; the .docx files are committed and a clerk may then edit their
wording in Word. Every Jinja tag is written into a single run whose fonts are set explicitly, and the
finished files are checked with `reports.template_check` so no tag this script writes can trip docxtpl.

    .venv/bin/python -m reports.build_templates [--out templates/] [--no-bold-level2]
"""

from __future__ import annotations

import argparse
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table

from . import gbt9704 as g
from .build_common import DocBuilder, build_checked

ANNUAL_TEMPLATE = "年度工作总结.docx"
NEWS_TEMPLATE = "纪实.docx"
TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
TABLES_FILE = Path(__file__).with_name("annual_tables.toml")

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


class Builder(DocBuilder):
    """The GB/T 9704 page: A4 with the standard margins and grid, page numbers in the footers."""

    def __init__(self, bold_level2: bool) -> None:
        # LibreOffice reads a zero w:firstLineChars as "not set" and would inherit the body's
        # two-character indent: styles without a first-line indent are not based on Normal
        super().__init__(
            _styles(bold_level2),
            g.SIZE_3,
            base=lambda name, look: "Normal" if name != "Normal" and look.indent_chars > 0 else None,
        )
        g.bottom_border(self.doc.styles["发文字号"].element, color=g.RED, eighths_pt=12, space_pt=11)
        g.set_page(self.doc)
        g.page_number_footers(self.doc)

    def table(self, spec: TableSpec) -> None:
        """A loop table as wide as the type area: header row, one row per item, optional total row."""
        self.loop_table(
            [heading for heading, _, _ in spec.columns],
            f"{spec.var} in {spec.rows}",
            [f"{{{{ {spec.var}.{field} }}}}" for _, _, field in spec.columns],
            [Mm(width) for _, width, _ in spec.columns],
            cell_styles=["表格文字左" if c in spec.left else "表格文字" for c in range(len(spec.columns))],
            total=spec.total,
        )

    def work_section(self, heading: str, key: str, table: TableSpec) -> None:
        """A 二级标题, the sentence the facts make for it (`<key>.sentence`) and its table."""
        self.para(heading, "Heading 2")
        self.para(f"{{{{ {key}.sentence }}}}")
        self.conditional_table(table)

    def conditional_table(self, spec: TableSpec) -> None:
        """Caption and table, both left out of the document when the rows are empty."""
        self.tag(f"{{%p if {spec.rows} %}}")
        self.para(spec.caption, "表题")
        self.table(spec)
        self.para("", "表后")
        self.tag("{%p endif %}")


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A loop table over `rows` (each item named `var`): columns are (heading, width in mm, field);
    `left` columns align left; `total` is the optional last row; `caption` the 表题 above it."""

    rows: str
    caption: str
    columns: tuple[tuple[str, float, str], ...]
    total: tuple[str, ...] = ()
    left: tuple[int, ...] = ()
    var: str = "r"


def load_tables(path: Path = TABLES_FILE) -> dict[str, TableSpec]:
    """The annual summary's tables from `annual_tables.toml`, by name."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        name: TableSpec(
            rows=t["rows"],
            caption=t.get("caption") or t["heading"],
            columns=tuple((str(h), float(w), str(f)) for h, w, f in t["columns"]),
            total=tuple(t.get("total", ())),
            left=tuple(t.get("left", ())),
            var=t.get("var", "r"),
        )
        for name, t in data.items()
    }


def _chart(b: Builder, key: str, caption: str) -> None:
    """A chart picture and its caption, left out when the chart was not drawn."""
    chart = f"awards.chart_{key}"
    b.when(chart, (f"{{{{ {chart} }}}}", "图"), (f"图{{{{ {chart}_no }}}}　{caption}", "图题"))


def build_annual(bold_level2: bool = True) -> Builder:
    """年度职工技术创新工作总结: GB/T 9704 layout, sections in the order the genre uses."""
    b = Builder(bold_level2)
    tables = load_tables()
    b.when("head.mark", ("{{ head.mark }}", "发文机关标志"), ("{{ head.number }}", "发文字号"))
    b.para("{{ org }}\n{{ year }}年职工技术创新工作总结", "公文标题")
    b.para(
        "{{ year }}年，公司工会坚持以职工技术创新助推企业高质量发展，扎实推进创新平台建设、成果评审推广、"
        "技能竞赛和创新激励等工作。{{ overview }}现将有关情况总结如下："
    )
    b.para("一、主要工作及成效", "Heading 1")

    b.work_section("（一）加强创新平台建设", "platforms", tables["platforms"])
    b.work_section("（二）组织成果申报与形式审查", "applications", tables["applications"])
    b.when("applications.reasons_sentence", "{{ applications.reasons_sentence }}")
    b.work_section("（三）开展年度成果评审", "review", tables["review"])
    b.work_section("（四）获奖情况", "awards", tables["tiers"])
    _chart(b, "tier", "获奖情况（按级别）")
    b.conditional_table(tables["events"])
    _chart(b, "unit", "各单位获奖情况")
    b.work_section("（五）积极参加技能竞赛", "competitions", tables["competitions"])
    b.work_section("（六）落实创新积分激励", "points", tables["points"])

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
    b.when("plan.note", ("{{ plan.note }}", "正文末段"))

    # the last paragraph, the attachment note, the signature and the date stay on one page
    b.para("", "正文末段")
    b.when("appendix.shown", ("附件：数据来源", "正文末段"), ("", "正文末段"))
    b.paras([("{{ org }}", "落款署名"), ("{{ date }}", "落款")])

    b.tag("{%p if appendix.shown %}")
    b.para("附件", "附件标记", page_break_before=True)
    b.para("数据来源", "公文标题")
    b.tag("{%p if appendix.documents %}")
    b.para(
        "本总结中的数字均由系统从已入库的文件和工作区中的登记文件统计得出。表A1列出全部来源文件，"
        "表A2列出每一项不为零的统计数字及其来源文件的序号。"
    )
    for spec in (tables["source_documents"], tables["source_counts"]):
        b.para(spec.caption, "表题")
        b.table(spec)
    b.tag("{%p else %}")
    b.para("系统中尚无本年度可供统计的文件，本总结中没有统计数字。")
    b.tag("{%p endif %}")  # appendix.documents
    b.tag("{%p endif %}")  # appendix.shown
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
    b.when("headline", ("{{ headline }}", "公文标题"), otherwise=[("“匠”心聚力　“创”新致远", "公文标题")])
    b.para("——{{ subtitle }}", "副标题")
    b.when("byline", ("{{ byline }}", "署名"))
    b.para("{{ lead }}")
    for key, subhead in NEWS_SECTIONS:
        b.tag(f"{{%p if {key}.paragraphs %}}")
        b.para(subhead, "小标题")
        b.each(f"text in {key}.paragraphs", "{{ text }}")
        b.tag("{%p endif %}")
    closing = (
        "下一步，{{ org }}将持续深化“平台＋机制＋竞赛＋关爱”的职工创新工作格局，推动更多职工创新成果"
        "转化为安全生产和优质服务的实际成效，为公司高质量发展注入源源不断的创新动能。"
    )
    b.when("closing", "{{ closing }}", otherwise=[closing])
    return b


def build_all(out_dir: Path, *, bold_level2: bool = True) -> list[Path]:
    """Write both templates into `out_dir` and check them; raises when a check finds a problem."""
    return build_checked(
        out_dir,
        [
            (ANNUAL_TEMPLATE, lambda: build_annual(bold_level2)),
            (NEWS_TEMPLATE, lambda: build_news(bold_level2)),
        ],
    )


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
