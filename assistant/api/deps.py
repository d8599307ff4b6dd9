"""Dependencies of the route functions, as ``Annotated`` aliases (``SettingsDep``, ``ServiceDep``, ...)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.agent.service import ChatService
from assistant.config import Settings
from assistant.conversations import ConversationStore
from assistant.errors import AssistantError
from assistant.retrieval import Retriever, open_retriever
from assistant.tables import Tables, cached_tables


class Unauthorized(AssistantError):
    """A /v1 request without a valid API key while ASSISTANT_API_KEYS is set: HTTP 401."""

    status_code = 401


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> ConversationStore:
    return request.app.state.store


def get_service(request: Request) -> ChatService:
    return request.app.state.service


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[ConversationStore, Depends(get_store)]
ServiceDep = Annotated[ChatService, Depends(get_service)]


def get_retriever(settings: SettingsDep) -> Retriever:
    """The index's retriever, opened on first use (ServiceUnavailableError, a 503, while there is none)."""
    return open_retriever(settings)


def get_tables(settings: SettingsDep) -> Tables:
    return cached_tables(settings.tables_dir)


RetrieverDep = Annotated[Retriever, Depends(get_retriever)]
TablesDep = Annotated[Tables, Depends(get_tables)]

_bearer = HTTPBearer(auto_error=False, description="One of ASSISTANT_API_KEYS; needed only when that is set.")


async def rate_limit(request: Request) -> None:
    """Count the request against its API key's (or client IP's) rate limit: 429 over it. Async, so the
    buckets are only touched from the event loop."""
    request.app.state.rate_limiter.check(request)


def require_api_key(
    settings: SettingsDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """Let the request through when no keys are configured or it carries one of them as a Bearer token."""
    if not settings.api_keys:
        return
    given = credentials.credentials if credentials else ""
    if not any(secrets.compare_digest(given.encode(), key.encode()) for key in settings.api_keys):
        raise Unauthorized("This server needs an API key: send 'Authorization: Bearer <key>'.")
