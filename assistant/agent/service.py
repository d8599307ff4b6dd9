"""The one ``answer`` function every surface calls, with conversation memory and the LLM fallback."""

from __future__ import annotations

import logging
import re
import threading
import time
from typing import Any

from langchain.agents import create_agent
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from assistant.agent.charts import chart_from_calls
from assistant.agent.grounding import flag_numbers, strip_flags, trusted_results, unsupported_numbers
from assistant.agent.language import detect_language
from assistant.agent.llm import LLMBudgetError, LLMEngine, Reachable
from assistant.agent.offline import OfflineAnalyst
from assistant.agent.outcome import answered, fallback_line
from assistant.agent.prompts import build_system_prompt
from assistant.agent.questions import detect_ask
from assistant.agent.reading import Reader
from assistant.agent.tools import SEARCH_TOOL, TOOL_NAMES, build_tools, citation_key, tool_content
from assistant.answer import Answer, AnswerStatus, Citation, ToolCall
from assistant.config import Settings
from assistant.conversations import ConversationStore
from assistant.errors import InputError, NotFoundError
from assistant.metrics import LLM_FAILED
from assistant.retrieval import get_embedder, open_retriever
from assistant.tables import cached_tables

logger = logging.getLogger(__name__)
# A citation mark: [a1b2c3], [3], or a list of them ([a1b2c3, d4e5f6]; [1][2] is two marks).
MARKER = re.compile(r"[ \t]*\[((?:[0-9a-f]{6}|\d{1,4})(?:\s*[,;]\s*(?:[0-9a-f]{6}|\d{1,4}))*)\]")
HISTORY_TURNS = 6
SNIPPET_CHARS = 320


def _history(store: ConversationStore, conversation_id: str) -> list[BaseMessage]:
    """Earlier turns as the agent saw them: question, tool calls with results (the same text a model read in the
    live round), answer without the grounding check's [unverified] marks."""
    messages: list[BaseMessage] = []
    for turn in store.turns(conversation_id)[-HISTORY_TURNS:]:
        messages.append(HumanMessage(turn.question))
        calls = [
            {"name": call.name, "args": call.arguments, "id": f"turn{turn.index}_{n}"}
            for n, call in enumerate(turn.answer.tool_calls)
        ]
        if calls:
            messages.append(AIMessage(content="", tool_calls=calls))
            for call, record in zip(calls, turn.answer.tool_calls, strict=True):
                content = tool_content(record.name, record.result)
                messages.append(ToolMessage(content=content, tool_call_id=call["id"], artifact=record.result))
        messages.append(AIMessage(content=strip_flags(turn.answer.answer)))
    return messages


def _citations(text: str, tool_calls: list[ToolCall]) -> tuple[str, list[Citation], list[str], list[str]]:
    """Renumber passage keys in ``text`` as [1], [2] ...; return the text, the citations, their full texts,
    and the marks that match no retrieved passage (removed from the text: an invented key, a bare [7])."""
    hits = {
        citation_key(hit): hit
        for call in tool_calls
        if call.name == SEARCH_TOOL and isinstance(call.result, dict)
        for hit in call.result.get("hits", [])
    }
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    dangling: list[str] = []

    def number(key: str) -> int:
        if key not in numbers:
            numbers[key] = len(numbers) + 1
            hit = hits[key]
            snippet = hit["text"] if len(hit["text"]) <= SNIPPET_CHARS else hit["text"][:SNIPPET_CHARS] + "…"
            citations.append(
                Citation(
                    number=numbers[key],
                    document_id=hit["document_id"],
                    title=hit["title"],
                    source=hit["source"],
                    section=hit.get("section"),
                    page=hit.get("page"),
                    snippet=snippet,
                )
            )
        return numbers[key]

    def renumber(match: re.Match[str]) -> str:
        keys = [key.strip() for key in re.split(r"[,;]", match.group(1))]
        known = [key for key in keys if key in hits]
        dangling.extend(f"[{key}]" for key in keys if key not in hits)
        if not known:
            return ""
        leading = match.group(0)[: len(match.group(0)) - len(match.group(0).lstrip(" \t"))]
        return leading + "".join(f"[{number(key)}]" for key in dict.fromkeys(known))

    text = MARKER.sub(renumber, text)
    cited = [f"{hits[key]['title']} {hits[key].get('section') or ''} {hits[key]['text']}" for key in numbers]
    return text, citations, cited, list(dict.fromkeys(dangling))


