"""Both documents open and render in LibreOffice: PDF via `--pdf`, then PNG pages that are not blank,
with the Chinese text set in a CJK font (no tofu boxes); and a template saved back by LibreOffice (as
another office suite would) still renders."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pypdf
import pytest
from fontTools import t1Lib
from fontTools.ttLib import TTCollection
from typer.testing import CliRunner

from jiangxin.cli import app
from jiangxin.core.fonts import installed_families
from jiangxin.core.office import convert, convert_many
from jiangxin.examples.office import write_example_files
from jiangxin.examples.recipes import report_year
from jiangxin.examples.year import store_records
from jiangxin.workspace import Workspace, init_workspace
from reports.build_templates import ANNUAL_TEMPLATE
from reports.render import shipped_template

from .support.workspace import with_document

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.skipif(
        not all(shutil.which(t) for t in ("pdffonts", "pdftotext", "pdftoppm")), reason="poppler-utils 未安装"
    ),
]
CJK_FONT_WORDS = ("CJK", "Han", "Hei", "Song", "Kai", "Fang", "Ming", "YaHei", "WenQuanYi")


def _workspace(root: Path) -> Workspace:
    ws = init_workspace(root)
    store = ws.open_store()
    store_records(report_year(year=ws.year, applications=8, lines_per_sheet=8), store)
    store.close()
    write_example_files(root, ws.year)
    return ws


def _pages(pdf: Path, out: Path) -> list[bytes]:
    """Each page as 8-bit greyscale pixels (pdftoppm -gray writes binary PGM)."""
    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(pdf), str(out / pdf.stem)], check=True)
    pages = []
    for pgm in sorted(out.glob(f"{pdf.stem}*.pgm")):
        data = pgm.read_bytes()
        fields = data.split(maxsplit=4)  # P5, width, height, maxval, pixels
        assert fields[0] == b"P5"
        pages.append(fields[4])
    return pages


HEADED = {
    "issuer_mark": "国网酒泉供电公司工会文件", "number": "酒电工〔2025〕12号",
    "copy_to": "国网甘肃省电力公司工会", "printed_by": "国网酒泉供电公司工会办公室",
}  # fmt: skip


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    ws = with_document(_workspace(tmp_path_factory.mktemp("pdf") / "ws"), **HEADED)
    runner = CliRunner()
    for command in (["annual", "--date", "2025-12-31"], ["news"]):
        result = runner.invoke(app, ["report", *command, "--pdf", "-w", str(ws.root)])
        assert result.exit_code == 0, result.output
        if "Noto Serif CJK SC" in installed_families() and "仿宋_GB2312" not in installed_families():
            # the clerk is told which installed face stood in for the standard fonts the document asks for
            said = result.output.replace("\n", "")
            assert "仿宋_GB2312 → Noto Serif CJK SC" in said and "方正小标宋简体 → Noto Serif CJK SC" in said
            assert "SimHei" not in said  # only the fonts this document uses
    return (
        ws.reports_dir / "2025年职工技术创新工作总结.pdf",
        ws.reports_dir / "2025年职工技术创新工作纪实.pdf",
    )


def test_pdfs_use_a_cjk_font_and_keep_the_text(pdfs: tuple[Path, Path]) -> None:
    for pdf, phrase in zip(pdfs, ("职工技术创新工作总结", "职工技术创新工作纪实"), strict=True):
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        names = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
        assert any(word in name for name in names for word in CJK_FONT_WORDS), names
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert phrase in text.replace("\n", "").replace(" ", "")


def test_every_page_renders_ink(pdfs: tuple[Path, Path], tmp_path: Path) -> None:
    annual, news = (_pages(pdf, tmp_path) for pdf in pdfs)
    assert len(annual) >= 3 and len(news) >= 1
    for pixels in [*annual, *news]:
        dark = sum(1 for b in pixels if b < 128)
        # text on the page, not a blank sheet: a last page of six closing lines measured 0.3 % ink at this
        # resolution, so the bound sits below that
        assert dark / len(pixels) > 0.0015


def test_a_template_saved_by_libreoffice_still_renders(tmp_path: Path, runner: CliRunner) -> None:
    ws = _workspace(tmp_path / "ws")
    config = (
        (ws.root / "jiangxin.toml")
        .read_text(encoding="utf-8")
        .replace('templates = ""', 'templates = "模板"')
    )
    (ws.root / "jiangxin.toml").write_text(config, encoding="utf-8")
    saved = convert(shipped_template(ANNUAL_TEMPLATE), "docx:MS Word 2007 XML", tmp_path / "lo")
    (ws.root / "模板").mkdir()
    shutil.copyfile(saved, ws.root / "模板" / ANNUAL_TEMPLATE)
    result = runner.invoke(app, ["report", "annual", "-w", str(ws.root), "--date", "2025-12-31"])
    assert result.exit_code == 0, result.output
    texts = [
        p.text for p in docx.Document(str(ws.reports_dir / "2025年职工技术创新工作总结.docx")).paragraphs
    ]
    assert "（一）加强创新平台建设" in texts and "2025年12月31日" in texts
    assert any(t.startswith("全年共收到8个单位申报的职工技术创新成果8项") for t in texts)


def _face(family: str) -> tuple[str, int]:
    """The font file and index fontconfig gives for an installed family."""
    found = subprocess.run(
        ["fc-match", "-f", "%{file}|%{index}", family], capture_output=True, text=True, check=True
    ).stdout
    file, index = found.split("|")
    return file, int(index)


def _cids(family: str) -> set[int]:
    """The glyphs (CIDs) one face of a Noto CJK collection maps Unicode characters to."""
    file, index = _face(family)
    cmap = TTCollection(file, lazy=True).fonts[index]["cmap"].getBestCmap()
    return {int(name[3:]) for name in cmap.values() if name.startswith("cid")}


def _embedded_glyphs(pdf: Path, tmp: Path) -> dict[str, set[int]]:
    """For each embedded Type 1 font (subset prefix dropped), the CIDs of the glyphs it carries."""
    used: dict[str, set[int]] = {}
    for page in pypdf.PdfReader(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            if "/FontFile" not in descriptor:
                continue
            data = descriptor["/FontFile"].get_object().get_data()
            (tmp / "font.pfa").write_bytes(data)
            t1 = t1Lib.T1Font(str(tmp / "font.pfa"))
            t1.parse()
            name = str(font["/BaseFont"]).split("+", 1)[-1]
            used.setdefault(name, set()).update(
                int(g[3:]) for g in t1.font["CharStrings"] if g.startswith("cid")
            )
    return used


@pytest.mark.skipif(
    not {"Noto Serif CJK SC", "Noto Serif CJK JP", "AR PL UKai CN"} <= installed_families(),
    reason="fonts-noto-cjk / fonts-arphic-ukai 未安装",
)
def test_body_text_is_set_in_simplified_chinese_serif_faces(pdfs: tuple[Path, Path], tmp_path: Path) -> None:
    """仿宋/小标宋 stand in as Noto Serif CJK SC, 楷体 as AR PL UKai: `pdffonts` names the body face
    NotoSerifCJKsc and no Japanese or Korean face, and the glyphs are the Simplified-Chinese forms (the
    Noto CJK faces share one glyph table; the SC face maps many characters to glyphs of its own)."""
    sc, jp = _cids("Noto Serif CJK SC"), _cids("Noto Serif CJK JP")
    for pdf in pdfs:
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        names = [line.split()[0].split("+", 1)[-1] for line in fonts.splitlines()[2:] if line.strip()]
        assert not [n for n in names if re.search(r"(?i)CJK(jp|kr|tc|hk)|DejaVu", n)], names
        assert [n for n in names if "CJK" in n] == [n for n in names if "CJKsc-" in n], names
        assert any("UKai" in n for n in names), names  # 楷体 subtitle / level-2 headings
        glyphs = _embedded_glyphs(pdf, tmp_path)
        body = max(glyphs, key=lambda name: len(glyphs[name]))  # the face carrying the most characters
        assert body.startswith("NotoSerifCJKsc-Regular"), sorted(glyphs)  # LibreOffice adds a font dict name
        serif = set().union(*(cids for name, cids in glyphs.items() if "Serif" in name))
        assert not serif & (jp - sc)  # no glyph only the Japanese face uses
        assert len(serif & (sc - jp)) >= 10  # many characters in their Simplified-Chinese form


def _page_texts(pdf: Path, *, layout: bool = True) -> list[str]:
    """The text of each page: as laid out (lines as printed), or in reading order (a table cell's
    wrapped lines together)."""
    mode = ["-layout"] if layout else []
    text = subprocess.run(["pdftotext", *mode, str(pdf), "-"], capture_output=True, text=True, check=True)
    return text.stdout.split("\f")[:-1]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_red_separator_line_under_the_document_number(pdfs: tuple[Path, Path], tmp_path: Path) -> None:
    annual = pdfs[0]
    subprocess.run(
        ["pdftoppm", "-r", "50", "-f", "1", "-l", "1", str(annual), str(tmp_path / "p")], check=True
    )
    ppm = next(tmp_path.glob("p*.ppm")).read_bytes()
    magic, width, height, _, pixels = ppm.split(maxsplit=4)
    assert magic == b"P6"
    w, h = int(width), int(height)

    def red(x: int, y: int) -> bool:
        r, g, b = pixels[(y * w + x) * 3 : (y * w + x) * 3 + 3]
        return r > 180 and g < 90 and b < 90

    red_rows = [y for y in range(h) if sum(red(x, y) for x in range(0, w, 2)) * 2 > 0.65 * w]
    assert red_rows, "no red line as wide as the type area on page 1"
    line = red_rows[0]
    above = [y for y in range(line) if any(red(x, y) for x in range(0, w, 2))]
    assert above and above[0] < line - 20  # the red 发文机关标志 stands above the line
    first_page = _squeezed(_page_texts(annual)[0])
    assert first_page.index("国网酒泉供电公司工会文件") < first_page.index("酒电工〔2025〕12号")
    assert first_page.index("酒电工〔2025〕12号") < first_page.index("2025年职工技术创新工作总结")
    last_page = _squeezed(_page_texts(annual)[-1])
    assert "抄送：国网甘肃省电力公司工会。" in last_page
    assert "国网酒泉供电公司工会办公室2025年12月31日印发" in last_page


def _words(pdf: Path, page: int) -> tuple[float, list[tuple[float, float, str]]]:
    """The page's height and its words as (top, bottom, text), from `pdftotext -bbox`."""
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', out).group(1))  # type: ignore[union-attr]
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', out)
    return height, [(float(top), float(bottom), text) for top, bottom, text in words]


