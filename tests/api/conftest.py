"""A real uvicorn server on 127.0.0.1 over a data dir whose index is built once per session."""

from __future__ import annotations

import json
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ROOT, VENV_BIN, isolated_env
from tests.server import AppServer


class Server(AppServer):
    """One process running ``assistant.api.server.serve`` with the given environment; restartable."""

    startup_seconds = 60

    def __init__(self, env: dict[str, str], log: Path) -> None:
        super().__init__(env, log)
        self.api_key = env.get("ASSISTANT_API_KEYS")

    def command_line(self) -> list[str]:
        code = f"from assistant.api.server import serve; serve('127.0.0.1', {self.port})"
        return [str(VENV_BIN / "python"), "-c", code]

    def stop(self, timeout: float = 30) -> int | None:
        """SIGTERM, as a process manager would; uvicorn shuts down cleanly, then re-raises the signal."""
        if not self.running():
            return None
        code = super().stop(timeout)
        assert code in (0, -signal.SIGTERM)
        assert "Finished server process" in self.log_tail()
        return code

    def start(self, ready_status: int = 200) -> None:
        self.launch()
        self.wait_ready(ready_status)

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The server over a data dir whose index `index-tools build` made with the same environment.

    The server process starts while the index is built; /healthz is first asked once the build is done.
    """
    data_dir = tmp_path_factory.mktemp("data")
    running = Server(isolated_env(data_dir), tmp_path_factory.mktemp("logs") / "server.log")
    running.launch()
    try:
        build = subprocess.run(
            [str(VENV_BIN / "index-tools"), "build"],
            env=running.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert build.returncode == 0, build.stderr
        running.wait_ready()
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def unready_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose data dir has no index, and which needs an API key on /v1."""
    path = tmp_path_factory.mktemp("empty")
    running = Server(isolated_env(path, ASSISTANT_API_KEYS="test-key"), path / "server.log")
    running.start(ready_status=503)
    yield running
    running.stop()


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as http:
        yield http


def _read_events(response: httpx.Response) -> list[tuple[str, Any]]:
    """The (event, JSON data) pairs of a Server-Sent Events response ('message' when unnamed)."""
    events: list[tuple[str, Any]] = []
    name, data = "message", []
    for line in response.iter_lines():
        if line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())
        elif not line and data:
            joined = "\n".join(data)
            events.append((name, joined if joined == "[DONE]" else json.loads(joined)))
            name, data = "message", []
    return events


@pytest.fixture
def read_events() -> Callable[[httpx.Response], list[tuple[str, Any]]]:
    """Parses a Server-Sent Events response into (event, JSON data) pairs."""
    return _read_events
