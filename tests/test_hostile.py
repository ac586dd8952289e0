"""Hostile files: each ends in a clear error class (or a record) within the per-file limits, and a
batch holding such files still stores every good file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from extractors import ErrorClass, ExtractContext, Extraction, Limits, extract_file
from extractors.limits import using
from extractors.ocr import available as ocr_available
from jiangxin import workers as workers_mod
from jiangxin.inbox import Consumer
from jiangxin.workers import ExtractPool, Job

from .support import hostile
from .support.hostile import running
from .support.workspace import make_workspace

SMALL = Limits(max_inflated_bytes=5 * 1024 * 1024, max_pdf_stream_bytes=1024 * 1024)


def test_xlsx_cell_at_the_last_position_is_refused_from_the_xml(tmp_path: Path) -> None:
    result = extract_file(hostile.xlsx_far_cell(tmp_path / "名单.xlsx", with_text=True))
    assert result.error is ErrorClass.TOO_LARGE
    assert "16384 列" in str(result.message)


def test_xlsx_styled_empty_cell_far_away_still_reads(tmp_path: Path) -> None:
    # some tools write an empty formatted cell at the sheet's end: the sheet is read, not refused
    result = extract_file(hostile.xlsx_far_cell(tmp_path / "花名册.xlsx", with_text=False))
    assert result.ok and result.kind == "roster"


def test_xlsx_merge_over_the_whole_sheet_is_refused_before_openpyxl(tmp_path: Path) -> None:
    result = extract_file(hostile.xlsx_huge_merge(tmp_path / "合并.xlsx"))
    assert result.error is ErrorClass.TOO_LARGE
    assert "合并单元格" in str(result.message)


def test_small_parts_inflating_to_much_are_refused_together(tmp_path: Path) -> None:
    # twelve parts of 0.9 MB each: none is large or passes the ratio floor, together they do
    bad = hostile.xlsx_inflating(tmp_path / "膨胀.xlsx", 12, 900_000)
    assert bad.stat().st_size < 100_000
    result = extract_file(bad, limits=SMALL)
    assert result.error is ErrorClass.TOO_LARGE and "全部内部部件" in str(result.message)


@pytest.mark.parametrize(("span", "before"), [(10**8, 0), (2 * 10**9, 0), (0, 10**8), (0, 2 * 10**9)])
def test_docx_grid_span_is_bounded(tmp_path: Path, span: int, before: int) -> None:
    result = extract_file(hostile.docx_span(tmp_path / "跨列.docx", grid_span=span, grid_before=before))
    assert result.error is ErrorClass.TOO_LARGE
    assert "Word 表格" in str(result.message)


def test_docx_ordinary_span_still_reads(tmp_path: Path) -> None:
    result = extract_file(hostile.docx_span(tmp_path / "跨列.docx", grid_span=3))
    assert result.error is not ErrorClass.TOO_LARGE


@pytest.mark.parametrize("how", ["padding", "utf16", "types"])
def test_doctype_found_by_parsing_not_by_the_first_bytes(tmp_path: Path, how: str) -> None:
    result = extract_file(hostile.docx_doctype(tmp_path / "实体.docx", how))
    assert result.error is ErrorClass.UNSAFE_CONTENT


def test_pdf_flate_bomb_stops_at_the_stream_limit(tmp_path: Path) -> None:
    bad = hostile.pdf_flate_bomb(tmp_path / "炸弹.pdf", 8 * 1024 * 1024)
    assert bad.stat().st_size < 20_000
    result = extract_file(bad, limits=SMALL)
    assert result.error is ErrorClass.TOO_LARGE and "数据流" in str(result.message)


def test_pdf_page_count_is_bounded(tmp_path: Path) -> None:
    result = extract_file(hostile.pdf_pages(tmp_path / "多页.pdf", 12), limits=Limits(max_pdf_pages=10))
    assert result.error is ErrorClass.TOO_LARGE and "12 页" in str(result.message)


@pytest.mark.skipif(not ocr_available(), reason="OCR extra not installed")
def test_blank_scanned_pages_over_the_ocr_limit_are_refused(tmp_path: Path) -> None:
    result = extract_file(hostile.pdf_pages(tmp_path / "空白.pdf", 25))
    assert result.error is ErrorClass.TOO_LARGE and "文字识别" in str(result.message)


@pytest.mark.skipif(not ocr_available(), reason="OCR extra not installed")
def test_huge_mediabox_is_rendered_within_the_pixel_limit(tmp_path: Path) -> None:
    from extractors.ocr.render import render_pages

    path = hostile.pdf_pages(tmp_path / "大页.pdf", 1, size_pt=5000)
    with using(Limits(max_render_pixels=1_000_000)):
        [(_n, image, dpi)] = list(render_pages(path, [1]))
    assert image.shape[0] * image.shape[1] <= 1_000_000
    assert dpi < 15  # 5,000 points at 300 dpi would have been 20,833 pixels a side


@pytest.mark.skipif(not ocr_available(), reason="OCR extra not installed")
def test_image_pixels_and_frames_are_bounded(tmp_path: Path) -> None:
    big = hostile.png_pixels(tmp_path / "照片.png", 12000, 12000)  # 144 million pixels
    assert big.stat().st_size < 100_000
    result = extract_file(big)
    assert result.error is ErrorClass.TOO_LARGE and "像素" in str(result.message)
    tiff = extract_file(hostile.tiff_frames(tmp_path / "多帧.tif", 25))
    assert tiff.error is ErrorClass.TOO_LARGE and "20 页" in str(tiff.message)


def test_xlsx_under_another_extension_is_read_by_its_content(tmp_path: Path) -> None:
    renamed = hostile.good_roster(tmp_path / "花名册.dat", 7)
    result = extract_file(renamed)
    assert result.ok and result.kind == "roster"


# --- the worker pool: time and memory per file, results as they finish ---------------------------------


def _slow_or_greedy(path: Path, *args: object, **kw: object) -> Extraction:
    name = path.name
    if name.startswith("slow"):
        time.sleep(60)
    if name.startswith("greedy"):
        hog = bytearray(6 * 1024**3)  # more than the per-file allowance
        hog[-1] = 1
    if name.startswith("crash"):  # what the kernel's out-of-memory killer does
        os.kill(os.getpid(), signal.SIGKILL)
    return Extraction(file=str(kw.get("display_name")), sha256="", kind="ok")


def test_pool_times_out_one_file_and_the_others_finish_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers_mod, "extract_file", _slow_or_greedy)
    limits = Limits(seconds_per_file=2, memory_bytes_per_file=512 * 1024 * 1024)
    jobs = [
        Job(str(tmp_path / n), n, "") for n in ("slow.docx", "a.docx", "greedy.xlsx", "crash.pdf", "b.docx")
    ]
    started = time.monotonic()
    with ExtractPool(2, ExtractContext(), limits, convert=False) as pool:
        results = list(pool.read(jobs))
    order = [job.rel for job, _ in results]
    by_name = {job.rel: r for job, r in results}
    assert sorted(order) == sorted(j.rel for j in jobs)
    assert order[-1] == "slow.docx"  # the stuck file held up no other
    assert by_name["slow.docx"].error is ErrorClass.TIMEOUT and "2 秒" in str(by_name["slow.docx"].message)
    assert by_name["greedy.xlsx"].error is ErrorClass.TOO_LARGE and "512 MB" in str(
        by_name["greedy.xlsx"].message
    )
    assert by_name["crash.pdf"].error is ErrorClass.TOO_LARGE and "信号 9" in str(
        by_name["crash.pdf"].message
    )
    assert by_name["a.docx"].kind == "ok" and by_name["b.docx"].kind == "ok"
    assert time.monotonic() - started < 50  # far below the 60 s the stuck reader asked for


def test_ingest_quarantines_a_stuck_file_as_timeout_and_stores_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = workers_mod.extract_file

    def stuck_on_one(path: Path, *args: object, **kw: object) -> Extraction:
        if path.name.startswith("卡住"):
            time.sleep(60)
        return real(path, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(workers_mod, "extract_file", stuck_on_one)
    ws = make_workspace(tmp_path / "ws", workers=2)
    (ws.root / "jiangxin.toml").write_text(
        (ws.root / "jiangxin.toml")
        .read_text(encoding="utf-8")
        .replace("seconds_per_file = 300", "seconds_per_file = 3"),
        encoding="utf-8",
    )
    ws = type(ws).load(ws.root)
    hostile.good_application(ws.inbox / "卡住-申报书.docx", 1)
    for i in range(3):
        hostile.good_application(ws.inbox / f"申报书-{i}.docx", 10 + i)
    hostile.xlsx_huge_merge(ws.inbox / "合并.xlsx")
    (ws.inbox / "src-合并.xlsx").unlink()
    store = ws.open_store()
    summary = Consumer(ws, store).run()
    results = {o.file: (o.result, o.error) for o in summary.outcomes}
    assert results["卡住-申报书.docx"] == ("failed", "timeout")
    assert results["合并.xlsx"] == ("failed", "too_large")
    assert [results[f"申报书-{i}.docx"][0] for i in range(3)] == ["stored"] * 3
    note = ws.quarantine_dir / "卡住-申报书.docx.error.txt"
    assert "时间上限" in note.read_text(encoding="utf-8")


def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    """A parent killed with SIGKILL leaves no reader behind (the kernel kills them: PR_SET_PDEATHSIG)."""
    script = textwrap.dedent(
        """
        import threading, time
        from extractors import ExtractContext, Extraction, Limits
        from jiangxin import workers

        def sleepy(path, *a, **k):
            time.sleep(120)
            return Extraction(file="x", sha256="")

        workers.extract_file = sleepy
        pool = workers.ExtractPool(2, ExtractContext(), Limits(), convert=False)
        jobs = [workers.Job(f"/nonexistent/{i}", str(i), "") for i in range(2)]
        threading.Thread(target=lambda: list(pool.read(jobs)), daemon=True).start()
        while len(pool._workers) < 2:
            time.sleep(0.05)
        print(" ".join(str(w.process.pid) for w in pool._workers), flush=True)
        time.sleep(120)
        """
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[1]
    )
    assert parent.stdout is not None
    line = parent.stdout.readline()
    pids = [int(p) for p in line.split()]
    assert len(pids) == 2
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if running(p)]
        time.sleep(0.1)
    assert alive == []


def test_extract_command_reads_within_the_limits(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from jiangxin.cli import app

    good = hostile.good_roster(tmp_path / "花名册.xlsx", 3)
    bad = hostile.docx_span(tmp_path / "跨列.docx", grid_span=10**9)
    result = CliRunner().invoke(app, ["extract", str(bad), str(good), "--json"])
    lines = [line for line in result.output.splitlines() if line.startswith("{")]
    assert '"too_large"' in lines[0] and '"roster"' in lines[1]


def test_a_batch_of_every_hostile_file_stores_every_good_file(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", workers=2)
    config = ws.root / "jiangxin.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("inflated_mb = 400", "inflated_mb = 5").replace(
        "pdf_stream_mb = 100", "pdf_stream_mb = 1"
    )
    config.write_text(text, encoding="utf-8")
    ws = type(ws).load(ws.root)
    src = tmp_path / "src"
    src.mkdir()
    expected = {
        "远端单元格.xlsx": ("too_large", hostile.xlsx_far_cell(src / "a.xlsx", with_text=True)),
        "整表合并.xlsx": ("too_large", hostile.xlsx_huge_merge(src / "b.xlsx")),
        "膨胀.xlsx": ("too_large", hostile.xlsx_inflating(src / "c.xlsx", 12, 900_000)),
        "跨列.docx": ("too_large", hostile.docx_span(src / "d.docx", grid_span=2 * 10**9)),
        "前置列.docx": ("too_large", hostile.docx_span(src / "e.docx", grid_before=10**8)),
        "实体.docx": ("unsafe_content", hostile.docx_doctype(src / "f.docx", "utf16")),
        "炸弹.pdf": ("too_large", hostile.pdf_flate_bomb(src / "g.pdf", 8 * 1024 * 1024)),
    }
    if ocr_available():
        expected["空白扫描.pdf"] = ("too_large", hostile.pdf_pages(src / "h.pdf", 25))
        expected["巨图.png"] = ("too_large", hostile.png_pixels(src / "i.png", 12000, 12000))
        expected["多帧.tif"] = ("too_large", hostile.tiff_frames(src / "j.tif", 25))
    for name, (_error, path) in expected.items():
        (ws.inbox / name).write_bytes(path.read_bytes())
    good = [hostile.good_application(ws.inbox / f"申报书-{i}.docx", 50 + i).name for i in range(3)]
    hostile.good_roster(ws.inbox / "花名册.xlsx", 9)
    store = ws.open_store()
    results = {o.file: o for o in Consumer(ws, store).run().outcomes}
    for name, (error, _path) in expected.items():
        assert (results[name].result, results[name].error) == ("failed", error), name
        assert (ws.quarantine_dir / f"{name}.error.txt").exists()
    for name in [*good, "花名册.xlsx"]:
        assert results[name].result == "stored", name
    assert len(store.records("application", ws.year)) == 3 and store.roster(ws.year) is not None
