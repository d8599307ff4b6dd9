"""Limits: rate limit per key and per client IP (429 + Retry-After), body and message size, CORS."""

from __future__ import annotations

import time

import httpx

from tests.hardening.conftest import ALLOWED_ORIGIN, Cluster
from tests.hardening.metrics_text import sample
from tests.hardening.support import QUESTION, auth


def _until_limited(url: str, headers: dict[str, str], most: int) -> tuple[int, httpx.Response]:
    """GET ``url`` until a 429 (at most ``most`` times): how many were allowed, and the last response."""
    for allowed in range(most):
        response = httpx.get(url, headers=headers)
        if response.status_code != 200:
            return allowed, response
    return most, response


def test_each_api_key_has_its_own_rate_limit(cluster: Cluster) -> None:
    url = f"{cluster.main.url}/v1/models"
    allowed, limited = _until_limited(url, auth("k-rate"), most=30)
    # A burst of 8, then 1 more a second while the loop runs.
    assert 8 <= allowed <= 12 and limited.status_code == 429
    assert limited.headers["Retry-After"] == "1"
    assert limited.json()["detail"] == "Too many requests: the limit is 60 a minute (bursts of 8). Retry in 1 s."
    assert limited.json()["error"]["code"] == "rate_limit_exceeded"  # every /v1 error has OpenAI's envelope
    assert httpx.get(url, headers=auth("k-other")).status_code == 200  # another key is not affected
    time.sleep(1)
    assert httpx.get(url, headers=auth("k-rate")).status_code == 200  # a token came back
    metrics = httpx.get(f"{cluster.main.url}/metrics").text
    assert sample(metrics, "assistant_http_requests_total", route="/v1/models", status="429") >= 1


def test_without_keys_each_remote_client_ip_has_a_rate_limit(cluster: Cluster) -> None:
    # The client's address as a trusted proxy on this machine reports it (uvicorn trusts 127.0.0.1).
    url, remote = f"{cluster.insecure.url}/v1/models", {"X-Forwarded-For": "203.0.113.7"}
    allowed, limited = _until_limited(url, remote, most=30)
    assert allowed <= 9 and limited.status_code == 429  # a burst of 5 (less if other tests used some)
    assert limited.headers["Retry-After"] == "1" and "bursts of 5" in limited.json()["detail"]
    assert limited.json()["error"]["code"] == "rate_limit_exceeded"
    assert httpx.get(url, headers={"X-Forwarded-For": "203.0.113.8"}).status_code == 200  # another client
    time.sleep(1)  # give the token back for other tests on this server


def test_without_keys_a_local_client_is_not_limited(cluster: Cluster) -> None:
    # An analyst's notebook on the server's machine, no keys configured: a batch of 40 is not throttled.
    allowed, last = _until_limited(f"{cluster.insecure.url}/v1/models", {}, most=40)
    assert allowed == 40 and last.status_code == 200
    # With keys configured, a local client is limited like any other (test_each_api_key_has_its_own_rate_limit).


def test_size_limits_and_keys_still_hold(cluster: Cluster) -> None:
    chat = f"{cluster.main.url}/v1/chat"
    too_big = httpx.post(chat, content=b"x" * 1_000_001, headers={**auth("k-limits"), "content-type": "text/plain"})
    assert too_big.status_code == 413 and "larger than 1000000 bytes" in too_big.json()["detail"]
    too_long = httpx.post(chat, json={"message": "x" * 4001}, headers=auth("k-limits"))
    assert too_long.status_code == 422 and "longer than 4000 characters" in too_long.json()["detail"]
    assert httpx.post(chat, json={"message": QUESTION}).status_code == 401


def test_cors_is_open_only_to_the_configured_origins(cluster: Cluster) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
    }
    allowed = httpx.options(f"{cluster.main.url}/v1/chat", headers={"Origin": ALLOWED_ORIGIN, **preflight})
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    simple = httpx.get(f"{cluster.main.url}/v1/models", headers={"Origin": ALLOWED_ORIGIN, **auth("k-cors")})
    assert simple.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert {"x-request-id", "retry-after"} <= set(simple.headers["access-control-expose-headers"].lower().split(", "))

    other = httpx.options(f"{cluster.main.url}/v1/chat", headers={"Origin": "https://elsewhere.example", **preflight})
    assert other.status_code == 400 and "access-control-allow-origin" not in other.headers
    # Closed by default: no CORS headers at all for any origin.
    closed = httpx.options(f"{cluster.insecure.url}/v1/chat", headers={"Origin": ALLOWED_ORIGIN, **preflight})
    assert "access-control-allow-origin" not in closed.headers
    page = httpx.get(f"{cluster.insecure.url}/healthz", headers={"Origin": ALLOWED_ORIGIN})
    assert "access-control-allow-origin" not in page.headers
