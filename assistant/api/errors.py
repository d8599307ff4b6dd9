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

from assistant.errors import AssistantError

logger = logging.getLogger(__name__)

UNEXPECTED = "Something went wrong on the server; the error has been logged."
OPENAI_PATHS = ("/v1/chat/completions", "/v1/models")


def _response(request: Request, status: int, detail: str, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"detail": detail, **extra}
    if request.url.path in OPENAI_PATHS:
        kind = "invalid_request_error" if status < 500 else "server_error"
        body["error"] = {"message": detail, "type": kind, "param": None, "code": str(status)}
    return JSONResponse(body, status_code=status)


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
    """An :class:`AssistantError` becomes its ``status_code`` with its (user-safe) message."""
    return _response(request, exc.status_code, str(exc))


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """A request that does not match its schema: 422 with one readable sentence and the field errors."""
    errors = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
    detail = "; ".join(_describe(e) for e in exc.errors())
    return _response(request, 422, detail, errors=errors)


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    """Anything else is a bug: log it with the traceback, answer 500 with a generic message."""
    logger.error("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _response(request, 500, UNEXPECTED)


def install(app: FastAPI) -> None:
    """Register the three handlers on ``app``."""
    app.add_exception_handler(AssistantError, assistant_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected_error)
