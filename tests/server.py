"""A real server process on 127.0.0.1 for the test packages that talk to the app over HTTP.

``AppServer`` starts a command (by default uvicorn serving ``assistant.api.app:create_app``) on a free
loopback port, polls an endpoint until it answers the expected status, and stops it with SIGTERM, as a
process manager would. Packages subclass it for another command line or extra helpers.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx

from tests.conftest import ROOT, VENV_BIN


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class AppServer:
    """One server process with its own environment, its output appended to ``log``; restartable."""

    startup_seconds: float = 90

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log, self.port = env, log, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def command_line(self) -> list[str]:
        """The command to run: uvicorn serving the app factory on 127.0.0.1 and ``self.port``."""
        command = [str(VENV_BIN / "python"), "-m", "uvicorn", "assistant.api.app:create_app", "--factory"]
        return [*command, "--host", "127.0.0.1", "--port", str(self.port)]

    def launch(self) -> None:
        """Start the process without waiting (it imports while the caller does other work)."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command_line(), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait_ready(self, status: int = 200, path: str = "/healthz", timeout: float | None = None) -> None:
        """Poll ``path`` until it answers ``status`` (the first /healthz loads the index and the models);
        fail with the log's tail if the process exits first or ``timeout`` (``startup_seconds``) passes."""
        assert self.process is not None
        timeout = self.startup_seconds if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.process.args} exited with {self.process.returncode}: {self.log_tail()}")
            try:
                if httpx.get(self.url + path, timeout=timeout).status_code == status:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.url}{path} did not answer {status} in {timeout}s: {self.log_tail()}")

    def stop(self, timeout: float = 30) -> int | None:
        """SIGTERM if still running, then wait for the exit; returns the exit code (None if never launched)."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        """SIGKILL, then wait for the exit."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=30)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def log_tail(self) -> str:
        return self.log_text()[-3000:]
