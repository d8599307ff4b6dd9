"""``assistant eval --documents``: questions about the evaluation documents (``EVAL_DIR/documents/``), answered
over an index of the bundled reports plus those documents, dev and held-out reported apart.

The index lives in ``DATA_DIR/eval-documents`` and is built incrementally (the documents are added to that
data directory's library). Two engines: ``chat`` asks the real chat service; ``extractive`` searches and
answers with :func:`assistant.agent.extractive.answer_from_passages` alone, to calibrate it. Turns are scored
by :func:`assistant.agent.evaluate.judge`; a factual turn is also checked to cite its passage by page (PDF)
or section.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from assistant.agent.evaluate import Report, TurnResult, holds, judge
from assistant.agent.extractive import answer_from_passages
from assistant.agent.grounding import unsupported_numbers
from assistant.agent.service import ChatService
from assistant.agent.tools import SEARCH_TOOL
from assistant.answer import Answer, Citation, ToolCall
from assistant.config import Settings
from assistant.conversations import ConversationStore
from assistant.retrieval import get_embedder, open_retriever

log = logging.getLogger(__name__)

# seven dev sets (each written later, by another author, to check that tuning on the earlier ones generalises)
SPLIT_FILES = {
    "dev": "documents-dev.jsonl",
    "dev2": "documents-dev2.jsonl",
    "dev3": "documents-dev3.jsonl",
    "dev4": "documents-dev4.jsonl",
    "dev5": "documents-dev5.jsonl",
    "dev6": "documents-dev6.jsonl",
    "dev7": "documents-dev7.jsonl",
    "held-out": "documents-heldout.jsonl",
}
SEARCH_K = 10
Engine = Literal["chat", "extractive"]


@dataclass
class DocumentReport:
    """One split's turns with, per turn, whether its cited passage holding the answer has a page or section."""

    report: Report = field(default_factory=Report)
    located: dict[int, bool] = field(default_factory=dict)  # turn index -> cites page/section that holds it
    scores: dict[int, float] = field(default_factory=dict)  # extractive engine: the best sentence's score

    def summary(self) -> dict[str, Any]:
        figures = self.report.summary()
        turns = self.report.turns
        refusals = [t for t in turns if not t.factual]
        refused = [t for t in refusals if t.correct]
        answered = [i for i, t in enumerate(turns) if t.factual]
        figures["answerable_accuracy"] = sum(turns[i].correct for i in answered) / max(len(answered), 1)
        figures["unanswerable"] = len(refusals)
        figures["refused_share"] = len(refused) / max(len(refusals), 1)
        figures["located_share"] = sum(self.located.get(i, False) for i in answered) / max(len(answered), 1)
        return figures


def splits(eval_dir: Path) -> dict[str, Path]:
    """The question files of the splits in ``eval_dir``: the dev sets and held-out."""
    return {split: eval_dir / name for split, name in SPLIT_FILES.items()}


def document_files(eval_dir: Path) -> list[Path]:
    """The evaluation documents in ``eval_dir``/documents (every file but the licence notes)."""
    directory = eval_dir / "documents"
    return sorted(p for p in directory.iterdir() if p.is_file() and p.name != "LICENSES.md")


def eval_settings(settings: Settings) -> Settings:
    """The settings of the evaluation index: its own data directory and collection, the same models."""
    return settings.model_copy(
        update={"data_dir": settings.data_dir / "eval-documents", "chroma_path": None, "collection": "eval-documents"}
    )


def build_eval_index(settings: Settings) -> Settings:
    """Build (incrementally) the bundled reports plus the evaluation documents; the settings to answer with."""
    from index_tools.builder import build_index

    target = eval_settings(settings)
    report = build_index(target, document_files(settings.eval_dir))
    if report.failed:
        raise RuntimeError(f"evaluation documents not indexed: {report.failed}")
    log.info("%s", report.summary())
    return target


def _located(answer: Answer, expected: list[str]) -> bool:
    """A citation whose passage holds every expected string carries a page or a section."""
    hits = [hit for call in answer.tool_calls if call.name == SEARCH_TOOL for hit in call.result.get("hits", [])]
    for citation in answer.citations:
        start = citation.snippet.rstrip("…")
        for hit in hits:
            holding = hit["text"].startswith(start) and all(holds(e, hit["text"]) for e in expected)
            if holding and (citation.page is not None or citation.section or hit.get("page") or hit.get("section")):
                return True
    return False


class ExtractiveEngine:
    """Search, then the extractive answerer alone: an :class:`Answer` as the chat service would shape it."""

    def __init__(self, settings: Settings) -> None:
        self.retriever = open_retriever(settings)
        self.embed = get_embedder(settings.embedding_model).embed_sentences
        self.last_score = 0.0

    def answer(self, question: str, language: str) -> Answer:
        hits = [hit.model_dump(mode="json") for hit in self.retriever.search(question, k=SEARCH_K)]
        lang = "zh" if language == "zh" else "en"
        extract = answer_from_passages(question, lang, hits, self.embed)
        self.last_score = extract.score
        text = extract.text()
        citations = []
        for number, quote in enumerate(extract.quotes, start=1):
            text = text.replace(f"[{quote.key}]", f"[{number}]")
            hit = next(h for h in hits if h["chunk_id"].startswith(quote.key))
            citations.append(
                Citation(
                    number=number,
                    document_id=quote.document_id,
                    title=quote.title,
                    source=hit["source"],
                    section=quote.section,
                    page=quote.page,
                    snippet=hit["text"],
                )
            )
        # as the service does: citation marks are not numbers, and the lead's title and page come from the hit
        labels = [f"{q.title} {q.section or ''} {q.page or ''}" for q in extract.quotes]
        unmarked = re.sub(r"\[\d+\]", " ", text)
        flagged = unsupported_numbers(unmarked, [], [q.text for q in extract.quotes], given=[question, *labels])
        return Answer(
            conversation_id="eval",
            answer=text,
            language=lang,
            citations=citations,
            tool_calls=[
                ToolCall(name=SEARCH_TOOL, arguments={"query": question, "k": SEARCH_K}, result={"hits": hits})
            ],
            grounded=not flagged,
            flagged_numbers=flagged,
            answered=extract.answered,
        )


def run_document_eval(settings: Settings, path: Path, engine: Engine = "chat") -> DocumentReport:
    """Answer every turn of the question file ``path`` with ``engine`` over the evaluation index."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = DocumentReport()
    with tempfile.TemporaryDirectory() as scratch:
        if engine == "extractive":
            extractive = ExtractiveEngine(settings)
        else:
            service = ChatService.from_settings(settings, ConversationStore(Path(scratch) / "eval.sqlite3"))
            service.answer("warm-up question about Debian")
        for item in items:
            conversation_id = None
            for turn in item["turns"]:
                started = time.perf_counter()
                if engine == "extractive":
                    answer = extractive.answer(turn["question"], item.get("language", "en"))
                    result.scores[len(result.report.turns)] = extractive.last_score
                else:
                    answer = service.answer(turn["question"], conversation_id)
                    conversation_id = answer.conversation_id
                outcome: TurnResult = judge(item, turn, answer, time.perf_counter() - started)
                index = len(result.report.turns)
                result.report.turns.append(outcome)
                if outcome.factual:
                    result.located[index] = outcome.correct and _located(answer, [str(e) for e in turn["expect"]])
    return result
