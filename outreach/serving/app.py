"""The preview's web application (Starlette): its pages, the event stream, and the files of the documents shown.

Files are served only from the preview's store (by a sha256 it holds, and a
page number) and from the few named files in ui/; a path a browser sends is
never opened. Every response carries a Content-Security-Policy that lets a
page load only from this server, and, bound to this machine, only requests
addressed to it are answered (another web page cannot reach the preview
through a name it controls).
"""

from __future__ import annotations

import asyncio

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import views
from .preview import Preview
from .store import SHA256

LOCAL_NAMES = ["127.0.0.1", "localhost", "[::1]"]
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
FOREVER = {"Cache-Control": "private, max-age=31536000, immutable"}
"""For files named by their content."""
FRESH = {"Cache-Control": "no-store"}
KEEPALIVE = 15.0
"""Seconds between comments on an idle event stream, so that no proxy or browser closes it."""


class Guard:
    """Adds the security headers to every response (a pure ASGI middleware: streaming passes through)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                pdf = (b"content-type", b"application/pdf") in headers  # a browser's PDF viewer needs its own
                message["headers"] = headers + [h for h in HEADERS if not (pdf and h[0] == b"content-security-policy")]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _not_found() -> Response:
    return PlainTextResponse("Not found", status_code=404, headers=FRESH)


def _number(text: str) -> int:
    return int(text) if text.isdigit() and len(text) < 5 else 0


def make_app(preview: Preview, hosts: list[str] | None = LOCAL_NAMES) -> Starlette:
    """The preview's application, answering only requests addressed to one of `hosts` (None: to any name)."""

    async def show(request: Request, view: str, whole: bool) -> Response:
        state = preview.state
        asked = {key: request.query_params.get(key, "") for key in ("location", "format", "locale")}
        values, pick = await views.context(state, preview.store, view, asked)
        if pick is not None:
            preview.want(pick)
        html = views.page(values) if whole else views.live(values)
        return HTMLResponse(html, headers={**FRESH, "X-Preview-Content": str(state.content)})

    async def document(request: Request) -> Response:
        return await show(request, "page", True)

    async def translate(request: Request) -> Response:
        return await show(request, "translate", True)

    async def overview(request: Request) -> Response:
        return await show(request, "all", True)

    async def live(request: Request) -> Response:
        view = request.query_params.get("view", "page")
        return await show(request, view if view in views.VIEWS else "page", False)

    async def events(request: Request) -> Response:
        async def stream():
            yield "retry: 1000\n\n"
            sent, quiet = -1, 0.0
            while not preview.stopping:
                state = preview.state
                if state.version != sent:
                    sent, quiet = state.version, 0.0
                    yield views.event(state)
                elif quiet >= KEEPALIVE:
                    quiet = 0.0
                    yield ": still here\n\n"
                await asyncio.sleep(0.2)
                quiet += 0.2

        return StreamingResponse(stream(), media_type="text/event-stream", headers=FRESH)

    async def page_image(request: Request) -> Response:
        sha, number = request.path_params["sha"], _number(request.path_params["page"])
        path = await preview.store.page(sha, number) if SHA256.match(sha) else None
        return FileResponse(path, media_type="image/png", headers=FOREVER) if path else _not_found()

    async def thumbnail(request: Request) -> Response:
        sha, number = request.path_params["sha"], _number(request.path_params["page"])
        path = preview.store.thumbnail(sha, number)
        return FileResponse(path, media_type="image/png", headers=FOREVER) if path else _not_found()

    async def pdf(request: Request) -> Response:
        sha = request.path_params["sha"]
        path = preview.store.pdf(sha)
        if path is None:
            return _not_found()
        names = [shown.job for shown in preview.state.documents.values() if shown.sha256 == sha]
        name = f"{names[0].location.id}.{names[0].format.name}.{names[0].locale}.pdf" if names else "document.pdf"
        return FileResponse(
            path, media_type="application/pdf", headers=FOREVER, filename=name, content_disposition_type="inline"
        )

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in views.STATIC:
            return _not_found()
        return FileResponse(views.UI / name, media_type=views.STATIC[name], headers=FRESH)

    async def no_icon(request: Request) -> Response:
        return Response(status_code=204)

    routes = [
        Route("/", document),
        Route("/translate", translate),
        Route("/all", overview),
        Route("/live", live),
        Route("/events", events),
        Route("/page/{sha}/{page}.png", page_image),
        Route("/thumb/{sha}/{page}.png", thumbnail),
        Route("/pdf/{sha}.pdf", pdf),
        Route("/static/{name}", static),
        Route("/favicon.ico", no_icon),
    ]
    middleware = [Middleware(Guard)]
    if hosts is not None:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=hosts))
    return Starlette(routes=routes, middleware=middleware)
