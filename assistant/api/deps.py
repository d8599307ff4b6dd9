"""Dependencies of the route functions, as ``Annotated`` aliases (``SettingsDep``, ``ServiceDep``, ...)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.agent.service import ChatService
from assistant.api.server import is_loopback
from assistant.config import Settings
from assistant.conversations import ConversationStore
from assistant.errors import AssistantError
from assistant.retrieval import Retriever, open_retriever
from assistant.tables import Tables, cached_tables


class Unauthorized(AssistantError):
    """A /v1 request without a valid API key while ASSISTANT_API_KEYS is set: HTTP 401."""

    status_code = 401

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


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


def rate_limited(settings: Settings, client_host: str | None) -> bool:
    """Whether a request counts against the rate limit: always when API keys are configured; without keys,
    unless it comes from this machine (a local user is not throttled; the limit protects a shared server)."""
    return bool(settings.api_keys) or not (client_host and is_loopback(client_host))


async def rate_limit(request: Request) -> None:
    """Count the request against its API key's (or client IP's) rate limit: 429 over it. Async, so the
    buckets are only touched from the event loop."""
    if rate_limited(request.app.state.settings, request.client.host if request.client else None):
        request.app.state.rate_limiter.check(request)


def require_api_key(
    settings: SettingsDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """Let the request through when no keys are configured or it carries one of them as a Bearer token."""
    if not settings.api_keys:
        return
    if credentials is None:
        raise Unauthorized("This server needs an API key: send 'Authorization: Bearer <key>'.", "missing_api_key")
    given = credentials.credentials
    if not any(secrets.compare_digest(given.encode(), key.encode()) for key in settings.api_keys):
        raise Unauthorized("The API key is not valid: send one of this server's keys.", "invalid_api_key")
