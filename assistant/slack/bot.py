"""The Bolt app: answers mentions in their thread, direct messages, and the slash command.

Bolt acknowledges every event at once and runs the listener in its thread pool, so Slack gets its answer
within 3 seconds however long the question takes. A Slack thread (or a whole direct-message channel) is
one conversation, ``slack:{team}:{channel}:{thread}``, so follow-up questions see the earlier turns.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltResponse, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.agent.service import ChatService
from assistant.config import Settings
from assistant.conversations import ConversationStore
from assistant.errors import AssistantError, InputError
from assistant.slack.blocks import Message, answer_messages, notice
from assistant.slack.mrkdwn import escape, question_from
from assistant.slack.seen import SeenEvents

logger = logging.getLogger(__name__)

WORKERS = 4
NO_RETRY = "X-Slack-No-Retry"  # tells Slack not to retry this event again
RESPONSE_URL_USES = 5  # Slack accepts at most five messages through one response_url
UNEXPECTED = "Something went wrong while answering; the error has been logged. Please try again later."
USAGE = (
    "Ask me about fintech-centre rankings and market figures, in English or Chinese, "
    "e.g. “Who ranks first in the GFCI 38 FinTech ranking?”"
)


def event_keys(body: dict[str, Any], event: dict[str, Any]) -> list[str]:
    """What identifies an event and its message: a retry repeats the event id, a second copy the message."""
    keys = [f"event:{body.get('event_id')}", f"message:{event.get('channel')}:{event.get('ts')}"]
    if event.get("client_msg_id"):
        keys.append(f"client_msg:{event['client_msg_id']}")
    return keys


def is_direct_question(event: dict[str, Any]) -> bool:
    """A person's new message in a direct-message channel (not an edit, a deletion or a bot's message)."""
    return event.get("channel_type") == "im" and not event.get("subtype") and not event.get("bot_id")


class SlackBot:
    """The Bolt app and the listeners behind ``/slack/events`` and ``/slack/commands``."""

    def __init__(self, settings: Settings, service: ChatService, store: ConversationStore) -> None:
        self.service, self.store = service, store
        self.command_response = settings.slack_command_response
        self.seen = SeenEvents(store.engine)
        client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
        self.app = App(
            name="fintech-report-assistant",
            client=client,
            token_verification_enabled=False,  # auth.test runs on the first request, not at start-up
            request_verification_enabled=False,  # the route verifies the signature before dispatching
            listener_executor=ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="slack"),
        )
        self.app.event("app_mention", middleware=[self.once])(self.on_mention)
        self.app.event("message", matchers=[is_direct_question], middleware=[self.once])(self.on_direct_message)
        self.app.event(re.compile(".*"))(self.on_other_event)
        self.app.command(re.compile("^/"))(self.on_command)

    def once(self, body: dict[str, Any], event: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        """Let an event through only the first time; a retry or copy is acknowledged with Slack's no-retry header.

        Runs before the acknowledgement, so a retry arriving after it is always recognised.
        """
        if self.seen.claim(event_keys(body, event)):
            next()
            return None
        logger.info("Slack event %s already handled; no second reply", body.get("event_id"))
        return BoltResponse(status=200, body="", headers={NO_RETRY: "1"})

    def on_mention(self, body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
        """A mention in a channel: answer in the mention's thread (a new one when it is top level)."""
        thread_ts = event.get("thread_ts") or event["ts"]
        self._answer_event(body, event, context, thread_ts, thread_ts)

    def on_direct_message(self, body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
        """A direct message: answer in its thread if it has one, else in the DM, which is then the conversation."""
        thread_ts = event.get("thread_ts")
        self._answer_event(body, event, context, thread_ts, thread_ts or "dm")

    def on_other_event(self) -> None:
        """Any other event is acknowledged and ignored."""

    def on_command(self, ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        """The slash command: acknowledge at once, then answer through the response URL."""
        question = question_from(command.get("text", ""), None)
        if not question:
            ack(text=USAGE, response_type="ephemeral")
            return
        ack(text=f"Looking that up: {escape(question)}", response_type="ephemeral")
        trigger = command.get("trigger_id") or command.get("command", "")
        key = f"slack:{command.get('team_id')}:{command.get('channel_id')}:command:{trigger}"
        messages = self._messages(question, key)
        for message in messages[:RESPONSE_URL_USES]:
            respond(response_type=self.command_response, unfurl_links=False, unfurl_media=False, **message)

    def _answer_event(
        self, body: dict[str, Any], event: dict[str, Any], context: BoltContext, thread_ts: str | None, thread: str
    ) -> None:
        question = question_from(event.get("text", ""), context.bot_user_id)
        team = body.get("team_id") or event.get("team")
        messages = self._messages(question, f"slack:{team}:{event['channel']}:{thread}")
        try:
            for message in messages:
                context.client.chat_postMessage(
                    channel=event["channel"], thread_ts=thread_ts, unfurl_links=False, unfurl_media=False, **message
                )
        except SlackApiError as error:
            logger.error("Could not post the answer to %s: %s", event["channel"], error.response.get("error"))

    def _messages(self, question: str, conversation_id: str) -> list[Message]:
        """The answer to ``question`` in that conversation as messages, or a short message saying what failed."""
        if not question:
            return [notice(USAGE)]
        try:
            self._ensure_conversation(conversation_id)
            return answer_messages(self.service.answer(question, conversation_id))
        except AssistantError as error:
            return [notice(f":warning: {error}")]
        except Exception:
            logger.exception("Answering a Slack question failed")
            return [notice(f":warning: {UNEXPECTED}")]

    def _ensure_conversation(self, conversation_id: str) -> None:
        if self.store.exists(conversation_id):
            return
        with suppress(InputError):  # another worker created it in the meantime
            self.store.create(conversation_id=conversation_id)
