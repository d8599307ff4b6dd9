"""The API's error responses: never a traceback.

Every error body has ``detail`` (a message for people). Under ``/v1`` it also has OpenAI's envelope,
``{"error": {"message", "type", "param", "code"}}``, which the OpenAI SDKs and LangChain read: ``code``
is a word a program can branch on (``invalid_api_key``, ``model_not_found``, ``rate_limit_exceeded``,
``context_length_exceeded``, ...; see ``CODES``), ``param`` the request field at fault, when there is one.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import compile_path

from assistant.errors import AssistantError, InputError, NotFoundError

logger = logging.getLogger(__name__)

UNEXPECTED = "Something went wrong on the server; the error has been logged."
REQUEST_ID_HEADER = "X-Request-ID"
API_PREFIX = "/v1/"
HTTP_METHODS = {"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"}
FASTAPI_BODY_ERROR = "There was an error parsing the body"

# The ``code`` of an error that does not name its own (an AssistantError subclass may set ``code``).
CODES = {
    400: "invalid_body",
    401: "invalid_api_key",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
    422: "invalid_value",
    429: "rate_limit_exceeded",
    500: "server_error",
    503: "service_unavailable",
}


class ModelNotFoundError(NotFoundError):
    """A model name this server does not offer: HTTP 404, code ``model_not_found``."""

    code = "model_not_found"


class ContextLengthError(InputError):
    """A question longer than ASSISTANT_MAX_MESSAGE_CHARS: HTTP 422, code ``context_length_exceeded``."""

    code = "context_length_exceeded"

    def __init__(self, limit: int, param: str) -> None:
        super().__init__(f"The message is longer than {limit} characters.")
        self.param = param


def error_body(path: str, status: int, detail: str, code: str | None = None, param: str | None = None) -> dict:
    """``{"detail"}``, plus OpenAI's ``error`` envelope for a request under /v1."""
    body: dict[str, Any] = {"detail": detail}
    if path.startswith(API_PREFIX):
        kind = "invalid_request_error" if status < 500 else "server_error"
        code = code or CODES.get(status, "invalid_request" if status < 500 else "server_error")
        body["error"] = {"message": detail, "type": kind, "param": param, "code": code}
    return body


def _response(
    request: Request, status: int, detail: str, headers: dict[str, str] | None = None, **fields: Any
) -> JSONResponse:
    code, param = fields.pop("code", None), fields.pop("param", None)
    body = {**error_body(request.url.path, status, detail, code, param), **fields}
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
    return f"{_field(error)}: {error.get('msg', 'invalid')}"


def _field(error: dict[str, Any]) -> str:
    """The field an error is about, as a dotted path (``messages.0.content``), without pydantic's tags for
    the members of a union (``function-after[...]``, ``list[ContentPart]``)."""
    loc = [str(part) for part in error.get("loc", ()) if not re.search(r"[\[(]", str(part))]
    return ".".join(loc[1:] if loc[:1] in (["body"], ["query"], ["path"]) and len(loc) > 1 else loc)


def _relevant(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The errors worth reporting: where a field is a union (text or a list of parts), an error about the
    value (a lone surrogate) rather than the other members' "should be a valid list"."""
    by_field: dict[str, list[dict[str, Any]]] = {}
    for error in errors:
        by_field.setdefault(_field(error), []).append(error)
    kept = []
    for group in by_field.values():
        specific = [e for e in group if not str(e.get("type", "")).endswith("_type")] if len(group) > 1 else group
        kept.extend(specific or group)
    return kept


def _validation_code(error: dict[str, Any]) -> str:
    if error.get("type") == "json_invalid":
        return "invalid_json"
    return "missing_field" if error.get("type") == "missing" else "invalid_value"


async def assistant_error(request: Request, exc: AssistantError) -> JSONResponse:
    """An :class:`AssistantError` becomes its ``status_code`` with its (user-safe) message (and its
    ``headers``, if it has any, such as ``Retry-After``)."""
    return _response(
        request,
        exc.status_code,
        str(exc),
        headers=getattr(exc, "headers", None),
        code=getattr(exc, "code", None),
        param=getattr(exc, "param", None),
    )


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """A request that does not match its schema: 422 with one readable sentence and the field errors."""
    found = _relevant(list(exc.errors()))
    errors = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in found]
    detail = "; ".join(_describe(e) for e in found)
    first = found[0] if found else {}
    param = _field(first) if first and list(first.get("loc", ()))[1:] else None
    return _response(request, 422, detail, code=_validation_code(first), param=param, errors=errors)


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


def _unreadable_body(exc: HTTPException) -> tuple[str, str] | None:
    """Why FastAPI could not parse a JSON body (its 400 hides the cause), and the error code: not UTF-8, or
    nested too deeply. Like malformed JSON, these are answered 422."""
    cause = exc.__cause__
    if isinstance(cause, UnicodeDecodeError):
        where = f"byte 0x{cause.object[cause.start]:02x} at {cause.start}"
        return f"The request body is not valid UTF-8 ({where}).", "invalid_encoding"
    if isinstance(cause, RecursionError):
        return "The request body is not valid JSON (nested too deeply).", "invalid_json"
    if isinstance(cause, json.JSONDecodeError | ValueError):
        return f"The request body is not valid JSON ({cause}).", "invalid_json"
    return None


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    """Starlette's own errors (404 unknown path, 405 method, 400 unreadable body: 422 when it is a JSON body
    that is not UTF-8 or too deep) in the same shape; a 405's ``Allow`` names every documented method."""
    headers = dict(exc.headers or {})
    detail = str(exc.detail)
    if exc.status_code == 405:
        given = {method.strip() for method in headers.get("Allow", "").split(",") if method.strip()}
        headers["Allow"] = ", ".join(sorted(given | _allowed_methods(request.app, request.url.path)))
    status, code = exc.status_code, None
    if status == 400 and detail == FASTAPI_BODY_ERROR and (unreadable := _unreadable_body(exc)):
        status, (detail, code) = 422, unreadable
    if status == 404 and request.url.path.startswith(API_PREFIX):
        detail, code = f"Unknown API path {request.url.path!r}; the API is described at /docs.", "unknown_url"
    return _response(request, status, detail, headers=headers or None, code=code)


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    """Anything else is a bug: log it with the traceback, answer 500 with a generic message.

    This handler runs outside the other middleware, so it adds the request id header itself."""
    logger.error("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    request_id = getattr(request.state, "request_id", None)
    headers = {REQUEST_ID_HEADER: request_id} if request_id else None
    return _response(request, 500, UNEXPECTED, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(AssistantError, assistant_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected_error)
