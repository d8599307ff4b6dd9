"""The offline analyst: a LangChain chat model that needs no LLM.

Each round it reads the conversation again (the reading is a pure function of the questions, so the
typed frames need not travel between rounds) and looks at which tool results are back:

1. no results yet: the data calls of each frame's question type, the calls that check stated premises,
   and report searches;
2. first results back: calculations over them (the ``calculate`` tool) and, for a table fact no passage
   holds yet, a search aimed at it;
3. otherwise: the answer, written by the question types from the results (``composer``).

Tool call ids say which frame and role a call serves (``f0-data-…``), so results find their frame.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict

from assistant.agent.citations import Fact
from assistant.agent.composer import about, compose, held, write_part
from assistant.agent.extractive import Embed
from assistant.agent.questions import BY_KIND, Call, Outcome
from assistant.agent.questions.base import fact
from assistant.agent.questions.premise import claim_calls
from assistant.agent.reading import Reader
from assistant.agent.reading.frame import Frame
from assistant.agent.tools import SEARCH_TOOL
from assistant.answer import AnswerStatus, Chart
from assistant.names import display_name

SEARCH_K = 8
MAX_FOLLOW = 2  # rounds of follow-up calls: a calculation may take the results of another
FACT_K = 4
DATA, CLAIM, SEARCH, FOLLOW = "data", "claim", "search", "follow"


def _questions(messages: Sequence[BaseMessage]) -> tuple[str, list[str], list[str], int]:
    """The last human message, the earlier ones (oldest first), the answer each got, and the index of the last."""
    humans = [i for i, message in enumerate(messages) if isinstance(message, HumanMessage)]
    last = humans[-1]
    answers = []
    for start, end in zip(humans, [*humans[1:]], strict=False):
        final = [m for m in messages[start + 1 : end] if isinstance(m, AIMessage) and not m.tool_calls]
        answers.append(str(final[-1].content) if final else "")
    return str(messages[last].content), [str(messages[i].content) for i in humans[:-1]], answers, last


def _call(frame_index: int, role: str, call: Call) -> dict[str, Any]:
    name, args = call
    return {
        "name": name,
        "args": {key: value for key, value in args.items() if value is not None},
        "id": f"f{frame_index}-{role}-{uuid.uuid4().hex[:10]}",
    }


def _citation_query(frame: Frame) -> str:
    """The question plus the names it settled, to find the passage holding the fact."""
    lang = frame.language
    extra = [display_name("index", frame.index, lang)] if frame.index else []
    extra += frame.named_editions[-1:]
    extra += [display_name("city", city, lang) for city in frame.cities[:3]]
    extra += [display_name("metric", metric, lang) for metric in frame.metrics[:1]]
    return " ".join([frame.question, *extra])


class OfflineAnalyst(BaseChatModel):
    """Reads questions into frames, asks for the tools their question types need, writes the answer."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    reader: Reader
    embed: Embed | None = None  # sentence embedder for answers from passages

    @property
    def _llm_type(self) -> str:
        return "offline-analyst"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> OfflineAnalyst:
        """The analyst knows its tools by name; binding changes nothing."""
        return self

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, **kwargs: Any) -> ChatResult:
        question, history, answers, start = _questions(messages)
        frames = self.reader.read(question, history, answers)
        turn = messages[start + 1 :]
        rounds = [m for m in turn if isinstance(m, AIMessage) and m.tool_calls]
        if not rounds:
            message = AIMessage(content="", tool_calls=self._first_calls(frames))
        else:
            outcomes = _outcomes(turn)
            more = self._follow_calls(frames, outcomes, first=len(rounds) == 1) if len(rounds) <= MAX_FOLLOW else []
            message = AIMessage(content="", tool_calls=more) if more else self._answer(frames, outcomes)
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _first_calls(self, frames: list[Frame]) -> list[dict[str, Any]]:
        calls = []
        for i, frame in enumerate(frames):
            question_type = BY_KIND[frame.ask]
            calls += [_call(i, DATA, call) for call in question_type.plan(frame)]
            if frame.claims and frame.ask not in ("yes_no", "explain"):
                calls += [_call(i, CLAIM, call) for call in claim_calls(frame)]
            query = question_type.search_query(frame) if question_type.needs_passages else _citation_query(frame)
            calls.append(_call(i, SEARCH, (SEARCH_TOOL, {"query": query, "k": SEARCH_K})))
        return calls

    def _follow_calls(
        self, frames: list[Frame], outcomes: dict[int, dict[str, list[Outcome]]], first: bool
    ) -> list[dict[str, Any]]:
        """Calculations over the results so far (a second step may use the first's results) and, once, searches
        for table facts no passage holds yet."""
        hits = _hits(outcomes)
        calls = []
        for i, frame in enumerate(frames):
            question_type = BY_KIND[frame.ask]
            mine = outcomes.get(i, {})
            data = [o for o in mine.get(DATA, []) + mine.get(FOLLOW, []) if o.name != SEARCH_TOOL]
            made = {_signature(o.name, o.args) for o in data}
            calls += [_call(i, FOLLOW, c) for c in question_type.follow(frame, data) if _signature(*c) not in made]
            if not first:
                continue
            facts = write_part(frame, data, [], hits, None).facts or [
                fact(outcome, frame.cities[:3]) for outcome in data if outcome.ok and outcome.name != SEARCH_TOOL
            ]
            for wanted in facts:
                if _unheld(wanted, hits):
                    calls += [_call(i, FOLLOW, call) for call in _fact_searches(wanted, hits, frame.language)]
        return calls

    def _answer(self, frames: list[Frame], outcomes: dict[int, dict[str, list[Outcome]]]) -> AIMessage:
        hits = _hits(outcomes)
        parts = []
        for i, frame in enumerate(frames):
            mine = outcomes.get(i, {})
            data = [o for o in mine.get(DATA, []) + mine.get(FOLLOW, []) if o.name != SEARCH_TOOL]
            own_hits = [
                h
                for o in mine.get(SEARCH, []) + mine.get(FOLLOW, [])
                if o.name == SEARCH_TOOL
                for h in o.result.get("hits", [])
            ]
            parts.append(write_part(frame, data, mine.get(CLAIM, []), own_hits or hits, self.embed))
        composed = compose(parts, hits, frames[0].language)
        chart = Chart.model_validate(composed.chart) if composed.chart else None
        status = AnswerStatus(answered=composed.answered, chart=chart)
        return AIMessage(content=composed.text, additional_kwargs={"status": status})


