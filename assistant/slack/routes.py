"""``POST /slack/events`` and ``POST /slack/commands``: signature checked here, then handed to the Bolt app.

Without a bot token and signing secret both answer 503 saying what to set; the rest of the app is unaffected.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier
from starlette.concurrency import run_in_threadpool

from assistant.api.schemas import ErrorResponse
from assistant.errors import AssistantError, ServiceUnavailableError
from assistant.slack.bot import SlackBot


class InvalidSignature(AssistantError):
    """A request not signed with the signing secret, or signed more than 5 minutes ago: HTTP 401."""

    status_code = 401


RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorResponse, "description": "Bad signature, or a timestamp more than 5 minutes off."},
    503: {"model": ErrorResponse, "description": "Slack is not configured (no bot token or signing secret)."},
}

router = APIRouter(prefix="/slack", tags=["slack"], responses=RESPONSES)


def _bot(request: Request) -> SlackBot:
    """The app's Slack bot, built on first use; ServiceUnavailableError while it is not configured."""
    state = request.app.state
    bot: SlackBot | None = getattr(state, "slack_bot", None)
    if bot is None:
        settings = state.settings
        missing = [
            f"ASSISTANT_{name.upper()}"
            for name in ("slack_bot_token", "slack_signing_secret")
            if not getattr(settings, name)
        ]
        if missing:
            raise ServiceUnavailableError(
                f"The Slack bot is not configured: set {' and '.join(missing)} (see README.md, section Slack)."
            )
        bot = state.slack_bot = SlackBot(settings, state.service, state.store)
    return bot


def _verify(request: Request, body: bytes) -> None:
    """Slack's request signature: HMAC-SHA256 of ``v0:{timestamp}:{body}``, timestamp within 5 minutes."""
    secret = request.app.state.settings.slack_signing_secret
    timestamp = request.headers.get("x-slack-request-timestamp", "")
    signature = request.headers.get("x-slack-signature", "")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is None or not timestamp.isdigit() or not SignatureVerifier(secret).is_valid(text, timestamp, signature):
        raise InvalidSignature("Invalid Slack request: bad signature, or a timestamp more than 5 minutes off.")


async def _dispatch(request: Request) -> Response:
    bot = _bot(request)
    body = await request.body()
    _verify(request, body)
    response = await run_in_threadpool(bot.app.dispatch, to_bolt_request(request, body))
    return to_starlette_response(response)


@router.post("/events", summary="Slack Events API: app_mention, direct messages, url_verification")
async def slack_events(request: Request) -> Response:
    """Events from Slack, acknowledged at once; answers are posted in the background."""
    return await _dispatch(request)


@router.post("/commands", summary="Slack slash command /fintech")
async def slack_commands(request: Request) -> Response:
    """The slash command, acknowledged at once; the answer follows through the command's response URL."""
    return await _dispatch(request)
