"""Run the API under uvicorn (``assistant serve`` calls :func:`serve`)."""

from __future__ import annotations

import uvicorn

from assistant.api.app import create_app
from assistant.config import Settings


def serve(host: str, port: int, settings: Settings | None = None) -> None:
    """Serve the API on ``host:port`` until interrupted (SIGINT/SIGTERM shut it down cleanly)."""
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
