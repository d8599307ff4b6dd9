"""Prometheus metrics of the service, served at ``GET /metrics``.

With several server workers, ``assistant serve`` sets ``PROMETHEUS_MULTIPROC_DIR`` before starting them:
each worker then writes its values to files there, and :func:`exposition` adds them up, so any worker
answers ``/metrics`` for all of them.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

from assistant.answer import Answer

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
LLM_FAILED = "offline (LLM failed)"  # the engine of an answer the offline analyst gave after the LLM failed
SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

HTTP_REQUESTS = Counter(
    "assistant_http_requests", "HTTP requests by method, route template and status.", ["method", "route", "status"]
)
HTTP_SECONDS = Histogram(
    "assistant_http_request_duration_seconds",
    "Time from request to the end of the response, by method, route template and status.",
    ["method", "route", "status"],
    buckets=SECONDS,
)
TOOL_CALLS = Counter(
    "assistant_tool_calls", "Tool calls by tool and outcome (ok, error, timeout, exception).", ["tool", "outcome"]
)
TOOL_SECONDS = Histogram("assistant_tool_call_duration_seconds", "Tool call time by tool.", ["tool"], buckets=SECONDS)
ANSWERS = Counter("assistant_answers", "Chat answers by engine.", ["engine"])
LLM_FALLBACKS = Counter("assistant_llm_fallbacks", "Answers given offline because the LLM failed.")
UNGROUNDED = Counter("assistant_ungrounded_answers", "Answers with a number the grounding check could not verify.")
RATE_LIMITS_SHARED = Gauge(
    "assistant_rate_limits_shared",
    "1 while rate limits are kept in Redis (they hold across all servers); 0 while every process keeps its own "
    "(no ASSISTANT_REDIS_URL, or Redis unreachable). With several workers, the lowest of the live workers.",
    multiprocess_mode="livemin",
)
RATE_LIMIT_LOCAL_DECISIONS = Counter(
    "assistant_rate_limit_local_decisions", "Rate-limit decisions a process made alone because Redis was unreachable."
)


def record_request(method: str, route: str, status: int, seconds: float) -> None:
    """Count one HTTP request and its latency."""
    HTTP_REQUESTS.labels(method, route, str(status)).inc()
    HTTP_SECONDS.labels(method, route, str(status)).observe(seconds)


def record_tool_call(tool: str, outcome: str, seconds: float) -> None:
    """Count one tool call and its latency."""
    TOOL_CALLS.labels(tool, outcome).inc()
    TOOL_SECONDS.labels(tool).observe(seconds)


def record_answer(answer: Answer) -> None:
    """Count one chat answer, and whether the LLM failed or the grounding check flagged a number."""
    ANSWERS.labels(answer.engine).inc()
    if answer.engine == LLM_FAILED:
        LLM_FALLBACKS.inc()
    if not answer.grounded:
        UNGROUNDED.inc()


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus' text format, and its content type (summed over workers if several)."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
