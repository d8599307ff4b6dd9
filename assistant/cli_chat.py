"""`assistant ask`, `assistant serve` and `assistant eval`: the chat service from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.answer import Answer
from assistant.config import get_settings


def _print_answer(answer: Answer) -> None:
    print(answer.answer)
    for citation in answer.citations:
        section = f" — {citation.section}" if citation.section else ""
        print(f"  [{citation.number}] {citation.title}{section} ({citation.document_id}; source: {citation.source})")
    status = "grounded" if answer.grounded else f"NOT grounded: {', '.join(answer.flagged_numbers)}"
    print(f"  ({answer.engine}; {status}; conversation {answer.conversation_id})")


def run_ask(question: str, conversation_id: str | None, as_json: bool) -> int:
    """Answer one question, in a new or an existing conversation."""
    from assistant.agent.service import ChatService
    from assistant.conversations import ConversationStore

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    service = ChatService.from_settings(settings, ConversationStore(settings.database))
    answer = service.answer(question, conversation_id)
    if as_json:
        print(json.dumps(answer.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        _print_answer(answer)
    return 0


def run_serve(host: str | None, port: int | None, workers: int | None = None, insecure: bool = False) -> int:
    """Start the HTTP server (default 127.0.0.1:8000). Refuses (exit code 2) to listen on a non-loopback
    address without API keys unless ``insecure``."""
    from assistant.api.server import is_loopback, serve

    settings = get_settings()
    host = host or settings.host
    if not (insecure or settings.api_keys or is_loopback(host)):
        print(
            f"error: refusing to listen on {host} without API keys: anyone who can reach it could use the "
            "assistant. Set ASSISTANT_API_KEYS=key1,key2 (clients send 'Authorization: Bearer KEY'), "
            "listen on 127.0.0.1, or pass --insecure.",
            file=sys.stderr,
        )
        return 2
    if workers is not None and workers < 1:
        print(f"error: --workers must be at least 1, not {workers}.", file=sys.stderr)
        return 2
    from assistant.db import open_database

    open_database(settings.database)  # a database this version cannot use stops here, saying how to fix it
    serve(host, port or settings.port, settings, workers=workers or settings.workers)
    return 0


def run_eval(paths: list[Path], show_failures: bool) -> int:
    """Print accuracy (overall, by kind, by language), grounding violations, citation share and latency
    for each evaluation set, each on its own (dev and held-out are never pooled)."""
    from assistant.agent.evaluate import HELD_OUT_FAILURES, held_out
    from assistant.agent.evaluate import run_eval as evaluate

    for path in paths:
        report = evaluate(get_settings(), path)
        summary = report.summary()
        print(f"== {path.name}")
        print(f"turns: {summary['turns']}")
        print(f"accuracy: {summary['accuracy']:.3f}")
        print(f"grounding violations: {summary['grounding_violations']}")
        print(
            f"factual turns cited by a passage holding the fact: {summary['cited_share']:.3f} "
            f"({summary['factual_turns']} factual turns)"
        )
        print(f"latency ms: p50 {summary['latency_ms_p50']:.1f}, p95 {summary['latency_ms_p95']:.1f}")
        for attribute in ("language", "kind"):
            shares = ", ".join(f"{key} {right}/{total}" for key, (right, total) in report.by(attribute).items())
            print(f"by {attribute}: {shares}")
        if show_failures and held_out(path):
            print(HELD_OUT_FAILURES)
        elif show_failures:
            for turn in report.turns:
                flags = [
                    name
                    for name, ok in (
                        ("wrong", turn.correct),
                        ("ungrounded", turn.grounded),
                        ("uncited", turn.cited or not turn.factual),
                    )
                    if not ok
                ]
                if flags:
                    print(f"\n{turn.item} [{', '.join(flags)}] ({turn.kind}) {turn.question}\n  -> {turn.answer[:400]}")
        print()
    return 0
