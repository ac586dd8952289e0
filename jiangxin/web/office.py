"""The office's pages: the year at a glance, records and the validation station, 形式审查, tallies,
reviews, upload and downloads. Every route here needs a login."""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ..core.corrections import CONFIRM, VERDICT, VERDICTS, field_label
from ..core.paths import free_name
from ..review.filenames import safe_name
from ..store import StoredRecord
from ..store import web as web_store
from . import fields as F
from . import source as S
from . import year as Y
from .app import Office, checked_form, login_required, office, render, user_of

# what a download may be sent as; anything else is application/octet-stream, and always as an attachment
_SAFE_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
UPLOAD_SUFFIXES = frozenset(
    {".docx", ".doc", ".wps", ".pdf", ".xlsx", ".xls", ".et", ".jpg", ".jpeg", ".png", ".tif", ".tiff"}
)
PAGE_SIZE = 100


def _int(text: str | int | None, default: int = 0) -> int:
    if text is None or text == "":
        return default
    try:
        return int(text)
    except ValueError:
        return default


def _flash(request: Request, message: str, level: str = "ok") -> None:
    request.session["flash"] = [level, message]


def _take_flash(request: Request) -> tuple[str, str] | None:
    found = request.session.pop("flash", None)
    return (str(found[0]), str(found[1])) if found else None


def download(path: Path, name: str | None = None) -> Response:
    """A file as an attachment, with a type that never makes a browser run it as a page."""
    media = _SAFE_TYPES.get(path.suffix.lower(), "application/octet-stream")
    name = name or path.name
    disposition = f"attachment; filename=\"{quote(name)}\"; filename*=UTF-8''{quote(name)}"
    return Response(path.read_bytes(), media_type=media, headers={"content-disposition": disposition})


# --- the year at a glance --------------------------------------------------------------------
def store_counts(o: Office) -> dict[str, Any]:
    """What the overview counts in the store (records by kind, the review round, records needing a person),
    kept in the cache until the store changes; a warm start counts it before the server answers."""
    return o.cache.get(
        "glance",
        lambda: {
            "counts": web_store.record_counts(o.store, o.ws.year),
            "reviews": _review_state(o),
            "needs_person": web_store.warning_count(o.store, o.ws.year),
        },
    )


@login_required
async def glance(request: Request) -> Response:
    o = office(request)
    ws, store = o.ws, o.store

    def gather() -> dict[str, Any]:
        # what the store holds is counted once per change of the store; the folders are looked at each time
        counts, updating = Y.verdict_counts(ws, store, o.cache)
        return {
            **store_counts(o),
            "verdicts": counts,
            "updating": updating,
            "waiting": Y.waiting_files(ws),
            "quarantined": Y.quarantined(ws),
            "outputs": Y.outputs(ws),
        }

    data = await asyncio.to_thread(gather)
    return render(request, "glance.html", {**data, "flash": _take_flash(request)})


def _review_state(o: Office) -> dict[str, Any] | None:
    from jiangxin.core.text import normalize_name

    from ..review.rounds import current_round

    saved = current_round(o.store, o.ws.year)
    if saved is None:
        return None
    # the same key as review.score_check.reviewer_of, read without building every sheet
    returned = {
        (normalize_name(n), u.strip()) for n, u in web_store.score_sheet_reviewers(o.store, o.ws.year)
    }
    reviewers = saved.reviewers()
    done = [r for r in reviewers if r in returned]
    return {
        "round": saved,
        "reviewers": reviewers,
        "returned": done,
        "outstanding": [r for r in reviewers if r not in returned],
        "closed": web_store.round_closed(o.store, saved.id),
    }


@login_required
async def regenerate_output(request: Request) -> Response:
    await checked_form(request)
    key = request.path_params["key"]
    if key not in Y.REGENERATE:
        raise HTTPException(404)
    o = office(request)
    try:
        written = await asyncio.to_thread(Y.regenerate, o.ws, o.store, key, user_of(request) or "")
        _flash(request, f"已重新生成{Y.REGENERATE[key]}：" + "、".join(p.name for p in written))
    except Exception as exc:
        _flash(request, f"{Y.REGENERATE[key]}未能生成：{exc}", "error")
    return RedirectResponse("/", status_code=303)


