"""Request and response bodies of the HTTP API; a chat answer is :class:`assistant.answer.Answer`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from assistant.answer import Answer
from assistant.conversations import MAX_COMMENT_CHARS, Turn
from assistant.errors import InputError
from assistant.retrieval.hybrid import MAX_K
from assistant.retrieval.models import Hit

MODEL_ID = "fintech-report-assistant"


def _not_a_boolean(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("must be an integer, not true or false")
    return value


# An integer as JSON Schema means it: 3 and 3.0, but not true or false (which Python counts as 1 and 0).
JsonInt = Annotated[int, BeforeValidator(_not_a_boolean)]


class ErrorResponse(BaseModel):
    """Every error: a message for people, plus the field errors when the request did not validate."""

    detail: str
    errors: list[dict[str, Any]] | None = Field(None, description="Field errors (malformed request).")


class ChatRequest(BaseModel):
    """A question, optionally continuing a conversation."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"message": "Which city ranks first in the 2025 GFCDI?", "conversation_id": None},
                {"message": "2025年全球金融科技中心发展指数排名第二的是哪个城市？"},
            ]
        }
    )

    message: str = Field(description="The question: not empty, at most ASSISTANT_MAX_MESSAGE_CHARS chars.")
    conversation_id: str | None = Field(None, description="Continue this conversation; null: a new one.")


class SearchRequest(BaseModel):
    """A passage search over the indexed reports."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"query": "GFCDI 2025 top cities", "k": 5, "year": 2025}]}
    )

    query: str = Field(description="What to look for (English or Chinese).")
    k: JsonInt = Field(5, description=f"How many passages to return (1 to {MAX_K}).")
    document_id: str | None = Field(None, description="Only passages from this document.")
    publisher: str | None = Field(None, description="Only documents from this publisher.")
    year: JsonInt | None = Field(None, description="Only documents from this year.")
    language: Literal["en", "zh"] | None = Field(None, description="Only documents in this language.")


class SearchResponse(BaseModel):
    query: str
    hits: list[Hit]


class ToolInfo(BaseModel):
    """One analytics tool: call it with ``POST /v1/tools/{name}`` and a body matching ``input_schema``."""

    name: str
    description: str
    input_schema: dict[str, Any]


class ConversationCreate(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"title": "GFCDI 2025 questions"}]})

    title: str | None = Field(None, description="Optional; by default the first question names it.")


class ConversationRename(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"title": "Shanghai vs London"}]})

    title: str = Field(description="The new title (not empty, at most 200 characters).")


class ConversationDetail(BaseModel):
    """A conversation with every turn (question and full answer), oldest first."""

    id: str
    title: str | None
    created_at: datetime
    updated_at: datetime
    turns: list[Turn]


class Feedback(BaseModel):
    """A rating of one answer; rating the same turn again replaces the earlier rating."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"conversation_id": "3f2c…", "turn_index": 0, "rating": "up", "comment": "Well sourced."}]
        }
    )

    conversation_id: str
    turn_index: JsonInt = Field(ge=0, description="Which turn (0 is the first).")
    rating: Literal["up", "down"]
    comment: str | None = Field(None, max_length=MAX_COMMENT_CHARS)


class Health(BaseModel):
    """Readiness: 200 when the index and chat engine are ready, else 503 with the reason and the fix."""

    ok: bool
    detail: str | None = Field(None, description="Why the service is not ready, and the fix.")
    index: dict[str, Any] | None = None
    engine: str | None = None


# --- OpenAI-compatible chat completions -------------------------------------------------------------


class OpenAIMessage(BaseModel):
    """A chat message; content is a string or a list of ``{"type": "text", "text": ...}`` parts."""

    model_config = ConfigDict(extra="ignore")

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        """The message's text; parts other than text are refused."""
        if self.content is None or isinstance(self.content, str):
            return self.content or ""
        texts = []
        for part in self.content:
            if part.get("type") != "text" or not isinstance(part.get("text"), str):
                raise InputError(f"Only text message content is supported, not {part.get('type')!r} parts.")
            texts.append(part["text"])
        return "".join(texts)


class ChatCompletionRequest(BaseModel):
    """OpenAI's chat-completion request. Sampling parameters (temperature, ...) are accepted and ignored."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "examples": [
                {
                    "model": MODEL_ID,
                    "messages": [{"role": "user", "content": "Who ranks first in the 2025 GFCDI?"}],
                    "stream": False,
                }
            ]
        },
    )

    model: str = Field(description=f"Must be {MODEL_ID!r} (see GET /v1/models).")
    messages: list[OpenAIMessage] = Field(min_length=1)
    stream: bool = Field(False, strict=True)
    conversation_id: str | None = Field(
        None,
        description="Extra field: continue this stored conversation (earlier messages are then ignored). "
        "Without it, earlier user/assistant messages find the conversation they are the transcript of.",
    )


class CompletionMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class CompletionChoice(BaseModel):
    index: int = 0
    message: CompletionMessage
    finish_reason: Literal["stop"] = "stop"


class ChatCompletion(BaseModel):
    """OpenAI's chat-completion response plus ``fintech``: the full answer with citations and tool calls."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[CompletionChoice]
    fintech: Answer = Field(description="Extra field: citations, tool_calls, grounded, conversation_id, ...")


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]
