"""Retrieval evaluation: recall@5 and MRR@10 per query language, from a JSONL file of labelled queries."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from assistant.errors import InputError
from assistant.retrieval.models import Hit

RECALL_AT = 5
MRR_AT = 10
_SPACE = re.compile(r"\s+")


class EvalCase(BaseModel):
    """A query and its answer: a chunk of ``expected_document`` that contains ``expected_text``."""

    id: str
    query: str
    language: str
    cross_language: bool = False
    expected_document: str
    expected_text: str


@dataclass(frozen=True)
class GroupScore:
    """Scores of one group of queries."""

    name: str
    queries: int
    recall: float
    mrr: float


@dataclass(frozen=True)
class EvalResult:
    """Per-group scores and, per query, the rank of its first relevant hit (None when not in the top 10)."""

    groups: list[GroupScore]
    ranks: dict[str, int | None]


def load_cases(path: Path) -> list[EvalCase]:
    """The cases of a JSONL file; a malformed line is an :class:`InputError` naming its line number."""
    if not path.is_file():
        raise InputError(f"Evaluation file {path} does not exist.")
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            cases.append(EvalCase.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise InputError(f"{path}:{number}: not a valid evaluation case ({exc.__class__.__name__}).") from exc
    return cases


def _squash(text: str) -> str:
    return _SPACE.sub("", text).casefold()


def is_relevant(hit: Hit, case: EvalCase) -> bool:
    """A hit counts when it is from the expected document and contains the expected text (spacing ignored)."""
    return hit.document_id == case.expected_document and _squash(case.expected_text) in _squash(hit.text)


def first_relevant_rank(hits: list[Hit], case: EvalCase) -> int | None:
    """1-based rank of the first relevant hit, or None."""
    return next((rank for rank, hit in enumerate(hits, start=1) if is_relevant(hit, case)), None)


def _score(name: str, ranks: list[int | None]) -> GroupScore:
    if not ranks:
        return GroupScore(name, 0, 0.0, 0.0)
    recall = sum(1 for r in ranks if r is not None and r <= RECALL_AT) / len(ranks)
    mrr = sum(1.0 / r for r in ranks if r is not None) / len(ranks)
    return GroupScore(name, len(ranks), recall, mrr)


def evaluate(search: Callable[[str, int], list[Hit]], cases: list[EvalCase]) -> EvalResult:
    """Run every case through ``search(query, k)``; score English, Chinese, cross-language and all queries."""
    ranks = {case.id: first_relevant_rank(search(case.query, MRR_AT), case) for case in cases}
    groups = [
        ("en", [c for c in cases if c.language == "en"]),
        ("zh", [c for c in cases if c.language == "zh"]),
        ("cross-language", [c for c in cases if c.cross_language]),
        ("all", cases),
    ]
    return EvalResult([_score(name, [ranks[c.id] for c in group]) for name, group in groups], ranks)
