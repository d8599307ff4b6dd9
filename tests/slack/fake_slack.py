"""A local stand-in for Slack's servers: the Web API methods the bot calls, and slash-command response URLs.

It speaks Slack's protocol (form or JSON bodies, ``Authorization: Bearer``, ``{"ok": ...}`` replies,
``invalid_blocks`` for blocks beyond Slack's limits) and records every call for the tests to inspect.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_TOKEN = "xoxb-test-token"
BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T1"


@dataclass
class Call:
    """One request the bot made: an API method (``chat.postMessage``) or ``response_url`` with its id."""

    method: str
    body: dict[str, Any]


def _blocks_error(blocks: list[dict[str, Any]]) -> str | None:
    if len(blocks) > 50:
        return "invalid_blocks"
    for block in blocks:
        texts = [block["text"]] if block["type"] == "section" else block.get("elements", [])
        if any(not text.get("text") for text in texts):
            return "invalid_blocks"
        if block["type"] == "section" and len(block["text"]["text"]) > 3000:
            return "invalid_blocks"
    return None


class FakeSlack:
    """Runs on 127.0.0.1 in a thread; ``api_url`` is the bot's ASSISTANT_SLACK_API_URL."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._changed = threading.Condition()
        self._ts = 1_700_000_000
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.api_url = f"{self.url}/api/"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def response_url(self, name: str) -> str:
        return f"{self.url}/response/{name}"

    def record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def wait_for(self, found: Callable[[list[Call]], list[Call]], timeout: float = 60) -> list[Call]:
        """Wait until ``found(calls)`` is not empty and return it; AssertionError with all calls on timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not (result := found(list(self.calls))):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"Slack never got the expected call; calls: {self.calls}")
                self._changed.wait(left)
        return result

    def posts(self, channel: str) -> list[Call]:
        return [c for c in self.calls if c.method == "chat.postMessage" and c.body.get("channel") == channel]

    def next_ts(self) -> str:
        with self._changed:
            self._ts += 1
            return f"{self._ts}.000100"

    def api(self, method: str, token: str, body: dict[str, Any]) -> dict[str, Any]:
        """Slack's reply to one Web API call."""
        if token != BOT_TOKEN:
            return {"ok": False, "error": "invalid_auth"}
        if method == "auth.test":
            return {
                "ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "fintech",
                "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False,
            }  # fmt: skip
        if method != "chat.postMessage":
            return {"ok": False, "error": "unknown_method"}
        if not body.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if not body.get("text") and not body.get("blocks"):
            return {"ok": False, "error": "no_text"}
        blocks = body.get("blocks") or []
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        if error := _blocks_error(blocks):
            return {"ok": False, "error": error}
        if len(body.get("text") or "") > 40_000:
            return {"ok": False, "error": "msg_too_long"}
        self.record(Call(method, body))
        return {"ok": True, "channel": body["channel"], "ts": self.next_ts(), "message": {"text": body.get("text")}}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _reply(self, status: int, content: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    body = json.loads(raw) if raw else {}
                else:
                    body = dict(parse_qsl(raw))
                if self.path.startswith("/response/"):
                    fake.record(Call(self.path, body))
                    self._reply(200, b"ok", "text/plain")
                elif self.path.startswith("/api/"):
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ") or body.get("token", "")
                    reply = fake.api(self.path.removeprefix("/api/"), token, body)
                    self._reply(200, json.dumps(reply).encode(), "application/json; charset=utf-8")
                else:
                    self._reply(404, b"not found", "text/plain")

        return Handler
