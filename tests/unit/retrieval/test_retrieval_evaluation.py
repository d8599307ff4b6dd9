"""Scoring retrieval runs: relevance, recall@5 and MRR per language group."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import InputError
from assistant.retrieval import Hit
from assistant.retrieval.evaluation import EvalCase, evaluate, is_relevant, load_cases


def hit(document_id: str, text: str) -> Hit:
    return Hit(
        chunk_id=f"{document_id}:{text[:10]}",
        document_id=document_id,
        title="t",
        source="s",
        section=None,
        text=text,
        score=1.0,
        dense_score=None,
        keyword_score=None,
        language="en",
        publisher=None,
        year=None,
        page=None,
    )


def case(case_id: str, language: str, cross: bool = False) -> EvalCase:
    return EvalCase(
        id=case_id,
        query=case_id,
        language=language,
        cross_language=cross,
        expected_document="doc",
        expected_text="the answer",
    )


def test_relevance_needs_the_document_and_the_text_ignoring_spacing() -> None:
    target = case("q", "en")
    assert is_relevant(hit("doc", "Here is The\n answer, in full."), target)
    assert not is_relevant(hit("other", "the answer"), target)
    assert not is_relevant(hit("doc", "an answer"), target)


def test_recall_and_mrr_per_group() -> None:
    cases = [case("en1", "en"), case("en2", "en"), case("zh1", "zh", cross=True), case("zh2", "zh")]
    answer_rank = {"en1": 1, "en2": 7, "zh1": 2, "zh2": None}

    def search(query: str, k: int) -> list[Hit]:
        hits = [hit("doc", f"filler {i}") for i in range(k)]
        if answer_rank[query]:
            hits[answer_rank[query] - 1] = hit("doc", "the answer")
        return hits

    result = evaluate(search, cases)
    groups = {g.name: (g.queries, g.recall, round(g.mrr, 4)) for g in result.groups}
    assert groups == {
        "en": (2, 0.5, round((1 + 1 / 7) / 2, 4)),
        "zh": (2, 0.5, 0.25),
        "cross-language": (1, 1.0, 0.5),
        "all": (4, 0.5, round((1 + 1 / 7 + 0.5) / 4, 4)),
    }
    assert result.ranks == answer_rank


def test_bad_case_files_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(
        '{"id": "a", "query": "q", "language": "en", "expected_document": "d", "expected_text": "t"}\n{"id": "b"}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"cases\.jsonl:2"):
        load_cases(path)
    with pytest.raises(InputError, match="does not exist"):
        load_cases(tmp_path / "missing.jsonl")
