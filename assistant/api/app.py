"""The FastAPI application factory: ``create_app(settings)``."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from assistant.agent.service import ChatService
from assistant.api import errors
from assistant.api.body_limit import BodyLimit
from assistant.api.deps import require_api_key
from assistant.api.routes import chat, conversations, feedback, health, openai, search, tools
from assistant.api.schemas import ErrorResponse
from assistant.config import Settings, get_settings
from assistant.conversations import ConversationStore
from assistant.slack import routes as slack

WEB_DIR = Path(__file__).resolve().parent.parent / "web" / "static"
MAX_BODY_BYTES = 1_000_000

DESCRIPTION = """Answers questions about fintech-centre rankings and market figures (English or Chinese),
with citations to the reports and the analytics tool calls behind every number.

* `POST /v1/chat` answers; `POST /v1/chat/stream` streams the same answer as Server-Sent Events.
  The answer is grounding-checked before streaming starts, so no unchecked number is ever shown.
* `POST /v1/chat/completions` and `GET /v1/models` speak OpenAI's protocol; the full answer is in the
  extra field `fintech`.
* Errors are `{"detail": message}`. When ASSISTANT_API_KEYS is set, `/v1/*` needs
  `Authorization: Bearer <key>`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API for ``settings`` (default: from the environment); index and models load on first use."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Fintech Report Assistant",
        version="0.1.0",
        description=DESCRIPTION,
    )
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    app.state.settings = settings
    app.state.store = ConversationStore(settings.conversations_db)
    app.state.service = ChatService.from_settings(settings, app.state.store)
    errors.install(app)
    v1 = APIRouter(
        prefix="/v1",
        dependencies=[Depends(require_api_key)],
        responses={
            400: {"model": ErrorResponse, "description": "The body could not be read (not UTF-8)."},
            401: {"model": ErrorResponse, "description": "Needs an API key (ASSISTANT_API_KEYS is set)."},
            422: {"model": ErrorResponse, "description": "Malformed request or a value out of range."},
        },
    )
    for module in (chat, openai, search, tools, conversations, feedback):
        v1.include_router(module.router)
    app.include_router(v1)
    app.include_router(health.router)
    app.include_router(slack.router)
    # Routes added after this point would be shadowed by the page: include them above.
    if WEB_DIR.is_dir():
        app.mount("/", StaticFiles(directory=WEB_DIR, html=True), name="web")
    return app
