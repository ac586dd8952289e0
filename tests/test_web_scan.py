"""The validation station for scanned applications (an image-only PDF, a photo on its side): the page
answers at once while the scan's model is read beside the server, then each field's box is drawn on the
page image where OCR read it, the title's box holding the title; the model is kept on disk, so OCR runs
once per scan."""

from __future__ import annotations

import io
import json
import random
import re
import time
import warnings
from collections import Counter
from dataclasses import dataclass

import pytest

pytest.importorskip("rapidocr_onnxruntime")

import numpy as np
from PIL import Image

from extractors.model import PageBox
from extractors.ocr.engine import get_engine, read_lines
from jiangxin.core.office import convert
from jiangxin.core.records import Application
from jiangxin.core.text import strip_spaces
from jiangxin.examples.applications import random_application, render_application
from jiangxin.examples.people import NamePool
from jiangxin.examples.scans import ScanStyle, save_jpeg, save_pdf, scan_pdf
from jiangxin.inbox import Consumer
from jiangxin.store import Store
from jiangxin.store import web as web_store
from jiangxin.web import fields as F
from jiangxin.web import source as S
from jiangxin.web.app import create_app
from jiangxin.web.auth import hash_password
from jiangxin.workspace import Workspace

from .support.web_year import PASSWORD, USER, log_in
from .support.workspace import make_workspace

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.soffice]
_MARK = re.compile(
    r'<rect class="mark[^"]*" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/>\s*'
    r'<text class="mark-label" x="[\d.]+" y="[\d.]+">(\d+)</text>'
)


@dataclass
class Scans:
    ws: Workspace
    store: Store
    pdf: int  # the record of the application sent as a scanned PDF
    photo: int  # ... and of the one sent as a photo
    truth: dict[int, Application]


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Scans:
    """A workspace holding two applications, one sent as a tilted, stamped image-only PDF and one
    photographed on its side as a JPEG, ingested."""
    root = tmp_path_factory.mktemp("web-scan")
    ws = make_workspace(root / "ws")
    ws.inbox.mkdir(parents=True, exist_ok=True)
    rng = random.Random(11)
    names = NamePool(rng)
    sent = {}
    for name, style in [
        (
            "扫描申报书.pdf",
            ScanStyle(dpi=200, skew=2.0, blur=0.5, noise=5.0, seal_opinion=True, jpeg_quality=85),
        ),
        ("申报书照片.jpg", ScanStyle(dpi=200, skew=-1.0, quarter_turns=1, noise=3.0, jpeg_quality=85)),
    ]:
        truth = random_application(rng, names, patents=[], economic_benefit_wan=8.0, unit_endorsed=True)
        docx = root / f"{name}.docx"
        render_application(truth, "B", docx, rng)
        pages, _sealed = scan_pdf(convert(docx, "pdf", root), style, truth.unit, random.Random(1))
        if name.endswith(".pdf"):
            save_pdf(pages, ws.inbox / name, style.dpi, style.jpeg_quality)
        else:
            assert save_jpeg(pages, ws.inbox / name, style.dpi, style.jpeg_quality).name == name
        sent[truth.title] = truth
    store = ws.open_store()
    Consumer(ws, store, workers=1).run()
    stored = store.records("application", ws.year)
    assert sorted(s.record.title for s in stored) == sorted(sent)
    assert all(s.record.to_json().get("confidence") for s in stored), "read by OCR"
    web_store.add_user(store, USER, hash_password(PASSWORD))
    ids = {s.document.format: s.id for s in stored}
    return Scans(ws, store, ids["pdf"], ids["image"], {s.id: sent[s.record.title] for s in stored})


def logged_in(ws: Workspace, store: Store) -> TestClient:
    c: TestClient = log_in(TestClient(create_app(ws, store, secret="test"), follow_redirects=False))
    return c


def marks(page: str) -> dict[int, tuple[float, float, float, float]]:
    """Field number → its mark on the page (x0, top, x1, bottom in points, the drawn 2-pt margin taken off)."""
    return {
        int(n): (float(x) + 2, float(y) + 2, float(x) + float(w) - 2, float(y) + float(h) - 2)
        for x, y, w, h, n in _MARK.findall(page)
    }


def ocr_text(png: bytes, box: tuple[float, float, float, float], turns: int = 0) -> str:
    """What the engine reads inside a mark (its drawn margin included) on a page image the station
    shows, cut out, turned upright (the page was turned `turns` quarters counter-clockwise) and
    enlarged twice."""
    scale = S.RENDER_DPI / 72
    x0, top, x1, bottom = box
    image = Image.open(io.BytesIO(png)).crop(
        ((x0 - 2) * scale, (top - 2) * scale, (x1 + 2) * scale, (bottom + 2) * scale)
    )
    image = image.rotate(-90 * turns, expand=True)
    grey = np.asarray(
        image.resize((image.width * 2, image.height * 2), Image.Resampling.LANCZOS).convert("L")
    )
    engine = get_engine()
    return strip_spaces("".join(line.text for line in read_lines(engine, grey, engine.detect(grey))))


def share_read(seen: str, wanted: str) -> float:
    """Share of the wanted text's characters among those read (a misread order does not count against)."""
    return sum((Counter(seen) & Counter(wanted)).values()) / max(len(wanted), 1)


TITLE_N = next(n for n, spec in enumerate(F.FIELDS["application"], start=1) if spec.name == "title")