def _annual_with_plan(ws: Workspace, runner: CliRunner, plan: list[str], copy: Path) -> Path:
    """The summary (no appendix) written with `plan` as next year's plan, copied to `copy`."""
    lines = ["（一）深化创新平台建设", *plan]
    (ws.root / "明年工作打算.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(
        app, ["report", "annual", "--no-sources", "--date", "2025-12-31", "-w", str(ws.root)]
    )
    assert result.exit_code == 0, result.output
    shutil.copyfile(ws.reports_dir / "2025年职工技术创新工作总结.docx", copy)
    return copy


def test_imprint_ends_the_last_page(tmp_path: Path, runner: CliRunner) -> None:
    """The 版记 (抄送, 印发机关 and date) stands at the foot of the last page's type area, below everything
    else on it but the page number, whether the text ends high or low on the page and with or without 抄送."""
    ws = with_document(_workspace(tmp_path / "ws"), **HEADED)
    paragraph = "推动创新成果在生产一线推广应用，完善成果转化激励机制，形成可复制、可推广的经验做法（示例）。"
    variants = []
    for k, copy_to in ((0, HEADED["copy_to"]), (5, HEADED["copy_to"]), (2, "")):
        ws = with_document(ws, copy_to=copy_to)
        variants.append(_annual_with_plan(ws, runner, [paragraph] * (1 + k), tmp_path / f"变体{k}.docx"))
    ends = set()
    for pdf, copy_to in zip(
        convert_many(variants, "pdf", tmp_path / "pdf", office_fonts=True), (1, 1, 0), strict=True
    ):
        last = len(_page_texts(pdf))
        height, words = _words(pdf, last)
        printed = [w for w in words if w[2].endswith("印发")]
        assert printed, pdf.name
        bottom = printed[0][1]
        assert bottom > 0.8 * height, (pdf.name, bottom, height)  # in the bottom fifth of the page
        copied = [w for w in words if w[2].startswith("抄送")]
        assert len(copied) == copy_to, pdf.name
        imprint_top = min(w[0] for w in printed + copied)
        body = [w for w in words if w[1] < imprint_top]
        assert body, pdf.name  # the end of the text and the signature share the page
        below = [w for w in words if w[0] > bottom and not re.fullmatch(r"[—\d]+", w[2])]
        assert not below, below  # nothing but the page number under the 版记
        ends.add(round(max(w[1] for w in body)))
    assert len(ends) >= 2  # the variants really end the text at different heights


