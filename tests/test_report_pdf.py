"""Both documents open and render in LibreOffice: PDF via `--pdf`, then PNG pages that are not blank,
with the Chinese text set in a CJK font (no tofu boxes); and a template saved back by LibreOffice (as
another office suite would) still renders."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from jiangxin.cli import app
from jiangxin.office import convert
from jiangxin.store import Store
from jiangxin.workspace import Workspace, init_workspace
from reports.build_templates import ANNUAL_TEMPLATE
from reports.example_year import store_example_year, write_example_files
from reports.render import shipped_template

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.skipif(
        not all(shutil.which(t) for t in ("pdffonts", "pdftotext", "pdftoppm")), reason="poppler-utils 未安装"
    ),
]
CJK_FONT_WORDS = ("CJK", "Han", "Hei", "Song", "Kai", "Fang", "Ming", "YaHei", "WenQuanYi")


def _workspace(root: Path) -> Workspace:
    ws = init_workspace(root)
    store = Store(ws.database_url)
    store_example_year(store, year=ws.year, applications=8, lines_per_sheet=8)
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


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    ws = _workspace(tmp_path_factory.mktemp("pdf") / "ws")
    runner = CliRunner()
    for command in (["annual", "--date", "2025-12-31"], ["news"]):
        result = runner.invoke(app, ["report", *command, "--pdf", "-w", str(ws.root)])
        assert result.exit_code == 0, result.output
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