class ChatService:
    """Answers questions with the offline analyst, or the configured LLM with the analyst as fallback."""

    def __init__(self, settings: Settings, store: ConversationStore) -> None:
        self.settings, self.store = settings, store
        self._lock = threading.Lock()
        self._offline: Any = None
        self._llm: LLMEngine | None = None
        self._reachable = Reachable(settings) if settings.llm else None

    @classmethod
    def from_settings(cls, settings: Settings, store: ConversationStore) -> ChatService:
        """A service for these settings; the index is opened on first use, so a later build is picked up."""
        return cls(settings, store)

    def _agents(self) -> tuple[Any, Any]:
        with self._lock:
            if self._offline is None:
                retriever = open_retriever(self.settings)  # raises ServiceUnavailableError with the fix
                tables = cached_tables(self.settings.tables_dir)
                tools = build_tools(tables, retriever, self.settings.tool_timeout)
                embed = get_embedder(self.settings.embedding_model).embed_sentences
                self._offline = create_agent(OfflineAnalyst(reader=Reader(detect_ask), embed=embed), tools)
                if self.settings.llm:
                    strict = build_tools(tables, retriever, self.settings.tool_timeout, strict=True)
                    self._llm = LLMEngine(self.settings, strict, lambda: build_system_prompt(tables))
            return self._offline, self._llm

    def status(self) -> dict[str, Any]:
        """Index and engine status for /healthz (raises ServiceUnavailableError when the index is missing)."""
        self._agents()
        return {
            "ok": True,
            "index": open_retriever(self.settings).status(),
            "engine": self.settings.llm or "offline",
            "llm": self._reachable.status() if self._reachable else None,
        }

    def answer(self, message: str, conversation_id: str | None = None) -> Answer:
        """Answer ``message`` in its conversation (a new one when ``conversation_id`` is None) and store the turn."""
        question = message.strip()
        if not question:
            raise InputError("The message is empty.")
        if len(question) > self.settings.max_message_chars:
            raise InputError(f"The message is longer than {self.settings.max_message_chars} characters.")
        if conversation_id is not None and not self.store.exists(conversation_id):
            raise NotFoundError(f"Unknown conversation {conversation_id!r}.")
        offline, llm = self._agents()
        conversation_id = conversation_id or self.store.create()
        history = _history(self.store, conversation_id)
        answer, reason = None, "failure"
        if llm is not None:
            answer, reason = self._run_llm(llm, history, question, conversation_id)
        if answer is None:
            answer = self._run(offline, history, question, conversation_id, "offline")
            if llm is not None:
                answer.engine = LLM_FAILED
                answer.answer = f"{fallback_line(reason, answer.language)}\n\n{answer.answer}"
        self.store.append_turn(conversation_id, question, answer)
        return answer

    def _run_llm(
        self, engine: LLMEngine, history: list[BaseMessage], question: str, conversation_id: str
    ) -> tuple[Answer | None, str]:
        """The LLM's answer, or None and why not ('budget' or 'failure') for the offline fallback."""
        started = time.perf_counter()
        try:
            new = engine.run([*history, HumanMessage(question)])
        except LLMBudgetError as error:
            took = time.perf_counter() - started
            logger.warning("LLM budget spent (%s) after %.2fs, answering offline: %s", error.reason, took, error)
            return None, "budget"
        except Exception as error:  # any LLM failure falls back to the offline answer
            took = time.perf_counter() - started
            logger.warning("LLM failed after %.2fs, answering offline: %s", took, error)
            return None, "failure"
        answer = self._compose(new, question, conversation_id, engine.name)
        if not answer.answer.strip():
            logger.warning("LLM gave an empty answer, answering offline")
            return None, "failure"
        unknown = sorted({call.name for call in answer.tool_calls} - TOOL_NAMES)
        if unknown:
            logger.warning("LLM called unknown tools %s, answering offline", unknown)
            return None, "failure"
        status = AnswerStatus(
            answered=answered(answer.tool_calls, answer.answer, len(answer.citations)),
            chart=chart_from_calls(answer.tool_calls, answer.language),
        )
        answer.answered, answer.chart = status.answered, status.chart
        return answer, ""

    def _run(self, agent: Any, history: list[BaseMessage], question: str, conversation_id: str, engine: str) -> Answer:
        state = agent.invoke({"messages": [*history, HumanMessage(question)]})
        return self._compose(state["messages"][len(history) + 1 :], question, conversation_id, engine)

    def _compose(self, new: list[BaseMessage], question: str, conversation_id: str, engine: str) -> Answer:
        """The Answer from the messages an agent added: tool calls, citations renumbered, numbers checked."""
        results = {m.tool_call_id: m for m in new if isinstance(m, ToolMessage)}
        tool_calls = [
            ToolCall(name=call["name"], arguments=call["args"], result=_result(results.get(call["id"])))
            for m in new
            if isinstance(m, AIMessage)
            for call in m.tool_calls
        ]
        final = new[-1] if new and isinstance(new[-1], AIMessage) else AIMessage(content="")
        text, citations, cited_texts, dangling = _citations(strip_flags(str(final.content)), tool_calls)
        calls = [(call.name, call.result) for call in tool_calls if call.name != SEARCH_TOOL]
        evidence = trusted_results(calls, cited_texts, [question])
        flagged = unsupported_numbers(text, evidence, cited_texts, given=[question])
        text = flag_numbers(text, flagged)
        flagged = [*flagged, *dangling]
        status = final.additional_kwargs.get("status")
        return Answer(
            conversation_id=conversation_id,
            answer=text,
            language=detect_language(question),
            citations=citations,
            tool_calls=tool_calls,
            grounded=not flagged,
            flagged_numbers=flagged,
            answered=status.answered if isinstance(status, AnswerStatus) else True,
            chart=status.chart if isinstance(status, AnswerStatus) else None,
            engine=engine,
        )


def _result(message: ToolMessage | None) -> Any:
    if message is None:
        return None
    if message.artifact is not None:
        return message.artifact
    return {"error": str(message.content)} if message.status == "error" else {"content": message.content}
