"""Build templates/形式审查意见.docx, the docxtpl template of the 形式审查意见 read out at the review meeting.

Run after changing this file; the .docx is committed and a clerk may edit its wording in Word.
Chinese fonts are named in `w:eastAsia` (python-docx's `font.name` alone leaves 汉字 in the default font).
Every Jinja tag sits in one run, and loop rows use docxtpl's `{%tr %}` tags.

    .venv/bin/python -m reports.build_review_opinion_template [--out templates/形式审查意见.docx]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from . import gbt9704 as g
from .build_common import blank_document

TEMPLATE_NAME = "形式审查意见.docx"
OUT = Path(__file__).resolve().parents[1] / "templates" / TEMPLATE_NAME

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"

# (style name, east-asian font, size pt, bold, alignment, first-line indent in characters)
STYLES = [
    ("Normal", BODY_FONT, 16.0, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    ("审查意见标题", TITLE_FONT, 22.0, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    ("审查意见一级标题", HEADING_FONT, 16.0, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
    ("审查意见表头", BODY_FONT, 10.5, True, WD_ALIGN_PARAGRAPH.CENTER, 0),
    ("审查意见表格", BODY_FONT, 10.5, False, WD_ALIGN_PARAGRAPH.LEFT, 0),
    ("审查意见落款", BODY_FONT, 16.0, False, WD_ALIGN_PARAGRAPH.RIGHT, 0),
]


def _fonts(rpr_owner: object, east_asia: str) -> None:
    """Name the font in all rFonts slots; `w:eastAsia` is the one Word uses for Chinese characters."""
    rpr = rpr_owner.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(slot), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)


def _define_styles(doc: DocxDocument) -> None:
    for name, font, size, bold, align, indent in STYLES:
        try:
            style = doc.styles[name]
        except KeyError:
            style = doc.styles.add_style(name, 1)  # 1 = paragraph style
            style.base_style = doc.styles["Normal"]
        style.font.size = Pt(size)
        style.font.bold = bold
        _fonts(style.element, font)
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Pt(size * indent) if indent else Pt(0)
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        if size >= 16:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(28 if size == 16 else 36)
        else:
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _page(doc: DocxDocument) -> None:
    """A4 with the GB/T 9704 margins: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)


def _para(doc: DocxDocument, text: str, style: str = "Normal") -> None:
    doc.add_paragraph(style=style).add_run(text)


def _cell(cell: object, text: str, style: str) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.style = style
    paragraph.add_run(text)


def _loop_table(doc: DocxDocument, items: str, columns: list[tuple[str, str, float]]) -> None:
    """A header row, then one row per item of `items` (docxtpl `{%tr for %}` … `{%tr endfor %}`)."""
    g.check_heading_widths([(title, width) for title, _, width in columns])
    table = doc.add_table(rows=4, cols=len(columns))
    g.repeat_header_row(table)
    g.keep_rows_whole(table)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for c, (title, field, width) in enumerate(columns):
        _cell(table.cell(0, c), title, "审查意见表头")
        _cell(table.cell(2, c), "{{ item." + field + " }}", "审查意见表格")
        table.columns[c].width = Mm(width)
        for r in range(4):
            table.cell(r, c).width = Mm(width)
    _cell(table.cell(1, 0), "{%tr for item in " + items + " %}", "审查意见表格")
    _cell(table.cell(3, 0), "{%tr endfor %}", "审查意见表格")


def _section(doc: DocxDocument, items: str, intro: str, columns: list[tuple[str, str, float]]) -> None:
    """An introduction and a table when `items` is not empty, else the single word 无。"""
    _para(doc, "{%p if " + items + " %}")
    if intro:
        _para(doc, intro)
    _loop_table(doc, items, columns)
    _para(doc, "{%p else %}")
    _para(doc, "无。")
    _para(doc, "{%p endif %}")


_REASONS = (("序号", "no", 13), ("成果名称", "title", 43), ("申报单位", "unit", 40))
# (heading, list in the context, introduction, columns as (heading, field, width in mm)), one per verdict
SECTIONS: tuple[tuple[str, str, str, list[tuple[str, str, float]]], ...] = (
    ("二、通过形式审查的成果", "passed", "",
     [("序号", "no", 13), ("成果名称", "title", 62), ("申报单位", "unit", 57), ("第一完成人", "lead", 24)]),
    ("三、需补正的成果", "to_fix", "以下成果请申报单位在规定时间内补正后重新提交，逾期视为放弃。",
     [*_REASONS, ("需补正内容", "reasons", 60)]),
    ("四、未通过形式审查的成果", "failed", "以下成果不符合本年度申报条件，不提交评审。",
     [*_REASONS, ("不通过原因", "reasons", 60)]),
)  # fmt: skip


def build(out: Path = OUT) -> Path:
    """Write the template to `out` and return it."""
    doc = blank_document()
    _define_styles(doc)
    _page(doc)
    _para(doc, "{{ year }}年度职工技术创新成果形式审查意见", "审查意见标题")
    _para(doc, "")
    _para(
        doc,
        "按照《{{ policy_title }}》，{{ organization }}对{{ year }}年度申报的{{ total }}项职工技术创新成果"
        "进行了形式审查。审查内容包括：{{ rule_list }}。现将审查意见报告如下。",
    )
    _para(doc, "一、审查结果", "审查意见一级标题")
    _para(
        doc,
        "共受理申报{{ total }}项。其中通过形式审查{{ passed_count }}项，需补正{{ fix_count }}项，"
        "不通过{{ failed_count }}项。",
    )
    _para(doc, "主要审查标准：{{ criteria_text }}")
    for heading, items, intro, columns in SECTIONS:
        _para(doc, heading, "审查意见一级标题")
        _section(doc, items, intro, columns)
    _para(doc, "五、审查意见", "审查意见一级标题")
    _para(doc, "建议将通过形式审查的{{ passed_count }}项成果提交{{ year }}年度职工技术创新成果评审会评审。")
    _para(doc, "")
    _para(doc, "{{ organization }}", "审查意见落款")
    _para(doc, "{{ date }}", "审查意见落款")
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="生成形式审查意见模板（.docx）")
    parser.add_argument("--out", type=Path, default=OUT, help="输出文件（默认 templates/形式审查意见.docx）")
    args = parser.parse_args()
    print(build(args.out))


if __name__ == "__main__":
    main()