# --- records and the validation station ------------------------------------------------------
@login_required
async def record_list(request: Request) -> Response:
    o = office(request)
    q = request.query_params
    kind = q.get("kind") or None
    warn = q.get("warn") == "1"
    text = (q.get("q") or "").strip()[:100]
    page = max(1, _int(q.get("page"), 1))
    lines, total = await asyncio.to_thread(
        web_store.record_lines, o.store, o.ws.year, kind=kind, with_warnings=warn, text=text,
        offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
    )  # fmt: skip
    pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
    return render(request, "records.html", {"lines": lines, "total": total, "kind": kind or "", "warn": warn,
                                            "q": text, "page": page, "pages": pages})  # fmt: skip


def _stored_or_404(request: Request, record_id: int) -> StoredRecord:
    stored = office(request).store.record(record_id)
    if stored is None:
        raise HTTPException(404)
    return stored


def station_context(request: Request, stored: StoredRecord, *, editable: bool) -> dict[str, Any]:
    """The source document beside the fields read from it (shared by the office and reviewer pages)."""
    o = office(request)
    ws = o.ws
    doc = stored.document
    file = S.archived_file(ws, doc)
    # a Word file not yet rendered is shown from its model; the page asks for the rendering (source_pending)
    pdf, pending = S.pdf_ready(ws, doc) if file is not None else (None, False)
    pages = S.page_infos(pdf) if pdf is not None else ()
    if file is not None and doc.format == "image":
        pages = S.image_infos(file)
    data = stored.record.to_json()
    # the model names the cell or paragraph of each field; a scan's model (with the boxes OCR found) is
    # read once beside the server and kept, so the page never waits for OCR (locating meanwhile)
    scanned = S.is_scanned(doc, data)
    locating = False
    if file is None:
        model = None
    elif scanned:
        model, locating = S.scan_model(ws, doc)
    else:
        model = S.read_model(file, doc.format)
    confidence = data.get("confidence") or {}
    field_rows: list[dict[str, Any]] = []
    for n, spec in enumerate(F.FIELDS.get(stored.kind, ()), start=1):
        value = data.get(spec.name)
        loc = S.locate(model, value) if model is not None else None
        # a text layer's characters give the value's own box; a scanned page gives its block's or cell's
        boxes = S.model_boxes(loc) if scanned else []
        if not boxes and pdf is not None:
            boxes = S.pdf_boxes(pdf, value)
        field_rows.append(
            {
                "n": n, "spec": spec, "value": F.shown(spec, value), "empty": value in (None, "", []),
                "warnings": [w for w in stored.warnings if w.field == spec.name],
                "corrected": [c for c in stored.corrections if c.field.split(".")[0] == spec.name],
                "confidence": confidence.get(spec.name), "location": loc, "boxes": boxes,
                "page_of_box": boxes[0].page if boxes else None,
            }
        )  # fmt: skip
    known = {f["spec"].name for f in field_rows}
    other_warnings = [w for w in stored.warnings if w.field not in known]
    marks: dict[int, list[dict[str, Any]]] = {}
    for row in field_rows:
        for b in row["boxes"]:
            marks.setdefault(b.page, []).append({"n": row["n"], "box": b, "warn": bool(row["warnings"])})
    anchors = {row["location"].anchor: row["n"] for row in field_rows if row["location"]}
    return {
        "stored": stored, "doc": doc, "data": data, "fields": field_rows, "other_warnings": other_warnings,
        "pages": pages, "marks": marks, "model": model, "anchors": anchors, "has_file": file is not None,
        "editable": editable, "source_pending": pending or locating, "locating": locating,
        "block_anchor": S.block_anchor,
        "is_table": lambda b: hasattr(b, "cells"),
    }  # fmt: skip


