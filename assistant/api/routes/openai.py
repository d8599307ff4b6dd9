"""OpenAI-compatible ``POST /v1/chat/completions`` and ``GET /v1/models``: the official SDKs work unchanged.

The last message must be the user's question. The conversation it belongs to is, in order:
the ``conversation_id`` extra body field when given (earlier messages are then ignored: the stored
turns are the history); else the stored conversation whose turns are exactly the earlier user/assistant
messages (system messages aside), found by a hash of that transcript, so a client that resends the
history it got from this server continues the same conversation; else a new conversation (earlier
messages that this server did not answer are not used as history). The response, and the last
stream chunk, carry the full answer (citations, tool_calls, grounded, conversation_id, ...) in the
extra field ``fintech``.
"""

from __future__ import annotations

import time
import uuid

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from sse_starlette import EventSourceResponse

from assistant.api.deps import ServiceDep, StoreDep
from assistant.api.schemas import (
    MODEL_ID,
    ChatCompletion,
    ChatCompletionRequest,
    CompletionChoice,
    CompletionMessage,
    ErrorResponse,
    ModelCard,
    ModelList,
    OpenAIMessage,
)
from assistant.api.streaming import completion_stream
from assistant.errors import InputError, NotFoundError

router = APIRouter(tags=["OpenAI-compatible"])

STARTED = int(time.time())


def _question_and_history(messages: list[OpenAIMessage]) -> tuple[str, list[tuple[str, str]] | None]:
    """The last user message, and the earlier messages as (question, answer) pairs (None if not pairs)."""
    if messages[-1].role != "user":
        raise InputError("The last message must be the user's question (role 'user').")
    earlier = [m for m in messages[:-1] if m.role in ("user", "assistant")]
    if [m.role for m in earlier] != ["user", "assistant"] * (len(earlier) // 2) or len(earlier) % 2:
        return messages[-1].text(), None
    return messages[-1].text(), [(q.text(), a.text()) for q, a in zip(earlier[::2], earlier[1::2], strict=True)]


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "A completion, or chunks if stream."},
        404: {"model": ErrorResponse, "description": "Unknown model or conversation id."},
        503: {"model": ErrorResponse, "description": "No usable index; the detail names the fix."},
    },
    summary="OpenAI-compatible chat completion",
    description=__doc__,
)
async def chat_completions(
    body: ChatCompletionRequest, service: ServiceDep, store: StoreDep
) -> ChatCompletion | EventSourceResponse:
    if body.model != MODEL_ID:
        raise NotFoundError(f"Unknown model {body.model!r}; this server offers {MODEL_ID!r}.")
    question, history = _question_and_history(body.messages)
    conversation_id = body.conversation_id
    if conversation_id is None and history:
        conversation_id = await run_in_threadpool(store.find_by_transcript, history)
    answer = await run_in_threadpool(service.answer, question, conversation_id)
    completion_id, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    if body.stream:
        return completion_stream(answer, completion_id, created, MODEL_ID)
    return ChatCompletion(
        id=completion_id,
        created=created,
        model=MODEL_ID,
        choices=[CompletionChoice(message=CompletionMessage(content=answer.answer))],
        fintech=answer,
    )


@router.get("/models", response_model=ModelList, summary="The one model this server offers")
def models() -> ModelList:
    return ModelList(data=[ModelCard(id=MODEL_ID, created=STARTED, owned_by="fintech-report-assistant")])
