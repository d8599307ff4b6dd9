"""The shared database of conversations, turns, feedback and Slack event keys (SQLite or PostgreSQL)."""

from assistant.db.engine import describe_url, open_database
from assistant.db.migrate import DatabaseSchemaError, upgrade

__all__ = ["DatabaseSchemaError", "describe_url", "open_database", "upgrade"]
