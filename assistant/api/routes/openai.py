"""OpenAI-compatible ``POST /v1/chat/completions``, ``GET /v1/models`` and ``GET /v1/models/{model_id}``:
the official SDKs work unchanged.

The last message must be the user's question. The ``messages`` array is the truth about the history:

* with the ``conversation_id`` extra body field, the answer continues that stored conversation (earlier
  messages are then ignored: the stored turns are the history);
* else, when the earlier user/assistant messages (system messages aside) are exactly the turns of a
  stored conversation, such as a client resending what this server answered, they continue it;
* else they become a new conversation seeded with those messages as its earlier turns: a history that
  was trimmed or edited, has two user messages in a row, or was written by another tool still gives a
  follow-up question its context. With no earlier messages, the question starts a new conversation.

Consecutive user messages are one question, consecutive assistant messages one answer. The response,
and the finishing stream chunk, carry the full answer (citations, tool_calls, grounded,
conversation_id, ...) in the extra field ``fintech``. ``usage`` counts tokens as documented in the
README (a word, a number, a CJK character or a punctuation mark is one token); when streaming, it comes
in a last chunk if ``stream_options.include_usage`` is true.
"""

from __future__ import annotations

import time
import uuid

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from sse_starlette import EventSourceResponse

from assistant.api.deps import ServiceDep, SettingsDep, StoreDep
from assistant.api.errors import ContextLengthError, ModelNotFoundError
from assistant.api.history import conversation_for, read_messages
from assistant.api.schemas import (
    MODEL_ID,
    ChatCompletion,
    ChatCompletionRequest,
    CompletionChoice,
    CompletionMessage,
    ErrorResponse,
    ModelCard,
    ModelList,
)
from assistant.api.streaming import completion_stream
from assistant.api.tokens import usage

router = APIRouter(tags=["OpenAI-compatible"])

STARTED = int(time.time())
OWNER = "fintech-report-assistant"
NOT_FOUND = {404: {"model": ErrorResponse, "description": "Unknown model (code `model_not_found`)."}}


def _check_model(model: str) -> None:
    if model != MODEL_ID:
        raise ModelNotFoundError(f"Unknown model {model!r}; this server offers {MODEL_ID!r}.")


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
    body: ChatCompletionRequest, service: ServiceDep, store: StoreDep, settings: SettingsDep
) -> ChatCompletion | EventSourceResponse:
    _check_model(body.model)
    transcript = read_messages(body.messages)
    if len(transcript.question) > settings.max_message_chars:
        raise ContextLengthError(settings.max_message_chars, f"messages.{len(body.messages) - 1}.content")
    conversation_id = body.conversation_id
    if conversation_id is None and transcript.question.strip():
        conversation_id = await run_in_threadpool(conversation_for, store, transcript.turns)
    answer = await run_in_threadpool(service.answer, transcript.question, conversation_id)
    counted = usage((message.text(strict=False) for message in body.messages), answer.answer)
    completion_id, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    if body.stream:
        wants_usage = body.stream_options is not None and body.stream_options.include_usage
        return completion_stream(answer, completion_id, created, MODEL_ID, counted if wants_usage else None)
    return ChatCompletion(
        id=completion_id,
        created=created,
        model=MODEL_ID,
        choices=[CompletionChoice(message=CompletionMessage(content=answer.answer))],
        usage=counted,
        fintech=answer,
    )


@router.get("/models", response_model=ModelList, summary="The one model this server offers")
def models() -> ModelList:
    return ModelList(data=[ModelCard(id=MODEL_ID, created=STARTED, owned_by=OWNER)])


@router.get("/models/{model_id}", response_model=ModelCard, responses=NOT_FOUND, summary="One model")
def model(model_id: str) -> ModelCard:
    """The model card of ``model_id``; 404 with code ``model_not_found`` for any other name."""
    _check_model(model_id)
    return ModelCard(id=MODEL_ID, created=STARTED, owned_by=OWNER)
