"""The LLM engine: a LangChain agent over an OpenAI-compatible server or Ollama, inside a budget.

``ASSISTANT_LLM`` is ``provider:model``: ``openai:gpt-4o-mini`` (any OpenAI-compatible server with
``ASSISTANT_LLM_BASE_URL`` and ``ASSISTANT_LLM_API_KEY``: vLLM, llama.cpp, LM Studio, hosted APIs) or
``ollama:qwen2.5``. The budget of one question:

- ``ASSISTANT_LLM_MAX_TOKENS`` per model call (``max_tokens``; Ollama's ``num_predict``); an answer cut
  at that length is not used;
- ``ASSISTANT_LLM_MAX_STEPS`` tool rounds; a model that still asks for tools after them is stopped;
- ``ASSISTANT_LLM_TIMEOUT`` seconds for the whole question. The agent runs on one event loop thread,
  and at the deadline its task is cancelled, which closes the HTTP connection (a server that cancels
  abandoned requests, such as llama.cpp's ``llama-server``, then stops generating).

Any budget spent raises ``LLMBudgetError``; the service then answers with the offline analyst.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, Literal

import httpx
from langchain.agents import create_agent
from langchain.agents.middleware import AgentMiddleware, ModelRequest, ModelResponse
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.tools import BaseTool
from langchain_openai import ChatOpenAI

from assistant.config import Settings
from assistant.errors import InputError

logger = logging.getLogger(__name__)

PROVIDERS = ("openai", "ollama")
PROBE_TTL = 60.0  # seconds a reachability probe is trusted
PROBE_TIMEOUT = 3.0
OLLAMA_URL = "http://127.0.0.1:11434"
OPENAI_URL = "https://api.openai.com/v1"
Reachability = Literal["reachable", "unreachable", "unchecked"]


class LLMBudgetError(RuntimeError):
    """The LLM spent its time, step or token budget for one question (``reason`` says which)."""

    def __init__(self, reason: Literal["time", "steps", "tokens"], detail: str) -> None:
        self.reason = reason
        super().__init__(detail)


class CompatibleChatOpenAI(ChatOpenAI):
    """ChatOpenAI with the wire format every OpenAI-compatible server accepts.

    - An assistant message with tool calls has content ``""``, never ``null`` (llama-cpp-python answers a
      null content with HTTP 500).
    - The length limit goes out as ``max_tokens``, the field llama.cpp, llama-cpp-python, vLLM, LM Studio and
      Ollama's OpenAI endpoint read (LangChain renames it to ``max_completion_tokens``, which some ignore).
    """

    def _get_request_payload(self, input_: Any, *, stop: list[str] | None = None, **kwargs: Any) -> dict[str, Any]:
        payload = super()._get_request_payload(input_, stop=stop, **kwargs)
        for message in payload.get("messages", []):
            if message.get("role") == "assistant" and message.get("content") is None:
                message["content"] = ""
        tokens = payload.pop("max_completion_tokens", None)
        if tokens is not None:
            payload["max_tokens"] = tokens
        return payload


def parse_llm(setting: str) -> tuple[str, str]:
    """``(provider, model)`` from ``ASSISTANT_LLM``; InputError for another form."""
    provider, _, model = setting.partition(":")
    if provider not in PROVIDERS or not model:
        raise InputError(f"ASSISTANT_LLM must be 'openai:MODEL' or 'ollama:MODEL', not {setting!r}.")
    return provider, model


def create_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model with its per-call token limit, or None when ``ASSISTANT_LLM`` is unset."""
    if not settings.llm:
        return None
    provider, model = parse_llm(settings.llm)
    if provider == "openai":
        return CompatibleChatOpenAI(
            model=model,
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key or "unused",
            timeout=settings.llm_timeout,
            max_retries=0,
            temperature=0,
            max_tokens=settings.llm_max_tokens,
            # Own client: LangChain otherwise shares one per base URL across the process, and its pooled
            # connections would belong to whichever event loop used them first.
            http_async_client=httpx.AsyncClient(timeout=settings.llm_timeout),
        )
    from langchain_ollama import ChatOllama

    return ChatOllama(
        model=model,
        base_url=settings.llm_base_url,
        temperature=0,
        num_predict=settings.llm_max_tokens,
        client_kwargs={"timeout": settings.llm_timeout},
    )


def _tool_rounds(messages: Sequence[BaseMessage]) -> int:
    """Tool rounds the model has taken since the question (the last human message)."""
    rounds = 0
    for message in reversed(messages):
        if isinstance(message, HumanMessage):
            break
        if isinstance(message, AIMessage) and message.tool_calls:
            rounds += 1
    return rounds


def _truncated(message: BaseMessage) -> bool:
    """True when the server stopped the generation at the token limit (finish / done reason 'length')."""
    metadata = getattr(message, "response_metadata", None) or {}
    return "length" in (metadata.get("finish_reason"), metadata.get("done_reason"))


