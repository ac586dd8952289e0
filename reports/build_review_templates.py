"""Build the review templates (templates/评审打分表.docx, templates/评审结果汇总表.docx) with python-docx.

Run once after changing this file; the .docx files are committed and a clerk may edit their wording
in Word. Fonts are named in `w:eastAsia` (reports.gbt9704), every Jinja tag sits in one run, and the
finished files are checked with `reports.template_check`.

    .venv/bin/python -m reports.build_review_templates [--out templates/]
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm
from docx.table import Table

from . import gbt9704 as g
from .template_check import TemplateProblem, check_template

SCORE_FORM_TEMPLATE = "评审打分表.docx"
RESULTS_TEMPLATE = "评审结果汇总表.docx"
TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"

CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
MARGIN_MM = 25

LOOKS: dict[str, g.TextStyle] = {
    "Normal": g.TextStyle(g.BODY_FONT, g.SIZE_SMALL_4, line_pt=22),
    "表单标题": g.TextStyle(g.TITLE_FONT, 18.0, align=CENTER, line_pt=32, space_after_pt=12),
    "表单说明": g.TextStyle(g.BODY_FONT, g.SIZE_SMALL_4, indent_chars=2, line_pt=22),
    "专家信息": g.TextStyle(g.HEADING2_FONT, g.SIZE_SMALL_4, bold=True, align=LEFT, line_pt=24),
    "成果标题": g.TextStyle(
        g.HEADING1_FONT, g.SIZE_SMALL_4, align=LEFT, line_pt=24, space_before_pt=12, space_after_pt=6,
        keep_with_next=True, outline_level=0,
    ),
    "表格文字": g.TextStyle(g.BODY_FONT, g.SIZE_5, align=LEFT, line_pt=None),
    "表格居中": g.TextStyle(g.BODY_FONT, g.SIZE_5, align=CENTER, line_pt=None),
    "表头": g.TextStyle(g.BODY_FONT, g.SIZE_5, bold=True, align=CENTER, line_pt=None),
    "签字": g.TextStyle(g.BODY_FONT, g.SIZE_SMALL_4, align=LEFT, line_pt=28, space_before_pt=18),
    "模板指令": g.TextStyle(g.BODY_FONT, g.SIZE_SMALL_4, line_pt=None),
}  # fmt: skip


class FormBuilder:
    """Appends styled paragraphs and tables to a fresh A4 document, one run per paragraph."""

    def __init__(self) -> None:
        self.doc: DocxDocument = docx.Document()
        g.set_defaults(self.doc, g.BODY_FONT, g.SIZE_SMALL_4)
        for name, look in LOOKS.items():
            g.define_style(self.doc, name, look, base=None if name == "Normal" else "Normal")
        for section in self.doc.sections:
            section.page_width, section.page_height = Mm(g.PAGE_WIDTH_MM), Mm(g.PAGE_HEIGHT_MM)
            for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
                setattr(section, side, Mm(MARGIN_MM))
        g.page_number_footers(self.doc)
        body = self.doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):
            body.remove(p)

    def para(self, text: str, style: str = "Normal") -> None:
        paragraph = self.doc.add_paragraph(style=style)
        g.apply_run_style(paragraph.add_run(text), LOOKS[style])

    def tag(self, tag: str) -> None:
        """A paragraph holding only a {%p … %} tag: docxtpl removes it when rendering."""
        self.para(tag, "模板指令")

    def table(self, rows: int, widths_cm: Sequence[float]) -> Table:
        table = self.doc.add_table(rows=rows, cols=len(widths_cm))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths_cm, strict=True):
            column.width = Cm(width)  # w:gridCol, which LibreOffice and WPS follow
        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm, strict=True):
                cell.width = Cm(width)  # w:tcW, which Word follows
        return table

    def fill(self, table: Table, row: int, texts: Sequence[str], style: str) -> None:
        for col, text in enumerate(texts):
            self.fill_cell(table, row, col, text, style)

    def loop_table(
        self,
        headers: Sequence[str],
        loop: str,
        cells: Sequence[str],
        widths_cm: Sequence[float],
        total: Sequence[str] = (),
        styles: Sequence[str] = (),
    ) -> None:
        """Header row, a row repeated by `{%tr for … %}`, and an optional total row."""
        g.check_heading_widths([(h, w * 10) for h, w in zip(headers, widths_cm, strict=True)])
        table = self.table(4 + (1 if total else 0), widths_cm)
        g.repeat_header_row(table)
        g.keep_rows_whole(table)
        self.fill(table, 0, headers, "表头")
        self.fill(table, 1, [f"{{%tr for {loop} %}}"], "表格文字")
        for col, text in enumerate(cells):
            self.fill_cell(table, 2, col, text, styles[col] if styles else "表格居中")
        self.fill(table, 3, ["{%tr endfor %}"], "表格文字")
        if total:
            self.fill(table, 4, total, "表头")
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:tblHeader"))  # the header row repeats on every page

    def fill_cell(self, table: Table, row: int, col: int, text: str, style: str) -> None:
        paragraph = table.cell(row, col).paragraphs[0]
        paragraph.style = self.doc.styles[style]
        g.apply_run_style(paragraph.add_run(text), LOOKS[style])

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.doc.core_properties.author = "匠心"
        self.doc.save(str(path))


_APPLICATION_FIELDS: tuple[tuple[str, str], ...] = (
    ("申报单位", "{{ a.unit }}"),
    ("成果类别", "{{ a.category }}"),
    ("专业类别", "{{ a.specialty }}"),
    ("主要完成人", "{{ a.members }}"),
    ("成果简介", "{{ a.summary }}"),
    ("主要创新点", "{{ a.innovations }}"),
    ("推广应用情况", "{{ a.adoption }}"),
    ("经济效益", "{{ a.benefit }}"),
    ("专利", "{{ a.patents }}"),
)


def build_score_form() -> FormBuilder:
    """评审打分表: one reviewer, each assigned application with its facts and an empty criteria table."""
    b = FormBuilder()
    b.para("{{ year }}年度职工技术创新成果评审打分表", "表单标题")
    b.para(
        "评审专家：{{ reviewer.name }}　　单位：{{ reviewer.unit }}　　专业：{{ reviewer.specialty }}",
        "专家信息",
    )
    b.para(
        "评分说明：本次请您评审成果 {{ count }} 项。各评分项满分见每项成果的评分表，合计 {{ total_max }} 分。"
        "{{ method }}请在随附的 Excel 评分表中填写得分并交回；本表供阅读和签字存档。",
        "表单说明",
    )
    b.para(
        "回避要求：如您与所评成果存在利害关系（本人参与、同一单位、近亲属参与等），请在评审前向评审组织部门申明回避。",
        "表单说明",
    )
    b.tag("{%p for a in applications %}")
    b.para("{{ a.no }}．{{ a.title }}（编号 {{ a.id }}）", "成果标题")
    facts = b.table(len(_APPLICATION_FIELDS), (3.2, 12.8))
    for row, (label, value) in enumerate(_APPLICATION_FIELDS):
        b.fill_cell(facts, row, 0, label, "表头")
        b.fill_cell(facts, row, 1, value, "表格文字")
    b.para("")
    b.loop_table(
        ["评分项目", "满分", "得分"], "c in criteria", ["{{ c.name }}", "{{ c.max }}", ""], (6.0, 4.0, 6.0),
        total=["合计", "{{ total_max }}", ""],
    )  # fmt: skip
    b.tag("{%p endfor %}")
    b.para("评审专家（签字）：＿＿＿＿＿＿＿＿　　　　日期：　　　　年　　月　　日", "签字")
    return b


def build_results() -> FormBuilder:
    """评审结果汇总表: the ranking with each reviewer's total, the final score and the proposed grade."""
    b = FormBuilder()
    b.para("{{ year }}年度职工技术创新成果评审结果汇总表", "表单标题")
    b.para("评审组织单位：{{ org }}　　　　汇总日期：{{ date }}", "专家信息")
    b.para("{{ summary }}", "表单说明")
    b.loop_table(
        ["排名", "成果名称", "申报单位", "主要完成人", "专家评分", "最终得分", "建议等级"],
        "r in ranking",
        ["{{ r.rank }}", "{{ r.title }}", "{{ r.unit }}", "{{ r.members }}", "{{ r.totals }}", "{{ r.score }}",
         "{{ r.grade }}"],
        (1.3, 3.4, 2.8, 2.5, 2.0, 2.0, 2.0),
        styles=["表格居中", "表格文字", "表格文字", "表格文字", "表格居中", "表格居中", "表格居中"],
    )  # fmt: skip
    b.tag("{%p if notes %}")
    b.para("说明：", "专家信息")
    b.tag("{%p for n in notes %}")
    b.para("{{ n }}", "表单说明")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.tag("{%p if missing %}")
    b.para("尚未收回的评分：", "专家信息")
    b.loop_table(
        ["评审专家", "成果名称"], "m in missing", ["{{ m.reviewer }}", "{{ m.title }}"], (4.0, 12.0),
        styles=["表格居中", "表格文字"],
    )  # fmt: skip
    b.tag("{%p endif %}")
    b.para("评审委员会主任（签字）：＿＿＿＿＿＿＿　　日期：　　　年　　月　　日", "签字")
    return b


def build_all(out_dir: Path) -> list[Path]:
    """Write both templates into `out_dir` and check them; raises when a check finds a problem."""
    written = []
    for name, build in ((SCORE_FORM_TEMPLATE, build_score_form), (RESULTS_TEMPLATE, build_results)):
        path = out_dir / name
        build().save(path)
        problems = check_template(path)
        if problems:
            raise TemplateProblem(path, problems)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="生成评审模板（评审打分表、评审结果汇总表）")
    parser.add_argument("--out", type=Path, default=TEMPLATES_DIR, help="模板输出文件夹")
    args = parser.parse_args(argv)
    for path in build_all(args.out):
        print(path)


if __name__ == "__main__":
    main()