def test_table_rows_are_never_split_across_pages(pdfs: tuple[Path, Path]) -> None:
    """Every row of the appendix tables (file names and labels that wrap over two lines) is found
    whole on one page."""
    annual = pdfs[0]
    doc = docx.Document(str(annual.with_suffix(".docx")))
    cells = [
        row.cells[1].text
        for t in doc.tables
        if t.rows[0].cells[0].text == "序号" and t.rows[0].cells[1].text in ("文件名", "统计项")
        for row in t.rows[1:]
    ]
    assert len(cells) > 40
    # pdftotext joins a line ending in '-' to the next without it: compare without hyphens
    pages = [_squeezed(p).replace("-", "") for p in _page_texts(annual, layout=False)]
    assert sum(1 for p in pages if "来源文件序号" in p) >= 2  # the table runs over pages, header repeated
    for text in cells:
        assert any(_squeezed(text).replace("-", "") in page for page in pages), text


def test_signature_never_stands_alone_on_a_page(tmp_path: Path, runner: CliRunner) -> None:
    """Plans of growing length move the end of the text down the page line by line; whatever the length,
    the signature and date share their page with the end of the text."""
    ws = with_document(_workspace(tmp_path / "ws"), **HEADED)
    paragraph = "推动创新成果在生产一线推广应用，完善成果转化激励机制，形成可复制、可推广的经验做法（示例）。"
    variants = [
        _annual_with_plan(ws, runner, [paragraph * (1 + k % 3)] * (1 + k), tmp_path / f"变体{k}.docx")
        for k in range(8)
    ]
    rendered = convert_many(variants, "pdf", tmp_path / "pdf", office_fonts=True)
    ending = {"国网酒泉供电公司工会", "2025年12月31日"}
    counts = set()
    for pdf in rendered:
        pages = _page_texts(pdf)
        counts.add(len(pages))
        [page] = [p for p in pages if "2025年12月31日" in map(_squeezed, p.splitlines())]
        rest = [
            line for line in map(_squeezed, page.splitlines())
            if line and line not in ending and not re.fullmatch(r"—\d+—", line)
            and "印发" not in line and not line.startswith("抄送")
        ]  # fmt: skip
        assert rest, f"{pdf.name}: the page with the signature holds nothing else"
    assert len(counts) >= 2  # the variants really moved the ending across a page break