@login_required
async def station(request: Request) -> Response:
    o = office(request)
    record_id = _int(request.path_params["record_id"])
    stored = _stored_or_404(request, record_id)
    ctx = await asyncio.to_thread(station_context, request, stored, editable=stored.kind in F.FIELDS)
    verdict = None
    versions = None
    if stored.kind == "application":
        verdicts = await asyncio.to_thread(Y.verdicts, o.ws, o.store, o.cache)
        verdict = next((v for v in verdicts if v.record_id == stored.id), None)
        versions = await asyncio.to_thread(_versions_side_by_side, request, stored.id)
    ctx.update(
        verdict=verdict,
        corrections=web_store.corrections(o.store, stored.id),
        field_label=field_label,
        versions=versions,
        verdict_choices=VERDICTS,
        manual_field=VERDICT,
        confirm_field=CONFIRM,
        queue=request.query_params.get("queue") == "1",
        flash=_take_flash(request),
        base=f"/records/{stored.id}",
    )
    return render(request, "station.html", ctx)


def _versions_side_by_side(request: Request, record_id: int) -> dict[str, Any] | None:
    """Every version of the application the record belongs to, field by field, differences marked;
    None when it was sent only once. Versions are read afresh, so their corrections show."""
    o = office(request)
    group = Y.versions_of(o.ws, o.store, o.cache, record_id)
    if group is None:
        return None
    fresh = [o.store.record(v.id) or v for v in group.versions]
    columns = [
        {"n": i, "stored": v, "latest": i == len(fresh), "why": group.why[i - 2] if i > 1 else "",
         "corrected": set(v.corrected_fields), "current": v.id == record_id}
        for i, v in enumerate(fresh, start=1)
    ]  # fmt: skip
    data = [v.record.to_json() for v in fresh]
    rows = []
    for spec in F.APPLICATION_FIELDS:
        values = [F.shown(spec, d.get(spec.name)) for d in data]
        rows.append({"spec": spec, "cells": values, "differs": len(set(values)) > 1})
    return {"columns": columns, "rows": rows, "differing": sum(r["differs"] for r in rows)}


@login_required
async def source_part(request: Request) -> Response:
    """The source document alone, as the station shows it: asked for by the page while LibreOffice
    renders a Word file, and answered with the rendered pages once they exist."""
    stored = _stored_or_404(request, _int(request.path_params["record_id"]))
    return await source_fragment(request, stored, f"/records/{stored.id}")


async def source_fragment(request: Request, stored: StoredRecord, base: str) -> Response:
    ctx = await asyncio.to_thread(station_context, request, stored, editable=False)
    ctx["base"] = base
    return render(request, "_source.html", ctx)


@login_required
async def page_image(request: Request) -> Response:
    stored = _stored_or_404(request, _int(request.path_params["record_id"]))
    return await _page_png(request, stored)


async def _page_png(request: Request, stored: StoredRecord) -> Response:
    o = office(request)
    number = _int(request.path_params["page"])
    if stored.document.format == "image":
        image = S.archived_file(o.ws, stored.document)
        png = await asyncio.to_thread(S.image_png, image, number) if image is not None else None
    else:
        pdf = await asyncio.to_thread(S.pdf_of, o.ws, stored.document)
        png = await asyncio.to_thread(S.page_png, pdf, number) if pdf is not None else None
    if png is None:
        raise HTTPException(404)
    return Response(png, media_type="image/png", headers={"cache-control": "private, max-age=600"})


@login_required
async def original(request: Request) -> Response:
    stored = _stored_or_404(request, _int(request.path_params["record_id"]))
    path = S.archived_file(office(request).ws, stored.document)
    if path is None:
        raise HTTPException(404)
    return download(path, stored.document.file_name)


