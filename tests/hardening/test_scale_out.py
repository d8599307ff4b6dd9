"""Scale-out: two worker processes serve one index in a Chroma server; metrics add up over workers."""

from __future__ import annotations

import json
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.conftest import ROOT, VENV_BIN, isolated_env
from tests.hardening.conftest import WORKERS_KEY, Cluster
from tests.hardening.metrics_text import sample
from tests.hardening.support import auth

QUERIES = [json.loads(line) for line in (ROOT / "tests" / "eval" / "retrieval.jsonl").read_text().splitlines()[:8]]


def _search(url: str, query: str, request_id: str) -> httpx.Response:
    headers = {**auth(WORKERS_KEY), "X-Request-ID": request_id}
    return httpx.post(f"{url}/v1/search", json={"query": query, "k": 5}, headers=headers, timeout=60)


def test_two_workers_answer_from_the_chroma_server(cluster: Cluster) -> None:
    url = cluster.workers.url
    health = httpx.get(f"{url}/healthz").json()
    assert health["ok"] and health["index"]["chunks"] > 0 and health["index"]["embedding_model"] == "use-multilingual"
    tag = uuid.uuid4().hex[:8]
    pids: set[int] = set()
    for round_ in range(3):  # parallel requests spread over the workers; stop once both have answered
        ids = [f"{tag}-{round_}-{i}" for i in range(len(QUERIES))]
        with ThreadPoolExecutor(len(QUERIES)) as pool:
            responses = list(pool.map(lambda item, rid: _search(url, item["query"], rid), QUERIES, ids))
        for item, response in zip(QUERIES, responses, strict=True):
            assert response.status_code == 200
            assert item["expected_document"] in [hit["document_id"] for hit in response.json()["hits"]]
        time.sleep(0.2)  # the access lines are written just after the responses
        pids |= {r["pid"] for r in cluster.workers.records() if str(r.get("request_id", "")).startswith(tag)}
        if len(pids) == 2:
            break
    assert len(pids) == 2 and cluster.workers.process.pid not in pids


def test_metrics_are_summed_over_the_workers(cluster: Cluster) -> None:
    url = cluster.workers.url

    def searches() -> float:
        text = httpx.get(f"{url}/metrics").text
        return sample(text, "assistant_http_requests_total", method="POST", route="/v1/search", status="200")

    before = searches()
    with ThreadPoolExecutor(6) as pool:
        assert all(r.status_code == 200 for r in pool.map(lambda i: _search(url, "GFCI 38", f"m-{i}"), range(6)))
    # Whichever worker answers /metrics, it reports every worker's requests.
    assert [searches() - before for _ in range(4)] == [6.0] * 4


def test_index_tools_reads_the_chroma_server(cluster: Cluster, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = isolated_env(tmp_path, ASSISTANT_CHROMA_URL=cluster.chroma.url)
    status = subprocess.run([str(VENV_BIN / "index-tools"), "status"], env=env, capture_output=True, text=True)
    assert status.returncode == 0, status.stderr
    chunks = httpx.get(f"{cluster.workers.url}/healthz").json()["index"]["chunks"]
    assert f"collection 'reports' at {cluster.chroma.url}" in status.stdout
    assert f"chunks:          {chunks}" in status.stdout
