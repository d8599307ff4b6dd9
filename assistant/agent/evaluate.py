"""``assistant eval``: accuracy, grounding violations, citation support and latency on a labelled QA set.

An item is a conversation ``{"id", "language", "turns": [...]}``; a turn is
``{"question", "kind", "expect": [...], "answered": bool, "polarity"?: "yes" | "no"}``.

A turn is correct when the answer holds every expected string and says it answered exactly when
``answered`` is true; a yes/no turn must also open with the expected yes or no. Matching is strict so that
a wrong answer never passes: citation marks are dropped first, an expected number matches only a whole
number of the answer (a "4" never matches inside "2024" or "[4]"; 440.5 matches "440.5" and "4405亿"),
and a city matches under its English or Chinese name. A factual turn is cited when the passages it cites
hold every expected string.
"""

from __future__ import annotations

import json
import re
import statistics
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant import names
from assistant.agent.grounding import Quantity, extract_quantities
from assistant.agent.service import ChatService
from assistant.agent.tools import SEARCH_TOOL
from assistant.answer import Answer
from assistant.config import Settings
from assistant.conversations import ConversationStore
from assistant.errors import UnknownNameError

# `--failures` lists no held-out turn: reading them is how a held-out set ends up tuned on
HELD_OUT_FAILURES = "(the held-out set's failures are not listed: it is never tuned on)"


def held_out(path: Path) -> bool:
    """Whether ``path`` is a held-out set (heldout.jsonl, documents-heldout.jsonl)."""
    return "heldout" in path.name


CITATION_MARK = re.compile(r"\[(?:\d+|[0-9a-f]{6})\]")
PURE_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
SCALES = (1e3, 1e4, 1e6, 1e8, 1e9, 1e12)
FIRST_SENTENCE = re.compile(r"^(.*?)(?:[.。!！?？;；:：\n]|$)", re.S)
YES = re.compile(r"^\s*(yes\b|是|对|有|会|确实)", re.IGNORECASE)
NO = re.compile(r"^\s*(no\b|not\b|不|否|没|未|并非|并不)", re.IGNORECASE)


def _norm(text: str) -> str:
    """Case and thousands separators do not matter; citation marks are not part of the answer."""
    return CITATION_MARK.sub(" ", text).replace(",", "").replace("，", " ").lower()


def _variants(expected: str) -> set[str]:
    variants = {_norm(expected)}
    try:
        canonical = names.resolve_city(expected)
    except UnknownNameError:
        return variants
    return variants | {_norm(canonical), _norm(names.display_name("city", canonical, "zh"))}


def _number_found(expected: str, quantities: list[Quantity]) -> bool:
    """Whether a whole number of the answer equals ``expected`` at the precision it is written with
    (a scale word like billion or 亿 may stand for the expected unit)."""
    value = float(expected)
    decimals = len(expected.split(".")[1]) if "." in expected else 0
    tolerance = 0.5 * 10 ** (-decimals) + 1e-9
    for quantity in quantities:
        if abs(quantity.raw - abs(value)) <= tolerance:
            return True
        if quantity.absolute is not None and any(
            abs(quantity.absolute - abs(value) * scale) <= tolerance * scale for scale in SCALES
        ):
            return True
    return False


def _text_found(expected: str, text: str) -> bool:
    """A substring match in which digits of ``expected`` never run on into other digits."""
    for variant in _variants(expected):
        pattern = re.escape(variant)
        if variant[:1].isdigit():
            pattern = r"(?<![\d.])" + pattern
        if variant[-1:].isdigit():
            pattern += r"(?![\d])"
        if re.search(pattern, text):
            return True
    return False


def holds(expected: str, text: str) -> bool:
    """Whether an answer (or passage) ``text`` holds the expected string."""
    if PURE_NUMBER.match(expected.strip()):
        return _number_found(expected.strip(), extract_quantities(CITATION_MARK.sub(" ", text)))
    return _text_found(expected, _norm(text))


def polarity(text: str) -> str | None:
    """'yes' or 'no' when the first sentence opens with one (English or Chinese), else None."""
    first = FIRST_SENTENCE.match(CITATION_MARK.sub("", text).strip())
    sentence = first.group(1) if first else ""
    if NO.match(sentence):
        return "no"
    if YES.match(sentence):
        return "yes"
    return None


def _inputs_cited(expected: str, computed: list[dict[str, Any]], cited_text: str) -> bool:
    """A computed number is cited when it is a calculation's result and the passages hold every input."""
    for result in computed:
        if holds(expected, f"{result['result']}") or holds(expected, f"{abs(result['result'])}"):
            return all(holds(_plain(value["value"]), cited_text) for value in result.get("inputs", []))
    return False


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


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
    kind: str
    language: str
    correct: bool
    grounded: bool
    factual: bool
    cited: bool
    seconds: float
    answer: str


def _share(turns: list[TurnResult]) -> float:
    return sum(t.correct for t in turns) / max(len(turns), 1)


@dataclass
class Report:
    turns: list[TurnResult] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The figures ``assistant eval`` prints."""
        factual = [t for t in self.turns if t.factual]
        latencies = sorted(t.seconds * 1000 for t in self.turns)
        return {
            "turns": len(self.turns),
            "accuracy": _share(self.turns),
            "grounding_violations": sum(not t.grounded for t in self.turns),
            "factual_turns": len(factual),
            "cited_share": sum(t.cited for t in factual) / max(len(factual), 1),
            "latency_ms_p50": statistics.median(latencies) if latencies else 0.0,
            "latency_ms_p95": latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0,
        }

    def by(self, attribute: str) -> dict[str, tuple[int, int]]:
        """Correct and total turns per value of ``attribute`` ('kind' or 'language')."""
        groups: dict[str, list[TurnResult]] = defaultdict(list)
        for turn in self.turns:
            groups[getattr(turn, attribute)].append(turn)
        return {key: (sum(t.correct for t in group), len(group)) for key, group in sorted(groups.items())}


def judge(item: dict[str, Any], turn: dict[str, Any], answer: Answer, seconds: float) -> TurnResult:
    """Score one answer against its expectations."""
    expected = [str(e) for e in turn.get("expect", [])]
    answered = bool(turn.get("answered", True))
    correct = all(holds(e, answer.answer) for e in expected) and answer.answered == answered
    if turn.get("polarity"):
        correct = correct and polarity(answer.answer) == turn["polarity"]
    factual = answered and bool(expected)
    cited_text = " ".join(_cited_texts(answer))
    computed = [call.result for call in answer.tool_calls if call.name == "calculate" and "result" in call.result]
    return TurnResult(
        item=item["id"],
        question=turn["question"],
        kind=turn.get("kind") or item.get("kind") or "unlabelled",
        language=item.get("language") or answer.language,
        correct=correct,
        grounded=answer.grounded,
        factual=factual,
        cited=factual and all(holds(e, cited_text) or _inputs_cited(e, computed, cited_text) for e in expected),
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
                report.turns.append(judge(item, turn, answer, time.perf_counter() - started))
    return report
