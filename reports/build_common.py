"""What the template build scripts share: a blank document, a builder that appends styled paragraphs,
`{%p %}` tag paragraphs and `{%tr for %}` loop tables (one run per paragraph, so no Jinja tag is split),
and the step that writes templates and checks them with `reports.template_check`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length
from docx.table import Table

from . import gbt9704 as g
from .template_check import TemplateProblem, check_template

AUTHOR = "匠心"
# a paragraph to write: its text (in the body style) or (text, style name)
Para = str | tuple[str, str]


def blank_document() -> DocxDocument:
    """python-docx's default document without its blank first paragraph."""
    doc = docx.Document()
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return doc


def save_document(doc: DocxDocument, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.core_properties.author = AUTHOR
    doc.save(str(path))
    return path


class DocBuilder:
    """Appends styled paragraphs and tables to a blank document, one run per paragraph. `looks` are the
    paragraph styles by the name a clerk sees in Word; `base` names the style each is based on."""

    def __init__(
        self,
        looks: dict[str, g.TextStyle],
        size_pt: float,
        base: Callable[[str, g.TextStyle], str | None],
    ) -> None:
        self.doc: DocxDocument = blank_document()
        self.looks = looks
        g.set_defaults(self.doc, g.BODY_FONT, size_pt)
        for name, look in looks.items():
            g.define_style(self.doc, name, look, base=base(name, look))

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

    def paras(self, paragraphs: Sequence[Para]) -> None:
        """Several paragraphs: text alone is a body paragraph, (text, style) a styled one."""
        for item in paragraphs:
            text, style = (item, "Normal") if isinstance(item, str) else item
            self.para(text, style)

    def when(self, condition: str, *paragraphs: Para, otherwise: Sequence[Para] = ()) -> None:
        """Paragraphs shown only when `condition` holds, else `otherwise` ({%p if %} … {%p endif %})."""
        self.tag(f"{{%p if {condition} %}}")
        self.paras(paragraphs)
        if otherwise:
            self.tag("{%p else %}")
            self.paras(otherwise)
        self.tag("{%p endif %}")

    def each(self, loop: str, *paragraphs: Para) -> None:
        """Paragraphs repeated for every item ({%p for <loop> %} … {%p endfor %})."""
        self.tag(f"{{%p for {loop} %}}")
        self.paras(paragraphs)
        self.tag("{%p endfor %}")

    def grid(self, rows: int, widths: Sequence[Length]) -> Table:
        """A bordered, centred table with fixed column widths (w:gridCol for LibreOffice and WPS, w:tcW
        for Word)."""
        table = self.doc.add_table(rows=rows, cols=len(widths))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
            for cell in column.cells:
                cell.width = width
        return table

    def fill_cell(self, table: Table, row: int, col: int, text: str, style: str) -> None:
        paragraph = table.cell(row, col).paragraphs[0]
        paragraph.style = self.doc.styles[style]
        g.apply_run_style(paragraph.add_run(text), self.looks[style])

    def fill_row(self, table: Table, row: int, texts: Sequence[str], styles: Sequence[str] | str) -> None:
        """The row's cells from the left; one style for all or one per cell."""
        for col, text in enumerate(texts):
            self.fill_cell(table, row, col, text, styles if isinstance(styles, str) else styles[col])

    def loop_table(
        self,
        headers: Sequence[str],
        loop: str,
        cells: Sequence[str],
        widths: Sequence[Length],
        *,
        cell_styles: Sequence[str] | str = "表格文字",
        total: Sequence[str] = (),
    ) -> Table:
        """Header row (repeated on every page), a row repeated by `{%tr for <loop> %}`, and an optional
        total row; no row breaks across a page. Every heading must fit its column on one line."""
        g.check_heading_widths([(h, w.mm) for h, w in zip(headers, widths, strict=True)])
        table = self.grid(4 + (1 if total else 0), widths)
        self.fill_row(table, 0, headers, "表头")
        self.fill_row(table, 1, [f"{{%tr for {loop} %}}"], "表格文字")
        self.fill_row(table, 2, cells, cell_styles)
        self.fill_row(table, 3, ["{%tr endfor %}"], "表格文字")
        if total:
            self.fill_row(table, 4, total, "表头")
        g.repeat_header_row(table)
        g.keep_rows_whole(table)
        return table

    def save(self, path: Path) -> Path:
        return save_document(self.doc, path)


def build_checked(out_dir: Path, builds: Sequence[tuple[str, Callable[[], DocBuilder]]]) -> list[Path]:
    """Write each template into `out_dir` and check it; raises TemplateProblem when a check finds one."""
    written = []
    for name, build in builds:
        path = build().save(out_dir / name)
        problems = check_template(path)
        if problems:
            raise TemplateProblem(path, problems)
        written.append(path)
    return written
