"""The web page, mounted at ``/`` beneath the API routes: GET and HEAD outside the API's paths only.

A mount at ``/`` matches every path, and a full match wins over an API route that matches the path but
not the method. Leaving other methods and the API's paths to the router lets ``GET /v1/chat`` and
``OPTIONS /v1/chat`` get the API's own 405 with ``Allow: POST``, and ``POST /unknown`` a JSON 404,
instead of the file server's 404 or 405 ``Allow: GET, HEAD``.
"""

from __future__ import annotations

from pathlib import Path

from starlette.routing import Match, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

API_PREFIXES = ("/v1/", "/slack/")


class PageMount(Mount):
    """A :class:`Mount` that only matches GET and HEAD requests for paths outside the API."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope.get("method") not in ("GET", "HEAD") or scope.get("path", "").startswith(API_PREFIXES):
            return Match.NONE, {}
        return super().matches(scope)


def page_mount(directory: Path) -> PageMount:
    """The static web page in ``directory`` (``index.html`` for ``/``), mounted at ``/``."""
    return PageMount("/", app=StaticFiles(directory=directory, html=True), name="web")
