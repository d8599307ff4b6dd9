"""The offline analyst: a LangChain chat model that needs no LLM.

On a new question it reads the intent and slots and asks for tool calls; once the results are back it
writes the answer from them (``compose``). It never writes a number it did not take from a tool result
or a cited passage.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict

from assistant.agent.compose import ToolOutcome, compose
from assistant.agent.planner import SEARCH_K, make_plan
from assistant.agent.tools import SEARCH_TOOL
from assistant.agent.understand import IntentClassifier, asked_for, understand


def _last_human(messages: Sequence[BaseMessage]) -> int:
    return max(i for i, message in enumerate(messages) if isinstance(message, HumanMessage))


def previous_data_call(messages: Sequence[BaseMessage]) -> tuple[str, dict[str, Any]] | None:
    """The last non-search tool call of earlier turns, which a follow-up question leans on."""
    for message in reversed(messages):
        if isinstance(message, AIMessage):
            for call in reversed(message.tool_calls):
                if call["name"] != SEARCH_TOOL:
                    return call["name"], dict(call["args"])
    return None


class OfflineAnalyst(BaseChatModel):
    """Chooses tools by nearest labelled examples and name resolution; answers from their results."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    classifier: IntentClassifier

    @property
    def _llm_type(self) -> str:
        return "offline-analyst"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> OfflineAnalyst:
        """The analyst knows its tools by name; binding changes nothing."""
        return self

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, **kwargs: Any) -> ChatResult:
        start = _last_human(messages)
        question = str(messages[start].content)
        requests = [m for m in messages[start + 1 :] if isinstance(m, AIMessage) and m.tool_calls]
        if not requests:
            message = self._plan(question, messages, start)
        else:
            message = self._compose(question, messages, start, requests)
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _plan(self, question: str, messages: list[BaseMessage], start: int) -> AIMessage:
        earlier = messages[:start]
        humans = [str(m.content) for m in earlier if isinstance(m, HumanMessage)]
        reading = understand(question, self.classifier, has_history=bool(humans))
        plan = make_plan(reading, previous_data_call(earlier))
        asks = asked_for(question) or (asked_for(humans[-1]) if reading.follow_up and humans else [])
        meta = {"intent": plan.intent, "missing": plan.missing, "asks": asks}
        return AIMessage(content="", tool_calls=_tool_calls(plan.calls), additional_kwargs={"offline_plan": meta})

    def _compose(self, question: str, messages: list[BaseMessage], start: int, requests: list[AIMessage]) -> AIMessage:
        results = {m.tool_call_id: m for m in messages[start + 1 :] if isinstance(m, ToolMessage)}
        outcomes = [
            ToolOutcome(call["name"], call["args"], results[call["id"]].artifact or {})
            for request in requests
            for call in request.tool_calls
            if call["id"] in results
        ]
        meta = requests[0].additional_kwargs.get("offline_plan", {})
        retry = fallback_call(outcomes) if len(requests) == 1 else None
        if retry is not None:
            return AIMessage(content="", tool_calls=_tool_calls([retry]), additional_kwargs={"offline_plan": meta})
        composed = compose(question, meta, [o for o in outcomes if not _superseded(o, outcomes)])
        if composed.citation_query and len(requests) == 1:
            search = (SEARCH_TOOL, {"query": composed.citation_query, "k": SEARCH_K})
            return AIMessage(content="", tool_calls=_tool_calls([search]), additional_kwargs={"offline_plan": meta})
        return AIMessage(
            content=composed.text, additional_kwargs={"answered": composed.answered, "chart": composed.chart}
        )


def fallback_call(outcomes: list[ToolOutcome]) -> tuple[str, dict[str, Any]] | None:
    """A forecast asked for a period the data already holds (a published projection): read it instead."""
    for outcome in outcomes:
        if outcome.name == "forecast" and outcome.result.get("error_type") == "ExistingFigureError":
            args = outcome.args
            return "metric", {
                "metric": args.get("metric"),
                "geography": args.get("geography"),
                "period": args.get("target_period"),
            }
    return None


def _superseded(outcome: ToolOutcome, outcomes: list[ToolOutcome]) -> bool:
    return outcome.name == "forecast" and "error" in outcome.result and any(o.name == "metric" for o in outcomes)


def _tool_calls(calls: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "args": {k: v for k, v in args.items() if v is not None},
            "id": f"call_{uuid.uuid4().hex[:12]}",
        }
        for name, args in calls
    ]
