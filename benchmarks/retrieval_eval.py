"""Compare embedding models on tests/eval/retrieval.jsonl: recall@5 and MRR@10 per language, per mode.

For each model the bundled corpus (settings.reports_dir) is indexed into a temporary data directory, then
every labelled query is run three ways: hybrid (what `assistant search` does), dense only and BM25 only
(BM25 with the alias expansion). Query time is printed for hybrid search only (it includes embedding the query).

Usage: .venv/bin/python benchmarks/retrieval_eval.py [--models use-multilingual,e5,minilm] [--file PATH]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from assistant.config import PROJECT_ROOT, Settings
from assistant.retrieval import Hit, get_embedder
from assistant.retrieval.evaluation import evaluate, load_cases
from assistant.retrieval.hybrid import Retriever
from index_tools.builder import build_index

GROUPS = ("en", "zh", "cross-language")


def modes(retriever: Retriever) -> dict[str, Callable[[str, int], list[Hit]]]:
    def only(which: int) -> Callable[[str, int], list[Hit]]:
        def search(query: str, k: int) -> list[Hit]:
            snapshot, *rankings = retriever.rankings(query, k)
            return [snapshot.hit(chunk_id, score, None, None) for chunk_id, score in rankings[which]]

        return search

    return {"hybrid": lambda q, k: retriever.search(q, k=k), "dense": only(0), "bm25": only(1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="use-multilingual,e5,minilm")
    parser.add_argument("--file", type=Path, default=PROJECT_ROOT / "tests" / "eval" / "retrieval.jsonl")
    args = parser.parse_args()
    cases = load_cases(args.file)
    counts = {group: sum(1 for c in cases if (c.cross_language if group == GROUPS[2] else c.language == group))
              for group in GROUPS}  # fmt: skip
    print(f"{len(cases)} queries: " + ", ".join(f"{g} {n}" for g, n in counts.items()))
    header = " | ".join(f"{g} R@5 | {g} MRR" for g in GROUPS)
    print(f"| model | mode | {header} | hybrid ms/query |")
    print("| --- | --- |" + " ---: |" * (2 * len(GROUPS) + 1))
    for model in args.models.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(data_dir=Path(tmp), embedding_model=model)
            get_embedder(model)  # load the model outside the timed build
            build_index(settings)
            retriever = Retriever(settings)
            for mode, search in modes(retriever).items():
                started = time.perf_counter()
                result = evaluate(search, cases)
                ms = (time.perf_counter() - started) * 1000 / len(cases)
                scores = {g.name: g for g in result.groups}
                cells = " | ".join(f"{scores[g].recall:.3f} | {scores[g].mrr:.3f}" for g in GROUPS)
                timing = f"{ms:.1f}" if mode == "hybrid" else ""
                print(f"| {model} | {mode} | {cells} | {timing} |", flush=True)


if __name__ == "__main__":
    main()
