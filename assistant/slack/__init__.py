"""The Slack bot: mentions, direct messages and the slash command, served by the FastAPI app (``/slack/*``)."""
