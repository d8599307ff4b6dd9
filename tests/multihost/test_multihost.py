"""Servers on two hosts behind one name share conversations, rate limits, Slack event keys and the index;
killing one in the middle of writes loses no committed turn. (Runs last: it kills host B.)"""

from __future__ import annotations

import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.conftest import ROOT, VENV_BIN
from tests.hardening.metrics_text import sample
from tests.hardening.support import ServeProcess, auth
from tests.multihost.conftest import RATE_BURST, Hosts
from tests.slack.slack_requests import event_callback, mention, signed_headers
from tests.slack.test_events import replies

SHARED = "shared (Redis)"
FIRST = "How does Shanghai rank in the 2025 Global Fintech Center Development Index?"


def _chat(host: ServeProcess, key: str, message: str, conversation_id: str | None = None) -> httpx.Response:
    body = {"message": message, "conversation_id": conversation_id}
    return httpx.post(f"{host.url}/v1/chat", json=body, headers=auth(key), timeout=120)


def test_a_conversation_started_on_one_host_continues_on_the_other(hosts: Hosts) -> None:
    first = _chat(hosts.a, "k-chat", FIRST)
    assert first.status_code == 200, first.text
    cid = first.json()["conversation_id"]
    follow_up = _chat(hosts.b, "k-chat", "And Beijing?", cid)
    assert follow_up.status_code == 200, follow_up.text
    # B read A's turn: the follow-up names no index or edition, yet is answered for the same ones
    asked = [call["arguments"] for call in first.json()["tool_calls"] if call["name"] == "city_rank"]
    followed = [call["arguments"] for call in follow_up.json()["tool_calls"] if call["name"] == "city_rank"]
    assert asked and followed and "Beijing" in follow_up.json()["answer"]
    assert (followed[0]["index"], followed[0]["edition"]) == (asked[0]["index"], asked[0]["edition"])

    feedback = {"conversation_id": cid, "turn_index": 1, "rating": "up", "comment": "from host B"}
    assert httpx.post(f"{hosts.b.url}/v1/feedback", json=feedback, headers=auth("k-chat")).status_code in (200, 201)
    stored = httpx.get(f"{hosts.a.url}/v1/conversations/{cid}", headers=auth("k-chat")).json()
    assert [turn["question"] for turn in stored["turns"]] == [FIRST, "And Beijing?"]
    csv_text = httpx.get(f"{hosts.a.url}/v1/feedback.csv", headers=auth("k-chat")).text
    assert f"{cid},1,up,from host B" in csv_text


def test_the_rate_limit_holds_across_both_hosts(hosts: Hosts) -> None:
    statuses = []
    for n in range(RATE_BURST + 20):  # alternately to A and B, as a load balancer sends them
        host = (hosts.a, hosts.b)[n % 2]
        statuses.append((n % 2, httpx.get(f"{host.url}/v1/models", headers=auth("k-rate")).status_code))
    allowed = [status for _, status in statuses].count(200)
    assert allowed in (RATE_BURST, RATE_BURST + 1)  # one burst in all (+1 if a minute's token came in)
    assert {host for host, status in statuses if status == 429} == {0, 1}
    assert httpx.get(f"{hosts.b.url}/v1/models", headers=auth("k-chat")).status_code == 200  # another key
    assert httpx.get(f"{hosts.a.url}/healthz").json()["rate_limits"] == "shared (Redis)"


