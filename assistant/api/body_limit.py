"""Refuse request bodies over a size limit with 413 and a JSON ``detail`` (and, under /v1, OpenAI's
``error`` envelope), before they are parsed.

The rest of a refused body is read and dropped (up to ``DRAIN_BYTES``), so the client gets its 413
instead of a reset while it is still sending, and its keep-alive connection stays usable.
"""

from __future__ import annotations

from fastapi import HTTPException
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import error_body

DRAIN_BYTES = 64_000_000  # a refused body longer than this is not read: the connection closes instead


async def _drain(receive: Receive, received: int = 0) -> bool:
    """Read and drop the rest of the request body; False if it ran past ``DRAIN_BYTES`` or the client left."""
    while received <= DRAIN_BYTES:
        message = await receive()
        if message["type"] != "http.request":
            return False
        received += len(message.get("body", b""))
        if not message.get("more_body", False):
            return True
    return False


class BodyLimit:
    """ASGI middleware: a declared Content-Length over the limit is refused at once; a chunked body
    is counted as it arrives and refused (by the route's error handling) once it passes the limit."""

    def __init__(self, app: ASGIApp, max_bytes: int, path_limits: dict[str, int] | None = None) -> None:
        self.app, self.max_bytes = app, max_bytes
        self.path_limits = path_limits or {}  # exact paths with their own limit (file uploads)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.path_limits.get(scope.get("path", "").rstrip("/"), self.max_bytes)
        detail = f"The request body is larger than {limit} bytes."
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            drained = int(declared) <= DRAIN_BYTES and await _drain(receive)
            body = error_body(scope.get("path", ""), 413, detail)
            headers = None if drained else {"Connection": "close"}
            await JSONResponse(body, status_code=413, headers=headers)(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                if message.get("more_body", False):
                    await _drain(receive, received)
                raise HTTPException(status_code=413, detail=detail)
            return message

        await self.app(scope, counting_receive, send)
