"""The slash command end to end, in both modes, and the endpoints of an app without Slack settings."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.slack.conftest import AppServer
from tests.slack.fake_slack import FakeSlack
from tests.slack.slack_requests import event_callback, mention, slash_command


@pytest.mark.parametrize(
    ("server_fixture", "response_type"), [("slack_server", "ephemeral"), ("in_channel_server", "in_channel")]
)
def test_slash_command_answers_through_the_response_url(
    server_fixture: str, response_type: str, fake_slack: FakeSlack, request: pytest.FixtureRequest
) -> None:
    server: AppServer = request.getfixturevalue(server_fixture)
    target = fake_slack.response_url(uuid.uuid4().hex)
    path = target.removeprefix(fake_slack.url)
    ack = server.post_command(slash_command("Who ranks first in the GFCI 38 FinTech ranking?", target))
    assert ack.status_code == 200
    assert ack.json()["text"] == "Looking that up: Who ranks first in the GFCI 38 FinTech ranking?"
    [answer] = fake_slack.wait_for(lambda calls: [c for c in calls if c.method == path])
    assert answer.body["response_type"] == response_type
    assert "Hong Kong ranked 1st" in answer.body["text"]
    assert any(block["type"] == "section" and "*Sources*" in block["text"]["text"] for block in answer.body["blocks"])


def test_slash_command_without_a_question_gets_the_usage(slack_server: AppServer, fake_slack: FakeSlack) -> None:
    ack = slack_server.post_command(slash_command("  ", fake_slack.response_url("unused")))
    assert ack.status_code == 200
    assert ack.json()["text"].startswith("Ask me about fintech-centre rankings")


def test_without_token_and_secret_the_slack_endpoints_are_503(unconfigured_server: AppServer) -> None:
    for path, body in (
        ("/slack/events", event_callback(mention("Who ranks first in the GFCI 38 FinTech ranking?"))),
        ("/slack/commands", b"command=%2Ffintech&text=hi"),
    ):
        response = unconfigured_server.post(path, body, "application/json")
        assert response.status_code == 503
        detail = response.json()["detail"]
        assert "ASSISTANT_SLACK_BOT_TOKEN" in detail and "ASSISTANT_SLACK_SIGNING_SECRET" in detail
    assert httpx.get(f"{unconfigured_server.url}/openapi.json", timeout=30).status_code == 200
