"""Every kind of bad file gets a clear error class, ends in quarantine with a reason, and the batch goes on."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from extractors import ErrorClass, Limits, extract_file
from extractors.readers.docx import read_docx
from jiangxin.core.office import convert, soffice_path
from jiangxin.inbox import Consumer
from jiangxin.workspace import Workspace

from .support import badfiles
from .support.golden import golden
from .support.workspace import drop, make_workspace

FORM = golden("application", "A.docx")
# a form without nested tables: LibreOffice's own .doc export flattens nested tables
FLAT = golden("application", "B.docx")


@pytest.fixture
def form(tmp_path: Path) -> Path:
    return shutil.copy(FORM.path, tmp_path / "form.docx")


def error_of(path: Path, **kw: object) -> ErrorClass | None:
    return extract_file(path, **kw).error  # type: ignore[arg-type]


def test_zero_byte(tmp_path: Path) -> None:
    assert error_of(badfiles.zero_byte(tmp_path / "空.docx")) is ErrorClass.EMPTY


def test_truncated_docx(form: Path, tmp_path: Path) -> None:
    result = extract_file(badfiles.truncated(form, tmp_path / "半截.docx"))
    assert result.error is ErrorClass.CORRUPT
    assert result.retryable  # may still be copying: retried before quarantine


def test_text_named_pdf(tmp_path: Path) -> None:
    assert error_of(badfiles.text_named_pdf(tmp_path / "假的.pdf")) is ErrorClass.NOT_A_DOCUMENT


def test_encrypted_pdf(tmp_path: Path) -> None:
    result = extract_file(badfiles.encrypted_pdf(tmp_path / "加密.pdf"))
    assert result.error is ErrorClass.ENCRYPTED
    assert "密码" in (result.message or "")


def test_photo_needs_ocr_without_the_extra(tmp_path: Path) -> None:
    pytest.importorskip("PIL")
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        assert error_of(badfiles.png_photo(tmp_path / "照片.png")) is ErrorClass.NEEDS_OCR
    else:
        # with OCR installed a blank photo reads as no known kind of document, never as a crash
        assert error_of(badfiles.png_photo(tmp_path / "照片.png")) in {
            ErrorClass.UNKNOWN_KIND, ErrorClass.NEEDS_OCR,
        }  # fmt: skip


def test_external_entity_is_refused(form: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    bad = badfiles.docx_with_external_entity(form, tmp_path / "实体.docx", secret)
    result = extract_file(bad)
    assert result.error is ErrorClass.UNSAFE_CONTENT
    # and even read directly, past the sniffer, the entity is never resolved
    text = read_docx(bad).text()
    assert "TOP-SECRET-CONTENT" not in text


def test_large_xml_part_refused_before_reading(form: Path, tmp_path: Path) -> None:
    bad = badfiles.docx_with_large_part(form, tmp_path / "巨大.docx", 3 * 1024 * 1024)
    result = extract_file(bad, limits=Limits(max_part_bytes=1024 * 1024))
    assert result.error is ErrorClass.TOO_LARGE
    assert "word/document.xml" in (result.message or "")


def test_zip_bomb_refused(form: Path, tmp_path: Path) -> None:
    # 60 MB of one repeated byte compresses about a thousandfold
    bad = badfiles.docx_with_large_part(form, tmp_path / "炸弹.docx", 60 * 1024 * 1024)
    assert (tmp_path / "炸弹.docx").stat().st_size < 2 * 1024 * 1024
    assert error_of(bad) is ErrorClass.TOO_LARGE


def test_zip_without_word_parts(tmp_path: Path) -> None:
    assert error_of(badfiles.zip_without_word_parts(tmp_path / "压缩包.docx")) is ErrorClass.NOT_A_DOCUMENT


def test_lock_file_class(form: Path, tmp_path: Path) -> None:
    lock = shutil.copy(form, tmp_path / "~$form.docx")
    assert error_of(Path(lock)) is ErrorClass.LOCK_FILE


def test_old_doc_without_libreoffice(form: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ole = tmp_path / "旧版.doc"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    monkeypatch.setattr("jiangxin.core.office.shutil.which", lambda _name: None)
    result = extract_file(ole)
    assert result.error is ErrorClass.UNSUPPORTED_FORMAT
    assert "另存为 .docx" in (result.message or "")


@pytest.mark.soffice
def test_old_doc_and_wps_are_converted_with_libreoffice(tmp_path: Path) -> None:
    doc = convert(FLAT.path, "doc", tmp_path / "doc")
    wps = shutil.copy(doc, tmp_path / "同一份.wps")
    for path in (doc, Path(wps)):
        result = extract_file(path)
        assert result.error is None, result.message
        assert result.kind == "application"
        want = FLAT.expected()
        assert result.record.title == want["title"]
        assert [m.name for m in result.record.members] == [m["name"] for m in want["members"]]
        assert any("旧版格式" in w.message for w in result.warnings)


def test_formula_cells_never_become_names(tmp_path: Path) -> None:
    result = extract_file(badfiles.xlsx_with_formula_names(tmp_path / "花名册.xlsx"))
    assert result.error is None, result.message
    names = [p.name for p in result.record.people]
    assert "王小明" in names and "赵六" in names
    assert not any("HYPERLINK" in n or "李四" in n or "=" in n for n in names)
    assert any("公式" in w.message for w in result.warnings)


# --- through the inbox: quarantine with a reason, the batch goes on --------------------------------


def _bad_batch(ws: Workspace, form: Path, tmp: Path) -> dict[str, ErrorClass | None]:
    """Drop one of each bad file plus good ones; return the expected class per inbox name."""
    expected: dict[str, ErrorClass | None] = {}

    def put(path: Path, name: str, error: ErrorClass | None) -> None:
        drop(ws, path, name)
        expected[name] = error

    put(badfiles.zero_byte(tmp / "a"), "空文件.docx", ErrorClass.EMPTY)
    put(badfiles.truncated(form, tmp / "b"), "传了一半.docx", ErrorClass.CORRUPT)
    put(badfiles.text_named_pdf(tmp / "c"), "改了扩展名.pdf", ErrorClass.NOT_A_DOCUMENT)
    put(badfiles.encrypted_pdf(tmp / "d"), "有密码.pdf", ErrorClass.ENCRYPTED)
    put(badfiles.zip_without_word_parts(tmp / "e"), "压缩包.docx", ErrorClass.NOT_A_DOCUMENT)
    put(
        badfiles.docx_with_external_entity(form, tmp / "f", tmp / "x"),
        "外部实体.docx",
        ErrorClass.UNSAFE_CONTENT,
    )
    put(form, "好的申报书.docx", None)
    put(form, "子文件夹/🎉全角（申报）.docx", None)  # same bytes: a duplicate, not an error
    put(form, "..开头的名字.docx", None)
    return expected


def test_batch_goes_on_and_every_refusal_is_explained(form: Path, tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    expected = _bad_batch(ws, form, tmp_path)
    for name in (
        "~$好的申报书.docx",
        ".~lock.好的申报书.docx#",
        "下载中.part",
        "x.tmp",
        ".DS_Store",
        "Thumbs.db",
    ):
        (ws.inbox / name).write_bytes(b"lock or temp")
    store = ws.open_store()
    summary = Consumer(ws, store, workers=1).run()
    by_file = {o.file: o for o in summary.outcomes}
    for name, error in expected.items():
        outcome = by_file[name]
        if error is None:
            assert outcome.result in ("stored", "duplicate"), outcome
            continue
        assert outcome.result == "failed", outcome
        assert outcome.error == str(error)
        moved = ws.root / str(outcome.moved_to)
        assert moved.exists() and moved.parent == ws.quarantine_dir
        note = moved.with_name(moved.name + ".error.txt").read_text(encoding="utf-8")
        assert "问题：" in note and "处理建议：" in note
    assert [o.result for o in summary.outcomes].count("stored") == 1
    assert [o.result for o in summary.outcomes].count("duplicate") == 2
    # lock and temporary files are left alone, not quarantined, not logged
    left = sorted(p.name for p in ws.inbox.iterdir() if p.is_file())
    assert left == sorted(
        ["~$好的申报书.docx", ".~lock.好的申报书.docx#", "下载中.part", "x.tmp", ".DS_Store", "Thumbs.db"]
    )
    assert not any(o.file.startswith(("~$", ".~", ".D", "Thumbs")) for o in summary.outcomes)
    assert "..开头的名字.docx" in by_file  # a leading '..' is just a name
    # nothing lost: every dropped file is in the archive or in quarantine
    moved = [ws.root / str(o.moved_to) for o in summary.outcomes]
    assert len(moved) == len(expected) and all(p.exists() for p in moved)


def test_text_beginning_with_formula_characters_stays_text_in_the_log(form: Path, tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    drop(ws, badfiles.text_named_pdf(tmp_path / "t"), "=HYPERLINK(1).pdf")
    drop(ws, badfiles.zero_byte(tmp_path / "z"), "+1-2@x.docx")
    Consumer(ws, ws.open_store(), workers=1).run()
    sheet = openpyxl.load_workbook(ws.outbox / "入库记录.xlsx").active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.startswith(("=", "+", "-", "@"))]
    assert {c.value for c in risky} >= {"=HYPERLINK(1).pdf", "+1-2@x.docx"}
    assert all(c.data_type == "s" for c in risky)


def test_unfinished_file_stays_in_place_until_its_writer_finishes(form: Path, tmp_path: Path) -> None:
    """A writer that closes a half-written file, pauses past the settle time and reopens it to append
    finds it where it left it: one document is stored, never two pieces."""
    ws = make_workspace(tmp_path / "ws", incomplete_grace_seconds=3600)
    data = form.read_bytes()
    target = ws.inbox / "还在复制.docx"
    target.write_bytes(data[: len(data) // 2])
    inode = target.stat().st_ino
    summary = Consumer(ws, ws.open_store(), workers=1).run()
    assert [o.result for o in summary.outcomes] == ["waiting"]
    assert "不完整" in str(summary.outcomes[0].reason)
    assert target.stat().st_ino == inode  # untouched, not taken and given back
    with target.open("ab") as fh:  # the writer comes back and finishes
        fh.write(data[len(data) // 2 :])
    summary = Consumer(ws, ws.open_store(), workers=1).run()
    assert [o.result for o in summary.outcomes] == ["stored"]
    assert not ws.quarantine_dir.exists() and not list(ws.inbox.iterdir())
    assert len(ws.open_store().records("application", ws.year)) == 1


def test_unfinished_file_is_taken_once_its_grace_is_over(form: Path, tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", incomplete_grace_seconds=0)
    drop(ws, badfiles.truncated(form, tmp_path / "half"), "半个文件.docx")
    summary = Consumer(ws, ws.open_store(), workers=1).run()
    assert [o.result for o in summary.outcomes] == ["failed"]  # quarantined with its reason, not lost


def test_damaged_file_is_retried_then_given_back_while_young(form: Path, tmp_path: Path) -> None:
    """A file whose end is there but whose inside cannot be read yet is retried with backoff and given
    back to the inbox while young (a copy program may still be filling it in)."""
    ws = make_workspace(
        tmp_path / "ws", incomplete_grace_seconds=3600, retry_attempts=2, retry_backoff_seconds=0.01
    )
    data = bytearray(form.read_bytes())
    start = data.index(b"word/document.xml") + len(b"word/document.xml")
    data[start + 40 : start + 400] = bytes(360)  # the compressed body zeroed, the zip's end record intact
    (ws.inbox / "还在复制.docx").write_bytes(bytes(data))
    sleeps: list[float] = []
    summary = Consumer(ws, ws.open_store(), workers=1, sleep=sleeps.append).run()
    assert [o.result for o in summary.outcomes] == ["deferred"]
    assert sleeps == [0.01, 0.02]  # backoff doubles
    assert (ws.inbox / "还在复制.docx").exists()  # back in the inbox, not quarantined
    assert not ws.quarantine_dir.exists()
    shutil.copyfile(form, ws.inbox / "还在复制.docx")  # the copy completes: the next pass stores it
    summary = Consumer(ws, ws.open_store(), workers=1, sleep=sleeps.append).run()
    assert [o.result for o in summary.outcomes] == ["stored"]


@pytest.mark.skipif(soffice_path() is None, reason="needs LibreOffice")
def test_old_doc_goes_through_the_inbox(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    drop(ws, convert(FLAT.path, "doc", tmp_path / "doc"), "旧格式申报书.doc")
    summary = Consumer(ws, ws.open_store(), workers=1).run()
    assert [o.result for o in summary.outcomes] == ["stored"]
    assert summary.outcomes[0].kind == "application"
