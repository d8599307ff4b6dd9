"""``POST /v1/chat`` (one JSON answer) and ``POST /v1/chat/stream`` (Server-Sent Events)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from sse_starlette import EventSourceResponse

from assistant.answer import Answer
from assistant.api.deps import ServiceDep, SettingsDep
from assistant.api.errors import ContextLengthError
from assistant.api.schemas import ChatRequest, ErrorResponse
from assistant.api.streaming import answer_stream

router = APIRouter(prefix="/chat", tags=["chat"])

ERRORS = {
    404: {"model": ErrorResponse, "description": "Unknown conversation id."},
    503: {"model": ErrorResponse, "description": "No usable index; the detail names the fix."},
}

STREAM_DOC = """Events, in order: `tool` (one per tool call: {name, arguments, result}), `delta`
({"text"}: the answer in small pieces), `citations` (a list), `done` (the full answer, as from POST /v1/chat).

The answer is produced and grounding-checked before streaming starts, so no unchecked number is ever
shown; errors found before that (bad input, unknown conversation, missing index) are plain HTTP errors
with {"detail"}, and an `error` event ({"detail"}) ends the stream if sending fails midway."""


def _check_length(body: ChatRequest, limit: int) -> None:
    if len(body.message) > limit:
        raise ContextLengthError(limit, "message")


@router.post("", response_model=Answer, responses=ERRORS, summary="Ask a question")
def chat(body: ChatRequest, service: ServiceDep, settings: SettingsDep) -> Answer:
    """Answer a question with citations and tool calls; the turn is stored in the conversation."""
    _check_length(body, settings.max_message_chars)
    return service.answer(body.message, body.conversation_id)


@router.post(
    "/stream",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "The event stream."}, **ERRORS},
    summary="Ask a question, get Server-Sent Events",
    description=STREAM_DOC,
)
async def chat_stream(body: ChatRequest, service: ServiceDep, settings: SettingsDep) -> EventSourceResponse:
    _check_length(body, settings.max_message_chars)
    answer = await run_in_threadpool(service.answer, body.message, body.conversation_id)
    return answer_stream(answer)
