"""The reviewers' pages: one secret link each (`/r/<token>`), no account.

A link shows only its reviewer's applications of the current round; any other id, an application
the reviewer is in conflict with (never assigned to them), an unknown or revoked token is 404.
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ..review.policy_view import ReviewPolicy
from ..review.rounds import SavedRound, current_round
from ..store import StoredRecord
from ..store import web as web_store
from ..store.web import ReviewerLink
from . import scoring
from . import year as Y
from .app import checked_form, office, render
from .office import _int, _page_png, source_fragment, station_context


def _link_or_404(request: Request) -> tuple[ReviewerLink, SavedRound]:
    o = office(request)
    link = web_store.link_by_token(o.store, str(request.path_params["token"]))
    if link is None or link.year != o.ws.year:
        raise HTTPException(404)
    saved = o.cache.get("round", lambda: current_round(o.store, o.ws.year))
    if saved is None or not saved.items_of(link.reviewer):
        raise HTTPException(404)
    return link, saved


def _assigned_or_404(request: Request, saved: SavedRound, link: ReviewerLink) -> StoredRecord:
    """The application of the path, if it is assigned to this reviewer and still stored; else 404."""
    app_id = _int(request.path_params["app_id"], -1)
    if app_id not in {p.application_id for p in saved.items_of(link.reviewer)}:
        raise HTTPException(404)
    stored = office(request).store.record(app_id)
    if stored is None:
        raise HTTPException(404)
    return stored


def _policy(request: Request) -> ReviewPolicy:
    return ReviewPolicy.from_review(Y.load_policy(office(request).ws).review)


async def home(request: Request) -> Response:
    o = office(request)
    link, saved = _link_or_404(request)
    saved_scores = await asyncio.to_thread(scoring.saved_scores, o.store, o.ws.year, link.reviewer)
    policy = _policy(request)
    rows = []
    for pair in saved.items_of(link.reviewer):
        scores = saved_scores.get(pair.application_id, {})
        filled = [v for v in scores.values() if v is not None]
        rows.append({"item": pair, "done": len(filled) == len(policy.criteria),
                     "total": sum(filled) if filled else None})  # fmt: skip
    return render(request, "reviewer_home.html", {
        "link": link, "rows": rows, "token": link.token, "closed": web_store.round_closed(o.store, saved.id),
        "policy": policy, "user": None,
    })  # fmt: skip


async def application(request: Request) -> Response:
    link, saved = _link_or_404(request)
    stored = _assigned_or_404(request, saved, link)
    return await _form_page(request, link, saved, stored, errors=[], typed=None)


async def _form_page(request: Request, link: ReviewerLink, saved: SavedRound, stored: Any, *,
                     errors: list[str], typed: dict[str, str] | None, status_code: int = 200) -> Response:  # fmt: skip
    o = office(request)
    policy = _policy(request)
    saved_scores = await asyncio.to_thread(scoring.saved_scores, o.store, o.ws.year, link.reviewer)
    ctx = await asyncio.to_thread(station_context, request, stored, editable=False)
    current = saved_scores.get(stored.id, {})
    criteria = [
        {"i": i, "name": c.name, "max": c.max,
         "value": typed.get(f"c{i}", "") if typed is not None else
         ("" if current.get(c.name) is None else f"{current[c.name]:g}")}
        for i, c in enumerate(policy.criteria)
    ]  # fmt: skip
    ids = [p.application_id for p in saved.items_of(link.reviewer)]
    pos = ids.index(stored.id)
    ctx.update(
        link=link, token=link.token, criteria=criteria, errors=errors, user=None, policy=policy,
        closed=web_store.round_closed(o.store, saved.id), saved_flag=request.query_params.get("saved") == "1",
        base=f"/r/{link.token}/a/{stored.id}", next_id=ids[pos + 1] if pos + 1 < len(ids) else None,
        prev_id=ids[pos - 1] if pos > 0 else None,
    )  # fmt: skip
    return render(request, "reviewer_app.html", ctx, status_code=status_code)


async def save(request: Request) -> Response:
    o = office(request)
    form = await checked_form(request)
    link, saved = _link_or_404(request)
    stored = _assigned_or_404(request, saved, link)
    app_id = stored.id
    typed = {k: str(v) for k, v in form.items() if k.startswith("c")}
    if web_store.round_closed(o.store, saved.id):
        return await _form_page(request, link, saved, stored, typed=typed, status_code=409,
                                errors=["本轮评审已结束，评分不能再修改。如需更正请联系办公室。"])  # fmt: skip
    policy = _policy(request)
    try:
        scores = scoring.parse_scores(policy, typed)
        await asyncio.to_thread(
            scoring.save_scores, o.ws, o.store, saved, policy, link.reviewer, app_id, scores
        )
    except scoring.ScoreError as exc:
        return await _form_page(
            request, link, saved, stored, errors=exc.problems, typed=typed, status_code=400
        )
    return RedirectResponse(f"/r/{link.token}/a/{app_id}?saved=1", status_code=303)


async def source_part(request: Request) -> Response:
    """The source document alone (asked for while a Word file is being rendered)."""
    link, saved = _link_or_404(request)
    stored = _assigned_or_404(request, saved, link)
    return await source_fragment(request, stored, f"/r/{link.token}/a/{stored.id}")


async def page_image(request: Request) -> Response:
    link, saved = _link_or_404(request)
    stored = _assigned_or_404(request, saved, link)
    return await _page_png(request, stored)


def routes() -> list[BaseRoute]:
    return [
        Route("/r/{token}", home),
        Route("/r/{token}/a/{app_id:int}", application),
        Route("/r/{token}/a/{app_id:int}/save", save, methods=["POST"]),
        Route("/r/{token}/a/{app_id:int}/pages/{page:int}.png", page_image),
        Route("/r/{token}/a/{app_id:int}/source", source_part),
    ]
