"""The Events API end to end: signed requests to a real server, replies recorded by the fake Slack."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import httpx

from tests.slack.conftest import AppServer
from tests.slack.fake_slack import Call, FakeSlack
from tests.slack.slack_requests import direct_message, event_callback, mention, signed_headers


def replies(channel: str, thread_ts: str | None) -> Callable[[list[Call]], list[Call]]:
    """The bot's messages in ``channel`` under ``thread_ts`` (None: top level)."""
    return lambda calls: [
        c for c in calls if c.method == "chat.postMessage" and c.body["channel"] == channel
        and c.body.get("thread_ts") == thread_ts
    ]  # fmt: skip


def section_texts(call: Call) -> list[str]:
    return [block["text"]["text"] for block in call.body["blocks"] if block["type"] == "section"]


def test_url_verification_echoes_the_challenge(slack_server: AppServer) -> None:
    body = json.dumps({"token": "legacy", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "type": "url_verification"}).encode()  # fmt: skip
    response = slack_server.post_event(body)
    assert response.status_code == 200
    assert response.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


def test_bad_signature_and_stale_timestamp_are_401(slack_server: AppServer) -> None:
    body = event_callback(mention("Who ranks first in the GFCI 38 FinTech ranking?", channel="CBAD"))
    wrong_secret = signed_headers(body, secret="not-the-secret")
    stale = signed_headers(body, timestamp=int(time.time()) - 6 * 60)
    future = signed_headers(body, timestamp=int(time.time()) + 6 * 60)
    tampered = {**signed_headers(body), "Content-Type": "application/json"}
    for headers in (wrong_secret, stale, future, {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=1"}):
        response = slack_server.post_event(body, **headers)
        assert response.status_code == 401, headers
        assert "signature" in response.json()["detail"]
    unsigned = httpx.post(f"{slack_server.url}/slack/events", content=body, timeout=30)
    assert unsigned.status_code == 401
    changed = httpx.post(f"{slack_server.url}/slack/events", content=body + b" ", headers=tampered, timeout=30)
    assert changed.status_code == 401
    command = slack_server.post_command(b"command=%2Ffintech&text=hi", **wrong_secret)
    assert command.status_code == 401


def test_mention_is_answered_in_its_thread_and_the_thread_is_the_conversation(
    slack_server: AppServer, fake_slack: FakeSlack
) -> None:
    first = mention("Who ranks first in the GFCI 38 FinTech ranking?", channel="C1")
    assert slack_server.post_event(event_callback(first)).status_code == 200
    [reply] = fake_slack.wait_for(replies("C1", first["ts"]))
    assert "Hong Kong ranked 1st" in reply.body["text"]
    texts = section_texts(reply)
    assert "GFCI 38" in texts[0] and "Hong Kong ranked 1st" in texts[0]
    table = next(text for text in texts if text.startswith("```")).splitlines()
    assert table[1].split() == ["Rank", "City", "Rating"]
    assert table[2].split()[0] == "1" and "Hong Kong" in table[2]
    sources = next(text for text in texts if text.startswith("*Sources*"))
    assert "[1] *GFCI FinTech ranking" in sources

    follow_up = mention("How about GFCI 37?", channel="C1", thread_ts=first["ts"])
    assert slack_server.post_event(event_callback(follow_up)).status_code == 200
    second = fake_slack.wait_for(lambda calls: replies("C1", first["ts"])(calls)[1:])
    assert len(second) == 1
    text = second[0].body["text"]
    assert "GFCI FinTech ranking" in text and "GFCI 37" in text and "New York ranked 1st" in text

    conversation = httpx.get(f"{slack_server.url}/v1/conversations/slack:T1:C1:{first['ts']}", timeout=30).json()
    assert [turn["question"] for turn in conversation["turns"]] == [
        "Who ranks first in the GFCI 38 FinTech ranking?",
        "How about GFCI 37?",
    ]


def test_direct_message_is_answered_in_the_dm(slack_server: AppServer, fake_slack: FakeSlack) -> None:
    own = direct_message("An answer the bot posted", channel="D1", user="UBOT", bot_id="BBOT")
    edit = direct_message("edited", channel="D1", subtype="message_changed")
    for ignored in (own, edit):
        assert slack_server.post_event(event_callback(ignored)).status_code == 200
    question = direct_message("Who ranks first in the GFCI 37 FinTech ranking?", channel="D1")
    assert slack_server.post_event(event_callback(question)).status_code == 200
    [reply] = fake_slack.wait_for(replies("D1", None))
    assert "New York ranked 1st" in reply.body["text"]
    assert len(fake_slack.posts("D1")) == 1  # the bot's own message and the edit got no answer


def test_a_retried_or_repeated_event_gets_no_second_reply(slack_server: AppServer, fake_slack: FakeSlack) -> None:
    event = mention("Who ranks first in the GFCI 37 FinTech ranking?", channel="C2")
    body = event_callback(event, event_id="EvRETRY0001")
    first = slack_server.post_event(body)
    assert first.status_code == 200 and "x-slack-no-retry" not in first.headers
    retry = slack_server.post_event(body, **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert retry.status_code == 200 and retry.headers["x-slack-no-retry"] == "1"
    copy = slack_server.post_event(event_callback(event, event_id="EvCOPY00001"))  # same message, new event id
    assert copy.status_code == 200 and copy.headers["x-slack-no-retry"] == "1"

    [reply] = fake_slack.wait_for(replies("C2", event["ts"]))
    assert "New York ranked 1st" in reply.body["text"]
    later = slack_server.post_event(body, **{"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_error"})
    assert later.headers["x-slack-no-retry"] == "1"
    sentinel = mention("Who ranks first in the GFCI 38 FinTech ranking?", channel="C2")
    slack_server.post_event(event_callback(sentinel))
    fake_slack.wait_for(replies("C2", sentinel["ts"]))
    assert len(replies("C2", event["ts"])(fake_slack.calls)) == 1


def test_an_error_reaches_the_user_as_a_short_message(no_index_server: AppServer, fake_slack: FakeSlack) -> None:
    event = mention("Who ranks first in the GFCI 38 FinTech ranking?", channel="C3")
    assert no_index_server.post_event(event_callback(event)).status_code == 200
    [reply] = fake_slack.wait_for(replies("C3", event["ts"]))
    assert reply.body["text"].startswith(":warning: No search index yet")
    assert "index-tools build" in reply.body["text"]


def test_an_empty_mention_gets_the_usage(slack_server: AppServer, fake_slack: FakeSlack) -> None:
    event = mention("", channel="C4")
    assert slack_server.post_event(event_callback(event)).status_code == 200
    [reply] = fake_slack.wait_for(replies("C4", event["ts"]))
    assert reply.body["text"].startswith("Ask me about fintech-centre rankings")
