"""Upload, list and remove documents over HTTP on the real server (local store, or the test Chroma server when
ASSISTANT_TEST_CHROMA_URL is set): the next search and chat use an upload at once, a plain rebuild and a restart
keep it, and bad files get a 4xx with the reason."""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx

from tests.api.conftest import Server
from tests.conftest import ROOT, VENV_BIN

DOCUMENTS = ROOT / "tests" / "eval" / "documents"
QUESTION = "When was the Debian Project officially founded by Ian Murdock?"


def _upload(client: httpx.Client, name: str, content: bytes, kind: str = "application/pdf") -> httpx.Response:
    return client.post("/v1/documents", files={"file": (name, content, kind)})


def _search_top(client: httpx.Client, query: str) -> dict:
    response = client.post("/v1/search", json={"query": query, "k": 3})
    assert response.status_code == 200, response.text
    return response.json()["hits"][0]


def test_an_uploaded_pdf_answers_at_once_and_survives_a_rebuild_and_a_restart(
    server: Server, client: httpx.Client
) -> None:
    pdf = (DOCUMENTS / "debian-project-history.pdf").read_bytes()
    created = _upload(client, "Debian history.pdf", pdf)
    assert created.status_code == 201, created.text
    document = created.json()
    try:
        assert document["title"] == "A Brief History of Debian" and document["pages"] == 27
        assert document["file_name"] == "Debian history.pdf" and document["origin"] == "uploaded"
        assert document["chunks"] > 20
        listed = client.get("/v1/documents").json()["documents"]
        assert any(d["id"] == document["id"] and d["chunks"] == document["chunks"] for d in listed)
        assert any(d["origin"] == "bundled" for d in listed)

        hits = client.post("/v1/search", json={"query": QUESTION, "k": 3}).json()["hits"]  # no restart needed
        hit = hits[0]
        assert hit["document_id"] == document["id"] and 7 in [h["page"] for h in hits]  # page 7 holds the answer
        assert hit["source"] == "Debian history.pdf" and str(server.env["ASSISTANT_DATA_DIR"]) not in str(hit)

        chat = client.post("/v1/chat", json={"message": QUESTION})
        assert chat.status_code == 200, chat.text
        assert "August 16th, 1993" in chat.json()["answer"]
        searched = [
            h for call in chat.json()["tool_calls"] if call["name"] == "search_reports" for h in call["result"]["hits"]
        ]
        assert any(h["document_id"] == document["id"] for h in searched)
        cited = [c for c in chat.json()["citations"] if c["document_id"] == document["id"]]
        assert cited and all(c["page"] is not None and c["source"] == "Debian history.pdf" for c in cited)

        build = subprocess.run(
            [str(VENV_BIN / "index-tools"), "build"], env=server.env, cwd=ROOT, capture_output=True, text=True
        )
        assert build.returncode == 0, build.stderr
        assert ", 0 removed " in build.stdout
        server.restart()
        assert _search_top(client, QUESTION)["document_id"] == document["id"]
    finally:
        removed = client.delete(f"/v1/documents/{document['id']}")
    assert removed.status_code == 200 and removed.json()["id"] == document["id"]
    assert all(d["id"] != document["id"] for d in client.get("/v1/documents").json()["documents"])
    assert _search_top(client, QUESTION)["document_id"] != document["id"]
    assert client.delete(f"/v1/documents/{document['id']}").status_code == 404


def test_bad_uploads_get_a_4xx_with_the_reason(client: httpx.Client) -> None:
    unsupported = _upload(client, "deck.pptx", b"PK\x03\x04", "application/octet-stream")
    assert unsupported.status_code == 415 and "unsupported file type '.pptx'" in unsupported.json()["detail"]
    broken = _upload(client, "broken.pdf", b"%PDF-1.4 not really")
    assert broken.status_code == 422 and broken.json()["detail"].startswith("broken.pdf: not a readable PDF")
    empty = _upload(client, "empty.md", b"", "text/markdown")
    assert empty.status_code == 422 and "empty file" in empty.json()["detail"]
    assert client.post("/v1/documents", data={"nothing": "here"}).status_code == 422
    bundled = client.get("/v1/documents").json()["documents"][0]
    refused = client.delete(f"/v1/documents/{bundled['id']}")
    assert refused.status_code == 422 and "bundled report" in refused.json()["detail"]
    names = [d["file_name"] for d in client.get("/v1/documents").json()["documents"]]
    assert "broken.pdf" not in names and "deck.pptx" not in names


def test_an_upload_over_the_size_limit_is_413(tmp_path: Path) -> None:
    from tests.conftest import isolated_env

    small = Server(isolated_env(tmp_path, ASSISTANT_INDEX_MAX_FILE_MB="0.01"), tmp_path / "server.log")
    small.start(ready_status=503)  # no index: the upload checks come first
    try:
        with httpx.Client(base_url=small.url, timeout=60) as http:
            response = _upload(http, "big.md", b"# Big\n\n" + b"word " * 4000, "text/markdown")
            assert response.status_code == 413 and "limit" in response.json()["detail"]
            huge = _upload(http, "huge.md", b"word " * 40_000, "text/markdown")
            assert huge.status_code == 413
    finally:
        small.stop()


def test_uploads_need_the_api_key_when_keys_are_set(unready_server: Server) -> None:
    with httpx.Client(base_url=unready_server.url, timeout=30) as http:
        assert _upload(http, "a.md", b"# A\n\ntext", "text/markdown").status_code == 401
        assert http.get("/v1/documents").status_code == 401
        assert http.delete("/v1/documents/a").status_code == 401


ANALYST_NOTE = b"""---
title: Vestmark Fintech Pulse, Autumn 2025
---

# Vestmark Fintech Pulse, Autumn 2025

## Summary

Fintech investment in the Vestmark region reached 3.1 billion USD in the first half of 2025, down 12% from a
year earlier. Arkholm remained the region's largest hub, attracting 1.4 billion USD across 96 deals.

## Rankings

In our own hub ranking, Arkholm is first and Lindvik second. Singapore, which we track as a benchmark, placed
fifth in our global comparison.
"""


def test_an_analysts_note_answers_what_the_tables_do_not_hold(client: httpx.Client) -> None:
    created = _upload(client, "vestmark-note.md", ANALYST_NOTE, "text/markdown")
    assert created.status_code == 201, created.text
    try:
        region = client.post("/v1/chat", json={"message": "How much fintech investment did the Vestmark region get?"})
        answer = region.json()["answer"]
        assert "3.1 billion" in answer and "44.7" not in answer  # the note's figure, not the global KPMG total
        named = client.post("/v1/chat", json={"message": "According to the Vestmark note, where does Singapore rank?"})
        assert "placed fifth in our global comparison" in named.json()["answer"]  # the note named, not the tables
        first = client.post("/v1/chat", json={"message": "Who ranks first in the Vestmark hub ranking?"})
        assert first.json()["answer"].startswith("According to Vestmark Fintech Pulse, Autumn 2025, it is Arkholm")
        absent = client.post("/v1/chat", json={"message": "How much fintech investment did the Ostmark region get?"})
        assert not absent.json()["answered"] and "billion" not in absent.json()["answer"]
    finally:
        assert client.delete(f"/v1/documents/{created.json()['id']}").status_code == 200