@login_required
async def correct(request: Request) -> Response:
    form = await checked_form(request)
    stored = _stored_or_404(request, _int(request.path_params["record_id"]))
    spec = F.spec_of(stored.kind, str(form.get("field") or ""))
    if spec is None:
        raise HTTPException(400, "没有这个字段。")
    try:
        value = F.parse(spec, str(form.get("value") or ""))
    except F.FieldError as exc:
        _flash(request, str(exc), "error")
        return RedirectResponse(_back(stored.id, form), status_code=303)
    return await _store_change(
        request, form, stored.id, web_store.correct, spec.name, value, done=f"已更正“{spec.label}”。"
    )


async def _store_change(
    request: Request,
    form: FormData,
    record_id: int,
    change: Callable[..., object],
    *args: object,
    done: str,
) -> Response:
    """Store one office change (correction, confirmation, verdict) with its author and reason, say how it
    went, and go back to the record."""
    why = str(form.get("why") or "").strip()[:500]
    try:
        await asyncio.to_thread(change, office(request).store, record_id, *args, user_of(request) or "", why)
    except web_store.WebStoreError as exc:
        _flash(request, str(exc), "error")
    else:
        _flash(request, done)
    return RedirectResponse(_back(record_id, form), status_code=303)


@login_required
async def confirm(request: Request) -> Response:
    form = await checked_form(request)
    stored = _stored_or_404(request, _int(request.path_params["record_id"]))
    warning = str(form.get("warning") or "")
    return await _store_change(
        request, form, stored.id, web_store.confirm_warning, warning, done="已确认：该提示已处理。"
    )


@login_required
async def undo(request: Request) -> Response:
    """Withdraw the corrections in force of one field, as `jiangxin fix ID --undo FIELD` does."""
    o = office(request)
    form = await checked_form(request)
    stored = _stored_or_404(request, _int(request.path_params["record_id"]))
    field = str(form.get("field") or "")
    undone = await asyncio.to_thread(web_store.undo, o.store, stored.id, field, user_of(request) or "")
    if undone:
        _flash(request, f"已撤销对“{field_label(field)}”的更正，恢复为识别值。")
    else:
        _flash(request, "这一栏没有可撤销的更正。", "error")
    return RedirectResponse(_back(stored.id, form), status_code=303)


@login_required
async def set_verdict(request: Request) -> Response:
    """The office's own verdict (人工认定) with its required reason, as `jiangxin fix --verdict`."""
    form = await checked_form(request)
    stored = _stored_or_404(request, _int(request.path_params["record_id"]))
    verdict = str(form.get("verdict") or "")
    return await _store_change(
        request, form, stored.id, web_store.set_verdict, verdict, done=f"已人工认定：{verdict}。"
    )


def _back(record_id: int, form: Any) -> str:
    if form.get("back") == "check":  # the 形式审查 table's own form returns there
        return f"/check#r{record_id}"
    return f"/records/{record_id}" + ("?queue=1" if form.get("queue") == "1" else "")


@login_required
async def queue(request: Request) -> Response:
    """The next record that needs a person, in order; the walk ends on a page that says so."""
    o = office(request)
    after = _int(request.query_params.get("after"))
    found = web_store.next_with_warnings(o.store, o.ws.year, after)
    if found is None and after:
        found = web_store.next_with_warnings(o.store, o.ws.year, 0)
    if found is None:
        return render(request, "queue_done.html", {})
    return RedirectResponse(f"/records/{found}?queue=1", status_code=303)


@login_required
async def document_record(request: Request) -> Response:
    found = web_store.record_of_document(office(request).store, _int(request.path_params["document_id"]))
    if found is None:
        raise HTTPException(404)
    return RedirectResponse(f"/records/{found}", status_code=303)


# --- 形式审查, tallies, points ---------------------------------------------------------------------
def _computing(request: Request, what: str) -> Response:
    """A result's page on a workspace's very first view: it says the result is being worked out beside
    the server and asks for itself until it is there, instead of keeping the clerk waiting."""
    return render(request, "computing.html", {"what": what, "updating": True, "first": True})


