"""Protocol and fault checks against a real OpenAI-compatible LLM server (llama.cpp, llama-cpp-python, vLLM...).

It builds and starts nothing: give it the base URL of a running server (and the model name it serves).

    python benchmarks/llm_protocol.py --base-url http://127.0.0.1:8080/v1 --model smollm2

Checks, each printed as one line with what was measured:

- ``models``: ``GET /models`` answers (the /healthz probe);
- ``max_tokens``: a long generation stops at ``max_tokens`` with ``finish_reason: length`` (and, for
  information, whether ``max_completion_tokens``, the name LangChain uses, is honoured too);
- ``null_content``: whether an assistant message with ``content: null`` is rejected (and ``""`` accepted);
- ``tools``: whether tool calls come back without ``tool_choice``, with ``auto`` and with ``required``;
- ``streaming``: server-sent chunks, time to the first one, the ``[DONE]`` end;
- ``kill``: a streamed answer abandoned mid-way, then how long a short request waits (a server that keeps
  generating an abandoned request delays it); ``kill_blocking``: the same for a non-streamed answer whose
  client gives up after ``--deadline`` seconds;
- ``cancel``: the engine's own deadline (``LLMEngine``, asyncio cancellation) on a long generation, and
  whether the server was free again right after;
- ``budget``: questions through the real chat service (``ASSISTANT_*`` settings for the index, this server
  as the LLM): engine, tool calls, time against the deadline. Needs an index (``index-tools build``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.agent.llm import LLMBudgetError, create_chat_model
from assistant.config import get_settings

LONG_PROMPT = "Count from 1 to 1000, one number per line, and never stop."
SHORT_PROMPT = "Say OK."
CITY_RANK_TOOL = {
    "type": "function",
    "function": {
        "name": "city_rank",
        "description": "A city's rank in a fintech-centre index.",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "index": {"type": "string", "enum": ["gfcdi", "fhi", "gfci_fintech", "gfci_overall"]},
            },
            "required": ["city"],
            "additionalProperties": False,
        },
    },
}
TOOL_QUESTION = "Where does Shanghai rank in the Global Fintech Center Development Index? Use the tool."


class Checks:
    def __init__(
        self, base_url: str, model: str, api_key: str | None, timeout: float, eos_ids: list[int] | None = None
    ) -> None:
        self.base_url, self.model, self.timeout = base_url.rstrip("/"), model, timeout
        # A logit bias that bans the end-of-sequence tokens makes a small model generate without end, as a
        # runaway generation does (the server still stops at max_tokens).
        self.runaway = {"logit_bias": {str(token): -100 for token in eos_ids}} if eos_ids else {}
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.client = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout)
        self.results: list[dict[str, Any]] = []

    def record(self, name: str, ok: bool | None, **measured: Any) -> None:
        """One result line: PASS / FAIL, or INFO for a server property that is neither."""
        status = "INFO" if ok is None else ("PASS" if ok else "FAIL")
        self.results.append({"check": name, "status": status, **measured})
        details = ", ".join(f"{key}={value}" for key, value in measured.items())
        print(f"{status:4}  {name:14} {details}", flush=True)

    def chat(self, messages: list[dict[str, Any]], **extra: Any) -> tuple[int, dict[str, Any], float]:
        started = time.perf_counter()
        response = self.client.post("/chat/completions", json={"model": self.model, "messages": messages, **extra})
        took = time.perf_counter() - started
        body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
        return response.status_code, body, took

    def short_latency(self) -> float:
        _, _, took = self.chat([{"role": "user", "content": SHORT_PROMPT}], max_tokens=4)
        return took

    # ---- the checks ----------------------------------------------------------------------------------

    def models(self) -> None:
        response = self.client.get("/models")
        ids = [m.get("id") for m in response.json().get("data", [])] if response.is_success else []
        self.record("models", response.is_success, status=response.status_code, models=ids)

    def max_tokens(self, limit: int = 16) -> None:
        for field in ("max_tokens", "max_completion_tokens"):
            # Only max_tokens gets the runaway bias: a server that ignores the other field would generate to
            # the end of its context and hold its slot for minutes.
            bias = self.runaway if field == "max_tokens" else {}
            status, body, took = self.chat([{"role": "user", "content": LONG_PROMPT}], **{field: limit}, **bias)
            choice = (body.get("choices") or [{}])[0]
            used = (body.get("usage") or {}).get("completion_tokens")
            honoured = status == 200 and used is not None and used <= limit
            self.record(
                field,
                honoured if field == "max_tokens" else None,  # the engine sends max_tokens; the other is informative
                limit=limit,
                completion_tokens=used,
                finish=choice.get("finish_reason"),
                seconds=round(took, 2),
            )

    def null_content(self) -> None:
        call = {
            "id": "call_1",
            "type": "function",
            "function": {"name": "city_rank", "arguments": '{"city": "Shanghai"}'},
        }
        result = {"role": "tool", "tool_call_id": "call_1", "content": '{"rank": 2}'}
        codes = {}
        for content in (None, ""):
            messages = [
                {"role": "user", "content": TOOL_QUESTION},
                {"role": "assistant", "content": content, "tool_calls": [call]},
                result,
            ]
            codes["null" if content is None else "empty"], _, _ = self.chat(
                messages, tools=[CITY_RANK_TOOL], max_tokens=16
            )
        self.record("null_content", codes["empty"] == 200, status_null=codes["null"], status_empty=codes["empty"])

    def tools(self) -> None:
        found = {}
        for choice in (None, "auto", "required"):
            extra: dict[str, Any] = {"tools": [CITY_RANK_TOOL], "max_tokens": 128}
            if choice:
                extra["tool_choice"] = choice
            status, body, _ = self.chat([{"role": "user", "content": TOOL_QUESTION}], **extra)
            message = ((body.get("choices") or [{}])[0]).get("message") or {}
            calls = message.get("tool_calls") or []
            found[choice or "unset"] = f"{status}:{calls[0]['function']['name'] if calls else 'no call'}"
        self.record("tools", None, **found)

    def streaming(self) -> None:
        started, first, chunks, done = time.perf_counter(), None, 0, False
        body = {
            "model": self.model,
            "messages": [{"role": "user", "content": LONG_PROMPT}],
            "stream": True,
            "max_tokens": 32,
        }
        with self.client.stream("POST", "/chat/completions", json=body) as response:
            for line in response.iter_lines():
                if not line.startswith("data:"):
                    continue
                if line.strip() == "data: [DONE]":
                    done = True
                    break
                chunks += 1
                first = first if first is not None else time.perf_counter() - started
        ok = response.status_code == 200 and chunks > 1 and done
        self.record("streaming", ok, chunks=chunks, first_chunk_s=round(first or -1, 3), done=done)

    def kill(self, generate: int) -> None:
        baseline = self.short_latency()
        body = {
            "model": self.model,
            "messages": [{"role": "user", "content": LONG_PROMPT}],
            "stream": True,
            "max_tokens": generate,
            **self.runaway,
        }
        with (
            httpx.Client(base_url=self.base_url, timeout=self.timeout) as own,
            own.stream("POST", "/chat/completions", json=body) as response,
        ):
            for n, line in enumerate(response.iter_lines()):
                if line.startswith("data:") and n >= 5:
                    break  # leave mid-answer: the connection closes with this client
        after = self.short_latency()
        self.record(
            "kill",
            None,
            baseline_short_s=round(baseline, 2),
            short_after_kill_s=round(after, 2),
            abandoned_tokens=generate,
            server_cancels=after < baseline * 3 + 0.5,
        )

    def kill_blocking(self, generate: int, wait: float) -> None:
        """A non-streamed long answer whose client gives up after ``wait`` seconds, then a short request."""
        baseline = self.short_latency()
        messages = [{"role": "user", "content": LONG_PROMPT}]
        body = {"model": self.model, "messages": messages, "max_tokens": generate, **self.runaway}
        try:
            with httpx.Client(base_url=self.base_url, timeout=wait) as own:
                own.post("/chat/completions", json=body)
            outcome = "answered before the client gave up"
        except httpx.TimeoutException:
            outcome = f"client gave up after {wait:g}s"
        after = self.short_latency()
        self.record(
            "kill_blocking",
            None,
            outcome=outcome,
            baseline_short_s=round(baseline, 2),
            short_after_kill_s=round(after, 2),
            abandoned_tokens=generate,
            server_cancels=after < baseline * 3 + 0.5,
        )

    def cancel(self, deadline: float, generate: int) -> None:
        settings = get_settings().model_copy(
            update={
                "llm": f"openai:{self.model}",
                "llm_base_url": self.base_url,
                "llm_max_tokens": generate,
                "llm_timeout": deadline,
            }
        )
        model: Any = create_chat_model(settings)
        assert model is not None
        if self.runaway:
            model = model.bind(**self.runaway)

        async def long() -> None:
            await asyncio.wait_for(model.ainvoke(LONG_PROMPT), deadline)

        started = time.perf_counter()
        try:
            asyncio.run(long())
            outcome = "finished"
        except TimeoutError:
            outcome = "cancelled"
        took = time.perf_counter() - started
        after = self.short_latency()
        self.record(
            "cancel",
            took <= deadline + 1,
            outcome=outcome,
            seconds=round(took, 2),
            deadline=deadline,
            short_after_s=round(after, 2),
        )

    def budget(self, questions: list[str], deadline: float, max_tokens: int, tool_choice: str | None) -> None:
        from assistant.agent.service import ChatService
        from assistant.conversations import ConversationStore

        settings = get_settings().model_copy(
            update={
                "llm": f"openai:{self.model}",
                "llm_base_url": self.base_url,
                "llm_timeout": deadline,
                "llm_max_tokens": max_tokens,
                "llm_tool_choice": tool_choice,
            }
        )
        store = ConversationStore(Path(settings.data_dir) / "llm_protocol.sqlite3")
        service = ChatService.from_settings(settings, store)
        try:
            service.status()
        except Exception as error:  # no index: the check cannot run, say why
            self.record("budget", None, skipped=str(error))
            return
        offline = ChatService.from_settings(settings.model_copy(update={"llm": None}), store)
        for question in questions:  # load the offline analyst's models (and jieba) outside the measured questions
            offline.answer(question)
        for question in questions:
            started = time.perf_counter()
            answer = service.answer(question)
            took = time.perf_counter() - started
            self.record(
                "budget",
                took <= deadline + 1,
                question=question[:40],
                engine=answer.engine,
                tools=[c.name for c in answer.tool_calls],
                flagged=len(answer.flagged_numbers),
                seconds=round(took, 2),
                deadline=deadline,
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8080/v1")
    parser.add_argument("--model", default="local", help="model name the server serves")
    parser.add_argument("--api-key", default=None)
    parser.add_argument("--timeout", type=float, default=120, help="seconds for one raw request")
    parser.add_argument("--deadline", type=float, default=5, help="ASSISTANT_LLM_TIMEOUT for cancel and budget")
    parser.add_argument("--generate", type=int, default=400, help="tokens of the long generations")
    parser.add_argument("--max-tokens", type=int, default=256, help="ASSISTANT_LLM_MAX_TOKENS for budget")
    parser.add_argument("--tool-choice", choices=["auto", "required"], default="auto")
    parser.add_argument("--question", action="append", help="question for the budget check (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--checks", default="", help="comma-separated checks to run (default: all)")
    parser.add_argument(
        "--eos-ids", default="", help="comma-separated end-of-sequence token ids to ban in the long generations"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    eos_ids = [int(token) for token in args.eos_ids.split(",") if token.strip()]
    checks = Checks(args.base_url, args.model, args.api_key, args.timeout, eos_ids)
    questions = args.question or [
        "Where does Shanghai rank in the 2025 Global Fintech Center Development Index?",
        "上海在2025年全球金融科技中心发展指数中排名第几？",
    ]
    steps: dict[str, Callable[[], None]] = {
        "models": checks.models,
        "max_tokens": checks.max_tokens,
        "null_content": checks.null_content,
        "tools": checks.tools,
        "streaming": checks.streaming,
        "kill": lambda: checks.kill(args.generate),
        "kill_blocking": lambda: checks.kill_blocking(args.generate, args.deadline),
        "cancel": lambda: checks.cancel(args.deadline, args.generate),
        "budget": lambda: checks.budget(questions, args.deadline, args.max_tokens, args.tool_choice),
    }
    chosen = [name.strip() for name in args.checks.split(",")] if args.checks else list(steps)
    unknown = sorted(set(chosen) - set(steps))
    if unknown:
        parser.error(f"unknown checks {unknown}; choose from {', '.join(steps)}")
    for name in chosen:
        try:
            steps[name]()
        except (httpx.HTTPError, LLMBudgetError, ValueError, KeyError) as error:
            checks.record(name, False, error=f"{type(error).__name__}: {error}")
    if args.json:
        args.json.write_text(json.dumps(checks.results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0 if all(result["status"] != "FAIL" for result in checks.results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
