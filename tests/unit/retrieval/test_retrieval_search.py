"""Hybrid search over a real Chroma index of the sample corpus (built once per session)."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from retrieval_samples import HUBS_EN, PAYMENTS_EN, write_corpus

from assistant.config import Settings
from assistant.errors import InputError
from assistant.retrieval import IndexNotReadyError, Retriever, SearchFilters, hybrid, open_retriever
from index_tools.builder import build_index


def top(retriever: Retriever, query: str, k: int = 3, **filters: object) -> list[tuple[str, str | None]]:
    hits = retriever.search(query, k=k, filters=SearchFilters(**filters) if filters else None)
    return [(hit.document_id, hit.section) for hit in hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Which city ranked third in the Example Fintech Hub Index?", ("hubs-en", "Rankings")),
        ("instant payments growth in Amsterdam", ("payments-en", "Instant payments")),
        ("杭州的金融科技人才排名第几？", ("markets-zh", "人才")),
        ("深圳移动支付交易笔数增长了多少", ("markets-zh", "支付")),
    ],
)
def test_same_language_queries_find_their_passage_first(retriever: Retriever, query: str, expected: tuple) -> None:
    assert top(retriever, query, k=1) == [expected]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("多伦多的金融科技风险投资在2023年是多少？", ("hubs-en", "Venture funding")),
        ("都柏林有多少金融科技从业人员？", ("hubs-en", "Talent")),
        ("Shenzhen mobile payment growth", ("markets-zh", "支付")),
    ],
)
def test_cross_language_queries_find_the_other_languages_passage(
    retriever: Retriever, query: str, expected: tuple
) -> None:
    assert top(retriever, query, k=1) == [expected]


def test_hits_carry_metadata_and_both_scores(retriever: Retriever) -> None:
    hits = retriever.search("Toronto fintech venture capital funding 2023", k=4)
    best = hits[0]
    assert (best.title, best.source, best.publisher, best.year, best.language, best.page) == (
        "Example Fintech Hub Index 2024",
        "example.org/hubs-2024",
        "Example Institute",
        2024,
        "en",
        None,
    )
    assert best.text.startswith("Fintech venture capital funding in Toronto reached 1.2 billion USD")
    assert best.dense_score is not None and 0.2 < best.dense_score <= 1.0
    assert best.keyword_score is not None and best.keyword_score > 0
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True) and len({hit.chunk_id for hit in hits}) == 4


def test_filters_restrict_by_document_publisher_year_and_language(retriever: Retriever) -> None:
    query = "fintech growth in cities"
    assert {doc for doc, _ in top(retriever, query, k=10, language="zh")} == {"markets-zh", "filler-zh"}
    assert {doc for doc, _ in top(retriever, query, k=10, language="ZH ")} == {"markets-zh", "filler-zh"}
    assert {doc for doc, _ in top(retriever, query, k=10, publisher="gamma research")} == {"payments-en"}
    assert {doc for doc, _ in top(retriever, query, k=10, year=2023)} == {"filler-en", "filler-zh"}
    hubs = top(retriever, query, k=10, document_id="hubs-en", year=2024)
    assert sorted(hubs) == [("hubs-en", "Rankings"), ("hubs-en", "Talent"), ("hubs-en", "Venture funding")]
    assert top(retriever, query, k=10, publisher="Example Institute", year=2022) == []
    assert top(retriever, query, publisher="Nobody") == []


@pytest.mark.parametrize(("query", "k"), [("", 5), ("   ", 5), ("x" * 4001, 5), ("fintech", 0), ("fintech", 51)])
def test_bad_queries_are_input_errors(retriever: Retriever, query: str, k: int) -> None:
    with pytest.raises(InputError):
        retriever.search(query, k=k)


def test_status_reports_the_build(retriever: Retriever, built: Settings) -> None:
    status = retriever.status()
    assert (status["documents"], status["chunks"], status["embedding_model"]) == (5, 12, built.embedding_model)
    assert status["built_at"] and status["built_at"].endswith("+00:00")
    assert open_retriever(built.model_copy()) is retriever


def test_concurrent_searches_agree_with_sequential_ones(retriever: Retriever) -> None:
    queries = [
        "Singapore third place",
        "杭州人才",
        "多伦多风险投资",
        "Lisbon sandbox",
        "武汉规划",
        "Dublin employees",
    ] * 4
    expected = [top(retriever, q) for q in queries]
    with ThreadPoolExecutor(max_workers=6) as pool:
        assert list(pool.map(lambda q: top(retriever, q), queries)) == expected


def test_missing_index_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(IndexNotReadyError, match="index-tools build"):
        open_retriever(Settings(data_dir=tmp_path / "nothing", corpus_dir=tmp_path))


def test_an_open_retriever_sees_later_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = write_corpus(tmp_path, {"hubs-en.md": HUBS_EN})
    build_index(settings)
    retriever = open_retriever(settings)
    lookups: list[str] = []
    real_lookup = hybrid.find_collection

    def counted_lookup(client, name):  # type: ignore[no-untyped-def]
        lookups.append(name)
        return real_lookup(client, name)

    monkeypatch.setattr(hybrid, "find_collection", counted_lookup)
    for _ in range(3):
        assert {doc for doc, _ in top(retriever, "Lisbon sandbox", k=5)} == {"hubs-en"}
    assert len(lookups) == 1  # the store's files did not change: no lookup after the first
    write_corpus(tmp_path, {"lisbon.md": "# Lisbon Notes\n\n## Sandbox\n\nLisbon opened a regulatory sandbox.\n"})
    build_index(settings)
    assert top(retriever, "Lisbon regulatory sandbox", k=1) == [("lisbon", "Sandbox")]
    assert len(lookups) == 2
    assert retriever.status()["documents"] == 2


def test_a_build_in_another_process_never_breaks_search(tmp_path: Path) -> None:
    settings = write_corpus(tmp_path, {"hubs-en.md": HUBS_EN, "payments-en.md": PAYMENTS_EN})
    build_index(settings)
    retriever = open_retriever(settings)
    assert top(retriever, "Lisbon regulatory sandbox", k=1) == [("payments-en", "Regulation")]
    (settings.reports_dir / "payments-en.md").unlink()
    (settings.reports_dir / "madrid.md").write_text("# Madrid\n\n## Crypto\n\nMadrid opened a crypto sandbox.\n")
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(settings.data_dir), "ASSISTANT_CORPUS_DIR": str(tmp_path / "corpus")}
    build = subprocess.run([sys.executable, "-m", "index_tools.cli", "build"], env=env, capture_output=True, text=True)
    assert build.returncode == 0 and "2 removed" in build.stdout

    found = top(retriever, "Madrid crypto sandbox", k=5)

    assert found[0] == ("madrid", "Crypto") and "payments-en" not in {doc for doc, _ in found}


def test_a_named_document_is_searched_alone_too(retriever: Retriever, monkeypatch: pytest.MonkeyPatch) -> None:
    query = "What does the GPB say about venture funding?"  # the Gamma Payments Brief by its initials
    assert "payments-en" in [document for document, _ in top(retriever, query)]
    monkeypatch.setattr(hybrid, "NAMED_DOCUMENT_WEIGHT", 0.0)  # else only reports on venture funding come first
    assert "payments-en" not in [document for document, _ in top(retriever, query)]


def test_each_ranking_is_read_as_deep_for_any_k(retriever: Retriever, monkeypatch: pytest.MonkeyPatch) -> None:
    """How deep the dense and keyword rankings are read does not depend on k (up to a quarter of the depth), so
    the chat's 8 passages are the search page's first 8 of 10."""
    depths = []
    rankings = retriever.rankings

    def recording(query: str, n: int, filters: SearchFilters | None = None):  # type: ignore[no-untyped-def]
        depths.append(n)
        return rankings(query, n, filters)

    monkeypatch.setattr(retriever, "rankings", recording)
    for k in (3, 8, 10):
        retriever.search("fintech hub ranking", k=k)
    assert len(set(depths)) == 1


def test_a_filtered_dense_ranking_is_chromas_filtered_one(retriever: Retriever, built: Settings) -> None:
    query = "fintech venture funding in Singapore"
    snapshot, dense, _ = retriever.rankings(query, 10, SearchFilters(document_id="hubs-en"))
    vector = hybrid.get_embedder(built.embedding_model).embed_query(query)
    filtered = hybrid.dense_query(snapshot.collection, vector, 10, {"document_id": "hubs-en"})
    assert [chunk_id for chunk_id, _ in dense] == [chunk_id for chunk_id, _ in filtered] and len(dense) >= 3
    assert [round(score, 4) for _, score in dense] == [round(score, 4) for _, score in filtered]
