"""Run the API under uvicorn (``assistant serve`` calls :func:`serve`).

The app is imported only when it is served, so that ``assistant serve`` refuses bad options at once.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import shutil
import tempfile

import uvicorn

from assistant.config import Settings, get_settings
from assistant.metrics import MULTIPROC_ENV
from assistant.observability import log_config

APP_FACTORY = "assistant.api.app:create_app"
logger = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(host: str, port: int, settings: Settings | None = None, workers: int = 1) -> None:
    """Serve the API on ``host:port`` until SIGINT/SIGTERM, which stop new connections and let in-flight
    requests finish (for at most ``settings.shutdown_timeout`` seconds). Logs are JSON lines on stderr.

    With ``workers`` > 1, uvicorn starts that many processes, each creating the app from the environment
    (``ASSISTANT_*``): ``settings`` then only set the logging and shutdown options. Their metrics are
    summed through a temporary ``PROMETHEUS_MULTIPROC_DIR``.
    """
    settings = settings or get_settings()
    options = {
        "host": host,
        "port": port,
        "log_config": log_config(settings.log_level),
        "access_log": False,  # the request middleware logs each request, with its id
        "timeout_graceful_shutdown": settings.shutdown_timeout,
    }
    if workers == 1:
        from assistant.api.app import create_app

        uvicorn.run(create_app(settings), **options)
        return
    if not settings.chroma_url:
        logger.warning("%d workers share the local index %s; a Chroma server is safer", workers, settings.chroma_dir)
    metrics_dir = None if os.environ.get(MULTIPROC_ENV) else tempfile.mkdtemp(prefix="assistant-metrics-")
    if metrics_dir:
        os.environ[MULTIPROC_ENV] = metrics_dir
    try:
        uvicorn.run(APP_FACTORY, factory=True, workers=workers, **options)
    finally:
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)
