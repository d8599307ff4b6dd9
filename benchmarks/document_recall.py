"""Retrieval over the evaluation documents: where the first passage holding every expected string of an
answerable question ranks (hybrid search, and dense or BM25 alone), as recall@k and MRR per question language.

Only dev splits: the held-out split is never read. The first turn of each answerable question is searched with
its own words (the chat adds a few subject words to some queries). The evaluation index is built (incrementally)
first, as `assistant eval --documents` does.

Usage: PYTHONPATH=$PWD .venv/bin/python benchmarks/document_recall.py [--splits dev,dev2,...] [--save ranks.json]
       [--compare old.json]   (lists the questions whose rank moved, by id)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from assistant.agent.evaluate import holds
from assistant.agent.evaluate_documents import SPLIT_FILES, build_eval_index
from assistant.config import get_settings
from assistant.retrieval import open_retriever

DEV_SPLITS = [split for split in SPLIT_FILES if split != "held-out"]
TOP = 10
DEPTH = 50


def first_holding(texts: list[str], expect: list[str]) -> int | None:
    """The 1-based rank of the first text holding every expected string, None when none does."""
    return next((rank for rank, text in enumerate(texts, start=1) if all(holds(e, text) for e in expect)), None)


def figures(top: list[int | None], deep: list[int | None]) -> str:
    """Recall at 1-10 and MRR@10 from a search for 10 passages (as the chat's 8 are its first 8), recall at 20
    and 50 from a search for 50 (which reads the rankings deeper, so its order can differ)."""
    n = max(len(top), 1)
    at = {k: sum(r is not None and r <= k for r in top) for k in (1, 5, 8, 10)}
    at |= {k: sum(r is not None and r <= k for r in deep) for k in (20, 50)}
    mrr = sum(1 / r for r in top if r) / n
    return (
        f"n={len(top):3d}  " + "  ".join(f"R@{k} {v:3d} ({v / n:.3f})" for k, v in at.items()) + f"  MRR@10 {mrr:.3f}"
    )


def _ranks(rows: list[dict[str, object]], mode: str) -> tuple[list, list]:
    return [r[mode] for r in rows], [r["deep" if mode == "hybrid" else mode] for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", default=",".join(DEV_SPLITS))
    parser.add_argument("--modes", action="store_true", help="also dense-only and BM25-only")
    parser.add_argument("--save", type=Path, help="write the ranks by question id to this JSON file")
    parser.add_argument("--compare", type=Path, help="a file written by --save: list the ranks that moved")
    args = parser.parse_args()
    splits = args.splits.split(",")
    if "held-out" in splits:
        parser.error("the held-out split is not for tuning")
    settings = build_eval_index(get_settings())
    retriever = open_retriever(settings)
    rows: dict[str, dict[str, object]] = {}
    for split in splits:
        for line in Path(settings.eval_dir, SPLIT_FILES[split]).read_text("utf-8").splitlines():
            item = json.loads(line)
            turn = item["turns"][0]
            if not turn["answered"]:
                continue
            expect = [str(e) for e in turn["expect"]]
            row: dict[str, object] = {"split": split, "language": item["language"]}
            row["hybrid"] = first_holding([hit.text for hit in retriever.search(turn["question"], k=TOP)], expect)
            row["deep"] = first_holding([hit.text for hit in retriever.search(turn["question"], k=DEPTH)], expect)
            if args.modes:
                snapshot, dense, keyword = retriever.rankings(turn["question"], DEPTH)
                for mode, ranking in (("dense", dense), ("bm25", keyword)):
                    texts = [snapshot.texts[snapshot.position[chunk_id]] for chunk_id, _ in ranking]
                    row[mode] = first_holding(texts, expect)
            rows[item["id"]] = row
    for mode in ("hybrid", "dense", "bm25") if args.modes else ("hybrid",):
        print(f"== {mode}")
        for language in sorted({str(r["language"]) for r in rows.values()}):
            chosen = [r for r in rows.values() if r["language"] == language]
            print(f"  {language:6s}", figures(*_ranks(chosen, mode)))
        print("  all   ", figures(*_ranks(list(rows.values()), mode)))
    if args.save:
        args.save.write_text(json.dumps(rows, indent=0))
    if args.compare:
        old = json.loads(args.compare.read_text())
        for key, row in rows.items():
            before = old.get(key, {}).get("hybrid")
            if before != row["hybrid"]:
                print(f"  {key:10s} {before} -> {row['hybrid']}")


if __name__ == "__main__":
    main()