def located(c: TestClient, record_id: int) -> str:
    """The record's page once its scan is located: first shown at once, without boxes and saying they
    are coming, then asked for again (as the page's poll does) until they are there."""
    started = time.perf_counter()
    first = c.get(f"/records/{record_id}")
    assert first.status_code == 200
    # the page does not wait for OCR: it shows the scan and says the boxes are coming
    assert time.perf_counter() - started < 5.0
    assert 'id="source-locating"' in first.text and f'hx-get="/records/{record_id}/source"' in first.text
    assert f'href="/records/{record_id}/pages/1.png"' in first.text
    assert not marks(first.text)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        part = c.get(f"/records/{record_id}/source").text
        if "source-locating" not in part:
            break
        time.sleep(0.5)
    else:
        pytest.fail("the scan's model was not read in time")
    assert "hx-get" not in part  # no more polling once located
    page = c.get(f"/records/{record_id}").text
    assert "source-locating" not in page
    return page


def test_scan_is_located_beside_the_server_then_boxed(scanned: Scans) -> None:
    ws, store, record_id = scanned.ws, scanned.store, scanned.pdf
    c = logged_in(ws, store)
    page = located(c, record_id)
    found = marks(page)
    assert TITLE_N in found, page
    assert f'<a href="#page-1">第 1 页框 {TITLE_N}</a>' in page
    # the title's box, cut from the page image the station shows, reads as the title
    x0, top, x1, bottom = found[TITLE_N]
    assert bottom - top < 60 and x1 - x0 < 500  # a cell, not the page
    png = c.get(f"/records/{record_id}/pages/1.png")
    assert png.status_code == 200
    seen = ocr_text(png.content, found[TITLE_N])
    title = strip_spaces(scanned.truth[record_id].title)
    assert share_read(seen, title) >= 0.8 and len(seen) <= len(title) + 4, seen
    # and no other field's box reads as the title (the summary names it, among much else)
    others = {n: ocr_text(png.content, box) for n, box in found.items() if n != TITLE_N}
    assert len(others) >= 5
    assert not [(n, t) for n, t in others.items() if share_read(t, title) >= 0.5 and len(t) <= 2 * len(title)]
    # the model is kept on disk beside the rendered pages, as plain data; read from there afterwards
    doc = next(s.document for s in store.records("application", ws.year) if s.id == record_id)
    kept = S.model_file(ws, doc)
    assert kept.is_file() and kept.parent == ws.outbox / S.CACHE_DIR
    model, pending = S.scan_model(ws, doc)
    assert model is not None and not pending and model.ocr
    found_again = S.locate(model, title)
    assert found_again is not None and found_again.box is not None and found_again.box.page == 1


def test_photo_is_shown_as_a_page_and_boxed(scanned: Scans) -> None:
    """A photo on its side is shown as the page it is, in the points its OCR boxes use, and the
    title's box on it holds the title."""
    ws, store, record_id = scanned.ws, scanned.store, scanned.photo
    c = logged_in(ws, store)
    page = located(c, record_id)
    path = S.archived_file(
        ws, next(s.document for s in store.records("application", ws.year) if s.id == record_id)
    )
    assert path is not None and path.suffix == ".jpg"
    (info,) = S.image_infos(path)
    assert info.width > info.height  # on its side
    assert f'viewBox="0 0 {info.width} {info.height}"' in page
    png = c.get(f"/records/{record_id}/pages/1.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    shown = Image.open(io.BytesIO(png.content))
    assert abs(shown.width - info.width * S.RENDER_DPI / 72) <= 1
    assert c.get(f"/records/{record_id}/pages/2.png").status_code == 404
    found = marks(page)
    assert TITLE_N in found, page
    x0, top, x1, bottom = found[TITLE_N]
    assert 0 <= x0 < x1 <= info.width and 0 <= top < bottom <= info.height
    seen = ocr_text(png.content, found[TITLE_N], turns=1)
    title = strip_spaces(scanned.truth[record_id].title)
    assert share_read(seen, title) >= 0.8 and len(seen) <= len(title) + 4, seen


def test_kept_model_is_plain_data_with_every_box(scanned: Scans) -> None:
    """What is kept on disk gives back the same blocks, text and boxes; every read block has its box."""
    ws, store = scanned.ws, scanned.store
    doc = next(s.document for s in store.records("application", ws.year) if s.id == scanned.pdf)
    kept = S.model_file(ws, doc)
    if not kept.is_file():  # run alone: read it here, as the warm-up does
        assert S.prepare_scans(ws, [(doc, {"confidence": {"title": 1.0}})]) == 1
    data = json.loads(kept.read_text(encoding="utf-8"))
    model = S.model_of(data)
    assert S.model_data(model) == data
    texts = [(p.text, p.box) for p in model.paragraphs() if p.text] + [
        (c.text, c.box) for t in model.tables() for c in t.cells
    ]
    assert len(texts) > 20
    assert all(box is not None and box.page == 1 for _text, box in texts), texts


def test_marks_come_from_the_located_block_only_when_it_has_a_box() -> None:
    """A block without a box gives no mark (typed files keep the search of their characters)."""
    assert S.model_boxes(None) == []
    assert S.model_boxes(S.Location("x", "b0")) == []
    (box,) = S.model_boxes(S.Location("x", "b0", box=PageBox(2, 1.0, 2.0, 3.0, 4.0)))
    assert (box.page, box.x0, box.top, box.x1, box.bottom) == (2, 1.0, 2.0, 3.0, 4.0)
