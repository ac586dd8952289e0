"""GB/T 9704-2012 page and type settings, applied with python-docx when the templates are built.

Word only shows a Chinese font when it is named in `w:rFonts/@w:eastAsia`; python-docx's
`font.name` sets the Latin slots only, so every style and run here sets all four slots itself.
Sizes are given in points; WordprocessingML stores them in half-points (`w:sz w:val="32"` is 16 pt).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# --- page (GB/T 9704-2012 §5.2): A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm --------------------
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37
MARGIN_BOTTOM_MM = 35
MARGIN_LEFT_MM = 28
MARGIN_RIGHT_MM = 26
# the page number's dash sits 7 mm below the type area; the footer's bottom edge lands ~5 mm lower
FOOTER_DISTANCE_MM = MARGIN_BOTTOM_MM - 7 - 5

# --- type sizes (号 → pt) ---------------------------------------------------------------------
SIZE_2 = 22.0  # 二号
SIZE_3 = 16.0  # 三号
SIZE_4 = 14.0  # 四号
SIZE_SMALL_4 = 12.0  # 小四
SIZE_5 = 10.5  # 五号

LINE_PT = 28.0  # 固定值 28 磅: 22 lines on the 225 mm type area

# --- fonts: Chinese names as Word knows them, with the Latin font for digits and letters ----------
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"


def set_run_fonts(element: object, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the font in all four rFonts slots of a run or style (`w:eastAsia` is what Word uses for 汉字)."""
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(slot), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")  # quotes and dashes shared with Latin text use the Chinese font
    # a theme font attribute would override the names above
    for slot in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(slot), None)


@dataclass(frozen=True, slots=True)
class TextStyle:
    """How one kind of paragraph looks: font, size, weight, alignment, indent and spacing."""

    font: str
    size: float
    bold: bool = False
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY
    indent_chars: int = 0  # first-line indent in characters (左空二字 = 2)
    right_indent_chars: int = 0
    left_indent_chars: int = 0
    line_pt: float | None = LINE_PT  # None = single spacing
    space_before_pt: float = 0
    space_after_pt: float = 0
    keep_with_next: bool = False
    outline_level: int | None = None
    snap_to_grid: bool = True  # off for tables, figures and page numbers: the 28-pt grid would space them out
    color: str = "000000"  # RRGGBB; red (FF0000) only for the 版头


def apply_run_style(run: Run, style: TextStyle) -> None:
    """Give a run the style's font and size directly, so Word shows them even if the style is edited."""
    run.font.size = Pt(style.size)
    run.font.bold = style.bold
    run.font.color.rgb = RGBColor.from_string(style.color)
    set_run_fonts(run._r, style.font)


def define_style(
    doc: DocxDocument, name: str, style: TextStyle, *, base: str | None = "Normal"
) -> ParagraphStyle:
    """Create (or reset) the paragraph style `name` with the given look."""
    styles = doc.styles
    found = next((s for s in styles if s.name == name), None)
    target = found if found is not None else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(target, ParagraphStyle)
    if base and name != base:
        target.base_style = styles[base]
    font = target.font
    font.size = Pt(style.size)
    font.bold = style.bold
    font.italic = False
    font.color.rgb = RGBColor.from_string(style.color)
    set_run_fonts(target.element, style.font)
    fmt = target.paragraph_format
    fmt.alignment = style.align
    set_indent(target.element, style)
    if style.line_pt is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(style.line_pt)
    fmt.space_before = Pt(style.space_before_pt)
    fmt.space_after = Pt(style.space_after_pt)
    fmt.keep_with_next = style.keep_with_next
    fmt.widow_control = True
    if not style.snap_to_grid:
        no_grid_snap(target.element)
    if style.outline_level is not None:
        ppr = target.element.get_or_add_pPr()
        level = ppr.find(qn("w:outlineLvl"))
        if level is None:
            level = OxmlElement("w:outlineLvl")
            ppr.insert_element_before(level, *_AFTER_OUTLINE)
        level.set(qn("w:val"), str(style.outline_level))
    return target


# children of w:pPr that must follow w:snapToGrid / w:outlineLvl (the schema fixes the order)
_AFTER_SNAP = (
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_OUTLINE = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


RED = "FF0000"


def bottom_border(element: object, *, color: str, eighths_pt: int, space_pt: int) -> None:
    """A line under a paragraph (or every paragraph of a style), as wide as the type area: the red
    separator under the 发文字号. `eighths_pt` is the line's weight (8 = 1 pt), `space_pt` its distance."""
    ppr = element.get_or_add_pPr()  # type: ignore[attr-defined]
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.insert_element_before(borders, *_AFTER_BORDER)
    line = OxmlElement("w:bottom")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(eighths_pt))
    line.set(qn("w:space"), str(space_pt))
    line.set(qn("w:color"), color)
    borders.append(line)


# children of w:pPr that follow w:pBdr
_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    *_AFTER_SNAP,
)  # fmt: skip


def no_grid_snap(element: object) -> None:
    """Keep a paragraph (or style) off the document grid, so single spacing stays single."""
    ppr = element.get_or_add_pPr()  # type: ignore[attr-defined]
    snap = ppr.find(qn("w:snapToGrid"))
    if snap is None:
        snap = OxmlElement("w:snapToGrid")
        ppr.insert_element_before(snap, *_AFTER_SNAP)
    snap.set(qn("w:val"), "0")


