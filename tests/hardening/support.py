"""Real processes for the hardening tests: `assistant serve` (the production command), `chroma run`, and a
scripted OpenAI-compatible LLM that can also answer garbage."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

from tests.agent.scripted_llm import ScriptedLLM
from tests.conftest import ROOT, VENV_BIN

STARTUP_SECONDS = 120
TOOL_CALL = ("city_rank", {"city": "Shanghai", "index": "gfcdi", "edition": "2025"})
QUESTION = "Where does Shanghai rank in the 2025 Global Fintech Center Development Index?"
LLM_TEXT = "Shanghai ranked 2nd in the 2025 index, with a score of 87.5."  # 87.5 is invented: never grounded


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, status: int, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    """Poll ``url`` until it answers ``status``; fail with the log's tail if the process exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}: {log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=timeout).status_code == status:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer {status} in {timeout}s: {log.read_text()[-3000:]}")


class ServeProcess:
    """`assistant serve --host HOST --port PORT [ARGS]` with its own environment; JSON logs go to ``log``."""

    def __init__(self, env: dict[str, str], log: Path, *args: str, host: str = "127.0.0.1") -> None:
        self.env, self.log, self.args, self.host = env, log, args, host
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def launch(self) -> None:
        command = [str(VENV_BIN / "assistant"), "serve", "--host", self.host, "--port", str(self.port), *self.args]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def wait_ready(self, status: int = 200) -> None:
        """Wait until /healthz answers ``status`` (the first call loads the index and the models)."""
        assert self.process is not None
        wait_for(f"{self.url}/healthz", status, self.process, self.log, STARTUP_SECONDS)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def terminate(self) -> int:
        """SIGTERM, as a process manager sends it; returns the exit code."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=30)

    def records(self) -> list[dict[str, Any]]:
        """The JSON log records written so far (lines that are not JSON are skipped)."""
        records = []
        for line in self.log.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("{"):
                records.append(json.loads(line))
        return records


class ChromaServer:
    """`chroma run` (the chromadb package's server) on a free loopback port over ``path``."""

    def __init__(self, path: Path, log: Path) -> None:
        self.path, self.log, self.port = path, log, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(VENV_BIN / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def wait_ready(self) -> None:
        wait_for(f"{self.url}/api/v2/heartbeat", 200, self.process, self.log, 60)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


class FaultyLLM(ScriptedLLM):
    """The scripted LLM with more ways to fail: ``malformed`` (a cut-off JSON body), ``empty`` (an empty
    answer and no tool call) and ``unknown_tool`` (a call to a tool the assistant does not have)."""

    def reply(self, request: dict[str, Any]) -> dict[str, Any]:
        response = super().reply(request)
        message = response["choices"][0]["message"]
        if self.mode == "empty":
            message.update(content="", tool_calls=None)
            response["choices"][0]["finish_reason"] = "stop"
        elif self.mode == "unknown_tool" and message.get("tool_calls"):
            message["tool_calls"][0]["function"]["name"] = "delete_all_reports"
        return response

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
