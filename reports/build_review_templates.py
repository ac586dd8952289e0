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

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm

from . import gbt9704 as g
from .build_common import DocBuilder, build_checked

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


class FormBuilder(DocBuilder):
    """A4 with 25 mm margins and page numbers in the footers."""

    def __init__(self) -> None:
        super().__init__(LOOKS, g.SIZE_SMALL_4, base=lambda name, _: None if name == "Normal" else "Normal")
        for section in self.doc.sections:
            section.page_width, section.page_height = Mm(g.PAGE_WIDTH_MM), Mm(g.PAGE_HEIGHT_MM)
            for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
                setattr(section, side, Mm(MARGIN_MM))
        g.page_number_footers(self.doc)


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
    facts = b.grid(len(_APPLICATION_FIELDS), (Cm(3.2), Cm(12.8)))
    for row, (label, value) in enumerate(_APPLICATION_FIELDS):
        b.fill_cell(facts, row, 0, label, "表头")
        b.fill_cell(facts, row, 1, value, "表格文字")
    b.para("")
    b.loop_table(
        ["评分项目", "满分", "得分"], "c in criteria", ["{{ c.name }}", "{{ c.max }}", ""], (Cm(6.0), Cm(4.0), Cm(6.0)),
        cell_styles="表格居中", total=["合计", "{{ total_max }}", ""],
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
        [Cm(w) for w in (1.3, 3.4, 2.8, 2.5, 2.0, 2.0, 2.0)],
        cell_styles=["表格居中", "表格文字", "表格文字", "表格文字", "表格居中", "表格居中", "表格居中"],
    )  # fmt: skip
    b.tag("{%p if notes %}")
    b.para("说明：", "专家信息")
    b.each("n in notes", ("{{ n }}", "表单说明"))
    b.tag("{%p endif %}")
    b.tag("{%p if missing %}")
    b.para("尚未收回的评分：", "专家信息")
    b.loop_table(
        ["评审专家", "成果名称"], "m in missing", ["{{ m.reviewer }}", "{{ m.title }}"], (Cm(4.0), Cm(12.0)),
        cell_styles=["表格居中", "表格文字"],
    )  # fmt: skip
    b.tag("{%p endif %}")
    b.para("评审委员会主任（签字）：＿＿＿＿＿＿＿　　日期：　　　年　　月　　日", "签字")
    return b


def build_all(out_dir: Path) -> list[Path]:
    """Write both templates into `out_dir` and check them; raises when a check finds a problem."""
    return build_checked(
        out_dir, [(SCORE_FORM_TEMPLATE, build_score_form), (RESULTS_TEMPLATE, build_results)]
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="生成评审模板（评审打分表、评审结果汇总表）")
    parser.add_argument("--out", type=Path, default=TEMPLATES_DIR, help="模板输出文件夹")
    args = parser.parse_args(argv)
    for path in build_all(args.out):
        print(path)


if __name__ == "__main__":
    main()
