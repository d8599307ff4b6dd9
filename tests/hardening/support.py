"""Real processes for the hardening tests: `assistant serve` (the production command), `chroma run`, and a
scripted OpenAI-compatible LLM that can also answer garbage."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.agent.scripted_llm import ScriptedLLM
from tests.conftest import VENV_BIN
from tests.server import AppServer

TOOL_CALL = ("city_rank", {"city": "Shanghai", "index": "gfcdi", "edition": "2025"})
QUESTION = "What is Shanghai's rank in the 2025 Global Fintech Center Development Index?"
SLOW_TOKEN_SECONDS = 0.5
LLM_TEXT = "Shanghai ranked 2nd in the 2025 index, with a score of 87.5."  # 87.5 is invented: never grounded


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


class ServeProcess(AppServer):
    """`assistant serve --host HOST --port PORT [ARGS]` with its own environment; JSON logs go to ``log``."""

    startup_seconds = 120

    def __init__(self, env: dict[str, str], log: Path, *args: str, host: str = "127.0.0.1") -> None:
        super().__init__(env, log)
        self.args, self.host = args, host

    def command_line(self) -> list[str]:
        return [str(VENV_BIN / "assistant"), "serve", "--host", self.host, "--port", str(self.port), *self.args]

    def terminate(self) -> int:
        """SIGTERM, as a process manager sends it; returns the exit code."""
        code = self.stop(timeout=60)
        assert code is not None
        return code

    def records(self) -> list[dict[str, Any]]:
        """The JSON log records written so far (lines that are not JSON are skipped)."""
        return [json.loads(line) for line in self.log_text().splitlines() if line.startswith("{")]


class ChromaServer(AppServer):
    """`chroma run` (the chromadb package's server) on a free loopback port over ``path``; started at once."""

    startup_seconds = 60

    def __init__(self, path: Path, log: Path) -> None:
        super().__init__(dict(os.environ), log)
        self.path = path
        self.launch()

    def command_line(self) -> list[str]:
        command = [str(VENV_BIN / "chroma"), "run", "--path", str(self.path)]
        return [*command, "--host", "127.0.0.1", "--port", str(self.port)]

    def wait_ready(self, status: int = 200, path: str = "/api/v2/heartbeat", timeout: float | None = None) -> None:
        super().wait_ready(status, path, timeout)


class FaultyLLM(ScriptedLLM):
    """The scripted LLM switched between ways to fail by ``mode``: ``ok``, ``error`` (HTTP 500), ``slow`` (half
    a second a token), ``malformed`` (a cut-off JSON body), ``empty`` (an empty answer and no tool call) and
    ``unknown_tool`` (a call to a tool the assistant does not have). ``tool_call`` is its first step."""

    mode = "ok"

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if name == "mode":
            super().__setattr__("fail", value == "error")
            super().__setattr__("token_delay", SLOW_TOKEN_SECONDS if value == "slow" else 0.0)

    @property
    def tool_call(self) -> Any:
        return self.steps[0]

    @tool_call.setter
    def tool_call(self, call: Any) -> None:
        self.steps[0] = call

    def step_for(self, request: dict[str, Any]) -> Any:
        step = super().step_for(request)
        if self.mode == "empty":
            return ""
        if self.mode == "unknown_tool" and not isinstance(step, str):
            return ("delete_all_reports", step[1])
        return step

    def _handler(self) -> type[Any]:
        base, llm = super()._handler(), self

        class Handler(base):  # type: ignore[misc, valid-type]
            def do_POST(self) -> None:
                if llm.mode != "malformed":
                    super().do_POST()
                    return
                llm.requests.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                body = b'{"id": "chatcmpl-cut", "object": "chat.completion", "choices": [{"index": 0, "mess'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler
