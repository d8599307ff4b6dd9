"""The FastAPI application factory: ``create_app(settings)``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from assistant.api import errors
from assistant.api.body_limit import BodyLimit
from assistant.api.deps import rate_limit, require_api_key
from assistant.api.metered import MeteredChatService
from assistant.api.page import page_mount
from assistant.api.rate_limit import RateLimiter
from assistant.api.request_context import RequestContext
from assistant.api.routes import chat, conversations, documents, feedback, health, metrics, openai, search, tools
from assistant.api.schemas import ErrorResponse
from assistant.config import Settings, get_settings
from assistant.conversations import ConversationStore
from assistant.slack import routes as slack

WEB_DIR = Path(__file__).resolve().parent.parent / "web" / "static"
MAX_BODY_BYTES = 1_000_000
UPLOAD_OVERHEAD_BYTES = 64_000  # multipart headers and boundaries around an uploaded file

DESCRIPTION = """Answers questions about fintech-centre rankings and market figures (English or Chinese),
with citations to the reports and the analytics tool calls behind every number.

* `POST /v1/chat` answers; `POST /v1/chat/stream` streams the same answer as Server-Sent Events.
  The answer is grounding-checked before streaming starts, so no unchecked number is ever shown.
* `POST /v1/documents` uploads a document (multipart field `file`: md, txt, html or pdf) that answers and
  search use at once; `GET /v1/documents` lists the documents, `DELETE /v1/documents/{id}` removes one.
* `POST /v1/chat/completions` and `GET /v1/models` speak OpenAI's protocol; the full answer is in the
  extra field `fintech`.
* Errors are `{"detail": message}`; under `/v1` also OpenAI's `{"error": {"message", "type", "param",
  "code"}}`, with a `code` such as `invalid_api_key`, `model_not_found`, `rate_limit_exceeded` or
  `context_length_exceeded`. When ASSISTANT_API_KEYS is set, `/v1/*` needs `Authorization: Bearer <key>`.
  `/v1/*` is rate limited per key (per client IP without keys; a client on this machine is not limited
  when no keys are set): over the limit the answer is 429 with `Retry-After` seconds.
* Every response carries `X-Request-ID` (the client's, if it sent one); the server's log lines for the
  request carry the same id. `GET /metrics` (no key needed) serves Prometheus metrics.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API for ``settings`` (default: from the environment); index and models load on first use."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Fintech Report Assistant",
        version="0.1.0",
        description=DESCRIPTION,
    )
    # Middleware added last runs first: request id, log line and metrics; CORS; body limit.
    upload_limit = int(settings.index_max_file_mb * 1_000_000) + UPLOAD_OVERHEAD_BYTES
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES, path_limits={"/v1/documents": upload_limit})
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", errors.REQUEST_ID_HEADER],
            expose_headers=[errors.REQUEST_ID_HEADER, "Retry-After"],
            max_age=600,
        )
    app.add_middleware(RequestContext)
    app.state.settings = settings
    app.state.store = ConversationStore(settings.database)
    app.state.service = MeteredChatService.from_settings(settings, app.state.store)
    app.state.rate_limiter = RateLimiter(
        settings.rate_limit_per_minute, settings.rate_limit_burst, settings.api_keys, settings.redis_url
    )
    errors.install(app)
    # Bearer auth is part of the API (and its schema) only when keys are configured.
    guards = [Depends(rate_limit), *([Depends(require_api_key)] if settings.api_keys else [])]
    responses: dict[int | str, dict[str, Any]] = {
        400: {"model": ErrorResponse, "description": "The body could not be read (a malformed multipart body)."},
        413: {"model": ErrorResponse, "description": f"The body is larger than {MAX_BODY_BYTES} bytes."},
        422: {"model": ErrorResponse, "description": "Malformed request or a value out of range."},
        429: {"model": ErrorResponse, "description": "Over the rate limit; retry after `Retry-After` seconds."},
    }
    if settings.api_keys:
        responses[401] = {"model": ErrorResponse, "description": "A missing or wrong API key."}
    v1 = APIRouter(prefix="/v1", dependencies=guards, responses=responses)
    for module in (chat, openai, search, tools, conversations, feedback, documents):
        v1.include_router(module.router)
    app.include_router(v1)
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(slack.router)
    # Routes added after this point would be shadowed by the page: include them above.
    if WEB_DIR.is_dir():
        app.router.routes.append(page_mount(WEB_DIR))
    _declare_message_limit(app, settings.max_message_chars)
    return app


def _declare_message_limit(app: FastAPI, max_chars: int) -> None:
    """Put the configured longest question and search query (ASSISTANT_MAX_MESSAGE_CHARS) into the OpenAPI
    schema."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            components = generate()["components"]["schemas"]
            components["ChatRequest"]["properties"]["message"]["maxLength"] = max_chars
            components["SearchRequest"]["properties"]["query"]["maxLength"] = max_chars
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