@login_required
async def check_table(request: Request) -> Response:
    o = office(request)
    state, updating = await asyncio.to_thread(partial(Y.check_settled, first=False), o.ws, o.store, o.cache)
    if state is None:
        return _computing(request, "形式审查")
    verdicts = state.verdicts
    q = request.query_params
    want, unit, text = q.get("verdict") or "", (q.get("unit") or "").strip(), (q.get("q") or "").strip()
    units = sorted({v.unit for v in verdicts if v.unit})
    shown = [
        v for v in verdicts
        if (not want or v.verdict == want) and (not unit or v.unit == unit)
        and (not text or text in v.title or text in v.file or any(text in r for r in v.reasons))
    ]  # fmt: skip
    counts = Counter(v.verdict for v in verdicts)
    return render(request, "check.html", {"verdicts": shown[:1000], "total": len(shown), "counts": counts,
                                          "want": want, "unit": unit, "units": units, "q": text,
                                          "verdict_choices": VERDICTS, "flash": _take_flash(request),
                                          "updating": updating})  # fmt: skip


@login_required
async def tally_table(request: Request) -> Response:
    o = office(request)
    result, updating = await asyncio.to_thread(
        partial(Y.settled, first=False), o.ws, o.store, o.cache, "tally"
    )
    if result is None:
        return _computing(request, "获奖统计")
    from rules.awards import SCOPE_LABELS

    return render(request, "tally.html", {"tally": result, "scopes": SCOPE_LABELS, "updating": updating})


@login_required
async def tally_sources(request: Request) -> Response:
    """The awards and files behind one count of the tally."""
    o = office(request)
    result, _updating = await asyncio.to_thread(Y.settled, o.ws, o.store, o.cache, "tally")
    what, index = request.path_params["what"], _int(request.path_params["index"], -1)
    groups = {"row": result.rows, "unit": result.by_unit, "person": result.by_person}.get(what)
    if groups is None or not 0 <= index < len(groups):
        raise HTTPException(404)
    group = groups[index]
    from rules.awards import SCOPE_LABELS

    return render(request, "tally_sources.html", {"group": group, "what": what, "scopes": SCOPE_LABELS})


@login_required
async def points_table(request: Request) -> Response:
    o = office(request)
    result, updating = await asyncio.to_thread(
        partial(Y.settled, first=False), o.ws, o.store, o.cache, "points"
    )
    if result is None:
        return _computing(request, "积分")
    return render(request, "points.html", {"points": result, "updating": updating})


# --- reviews --------------------------------------------------------------------------------------
@login_required
async def reviews(request: Request) -> Response:
    o = office(request)

    def gather() -> dict[str, Any]:
        state = _review_state(office(request))
        if state is None:
            return {"state": None}
        from ..review.aggregate import rank
        from ..review.policy_view import ReviewPolicy
        from ..review.score_check import collect_scores
        from ..review.steps import round_items

        policy = ReviewPolicy.from_review(Y.load_policy(o.ws).review)
        saved = state["round"]

        def compute() -> tuple[Any, Any]:
            collected = collect_scores(o.ws, o.store, saved, policy)
            return collected, rank(round_items(o.store, saved), saved, collected.scores, policy)

        collected, ranking = o.cache.get(f"reviews-{saved.id}", compute)
        links = {link.reviewer: link for link in web_store.links(o.store, o.ws.year) if link.active}
        return {"state": state, "ranking": ranking, "collected": collected, "links": links,
                "decimals": policy.decimals}  # fmt: skip

    data = await asyncio.to_thread(gather)
    base = str(request.base_url).rstrip("/")
    return render(request, "reviews.html", {**data, "base": base, "flash": _take_flash(request)})


@login_required
async def close_round(request: Request) -> Response:
    await checked_form(request)
    o = office(request)
    state = _review_state(office(request))
    if state is not None:
        web_store.close_round(o.store, state["round"].id, user_of(request) or "")
        _flash(request, "本轮评审已结束，专家不能再在线修改评分。")
    return RedirectResponse("/reviews", status_code=303)


@login_required
async def revoke(request: Request) -> Response:
    form = await checked_form(request)
    o = office(request)
    if web_store.revoke_link(o.store, str(form.get("token") or ""), user_of(request) or ""):
        _flash(request, "链接已作废。重新运行 jiangxin assign 可为该专家生成新链接。")
    return RedirectResponse("/reviews", status_code=303)


