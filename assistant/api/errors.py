"""The API's error responses, all ``{"detail": message}``: never a traceback.

On the OpenAI-compatible paths the body also has OpenAI's ``{"error": {"message", "type"}}``, which
is what the OpenAI SDKs put in their exception messages.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import compile_path

from assistant.errors import AssistantError

logger = logging.getLogger(__name__)

UNEXPECTED = "Something went wrong on the server; the error has been logged."
REQUEST_ID_HEADER = "X-Request-ID"
OPENAI_PATHS = ("/v1/chat/completions", "/v1/models")
HTTP_METHODS = {"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"}


def _response(path: str, status: int, detail: str, headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    """The error body for a request to ``path`` (OpenAI's ``error`` object too on the OpenAI paths)."""
    body: dict[str, Any] = {"detail": detail, **extra}
    if path in OPENAI_PATHS:
        kind = "invalid_request_error" if status < 500 else "server_error"
        body["error"] = {"message": detail, "type": kind, "param": None, "code": str(status)}
    return JSONResponse(body, status_code=status, headers=headers)


def _describe(error: dict[str, Any]) -> str:
    loc = [str(part) for part in error.get("loc", ())]
    if error.get("type") == "json_invalid":
        reason = (error.get("ctx") or {}).get("error", "")
        return "The request body is not valid JSON" + (f" ({reason})." if reason else ".")
    if loc == ["body"] and error.get("type") == "missing":
        return "The request body is missing; send JSON."
    if loc == ["body"]:
        return f"The request body: {error.get('msg', 'invalid')}"
    where = ".".join(loc[1:] if loc[:1] in (["body"], ["query"], ["path"]) and len(loc) > 1 else loc)
    return f"{where}: {error.get('msg', 'invalid')}"


async def assistant_error(request: Request, exc: AssistantError) -> JSONResponse:
    """An :class:`AssistantError` becomes its ``status_code`` with its (user-safe) message (and its
    ``headers``, if it has any, such as ``Retry-After``)."""
    return _response(request.url.path, exc.status_code, str(exc), headers=getattr(exc, "headers", None))


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """A request that does not match its schema: 422 with one readable sentence and the field errors."""
    errors = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
    detail = "; ".join(_describe(e) for e in exc.errors())
    return _response(request.url.path, 422, detail, errors=errors)


def _allowed_methods(app: FastAPI, path: str) -> set[str]:
    """Every method the API documents for ``path``: one path can have several routes (GET and POST on
    /v1/conversations), but a 405 from the router lists only the first one's methods."""
    table = getattr(app.state, "methods_by_path", None)
    if table is None:
        table = app.state.methods_by_path = [
            (compile_path(template)[0], {method.upper() for method in operations if method.upper() in HTTP_METHODS})
            for template, operations in app.openapi()["paths"].items()
        ]
    return {method for regex, methods in table if regex.fullmatch(path) for method in methods}


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    """Starlette's own errors (404 unknown path, 405 method) in the same shape; a 405's ``Allow`` names
    every documented method of the path."""
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        given = {method.strip() for method in headers.get("Allow", "").split(",") if method.strip()}
        headers["Allow"] = ", ".join(sorted(given | _allowed_methods(request.app, request.url.path)))
    return _response(request.url.path, exc.status_code, str(exc.detail), headers=headers or None)


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    """Anything else is a bug: log it with the traceback, answer 500 with a generic message.

    This handler runs outside the other middleware, so it adds the request id header itself."""
    logger.error("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    request_id = getattr(request.state, "request_id", None)
    headers = {REQUEST_ID_HEADER: request_id} if request_id else None
    return _response(request.url.path, 500, UNEXPECTED, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(AssistantError, assistant_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected_error)
