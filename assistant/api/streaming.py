"""Server-Sent Events for a finished answer: the app's own event stream and OpenAI's chunk stream.

The answer is produced and grounding-checked *before* the first event is sent, then replayed in
small pieces. Streaming therefore adds no latency benefit for the first word, but a client never
shows a number that the grounding check has not passed. Failures before streaming starts (bad
input, unknown conversation, missing index) are ordinary HTTP errors with ``{"detail": ...}``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from sse_starlette import EventSourceResponse, ServerSentEvent

from assistant.answer import Answer
from assistant.api.schemas import Usage

logger = logging.getLogger(__name__)

PIECE_CHARS = 8
FAILED = "Sending the answer failed; please try again."


def pieces(text: str) -> list[str]:
    """Small pieces that join back to ``text``: words with their trailing space, cut at 8 characters."""
    return [
        token[start : start + PIECE_CHARS]
        for token in re.findall(r"\S+\s*|\s+", text)
        for start in range(0, len(token), PIECE_CHARS)
    ]


def _event(data: Any, name: str | None = None) -> ServerSentEvent:
    return ServerSentEvent(data=json.dumps(data, ensure_ascii=False), event=name)


def answer_events(answer: Answer) -> Iterator[ServerSentEvent]:
    """A ``tool`` per tool call, a ``delta`` per piece of text, ``citations``, ``done`` (the full answer)."""
    for call in answer.tool_calls:
        yield _event(call.model_dump(mode="json"), "tool")
    for piece in pieces(answer.answer):
        yield _event({"text": piece}, "delta")
    yield _event([citation.model_dump(mode="json") for citation in answer.citations], "citations")
    yield _event(answer.model_dump(mode="json"), "done")


def completion_chunks(
    answer: Answer, completion_id: str, created: int, model: str, usage: Usage | None = None
) -> Iterator[ServerSentEvent]:
    """OpenAI ``chat.completion.chunk`` events; the finishing chunk carries the full answer in ``fintech``.

    With ``usage`` (the request's ``stream_options.include_usage``), every chunk has ``"usage": null`` and a
    last chunk with no choices carries the usage, as OpenAI sends it."""
    body = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": model}
    extra_usage = {"usage": None} if usage is not None else {}

    def chunk(delta: dict[str, str], finish_reason: str | None = None, **extra: Any) -> ServerSentEvent:
        choice = {"index": 0, "delta": delta, "finish_reason": finish_reason}
        return _event({**body, "choices": [choice], **extra_usage, **extra})

    yield chunk({"role": "assistant", "content": ""})
    for piece in pieces(answer.answer):
        yield chunk({"content": piece})
    yield chunk({}, "stop", fintech=answer.model_dump(mode="json"))
    if usage is not None:
        yield _event({**body, "choices": [], "usage": usage.model_dump()})
    yield ServerSentEvent(data="[DONE]")


async def _guarded(events: Iterable[ServerSentEvent], on_error: ServerSentEvent) -> AsyncIterator[ServerSentEvent]:
    try:
        for event in events:
            yield event
    except Exception:
        logger.exception("Streaming an answer failed after the response started")
        yield on_error


def answer_stream(answer: Answer) -> EventSourceResponse:
    """The app's event stream; an ``error`` event ``{"detail"}`` ends it if sending fails midway."""
    return EventSourceResponse(_guarded(answer_events(answer), _event({"detail": FAILED}, "error")), sep="\n")


def completion_stream(
    answer: Answer, completion_id: str, created: int, model: str, usage: Usage | None = None
) -> EventSourceResponse:
    """OpenAI's chunk stream; an ``{"error": {"message"}}`` chunk (as OpenAI sends) ends it on failure."""
    chunks = completion_chunks(answer, completion_id, created, model, usage)
    return EventSourceResponse(_guarded(chunks, _event({"error": {"message": FAILED}})), sep="\n")
