"""Conversations, feedback, search, analytics tools and health over HTTP."""

from __future__ import annotations

import csv
import io

import httpx


def test_conversation_crud(client: httpx.Client) -> None:
    created = client.post("/v1/conversations", json={"title": "  GFCDI   questions "})
    assert created.status_code == 201
    cid = created.json()["id"]
    assert created.json()["title"] == "GFCDI questions" and created.json()["turns"] == 0
    untitled = client.post("/v1/conversations").json()
    assert untitled["title"] is None
    assert {cid, untitled["id"]} <= {c["id"] for c in client.get("/v1/conversations").json()}
    question = "Who is second in the 2025 GFCDI?"
    answer = client.post("/v1/chat", json={"message": question, "conversation_id": cid})
    assert answer.status_code == 200 and answer.json()["conversation_id"] == cid
    detail = client.get(f"/v1/conversations/{cid}").json()
    assert detail["id"] == cid and detail["turns"][0]["question"] == question
    renamed = client.patch(f"/v1/conversations/{cid}", json={"title": "Renamed"})
    assert renamed.status_code == 200
    assert renamed.json()["title"] == "Renamed" and renamed.json()["turns"] == 1
    assert client.delete(f"/v1/conversations/{cid}").status_code == 204
    assert client.get(f"/v1/conversations/{cid}").status_code == 404
    assert cid not in {c["id"] for c in client.get("/v1/conversations").json()}


def test_feedback_is_recorded_and_exported(client: httpx.Client) -> None:
    answer = client.post("/v1/chat", json={"message": "Which city ranks third in the 2025 GFCDI?"}).json()
    cid = answer["conversation_id"]
    body = {"conversation_id": cid, "turn_index": 0, "rating": "down", "comment": "Wanted the tier too."}
    recorded = client.post("/v1/feedback", json=body)
    assert recorded.status_code == 201 and recorded.json() == body
    export = client.get("/v1/feedback.csv")
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    rows = [row for row in csv.DictReader(io.StringIO(export.text)) if row["conversation_id"] == cid]
    assert len(rows) == 1
    assert rows[0]["rating"] == "down" and rows[0]["comment"] == "Wanted the tier too."
    assert rows[0]["answer"] == answer["answer"] and rows[0]["turn_index"] == "0"


def test_search_returns_filtered_hits(client: httpx.Client) -> None:
    response = client.post("/v1/search", json={"query": "GFCDI 2025 New York Shanghai", "k": 3})
    assert response.status_code == 200, response.text
    hits = response.json()["hits"]
    assert 1 <= len(hits) <= 3 and all({"document_id", "title", "text", "score"} <= set(hit) for hit in hits)
    zh = client.post("/v1/search", json={"query": "金融科技中心", "k": 5, "language": "zh"}).json()["hits"]
    assert zh and all(hit["language"] == "zh" for hit in zh)


def test_tools_are_listed_and_callable(client: httpx.Client) -> None:
    tools = client.get("/v1/tools").json()
    names = {tool["name"] for tool in tools}
    assert {"ranking", "city_rank"} <= names
    assert all(tool["description"] and tool["input_schema"]["type"] == "object" for tool in tools)
    ranking = client.post("/v1/tools/ranking", json={"index": "gfcdi", "edition": "2025"})
    assert ranking.status_code == 200, ranking.text
    assert "New York" in ranking.text
    assert client.post("/v1/tools/no_such_tool", json={}).status_code == 404


def test_healthz_reports_index_and_engine(client: httpx.Client) -> None:
    health = client.get("/healthz")
    assert health.status_code == 200
    body = health.json()
    assert body["ok"] is True and body["engine"] == "offline" and body["index"]["chunks"] > 0


def test_docs_show_request_examples_and_the_page_is_served(client: httpx.Client) -> None:
    assert client.get("/docs").status_code == 200
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert schemas["ChatRequest"]["examples"][0]["message"]
    assert schemas["ChatCompletionRequest"]["examples"][0]["model"] == "fintech-report-assistant"
    ranking_body = spec["paths"]["/v1/tools/ranking"]["post"]["requestBody"]["content"]["application/json"]
    assert ranking_body["schema"]["$ref"].endswith("/RankingInput")
