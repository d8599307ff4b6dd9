"""HTTP details the schemathesis fuzz run found wrong: 405s name every allowed method; booleans are not ints."""

from __future__ import annotations

import httpx

from tests.hardening.conftest import Cluster
from tests.hardening.support import auth


def test_a_wrong_method_is_405_naming_every_allowed_method(cluster: Cluster) -> None:
    url, headers = cluster.main.url, auth("k-limits")
    one = httpx.request("OPTIONS", f"{url}/v1/conversations/abc", headers=headers)
    assert one.status_code == 405 and one.headers["allow"] == "DELETE, GET, PATCH"
    both = httpx.request("PUT", f"{url}/v1/conversations", headers=headers)
    assert both.status_code == 405 and both.headers["allow"] == "GET, POST"
    # A GET under /v1 is the API's, not the web page's: 405 rather than the file server's 404.
    get = httpx.get(f"{url}/v1/chat", headers=headers)
    assert get.status_code == 405 and get.headers["allow"] == "POST" and get.json()["detail"]
    unknown = httpx.post(f"{url}/no-such-page")
    assert unknown.status_code == 404 and unknown.json() == {"detail": "Not Found"}
    page = httpx.get(f"{url}/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")


def test_booleans_are_not_accepted_as_integers(cluster: Cluster) -> None:
    url, headers = cluster.main.url, auth("k-limits")
    search = httpx.post(f"{url}/v1/search", json={"query": "GFCI", "year": False}, headers=headers)
    assert search.status_code == 422 and "not true or false" in search.json()["detail"]
    feedback = {"conversation_id": "x", "turn_index": True, "rating": "up"}
    assert httpx.post(f"{url}/v1/feedback", json=feedback, headers=headers).status_code == 422
    completion = {"model": "fintech-report-assistant", "messages": [{"role": "user", "content": "hi"}], "stream": 0}
    assert httpx.post(f"{url}/v1/chat/completions", json=completion, headers=headers).status_code == 422