class BudgetMiddleware(AgentMiddleware):  # type: ignore[type-arg]
    """Per model call: today's system prompt, the tool_choice setting, the step and token budgets; per tool
    call: a rejected argument comes back as the same ``{"error": ...}`` JSON as any other tool error."""

    def __init__(self, settings: Settings, system_prompt: Callable[[], str]) -> None:
        super().__init__()
        self.max_steps, self.tool_choice = settings.llm_max_steps, settings.llm_tool_choice
        self.system_prompt = system_prompt

    def _prepare(self, request: ModelRequest) -> ModelRequest:  # type: ignore[type-arg]
        overrides: dict[str, Any] = {"system_message": SystemMessage(self.system_prompt())}
        if self.tool_choice == "required":
            overrides["tool_choice"] = "required" if _tool_rounds(request.messages) == 0 else "auto"
        elif self.tool_choice == "auto":
            overrides["tool_choice"] = "auto"
        return request.override(**overrides)

    def _check(self, request: ModelRequest, response: Any) -> None:  # type: ignore[type-arg]
        messages = response.result if isinstance(response, ModelResponse) else [response]
        for message in messages:
            if _truncated(message):
                raise LLMBudgetError("tokens", "The model's answer was cut at ASSISTANT_LLM_MAX_TOKENS.")
            wants_tools = isinstance(message, AIMessage) and bool(message.tool_calls)
            if wants_tools and _tool_rounds(request.messages) >= self.max_steps:
                raise LLMBudgetError("steps", f"The model wanted more than {self.max_steps} tool rounds.")

    def wrap_model_call(self, request: ModelRequest, handler: Callable[..., Any]) -> Any:  # type: ignore[type-arg]
        request = self._prepare(request)
        response = handler(request)
        self._check(request, response)
        return response

    async def awrap_model_call(
        self,
        request: ModelRequest,  # type: ignore[type-arg]
        handler: Callable[..., Awaitable[Any]],
    ) -> Any:
        request = self._prepare(request)
        response = await handler(request)
        self._check(request, response)
        return response

    @staticmethod
    def _as_error_json(message: Any) -> Any:
        if isinstance(message, ToolMessage) and message.status == "error" and message.artifact is None:
            artifact = {"error": str(message.content), "error_type": "ToolArgumentError"}
            content = json.dumps(artifact, ensure_ascii=False)
            return message.model_copy(update={"content": content, "artifact": artifact})
        return message

    def wrap_tool_call(self, request: Any, handler: Callable[..., Any]) -> Any:
        return self._as_error_json(handler(request))

    async def awrap_tool_call(self, request: Any, handler: Callable[..., Awaitable[Any]]) -> Any:
        return self._as_error_json(await handler(request))


class LLMEngine:
    """One agent over the configured model, run on a private event loop so that a deadline can cancel it."""

    def __init__(self, settings: Settings, tools: Sequence[BaseTool], system_prompt: Callable[[], str]) -> None:
        model = create_chat_model(settings)
        if model is None:
            raise InputError("ASSISTANT_LLM is not set.")
        self.name, self.deadline = str(settings.llm), settings.llm_timeout
        self.agent = create_agent(model, list(tools), middleware=[BudgetMiddleware(settings, system_prompt)])
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, name="llm-engine", daemon=True).start()

    async def _answer(self, messages: list[BaseMessage]) -> list[BaseMessage]:
        try:
            state = await asyncio.wait_for(self.agent.ainvoke({"messages": messages}), self.deadline)
        except TimeoutError:
            raise LLMBudgetError("time", f"No answer within ASSISTANT_LLM_TIMEOUT={self.deadline:g}s.") from None
        return list(state["messages"][len(messages) :])

    def run(self, messages: list[BaseMessage]) -> list[BaseMessage]:
        """The messages the agent added to ``messages`` (tool calls, tool results, the answer).

        Raises LLMBudgetError when the time, step or token budget is spent, or the model's own error."""
        future = asyncio.run_coroutine_threadsafe(self._answer(messages), self._loop)
        try:
            return future.result(timeout=self.deadline + 1)
        except FutureTimeout:  # the loop did not honour the deadline (a blocked thread): give up on it
            future.cancel()
            raise LLMBudgetError("time", f"No answer within ASSISTANT_LLM_TIMEOUT={self.deadline:g}s.") from None


def probe_url(settings: Settings) -> str:
    """A cheap endpoint that needs no generation: ``/models`` (OpenAI-compatible) or ``/api/tags`` (Ollama)."""
    provider, _ = parse_llm(str(settings.llm))
    if provider == "ollama":
        return (settings.llm_base_url or OLLAMA_URL).rstrip("/") + "/api/tags"
    return (settings.llm_base_url or OPENAI_URL).rstrip("/") + "/models"


def probe(settings: Settings, timeout: float = PROBE_TIMEOUT) -> Reachability:
    """'reachable' when the LLM server answers its cheap endpoint with 2xx, else 'unreachable'."""
    headers = {"Authorization": f"Bearer {settings.llm_api_key}"} if settings.llm_api_key else {}
    try:
        response = httpx.get(probe_url(settings), headers=headers, timeout=timeout)
    except httpx.HTTPError as error:
        logger.warning("LLM probe failed: %s", error)
        return "unreachable"
    return "reachable" if response.is_success else "unreachable"


class Reachable:
    """The LLM server's reachability for /healthz: a probe runs at most once per ``ttl`` seconds, in the
    background, so that /healthz never waits for the LLM; 'unchecked' until the first probe returns."""

    def __init__(self, settings: Settings, ttl: float = PROBE_TTL) -> None:
        self.settings, self.ttl = settings, ttl
        self._value: Reachability = "unchecked"
        self._checked_at: float | None = None
        self._lock = threading.Lock()
        self._running = False

    def _refresh(self) -> None:
        value = probe(self.settings)
        with self._lock:
            self._value, self._checked_at, self._running = value, time.monotonic(), False

    def status(self) -> Reachability:
        """The last probe's result; starts a new probe when there is none yet or it is older than ``ttl``."""
        with self._lock:
            stale = self._checked_at is None or time.monotonic() - self._checked_at > self.ttl
            if stale and not self._running:
                self._running = True
                threading.Thread(target=self._refresh, name="llm-probe", daemon=True).start()
            return self._value
