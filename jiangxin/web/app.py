"""The Starlette application: sessions, CSRF, security headers, login, and the shared page helpers.

Starlette (with Jinja2 templates) rather than a larger framework: the pages are server-rendered
forms and Starlette's session middleware signs the cookie with itsdangerous. No page needs JavaScript;
a page showing a result still being made (a refresh beside the server, a Word file in LibreOffice)
loads htmx (static/htmx.min.js, 0BSD, no inline script) to swap in the result when it is ready.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import secrets
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..core.labels import KIND_LABELS
from ..store import Store
from ..store import web as web_store
from ..workspace import Workspace
from . import auth
from .snapshot import Snapshots
from .year import YearCache

HERE = Path(__file__).parent
SESSION_COOKIE = "jiangxin_session"
DEFAULT_MAX_UPLOAD_MB = 50

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


class SecurityHeaders:
    """Adds the security headers to every response (pages, files, errors alike)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((k, v) for k, v in SECURITY_HEADERS if k not in names),
                ]
            await send(message)

        await self.app(scope, receive, wrapped)


class Activity:
    """When the pages last served a request, and how many are under way: background work (the warm-up
    at start) waits for a pause so that the clerk's first views keep the processor."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.in_flight = 0
        self.shared: Any = None  # the count shared with the warm-up process (a multiprocessing Value)
        self.last = time.monotonic()

    def begin(self) -> None:
        with self._lock:
            self.in_flight += 1
            if self.shared is not None:
                self.shared.value = self.in_flight

    def end(self) -> None:
        with self._lock:
            self.in_flight -= 1
            if self.shared is not None:
                self.shared.value = self.in_flight
            self.last = time.monotonic()

    def quiet_from_now(self) -> None:
        """Count the quiet from now (the server is about to answer: its start-up was no pause)."""
        with self._lock:
            self.last = time.monotonic()

    def wait_idle(self, limit: float = 10.0) -> None:
        """Return once no request is under way (or after `limit` seconds): work beside the server calls it
        at its give-way points, so a page asked for meanwhile has the interpreter to itself."""
        end = time.monotonic() + limit
        while self.in_flight > 0 and time.monotonic() < end:
            time.sleep(0.005)

    def wait_quiet(self, quiet: float = 1.0, limit: float = 60.0) -> None:
        """Return once no request has been under way for `quiet` seconds, or after `limit` seconds."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            with self._lock:
                idle = self.in_flight == 0 and time.monotonic() - self.last >= quiet
            if idle:
                return
            time.sleep(0.1)


class ActivityMiddleware:
    """Counts the requests under way for `Activity`."""

    def __init__(self, app: ASGIApp, activity: Activity) -> None:
        self.app = app
        self.activity = activity

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.activity.begin()
        try:
            await self.app(scope, receive, send)
        finally:
            self.activity.end()


@dataclass
class Office:
    """What every page needs: the workspace, its store, caches and the login throttle."""

    ws: Workspace
    store: Store
    templates: Jinja2Templates
    cache: YearCache
    throttle: auth.LoginThrottle = field(default_factory=auth.LoginThrottle)
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_MB * 1048576
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)


