"""Real uvicorn servers with the Slack bot, talking to a fake Slack on loopback.

All servers are launched together, once per session, and each test waits only for the one it uses:
``slack_server`` (slash command ephemeral), ``in_channel_server`` (slash command in the channel),
``no_index_server`` (configured, but its data dir has no index) and ``unconfigured_server`` (no token/secret).
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

import httpx
import pytest

from tests import server as shared
from tests.conftest import isolated_env
from tests.slack.fake_slack import BOT_TOKEN, FakeSlack
from tests.slack.slack_requests import SIGNING_SECRET, signed_headers


class AppServer(shared.AppServer):
    """One ``uvicorn assistant.api.app:create_app`` process on 127.0.0.1 with its own environment."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        super().__init__(env, log)
        self._ready: Future[AppServer] = Future()

    def launch(self, ready_path: str = "/healthz", ready_status: int = 200) -> None:
        """Start the process and, in a thread, poll ``ready_path`` until it answers ``ready_status``.

        /healthz loads the index and the models, so polling it at once lets several servers load together.
        """
        super().launch()
        threading.Thread(target=self._poll, args=(ready_path, ready_status), daemon=True).start()

    def _poll(self, path: str, status: int) -> None:
        try:
            self.wait_ready(status, path)
        except Exception as error:
            self._ready.set_exception(error)
        else:
            self._ready.set_result(self)

    def ready(self) -> AppServer:
        """The server, once its readiness probe succeeded (raises what went wrong otherwise)."""
        return self._ready.result()

    def stop(self, timeout: float = 30) -> int | None:
        """SIGTERM; SIGKILL if the process is still there after ``timeout`` seconds."""
        try:
            return super().stop(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return self.process.returncode if self.process else None

    def post(self, path: str, body: bytes, content_type: str, **headers: str) -> httpx.Response:
        """POST ``body`` signed with the signing secret (``headers`` are added, and may replace the signature)."""
        sent = {"Content-Type": content_type, **signed_headers(body), **headers}
        return httpx.post(self.url + path, content=body, headers=sent, timeout=30)

    def post_event(self, body: bytes, **headers: str) -> httpx.Response:
        return self.post("/slack/events", body, "application/json", **headers)

    def post_command(self, body: bytes, **headers: str) -> httpx.Response:
        return self.post("/slack/commands", body, "application/x-www-form-urlencoded", **headers)


@pytest.fixture(scope="session")
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def launched(
    fake_slack: FakeSlack, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[dict[str, AppServer]]:
    """Every server of this package, started at once so their start-ups overlap (and overlap the index build)."""
    logs = tmp_path_factory.mktemp("slack-logs")
    slack = {
        "ASSISTANT_SLACK_BOT_TOKEN": BOT_TOKEN,
        "ASSISTANT_SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "ASSISTANT_SLACK_API_URL": fake_slack.api_url,
    }
    servers = {
        "no_index": AppServer(isolated_env(tmp_path_factory.mktemp("no-index"), **slack), logs / "no_index.log"),
        "unconfigured": AppServer(isolated_env(tmp_path_factory.mktemp("no-slack")), logs / "unconfigured.log"),
    }
    try:
        servers["no_index"].launch("/healthz", 503)
        servers["unconfigured"].launch("/openapi.json", 200)
        indexed: Path = request.getfixturevalue("indexed_data_dir")
        in_channel = isolated_env(indexed, **slack, ASSISTANT_SLACK_COMMAND_RESPONSE="in_channel")
        servers["ephemeral"] = AppServer(isolated_env(indexed, **slack), logs / "ephemeral.log")
        servers["in_channel"] = AppServer(in_channel, logs / "in_channel.log")
        servers["ephemeral"].launch("/healthz", 200)
        servers["in_channel"].launch("/healthz", 200)
        yield servers
    finally:
        for server in servers.values():
            server.stop()


@pytest.fixture(scope="session")
def slack_server(launched: dict[str, AppServer]) -> AppServer:
    """The bot over the indexed corpus; the slash command answers ephemerally (the default)."""
    return launched["ephemeral"].ready()


@pytest.fixture(scope="session")
def in_channel_server(launched: dict[str, AppServer]) -> AppServer:
    """The bot with ASSISTANT_SLACK_COMMAND_RESPONSE=in_channel."""
    return launched["in_channel"].ready()


@pytest.fixture(scope="session")
def no_index_server(launched: dict[str, AppServer]) -> AppServer:
    """The bot configured for Slack over a data dir with no index (/healthz answers 503)."""
    return launched["no_index"].ready()


@pytest.fixture(scope="session")
def unconfigured_server(launched: dict[str, AppServer]) -> AppServer:
    """The app without a Slack token or signing secret."""
    return launched["unconfigured"].ready()
