"""`assistant eval --documents`: print the document-question figures, dev and held-out apart."""

from __future__ import annotations

from assistant.agent.evaluate import HELD_OUT_FAILURES, held_out
from assistant.agent.evaluate_documents import SPLIT_FILES, build_eval_index, run_document_eval, splits
from assistant.config import get_settings


def run_documents_eval(engine: str, chosen: list[str] | None, show_failures: bool) -> int:
    """Build the evaluation index, then answer and score each split on its own."""
    settings = build_eval_index(get_settings())
    files = splits(settings.eval_dir)
    for split in chosen or list(SPLIT_FILES):
        path = files[split]
        if not path.exists():
            print(f"== {split}: {path.name} is missing\n")
            continue
        result = run_document_eval(settings, path, engine)  # type: ignore[arg-type]
        summary = result.summary()
        print(f"== {split} ({path.name}, engine: {engine})")
        print(f"turns: {summary['turns']}")
        print(f"accuracy: {summary['accuracy']:.3f} (answerable {summary['answerable_accuracy']:.3f})")
        print(f"unanswerable refused: {summary['refused_share']:.3f} of {summary['unanswerable']}")
        print(f"grounding violations: {summary['grounding_violations']}")
        print(f"correct answers citing the page or section that holds them: {summary['located_share']:.3f}")
        print(f"factual turns cited by a passage holding the fact: {summary['cited_share']:.3f}")
        print(f"latency ms: p50 {summary['latency_ms_p50']:.1f}, p95 {summary['latency_ms_p95']:.1f}")
        for attribute in ("language", "kind"):
            shares = ", ".join(f"{key} {right}/{total}" for key, (right, total) in result.report.by(attribute).items())
            print(f"by {attribute}: {shares}")
        if show_failures and held_out(path):
            print(HELD_OUT_FAILURES)
        elif show_failures:
            for index, turn in enumerate(result.report.turns):
                if not turn.correct or not turn.grounded:
                    score = f" score {result.scores[index]:.3f}" if index in result.scores else ""
                    print(f"\n{turn.item} ({turn.kind}){score} {turn.question}\n  -> {turn.answer[:500]}")
        print()
    return 0
