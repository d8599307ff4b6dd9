"""Helpers of the browser tests: a uvicorn server process, the payloads, asking a question, screenshots."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from playwright.sync_api import Page

from tests.agent.scripted_llm import ScriptedLLM
from tests.conftest import ROOT, VENV_BIN

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = ROOT / "test-artifacts" / "web"
STARTUP_SECONDS = 90
API_KEY = "web-test-key"
LLM_TOOL_CALL = ("city_rank", {"city": "Shanghai", "index": "gfcdi", "edition": "2025"})
LLM_TEXT = "Shanghai ranked 2nd in the 2025 index, with a score of 87.5."
XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "<script>window.__xss=2</script>"
XSS_DOCUMENT = f"""---
id: quokka-bay-sandbox-en
title: 'Quokka Bay sandbox note {XSS_IMG}'
publisher: Test publisher
published: 2025
language: en
source: "test feed {XSS_SCRIPT}"
confidence: high
---

# Quokka Bay regulatory sandbox {XSS_SCRIPT}

## Sandbox rules {XSS_IMG}

The Quokka Bay regulatory sandbox admits fintech firms for a trial period. Its rulebook is quoted as
{XSS_IMG} and {XSS_SCRIPT} in the source text, which must be shown as plain text. The Quokka Bay
sandbox was opened to payment start-ups and lending platforms.
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """One uvicorn process running ``create_app`` with its own environment."""

    env: dict[str, str]
    log: Path
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def launch(self) -> None:
        command = [str(VENV_BIN / "python"), "-m", "uvicorn", "assistant.api.app:create_app", "--factory"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [*command, "--host", "127.0.0.1", "--port", str(self.port)],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def wait_ready(self, ready_status: int = 200) -> None:
        """Poll /healthz until it answers ``ready_status`` (the first call loads the models)."""
        assert self.process is not None
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}: {self.log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=STARTUP_SECONDS).status_code == ready_status:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server not ready in {STARTUP_SECONDS}s: {self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


@dataclass
class Servers:
    """The session's servers (see the ``servers`` fixture)."""

    main: Server
    xss: Server
    keyed: Server
    llm: Server
    scripted_llm: ScriptedLLM = field(repr=False)


def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot to test-artifacts/web/NAME.png (git-ignored) and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def ask(page: Page, question: str) -> None:
    """Type a question, press Enter, and wait until its answer is complete."""
    finished = page.locator(".turn .answer[aria-busy='false']")
    before = finished.count()
    page.locator("#question").fill(question)
    page.locator("#question").press("Enter")
    finished.nth(before).wait_for()