# --- upload and downloads ---------------------------------------------------------------------------
@login_required
async def upload(request: Request) -> Response:
    o = office(request)
    if request.method == "GET":
        return render(request, "upload.html", {"flash": _take_flash(request),
                                               "limit_mb": o.max_upload_bytes // 1048576})  # fmt: skip
    form = await checked_form(request)
    saved: list[Path] = []
    refused: list[str] = []
    o.ws.inbox.mkdir(parents=True, exist_ok=True)
    for item in form.getlist("files"):
        if isinstance(item, str) or not item.filename:
            continue
        name = safe_name(Path(item.filename.replace("\\", "/")).name)
        suffix = Path(name).suffix.lower()
        data = await item.read()
        if suffix not in UPLOAD_SUFFIXES:
            refused.append(f"{name}：不支持的文件类型（可上传 Word、PDF、Excel 和扫描图片）")
            continue
        if len(data) > o.max_upload_bytes:
            refused.append(f"{name}：文件超过 {o.max_upload_bytes // 1048576} MB")
            continue
        if not data:
            refused.append(f"{name}：文件是空的")
            continue
        # written under a hidden name, then renamed: the inbox never sees half a file
        target = free_name(o.ws.inbox, name)
        part = target.with_name(f".{target.name}.uploading")
        part.write_bytes(data)
        settled = time.time() - max(o.ws.ingest.settle_seconds, 0) - 1
        os.utime(part, (settled, settled))
        part.rename(target)
        saved.append(target)
    outcomes = await asyncio.to_thread(_ingest, request) if saved else []
    o.store.audit("upload", "inbox", None, by=user_of(request), files=[p.name for p in saved])
    return render(request, "upload.html", {"saved": [p.name for p in saved], "refused": refused,
                                           "outcomes": outcomes,
                                           "limit_mb": o.max_upload_bytes // 1048576})  # fmt: skip


def _ingest(request: Request) -> list[Any]:
    """One pass over the inbox, as `jiangxin ingest` makes it (one at a time)."""
    from ..inbox import Consumer

    o = office(request)
    with o.ingest_lock:
        summary = Consumer(o.ws, o.store, workers=1).run()
    return list(summary.outcomes)


@login_required
async def outbox_file(request: Request) -> Response:
    """A file of the outbox (outputs, quarantined originals and their notes); nothing outside it."""
    o = office(request)
    path = S.inside_outbox(o.ws, request.query_params.get("path") or "")
    if path is None or S.CACHE_DIR in path.relative_to(o.ws.outbox.resolve()).parts:
        raise HTTPException(404)
    return download(path)


def routes() -> list[BaseRoute]:
    return [
        Route("/", glance),
        Route("/outputs/{key}", regenerate_output, methods=["POST"]),
        Route("/records", record_list),
        Route("/records/{record_id:int}", station),
        Route("/records/{record_id:int}/pages/{page:int}.png", page_image),
        Route("/records/{record_id:int}/source", source_part),
        Route("/records/{record_id:int}/original", original),
        Route("/records/{record_id:int}/correct", correct, methods=["POST"]),
        Route("/records/{record_id:int}/confirm", confirm, methods=["POST"]),
        Route("/records/{record_id:int}/undo", undo, methods=["POST"]),
        Route("/records/{record_id:int}/verdict", set_verdict, methods=["POST"]),
        Route("/documents/{document_id:int}", document_record),
        Route("/queue", queue),
        Route("/check", check_table),
        Route("/tally", tally_table),
        Route("/tally/{what}/{index:int}", tally_sources),
        Route("/points", points_table),
        Route("/reviews", reviews),
        Route("/reviews/close", close_round, methods=["POST"]),
        Route("/reviews/revoke", revoke, methods=["POST"]),
        Route("/upload", upload, methods=["GET", "POST"]),
        Route("/files", outbox_file),
    ]