def local_time(when: dt.datetime | str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A time the store keeps in UTC (a datetime, or its ISO text), shown in the office's own time zone."""
    if when is None or when == "":
        return ""
    if isinstance(when, str):
        when = dt.datetime.fromisoformat(when)
    return when.replace(tzinfo=dt.UTC).astimezone().strftime(fmt)


def office(request: Request) -> Office:
    return request.app.state.office  # type: ignore[no-any-return]


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = auth.new_csrf_token()
        request.session["csrf"] = token
    return str(token)


async def checked_form(request: Request) -> FormData:
    """The posted form, refused (403) unless it carries this session's CSRF token."""
    form = await request.form(max_part_size=office(request).max_upload_bytes)
    if not auth.same_token(request.session.get("csrf"), str(form.get("csrf") or "")):
        raise HTTPException(403, "表单已失效或来源不明（CSRF 校验未通过），请刷新页面后重试。")
    return form


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    o = office(request)
    ctx = {
        "csrf": csrf_token(request),
        "user": request.session.get("user"),
        "year": o.ws.year,
        "org": o.ws.organization.name,
        "kind_labels": KIND_LABELS,
        **context,
    }
    return o.templates.TemplateResponse(request, name, ctx, status_code=status_code)


def user_of(request: Request) -> str | None:
    user = request.session.get("user")
    return str(user) if user else None


Handler = Callable[[Request], Awaitable[Response]]


def login_required(handler: Handler) -> Handler:
    """Pages and files of the office: a visitor without a login is sent to /login (files get 401... as
    a redirect too, so nothing is ever served without an account)."""

    async def wrapped(request: Request) -> Response:
        if user_of(request) is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        return await handler(request)

    wrapped.__name__ = handler.__name__
    wrapped.__doc__ = handler.__doc__
    return wrapped


def _safe_next(target: str | None) -> str:
    """Only a path of this site may follow a login (no open redirect)."""
    if not target or not target.startswith("/") or "\\" in target:
        return "/"
    # browsers drop tabs and newlines inside a URL: "/\t/host" would become "//host"
    squeezed = "".join(c for c in target if c.isprintable() and not c.isspace())
    if squeezed != target or target.startswith("//"):
        return "/"
    return target


async def login_page(request: Request) -> Response:
    o = office(request)
    if request.method == "GET":
        return render(request, "login.html", {"next": _safe_next(request.query_params.get("next")),
                                              "no_users": not web_store.user_names(o.store)})  # fmt: skip
    form = await checked_form(request)
    name = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    client = request.client.host if request.client else "?"
    keys = (f"user:{name}", f"ip:{client}")
    wait = o.throttle.delay(*keys)
    if wait:
        await asyncio.sleep(wait)
    ok = await asyncio.to_thread(auth.check_login, o.store, name, password)
    if not ok:
        o.throttle.failed(*keys)
        return render(
            request, "login.html",
            {"next": _safe_next(str(form.get("next") or "")), "error": "账号或密码不正确。", "username": name},
            status_code=401,
        )  # fmt: skip
    o.throttle.succeeded(*keys)
    request.session.clear()
    request.session["user"] = name
    request.session["csrf"] = auth.new_csrf_token()  # a new token after login
    o.store.audit("login", "user", None, name=name)
    return RedirectResponse(_safe_next(str(form.get("next") or "")), status_code=303)


async def logout(request: Request) -> Response:
    await checked_form(request)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


async def not_found(request: Request, exc: Exception) -> Response:
    detail = getattr(exc, "detail", "") or "页面不存在。"
    code = getattr(exc, "status_code", 404)
    if code == 404:
        detail = "页面不存在，或您无权查看。"
    return render(request, "error.html", {"message": detail, "code": code}, status_code=code)


async def server_error(request: Request, exc: Exception) -> Response:
    """An unexpected failure: a plain Chinese page (with the same security headers), never a trace."""
    body = (
        '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>出错了</title>'
        "<h1>出错了</h1><p>处理这个页面时出现内部错误，已记入日志。请返回上一页重试；如仍出错，请联系系统管理员。</p>"
    )
    headers = {k.decode(): v.decode() for k, v in SECURITY_HEADERS}
    return HTMLResponse(body, status_code=500, headers=headers)


def create_app(
    ws: Workspace,
    store: Store | None = None,
    *,
    secret: str | None = None,
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB,
    warm: bool = False,
) -> Starlette:
    """The pages of one workspace. The session key is new at every start unless `secret` is given;
    `warm` computes the year's check, renders Word files and reads scans in a background thread at start."""
    from . import office as office_routes
    from . import reviewer as reviewer_routes

    store = store or ws.open_store()
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True
    templates.env.filters["local"] = local_time
    snapshots = Snapshots(ws)
    activity = Activity()
    snapshots.start(
        lambda: activity.wait_quiet(0.3, 20)
    )  # the results as last computed, read beside the server
    state = Office(
        ws, store, templates, YearCache(store, snapshots), max_upload_bytes=int(max_upload_mb * 1048576)
    )
    state.cache.pages_first = activity.wait_idle
    routes = [
        Route("/login", login_page, methods=["GET", "POST"]),
        Route("/logout", logout, methods=["POST"]),
        *office_routes.routes(),
        *reviewer_routes.routes(),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    middleware = [
        Middleware(ActivityMiddleware, activity=activity),
        Middleware(SecurityHeaders),
        Middleware(
            SessionMiddleware,
            secret_key=secret or secrets.token_urlsafe(32),
            session_cookie=SESSION_COOKIE,
            same_site="lax",
            max_age=12 * 3600,
        ),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: not_found, Exception: server_error},
        max_body_size=int(max_upload_mb * 1048576) + 1048576,
    )
    app.state.office = state
    if warm:
        from .warmup import WarmUp
        from .year import preload, read_snapshot

        # the results kept on disk (and what the pages import) are read before the server answers, so no
        # first view waits for them or shares the processor with their reading; what is not kept is
        # worked out by the warm-up process, whose results are taken as they come
        preload(ws)
        for name in templates.env.list_templates(extensions=["html"]):
            templates.env.get_template(name)  # compiled now, not on the first view of each page
        read_snapshot(state.cache)
        office_routes.store_counts(state)
        # what was read stays for the server's life: frozen out of the collector, so that no full collection
        # (a few hundred ms over a large year's results) stops a page
        gc.freeze()
        activity.quiet_from_now()
        try:
            warm_up = WarmUp(ws, state.cache, lambda: activity.wait_quiet(0.3, 20), activity.wait_idle)
        except OSError:  # no process can be started: the pages work out what they show themselves
            return app
        activity.shared = warm_up.pages
        state.cache.warm_up = warm_up
        state.cache.check.remote = warm_up.verdicts
        app.state.warm_up = warm_up
    return app
