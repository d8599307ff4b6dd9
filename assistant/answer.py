"""The one result type every surface (HTTP, SSE, OpenAI-compatible, Slack, web, CLI) formats."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class Citation(BaseModel):
    """A report passage an answer rests on."""

    number: int = Field(description="The [n] marker used in the answer text.")
    document_id: str
    title: str
    source: str = Field(description="The document's original file name (never a server path).")
    section: str | None = None
    page: int | None = Field(None, description="PDF page (1-based) the passage is on; None for other formats.")
    snippet: str


class ToolCall(BaseModel):
    """One tool the agent called, with what it returned (a JSON-ready dict)."""

    name: str
    arguments: dict[str, Any]
    result: Any


class Chart(BaseModel):
    """Data for a chart the client draws: one or more named series over x values."""

    kind: Literal["line", "bar"] = "line"
    title: str
    x_label: str | None = None
    y_label: str | None = None
    series: list[dict[str, Any]] = Field(description="Each: {name, points: [{x, y, lower?, upper?, forecast?: bool}]}.")
    note: str | None = Field(None, description="Method and assumptions, for forecasts.")


class AnswerStatus(BaseModel):
    """What either engine settles besides the text: whether the question was answered, and a chart."""

    answered: bool
    chart: Chart | None = None


class Answer(BaseModel):
    """An answer with everything needed to check it."""

    conversation_id: str
    answer: str
    language: Literal["en", "zh"]
    citations: list[Citation] = Field(default_factory=list)
    tool_calls: list[ToolCall] = Field(default_factory=list)
    grounded: bool = Field(
        description="True when every number in the answer is found in a tool result or cited passage."
    )
    flagged_numbers: list[str] = Field(default_factory=list, description="Numbers the grounding check could not find.")
    answered: bool = Field(
        True, description="False when the reports do not cover the question or the figure was never published."
    )
    chart: Chart | None = None
    engine: str = Field("offline", description="'offline' or the LLM's name; 'offline (LLM failed)' on fallback.")
