"""Requests as Slack sends them: signed (HMAC-SHA256 of ``v0:{timestamp}:{body}``), events and slash commands."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

from tests.slack.fake_slack import BOT_USER_ID, TEAM_ID

SIGNING_SECRET = "test-signing-secret"
_ts = itertools.count(int(time.time() * 1000))


def new_ts() -> str:
    """A fresh Slack message timestamp."""
    value = next(_ts)
    return f"{value // 1000}.{value % 1000:06d}"


def signed_headers(body: bytes, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    """Slack's signature headers for ``body`` (signed now unless ``timestamp`` is given)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


def event_callback(event: dict[str, Any], event_id: str | None = None) -> bytes:
    """An Events API ``event_callback`` body around ``event``."""
    body = {
        "token": "legacy-verification-token", "team_id": TEAM_ID, "api_app_id": "A1", "event": event,
        "type": "event_callback", "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
    }  # fmt: skip
    return json.dumps(body).encode()


def mention(text: str, channel: str = "C1", thread_ts: str | None = None) -> dict[str, Any]:
    """An ``app_mention`` event: ``@bot text``, top level or in the thread ``thread_ts``."""
    ts = new_ts()
    event = {
        "type": "app_mention", "user": "U1", "text": f"<@{BOT_USER_ID}> {text}", "ts": ts, "event_ts": ts,
        "channel": channel, "team": TEAM_ID, "client_msg_id": str(uuid.uuid4()),
    }  # fmt: skip
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def direct_message(text: str, channel: str = "D1", **extra: Any) -> dict[str, Any]:
    """A ``message`` event in a direct-message channel (``channel_type`` im)."""
    ts = new_ts()
    return {
        "type": "message", "channel_type": "im", "user": "U1", "text": text, "ts": ts, "event_ts": ts,
        "channel": channel, "team": TEAM_ID, "client_msg_id": str(uuid.uuid4()), **extra,
    }  # fmt: skip


def slash_command(text: str, response_url: str, channel: str = "C1") -> bytes:
    """A slash-command form body for ``/fintech text``."""
    form = {
        "token": "legacy-verification-token", "team_id": TEAM_ID, "team_domain": "fake", "channel_id": channel,
        "channel_name": "analysts", "user_id": "U1", "user_name": "analyst", "command": "/fintech", "text": text,
        "api_app_id": "A1", "response_url": response_url, "trigger_id": uuid.uuid4().hex,
    }  # fmt: skip
    return urlencode(form).encode()