def _fact_searches(wanted: Fact, hits: list[dict[str, Any]], lang: str) -> list[Call]:
    """Searches aimed at the passage stating ``wanted``: inside the documents about its index and edition
    (the question's language first), else over the whole library."""
    documents = list(
        dict.fromkeys(
            hit["document_id"] for hit in sorted(about(wanted, hits), key=lambda h: h.get("language") != lang)
        )
    )
    if not documents:
        return [(SEARCH_TOOL, {"query": wanted.query(), "k": SEARCH_K})]
    return [(SEARCH_TOOL, {"query": wanted.query(), "k": FACT_K, "document_id": doc}) for doc in documents[:2]]


def _signature(name: str, args: dict[str, Any]) -> str:
    return json.dumps([name, {k: v for k, v in args.items() if v is not None}], sort_keys=True, default=str)


def _unheld(wanted: Fact, hits: list[dict[str, Any]]) -> bool:
    return bool(wanted.terms or wanted.figures) and not held(wanted, hits)


def _outcomes(turn: Sequence[BaseMessage]) -> dict[int, dict[str, list[Outcome]]]:
    """This turn's tool results by frame and role, in call order."""
    results = {m.tool_call_id: m for m in turn if isinstance(m, ToolMessage)}
    grouped: dict[int, dict[str, list[Outcome]]] = {}
    for message in turn:
        if not isinstance(message, AIMessage):
            continue
        for call in message.tool_calls:
            result = results.get(call["id"])
            if result is None:
                continue
            frame_index, role, _ = call["id"].split("-", 2)
            artifact = result.artifact if isinstance(result.artifact, dict) else {"error": str(result.content)}
            outcome = Outcome(call["name"], dict(call["args"]), artifact)
            grouped.setdefault(int(frame_index[1:]), {}).setdefault(role, []).append(outcome)
    return grouped


def _hits(outcomes: dict[int, dict[str, list[Outcome]]]) -> list[dict[str, Any]]:
    """Every passage this turn's searches found, best first, each once."""
    seen: dict[str, dict[str, Any]] = {}
    for roles in outcomes.values():
        for role in (SEARCH, FOLLOW):
            for outcome in roles.get(role, []):
                if outcome.name == SEARCH_TOOL:
                    for hit in outcome.result.get("hits", []):
                        seen.setdefault(hit["chunk_id"], hit)
    return list(seen.values())
