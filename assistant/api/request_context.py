"""Per-request context: the request id (``X-Request-ID``), one access log line, and the HTTP metrics."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.routing import Match, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import REQUEST_ID_HEADER
from assistant.metrics import record_request
from assistant.observability import REQUEST_ID, accepted_request_id

access_log = logging.getLogger("assistant.access")


def _template(route: Any, path: str) -> str | None:
    """``route``'s template with the prefix it was included under (``/v1`` + ``/chat``), read off ``path``."""
    for start in [i for i, char in enumerate(path) if char == "/"]:
        if route.path_regex.fullmatch(path[start:]):
            return path[:start] + route.path
    return None


def route_label(scope: Scope) -> str:
    """A bounded label for the request: the route template that handled it, e.g.
    ``/v1/conversations/{conversation_id}``, else the matching top-level route or mount (the web page's
    ``/{path}``, which also answers unknown paths with 404), else ``unmatched`` (such as bodies refused
    before routing, 413)."""
    route: Any = scope.get("route")
    if isinstance(getattr(route, "path", None), str) and hasattr(route, "path_regex"):
        template = _template(route, scope["path"])
        if template:
            return template
    for candidate in getattr(scope.get("app"), "routes", []):
        if isinstance(candidate, Route | Mount) and candidate.matches(scope)[0] is Match.FULL:
            return candidate.path if isinstance(candidate, Route) else f"{candidate.path}/{{path}}"
    return "unmatched"


class RequestContext:
    """ASGI middleware, outermost: takes the client's ``X-Request-ID`` (1-128 URL-safe characters) or makes
    one, puts it in the logging context and the response header, then logs and counts the request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = accepted_request_id(Headers(scope=scope).get(REQUEST_ID_HEADER)) or uuid.uuid4().hex
        # Each request runs in its own task, so the value does not leak into other requests; it is left set
        # for the error handler that answers an unhandled exception after this middleware has returned.
        REQUEST_ID.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        started, status = time.perf_counter(), 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = route_label(scope)
            record_request(scope["method"], route, status, seconds)
            access_log.info(
                "%s %s %d %.1f ms",
                scope["method"],
                scope["path"],
                status,
                seconds * 1000,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 1),
                    "client": (scope.get("client") or ("unknown",))[0],
                },
            )