def set_indent(element: object, style: TextStyle) -> None:
    """Indents in characters (w:firstLineChars etc., hundredths of a character) plus twips for old readers."""
    ppr = element.get_or_add_pPr()  # type: ignore[attr-defined]
    ind = ppr.get_or_add_ind()
    twips_per_char = int(style.size * 20)
    values = {
        "w:firstLine": style.indent_chars * twips_per_char,
        "w:firstLineChars": style.indent_chars * 100,
        "w:left": style.left_indent_chars * twips_per_char,
        "w:leftChars": style.left_indent_chars * 100,
        "w:right": style.right_indent_chars * twips_per_char,
        "w:rightChars": style.right_indent_chars * 100,
    }
    for key, value in values.items():
        ind.set(qn(key), str(value))


def set_defaults(doc: DocxDocument, font: str, size: float) -> None:
    """Document-wide run defaults without theme fonts, so nothing falls back to a Western theme font."""
    styles_el = doc.styles.element
    rpr_default = styles_el.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault"))
    if rpr_default is None:
        return
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    holder = _RprHolder(rpr)
    set_run_fonts(holder, font)
    size_el = rpr.find(qn("w:sz"))
    if size_el is None:
        size_el = OxmlElement("w:sz")
        rpr.append(size_el)
    size_el.set(qn("w:val"), str(int(size * 2)))
    # the text is Simplified Chinese: renderers pick SC glyphs (not Japanese ones) for a missing font
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
        lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


class _RprHolder:
    """Lets `set_run_fonts` work on a bare w:rPr (docDefaults) as on a run or a style."""

    def __init__(self, rpr: object) -> None:
        self._rpr = rpr

    def get_or_add_rPr(self) -> object:
        return self._rpr


def set_page(doc: DocxDocument) -> None:
    """A4 portrait with the GB/T 9704 margins and a 22-line document grid on every section."""
    for section in doc.sections:
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width = Mm(PAGE_WIDTH_MM)
        section.page_height = Mm(PAGE_HEIGHT_MM)
        section.top_margin = Mm(MARGIN_TOP_MM)
        section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
        section.left_margin = Mm(MARGIN_LEFT_MM)
        section.right_margin = Mm(MARGIN_RIGHT_MM)
        section.header_distance = Mm(15)
        section.footer_distance = Mm(FOOTER_DISTANCE_MM)
        sect_pr = section._sectPr
        grid = sect_pr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sect_pr.append(grid)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(int(LINE_PT * 20)))


def add_field(paragraph: Paragraph, instruction: str, style: TextStyle, placeholder: str = "1") -> None:
    """A complex field (PAGE, NUMPAGES…) Word and LibreOffice update when the page is laid out."""

    def run_with(child: object) -> None:
        run = paragraph.add_run()
        apply_run_style(run, style)
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    shown = paragraph.add_run(placeholder)
    apply_run_style(shown, style)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def page_number_footers(doc: DocxDocument) -> None:
    """'— 1 —' in 4号 宋体 half-width digits: odd pages right, even pages left, each one character in."""
    doc.settings.odd_and_even_pages_header_footer = True
    for section in doc.sections:
        odd = section.footer
        odd.is_linked_to_previous = False
        _page_number(odd.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
        even = section.even_page_footer
        even.is_linked_to_previous = False
        _page_number(even.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH) -> None:
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    odd = align == WD_ALIGN_PARAGRAPH.RIGHT
    look = TextStyle(
        font=PAGE_NUMBER_FONT, size=SIZE_4, line_pt=None, align=align,
        right_indent_chars=1 if odd else 0, left_indent_chars=0 if odd else 1,
    )  # fmt: skip
    paragraph.paragraph_format.alignment = align
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    set_indent(paragraph._p, look)
    no_grid_snap(paragraph._p)
    dash = paragraph.add_run("— ")
    apply_run_style(dash, look)
    add_field(paragraph, "PAGE", look)
    tail = paragraph.add_run(" —")
    apply_run_style(tail, look)


# --- tables -------------------------------------------------------------------------------------------
CELL_MARGINS_MM = 2 * 1.9 + 1.0  # Word's default cell margins, and a millimetre to spare


def check_heading_widths(columns: Sequence[tuple[str, float]], size_pt: float = SIZE_5) -> None:
    """Every column heading fits its column on one line ("排名", not "排 / 名"); raises ValueError naming
    the heading otherwise. `columns` are (heading, width in mm)."""
    char_mm = size_pt * 25.4 / 72
    for heading, width_mm in columns:
        needed = len(heading) * char_mm + CELL_MARGINS_MM
        if width_mm < needed:
            raise ValueError(f"表头“{heading}”需要 {needed:.1f} mm，列宽只有 {width_mm} mm")


def keep_rows_whole(table: Table) -> None:
    """No row breaks across a page (rows docxtpl repeats copy this from the template row)."""
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.insert(0, OxmlElement("w:cantSplit"))


def repeat_header_row(table: Table) -> None:
    """The first row repeats at the top of every page a long table runs over."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:tblHeader")) is None:
        tr_pr.append(OxmlElement("w:tblHeader"))
