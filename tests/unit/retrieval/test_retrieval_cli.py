"""`assistant search` and `assistant eval-retrieval`, run in-process against the session index."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.config import Settings, get_settings


@pytest.fixture
def env(built: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(built.data_dir))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(built.corpus_dir))
    get_settings.cache_clear()
    yield built
    get_settings.cache_clear()


def test_search_prints_passages(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "Which city ranked third?", "--k", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. Example Fintech Hub Index 2024 — Rankings  (score ")
    assert "Singapore ranked third" in out and "[hubs-en] example.org/hubs-2024" in out and "\n2. " in out


def test_search_json(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "杭州的金融科技人才", "--k", "3", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 3
    assert all(set(hit) == {"document_id", "title", "source", "section", "text", "score"} for hit in hits)
    assert (hits[0]["document_id"], hits[0]["section"]) == ("markets-zh", "人才")
    assert hits[0]["text"] == "杭州的金融科技人才储备在2025年位居全国第二，仅次于北京。"


def test_search_errors_are_messages(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "   "]) == 2
    assert capsys.readouterr().err == "error: The search query is empty.\n"
    assert main(["search", "fintech", "--k", "0"]) == 2
    assert "k must be between 1 and 50" in capsys.readouterr().err


def test_eval_retrieval_reports_each_language(
    env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = [
        ("e1", "Which city ranked third?", "en", False, "hubs-en", "Singapore ranked third"),
        ("z1", "杭州的金融科技人才排名第几？", "zh", False, "markets-zh", "位居全国第二"),
        ("x1", "多伦多的金融科技风险投资是多少？", "zh", True, "hubs-en", "1.2 billion USD"),
        ("e2", "Lisbon regulatory sandbox", "en", False, "hubs-en", "not in this document"),
    ]
    keys = ("id", "query", "language", "cross_language", "expected_document", "expected_text")
    path = tmp_path / "retrieval.jsonl"
    path.write_text("\n".join(json.dumps(dict(zip(keys, c, strict=True))) for c in cases), encoding="utf-8")

    assert main(["eval-retrieval", "--file", str(path), "--misses"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"4 queries from {path}, embedding model {env.embedding_model!r}"
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:6]}
    assert rows == {
        "en": ["2", "0.500", "0.500"],
        "zh": ["2", "1.000", "1.000"],
        "cross-language": ["1", "1.000", "1.000"],
        "all": ["4", "0.750", "0.750"],
    }
    assert lines[6:] == ["miss e2 (rank >10): Lisbon regulatory sandbox"]
