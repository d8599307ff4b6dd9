"""Structured logs: one JSON object per line, each carrying the id of the request it belongs to.

The request id lives in a context variable that the API's request middleware sets; a logging filter
copies it onto every record, so library code logs as usual (``logging.getLogger(__name__)``) and its
lines still say which request they belong to, also from worker threads (FastAPI's thread pool and the
tool-call threads copy the context).
"""

from __future__ import annotations

import json
import logging
import re
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
_ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:/+=-]{1,128}")
# Attributes every LogRecord has; anything else on a record came from ``extra=`` and is logged as a field.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime", "request_id"}
_DROPPED = {"color_message"}  # uvicorn's copy of the message with terminal colours


def accepted_request_id(value: str | None) -> str | None:
    """``value`` when it is a usable request id (1-128 URL-safe characters), else None."""
    return value if value and _ACCEPTED_ID.fullmatch(value) else None


class RequestIdFilter(logging.Filter):
    """Puts the current request's id (or None outside a request) on every record as ``request_id``."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON line: time, level, logger, message, request_id, pid, extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "pid": record.process,
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in _DROPPED and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def log_config(level: str) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the server (uvicorn applies it in every worker): JSON lines on
    stderr; ``assistant.*`` and uvicorn at ``level``, other libraries at WARNING."""
    level = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "assistant.observability.RequestIdFilter"}},
        "formatters": {"json": {"()": "assistant.observability.JsonFormatter"}},
        "handlers": {
            "json": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "json",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["json"], "level": "WARNING"},
        "loggers": {name: {"level": level} for name in ("assistant", "uvicorn", "uvicorn.error")},
    }
