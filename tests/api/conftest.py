"""A real uvicorn server on 127.0.0.1 over a data dir whose index is built once per session."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import isolated_env

VENV_BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(data_dir: Path, **extra: str) -> dict[str, str]:
    return isolated_env(data_dir, **extra)


class Server:
    """One process running ``assistant.api.server.serve`` with the given environment; restartable."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log, self.port = env, log, free_port()
        self.api_key = env.get("ASSISTANT_API_KEYS")
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def launch(self) -> None:
        """Start the process without waiting (it imports while the caller does other work)."""
        code = f"from assistant.api.server import serve; serve('127.0.0.1', {self.port})"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(VENV_BIN / "python"), "-c", code],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_ready(self, ready_status: int = 200) -> None:
        """Poll /healthz until it answers ``ready_status`` (the first call loads the models)."""
        assert self.process is not None
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code, tail = self.process.returncode, self.log.read_text()[-3000:]
                raise RuntimeError(f"server exited with {code}: {tail}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=STARTUP_SECONDS).status_code == ready_status:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server not ready in {STARTUP_SECONDS}s: {self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        """SIGTERM, as a process manager would; uvicorn shuts down cleanly, then re-raises the signal."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            assert self.process.wait(timeout=30) in (0, -signal.SIGTERM)
            assert "Finished server process" in self.log.read_text()[-3000:]

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
    running = Server(server_env(data_dir), tmp_path_factory.mktemp("logs") / "server.log")
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
    running = Server(server_env(path, ASSISTANT_API_KEYS="test-key"), path / "server.log")
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
