"""``GET /metrics``: the service's Prometheus metrics (outside /v1, so no API key is needed)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from assistant.metrics import exposition

router = APIRouter(tags=["operations"])


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format."}},
    summary="Prometheus metrics",
)
def metrics() -> Response:
    """Requests and latency by route template and status, tool calls and latency by tool, answers by
    engine, LLM fallbacks and ungrounded answers. With several workers, the sum over all of them."""
    body, content_type = exposition()
    return Response(body, media_type=content_type)
