"""The validation station for a scanned application: the page answers at once while the scan's model
is read beside the server, then each field's box is drawn on the page image where OCR read it, the
title's box holding the title; the model is kept on disk, so OCR runs once per scan."""

from __future__ import annotations

import io
import json
import random
import re
import time
import warnings
from collections import Counter

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
from jiangxin.examples.scans import ScanStyle, save_pdf, scan_pdf
from jiangxin.inbox import Consumer
from jiangxin.store import Store
from jiangxin.store import web as web_store
from jiangxin.web import fields as F
from jiangxin.web import source as S
from jiangxin.web.app import create_app
from jiangxin.web.auth import hash_password
from jiangxin.workspace import Workspace

from .support.workspace import make_workspace

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.soffice]
USER, PASSWORD = "办公室", "correct horse battery"
_MARK = re.compile(
    r'<rect class="mark[^"]*" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/>\s*'
    r'<text class="mark-label" x="[\d.]+" y="[\d.]+">(\d+)</text>'
)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, Store, int, Application]:
    """A workspace holding one application sent as a tilted, stamped image-only PDF, ingested."""
    root = tmp_path_factory.mktemp("web-scan")
    ws = make_workspace(root / "ws")
    ws.inbox.mkdir(parents=True, exist_ok=True)
    rng = random.Random(11)
    truth = random_application(rng, NamePool(rng), patents=[], economic_benefit_wan=8.0, unit_endorsed=True)
    docx = root / "form.docx"
    render_application(truth, "B", docx, rng)
    style = ScanStyle(dpi=200, skew=2.0, blur=0.5, noise=5.0, seal_opinion=True, jpeg_quality=85)
    pages, _sealed = scan_pdf(convert(docx, "pdf", root), style, truth.unit, random.Random(1))
    save_pdf(pages, ws.inbox / "扫描申报书.pdf", style.dpi, style.jpeg_quality)
    store = ws.open_store()
    Consumer(ws, store, workers=1).run()
    (stored,) = store.records("application", ws.year)
    assert stored.record.to_json().get("confidence"), "read by OCR"
    web_store.add_user(store, USER, hash_password(PASSWORD))
    return ws, store, stored.id, truth


def logged_in(ws: Workspace, store: Store) -> TestClient:
    c = TestClient(create_app(ws, store, secret="test"), follow_redirects=False)
    csrf = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text)
    assert csrf
    r = c.post("/login", data={"csrf": csrf.group(1), "username": USER, "password": PASSWORD, "next": "/"})
    assert r.status_code == 303
    return c


def marks(page: str) -> dict[int, tuple[float, float, float, float]]:
    """Field number → its mark on the page (x0, top, x1, bottom in points, the drawn 2-pt margin taken off)."""
    return {
        int(n): (float(x) + 2, float(y) + 2, float(x) + float(w) - 2, float(y) + float(h) - 2)
        for x, y, w, h, n in _MARK.findall(page)
    }


def ocr_text(png: bytes, box: tuple[float, float, float, float]) -> str:
    """What the engine reads inside a mark (its drawn margin included) on a page image the station
    shows, cut out and enlarged twice."""
    scale = S.RENDER_DPI / 72
    x0, top, x1, bottom = box
    image = Image.open(io.BytesIO(png)).crop(
        ((x0 - 2) * scale, (top - 2) * scale, (x1 + 2) * scale, (bottom + 2) * scale)
    )
    grey = np.asarray(
        image.resize((image.width * 2, image.height * 2), Image.Resampling.LANCZOS).convert("L")
    )
    engine = get_engine()
    return strip_spaces("".join(line.text for line in read_lines(engine, grey, engine.detect(grey))))


def share_read(seen: str, wanted: str) -> float:
    """Share of the wanted text's characters among those read (a misread order does not count against)."""
    return sum((Counter(seen) & Counter(wanted)).values()) / max(len(wanted), 1)


def test_scan_is_located_beside_the_server_then_boxed(
    scanned: tuple[Workspace, Store, int, Application],
) -> None:
    ws, store, record_id, truth = scanned
    c = logged_in(ws, store)
    started = time.perf_counter()
    first = c.get(f"/records/{record_id}")
    assert first.status_code == 200
    # the page does not wait for OCR: it shows the scan and says the boxes are coming
    assert time.perf_counter() - started < 5.0
    assert 'id="source-locating"' in first.text and 'hx-get="/records/' in first.text
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
    title_n = next(n for n, spec in enumerate(F.FIELDS["application"], start=1) if spec.name == "title")
    found = marks(page)
    assert title_n in found, page
    assert f'<a href="#page-1">第 1 页框 {title_n}</a>' in page
    # the title's box, cut from the page image the station shows, reads as the title
    x0, top, x1, bottom = found[title_n]
    assert bottom - top < 60 and x1 - x0 < 500  # a cell, not the page
    png = c.get(f"/records/{record_id}/pages/1.png")
    assert png.status_code == 200
    seen = ocr_text(png.content, found[title_n])
    title = strip_spaces(truth.title)
    assert share_read(seen, title) >= 0.8 and len(seen) <= len(title) + 4, seen
    # and no other field's box reads as the title (the summary names it, among much else)
    others = {n: ocr_text(png.content, box) for n, box in found.items() if n != title_n}
    assert len(others) >= 5
    assert not [(n, t) for n, t in others.items() if share_read(t, title) >= 0.5 and len(t) <= 2 * len(title)]
    # the model is kept on disk beside the rendered pages, as plain data; read from there afterwards
    (doc,) = [s.document for s in store.records("application", ws.year)]
    kept = S.model_file(ws, doc)
    assert kept.is_file() and kept.parent == ws.outbox / S.CACHE_DIR
    model, pending = S.scan_model(ws, doc)
    assert model is not None and not pending and model.ocr
    located = S.locate(model, truth.title)
    assert located is not None and located.box is not None and located.box.page == 1


def test_kept_model_is_plain_data_with_every_box(scanned: tuple[Workspace, Store, int, Application]) -> None:
    """What is kept on disk gives back the same blocks, text and boxes; every read block has its box."""
    ws, store, _record_id, _truth = scanned
    (doc,) = [s.document for s in store.records("application", ws.year)]
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