def test_a_slack_retry_delivered_to_the_other_host_is_not_answered_twice(hosts: Hosts) -> None:
    event = mention("Who ranks first in the GFCI 37 FinTech ranking?", channel="C7")
    body = event_callback(event, event_id=f"Ev{uuid.uuid4().hex[:10].upper()}")

    def deliver(host: ServeProcess, payload: bytes, **headers: str) -> httpx.Response:
        sent = {"Content-Type": "application/json", **signed_headers(payload), **headers}
        return httpx.post(f"{host.url}/slack/events", content=payload, headers=sent, timeout=30)

    first = deliver(hosts.a, body)
    assert first.status_code == 200 and "x-slack-no-retry" not in first.headers
    retry = deliver(hosts.b, body, **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert retry.status_code == 200 and retry.headers["x-slack-no-retry"] == "1"
    copy = deliver(hosts.b, event_callback(event))  # the same message under a new event id
    assert copy.status_code == 200 and copy.headers["x-slack-no-retry"] == "1"
    [reply] = hosts.slack.wait_for(replies("C7", event["ts"]))
    assert "New York" in reply.body["text"]
    sentinel = mention("Who ranks first in the GFCI 38 FinTech ranking?", channel="C7")
    assert deliver(hosts.b, event_callback(sentinel)).status_code == 200
    hosts.slack.wait_for(replies("C7", sentinel["ts"]))  # B has answered what it took by now
    assert len(replies("C7", event["ts"])(hosts.slack.calls)) == 1


def _search_hits(host: ServeProcess, query: str) -> list[str]:
    response = httpx.post(f"{host.url}/v1/search", json={"query": query, "k": 3}, headers=auth("k-index"), timeout=60)
    assert response.status_code == 200, response.text
    return [hit["text"] for hit in response.json()["hits"]]


def _until_both_find(hosts: Hosts, word: str) -> None:
    deadline = time.monotonic() + 30  # the hosts see a changed collection on their next search
    waiting = {"a": hosts.a, "b": hosts.b}
    while waiting and time.monotonic() < deadline:
        waiting = {name: host for name, host in waiting.items() if not any(word in t for t in _search_hits(host, word))}
        time.sleep(0.2)
    assert not waiting, f"hosts {sorted(waiting)} did not find the new document"


def _memo(word: str) -> str:
    return f"# Treasury memo\n\nThe {word} settlement network moved 42 payments between the two desks in March.\n"


def test_a_document_indexed_into_the_chroma_server_is_found_by_both_hosts(hosts: Hosts, tmp_path: Path) -> None:
    word = f"zorblat{uuid.uuid4().hex[:6]}"
    document = tmp_path / "memo.md"
    document.write_text(_memo(word), encoding="utf-8")
    assert not any(word in text for host in (hosts.a, hosts.b) for text in _search_hits(host, word))
    build = subprocess.run(
        [str(VENV_BIN / "index-tools"), "build", str(document)],
        env=hosts.env(hosts.operator),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    _until_both_find(hosts, word)


def test_a_document_uploaded_through_one_host_is_found_by_both(hosts: Hosts) -> None:
    word = f"quillon{uuid.uuid4().hex[:6]}"
    files = {"file": ("desk-memo.md", _memo(word).encode(), "text/markdown")}
    uploaded = httpx.post(f"{hosts.a.url}/v1/documents", files=files, headers=auth("k-index"), timeout=120)
    assert uploaded.status_code == 201, uploaded.text
    _until_both_find(hosts, word)


def test_while_redis_is_unreachable_both_hosts_serve_with_per_process_limits(hosts: Hosts) -> None:
    hosts.redis.stop()
    try:
        for host in (hosts.a, hosts.b):
            assert [httpx.get(f"{host.url}/v1/models", headers=auth("k-redis")).status_code for _ in range(3)] == [
                200
            ] * 3
            assert httpx.get(f"{host.url}/healthz").json()["rate_limits"] == "per process (Redis unreachable)"
            metrics = httpx.get(f"{host.url}/metrics").text
            assert sample(metrics, "assistant_rate_limits_shared") == 0
            assert sample(metrics, "assistant_rate_limit_local_decisions_total") >= 3
            warnings = [r for r in host.records() if "is unreachable" in str(r.get("message"))]
            assert len(warnings) == 1 and warnings[0]["level"] == "warning"
    finally:
        hosts.redis.start()
    deadline = time.monotonic() + 30  # each host tries Redis again every few seconds
    back = set()
    while len(back) < 2 and time.monotonic() < deadline:
        back |= {
            h.url for h in (hosts.a, hosts.b) if httpx.get(f"{h.url}/healthz").json()["rate_limits"] == "shared (Redis)"
        }
        time.sleep(0.5)
    assert len(back) == 2


def test_kill_9_of_a_host_in_the_middle_of_writes_loses_no_committed_turn(hosts: Hosts) -> None:
    cid = httpx.post(f"{hosts.a.url}/v1/conversations", json={}, headers=auth("k-writes")).json()["id"]
    cities = ["Shanghai", "Beijing", "Shenzhen", "London", "Singapore", "Hong Kong", "Tokyo", "Paris"] * 2
    questions = [f"Where does {city} rank in the GFCI 38 FinTech ranking? ({n})" for n, city in enumerate(cities)]

    def ask(question: str) -> str | None:
        try:
            response = _chat(hosts.b, "k-writes", question, cid)
        except httpx.TransportError:
            return None  # B died before answering
        return question if response.status_code == 200 else None

    with ThreadPoolExecutor(4) as pool:
        pending = [pool.submit(ask, question) for question in questions]
        while sum(future.done() for future in pending) < 5:
            time.sleep(0.05)
        hosts.b.kill()  # SIGKILL while the other requests are being answered and stored
        answered = {future.result() for future in pending} - {None}
    assert len(answered) >= 5 and not hosts.b.running()

    stored = httpx.get(f"{hosts.a.url}/v1/conversations/{cid}", headers=auth("k-writes")).json()["turns"]
    assert answered <= {turn["question"] for turn in stored}  # every answered turn is there
    assert [turn["index"] for turn in stored] == list(range(len(stored)))
    more = _chat(hosts.a, "k-writes", "What about GFCI 37?", cid)  # no lock was left behind
    assert more.status_code == 200
    turns = httpx.get(f"{hosts.a.url}/v1/conversations/{cid}", headers=auth("k-writes")).json()["turns"]
    assert len(turns) == len(stored) + 1
