"""``assistant eval``: accuracy, grounding violations, citation support and latency on tests/eval/qa.jsonl.

An item is a conversation of turns ``{"question", "expect": [...], "answered": bool}``. A turn is correct
when the answer holds every expected string (case-insensitive, thousands separators ignored) and says it
answered exactly when ``answered`` is true. A factual turn is cited when the passages it cites hold every
expected string (a city may appear under its English or Chinese name); a fact that spans editions, such as a
rank history, may be held by several cited passages together.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant import names
from assistant.agent.service import ChatService
from assistant.agent.tools import SEARCH_TOOL
from assistant.answer import Answer
from assistant.config import Settings
from assistant.conversations import ConversationStore
from assistant.errors import UnknownNameError

CHINESE_DIGITS = str.maketrans("一二三四五六七八九", "123456789")


def _norm(text: str) -> str:
    """Case, thousands separators and Chinese numerals (第三梯队 = tier 3) do not matter."""
    return text.replace(",", "").replace("，", "").lower().translate(CHINESE_DIGITS)


def _variants(expected: str) -> set[str]:
    variants = {_norm(expected)}
    try:
        canonical = names.resolve_city(expected)
    except UnknownNameError:
        return variants
    return variants | {_norm(canonical), _norm(names.display_name("city", canonical, "zh"))}


def _cited_texts(answer: Answer) -> list[str]:
    hits = [hit for call in answer.tool_calls if call.name == SEARCH_TOOL for hit in call.result.get("hits", [])]
    texts = []
    for citation in answer.citations:
        start = citation.snippet.rstrip("…")
        texts.extend(hit["text"] for hit in hits if hit["text"].startswith(start))
    return texts


@dataclass
class TurnResult:
    item: str
    question: str
    correct: bool
    grounded: bool
    factual: bool
    cited: bool
    seconds: float
    answer: str


@dataclass
class Report:
    turns: list[TurnResult] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The figures ``assistant eval`` prints."""
        factual = [t for t in self.turns if t.factual]
        latencies = sorted(t.seconds * 1000 for t in self.turns)
        return {
            "turns": len(self.turns),
            "accuracy": sum(t.correct for t in self.turns) / max(len(self.turns), 1),
            "grounding_violations": sum(not t.grounded for t in self.turns),
            "factual_turns": len(factual),
            "cited_share": sum(t.cited for t in factual) / max(len(factual), 1),
            "latency_ms_p50": statistics.median(latencies) if latencies else 0.0,
            "latency_ms_p95": latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0,
        }


def judge(item_id: str, turn: dict[str, Any], answer: Answer, seconds: float) -> TurnResult:
    """Score one answer against its expectations."""
    expected = [str(e) for e in turn.get("expect", [])]
    text = _norm(answer.answer)
    holds = all(any(v in text for v in _variants(e)) for e in expected)
    factual = bool(turn.get("answered", True)) and bool(expected)
    cited_texts = [_norm(t) for t in _cited_texts(answer)]
    cited_text = " ".join(cited_texts)
    cited = factual and all(any(v in cited_text for v in _variants(e)) for e in expected)
    return TurnResult(
        item=item_id,
        question=turn["question"],
        correct=holds and answer.answered == bool(turn.get("answered", True)),
        grounded=answer.grounded,
        factual=factual,
        cited=cited,
        seconds=seconds,
        answer=answer.answer,
    )


def run_eval(settings: Settings, path: Path) -> Report:
    """Ask every item's turns in a fresh conversation (stored in a temporary database)."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    report = Report()
    with tempfile.TemporaryDirectory() as scratch:
        service = ChatService.from_settings(settings, ConversationStore(Path(scratch) / "eval.sqlite3"))
        service.answer("warm-up question about the 2025 index")
        for item in items:
            conversation_id = None
            for turn in item["turns"]:
                started = time.perf_counter()
                answer = service.answer(turn["question"], conversation_id)
                conversation_id = answer.conversation_id
                report.turns.append(judge(item["id"], turn, answer, time.perf_counter() - started))
    return report
