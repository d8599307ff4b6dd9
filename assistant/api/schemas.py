"""Request and response bodies of the HTTP API; a chat answer is :class:`assistant.answer.Answer`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from assistant.answer import Answer
from assistant.conversations import MAX_COMMENT_CHARS, MAX_TITLE_CHARS, Turn
from assistant.errors import InputError
from assistant.retrieval.hybrid import MAX_K
from assistant.retrieval.models import Hit

MODEL_ID = "fintech-report-assistant"
# JSON Schema patterns for the text rules below: no NUL character; and at least one character other than
# whitespace, spelled out as Python's str.isspace() has it (the service strips questions with str.strip()),
# since JSON Schema's \s is ECMAScript's and differs (it leaves out U+001C-U+001F, takes in U+FEFF).
WHITESPACE = r"\t-\r\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
TEXT_PATTERN = r"^[^\u0000]*$"
NOT_BLANK_PATTERN = rf"^[^\u0000]*[^\u0000{WHITESPACE}][^\u0000]*$"


def _json_integer(value: object) -> object:
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "must be an integer, not true or false")
    if isinstance(value, str):
        raise PydanticCustomError("int_type", "must be an integer, not a string")
    return value


def _valid_text(value: str) -> str:
    """Text every part of the service can store and encode: no lone surrogate, no NUL character."""
    if "\x00" in value:
        raise PydanticCustomError("text_nul", "must not contain NUL characters (\\u0000)")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise PydanticCustomError(
            "text_encoding",
            "must be valid Unicode text: character {position} is a lone surrogate",
            {"position": error.start},
        ) from None
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("text_blank", "must not be empty or only whitespace")
    return value


# An integer as JSON Schema means it: 3 and 3.0, but not true or false (which Python counts as 1 and 0)
# and not "3". (Tool inputs are stricter: see assistant.analytics.inputs.)
JsonInt = Annotated[int, BeforeValidator(_json_integer)]
# Text as it may be stored and searched: valid Unicode (a lone surrogate or NUL is a 422 naming the field).
Text = Annotated[str, AfterValidator(_valid_text), Field(json_schema_extra={"pattern": TEXT_PATTERN})]
# The same for an id in the URL path (a NUL there cannot reach a database or a file name).
PathText = Annotated[str, AfterValidator(_valid_text), Path(json_schema_extra={"pattern": TEXT_PATTERN})]
NonBlankText = Annotated[
    str,
    AfterValidator(_valid_text),
    AfterValidator(_not_blank),
    Field(json_schema_extra={"minLength": 1, "pattern": NOT_BLANK_PATTERN}),
]


def _short_title(value: str) -> str:
    if len(value) > MAX_TITLE_CHARS:
        raise PydanticCustomError("string_too_long", "must have at most {limit} characters", {"limit": MAX_TITLE_CHARS})
    return value


Title = Annotated[NonBlankText, AfterValidator(_short_title), Field(json_schema_extra={"maxLength": MAX_TITLE_CHARS})]


class OpenAIError(BaseModel):
    """OpenAI's error object: ``code`` is a word a program can branch on (``invalid_api_key``, ...)."""

    message: str
    type: str
    param: str | None = Field(None, description="The request field at fault, when there is one.")
    code: str


class ErrorResponse(BaseModel):
    """Every error: a message for people, the field errors when the request did not validate, and under /v1
    OpenAI's ``error`` envelope with a semantic ``code``."""

    detail: str
    errors: list[dict[str, Any]] | None = Field(None, description="Field errors (malformed request).")
    error: OpenAIError | None = Field(None, description="OpenAI's error envelope (every /v1 error).")


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

    message: NonBlankText = Field(description="The question: not blank, at most ASSISTANT_MAX_MESSAGE_CHARS chars.")
    conversation_id: Text | None = Field(None, description="Continue this conversation; null: a new one.")


class SearchRequest(BaseModel):
    """A passage search over the indexed reports."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"query": "GFCDI 2025 top cities", "k": 5, "year": 2025}]}
    )

    query: NonBlankText = Field(description="What to look for (English or Chinese).")
    k: JsonInt = Field(5, ge=1, le=MAX_K, description=f"How many passages to return (1 to {MAX_K}).")
    document_id: Text | None = Field(None, description="Only passages from this document.")
    publisher: Text | None = Field(None, description="Only documents from this publisher.")
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

    title: Title | None = Field(
        None, description=f"Optional (not blank, at most {MAX_TITLE_CHARS} characters); by default the first question."
    )


class ConversationRename(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"title": "Shanghai vs London"}]})

    title: Title = Field(description=f"The new title (not blank, at most {MAX_TITLE_CHARS} characters).")


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

    conversation_id: Text
    turn_index: JsonInt = Field(ge=0, description="Which turn (0 is the first).")
    rating: Literal["up", "down"]
    comment: Text | None = Field(None, max_length=MAX_COMMENT_CHARS)


class Health(BaseModel):
    """Readiness: 200 when the index and chat engine are ready, else 503 with the reason and the fix."""

    ok: bool
    detail: str | None = Field(None, description="Why the service is not ready, and the fix.")
    index: dict[str, Any] | None = None
    engine: str | None = None
    llm: Literal["reachable", "unreachable", "unchecked"] | None = Field(
        None,
        description="The LLM server (with ASSISTANT_LLM set): reachable or unreachable by a cheap probe made at "
        "most once a minute, unchecked until the first probe returns. Unreachable keeps the status 200: the "
        "offline analyst answers.",
    )
    rate_limits: str | None = Field(
        None,
        description="Where the rate limits are kept: 'per process', 'shared (Redis)', 'per process (Redis "
        "unreachable)' (the server keeps serving, each process limiting alone) or 'off'.",
    )


# --- OpenAI-compatible chat completions -------------------------------------------------------------


class ContentPart(BaseModel):
    """A part of a message's content: ``{"type": "text", "text": ...}``; other kinds (images) are not read."""

    model_config = ConfigDict(extra="allow")

    type: Text
    text: Text | None = None


class OpenAIMessage(BaseModel):
    """A chat message; content is a string or a list of ``{"type": "text", "text": ...}`` parts."""

    model_config = ConfigDict(extra="ignore")

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: Text | list[ContentPart] | None = None

    def text(self, strict: bool = True) -> str:
        """The message's text. Parts other than text are refused (``strict``) or left out."""
        if self.content is None or isinstance(self.content, str):
            return self.content or ""
        texts = []
        for part in self.content:
            if part.type != "text" or part.text is None:
                if strict:
                    raise InputError(f"Only text message content is supported, not {part.type!r} parts.")
                continue
            texts.append(part.text)
        return "".join(texts)


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")

    include_usage: bool = Field(False, strict=True, description="Send a last chunk with `usage` (no choices).")


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

    model: Text = Field(description=f"Must be {MODEL_ID!r} (see GET /v1/models).")
    messages: list[OpenAIMessage] = Field(min_length=1)
    stream: bool = Field(False, strict=True)
    stream_options: StreamOptions | None = None
    conversation_id: Text | None = Field(
        None,
        description="Extra field: continue this stored conversation (earlier messages are then ignored). "
        "Without it, the earlier user/assistant messages are the history (see the description).",
    )


class Usage(BaseModel):
    """Token counts as OpenAI reports them; see ``assistant.api.tokens`` for how tokens are counted."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


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
    usage: Usage
    fintech: Answer = Field(description="Extra field: citations, tool_calls, grounded, conversation_id, ...")


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]
