"""The `assistant search` and `assistant eval-retrieval` commands."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from assistant.config import get_settings
from assistant.retrieval import open_retriever
from assistant.retrieval.evaluation import MRR_AT, RECALL_AT, evaluate, load_cases
from assistant.retrieval.keywords import contains_cjk

EXCERPT_CHARS = 300


def run_search(query: str, k: int = 5, as_json: bool = False) -> int:
    """Print the top ``k`` passages for ``query`` as text or as a JSON list."""
    hits = open_retriever(get_settings()).search(query, k=k)
    if as_json:
        keys = ("document_id", "title", "source", "section", "text", "score")
        print(json.dumps([hit.model_dump(include=set(keys)) for hit in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print("No passages found.")
    for rank, hit in enumerate(hits, start=1):
        where = " › ".join(part for part in (hit.section, f"page {hit.page}" if hit.page else None) if part)
        print(f"{rank}. {hit.title}" + (f" — {where}" if where else "") + f"  (score {hit.score:.4f})")
        excerpt = " ".join(hit.text.split())
        wide = contains_cjk(excerpt)  # CJK characters take two columns
        limit = EXCERPT_CHARS // 2 if wide else EXCERPT_CHARS
        if len(excerpt) > limit:
            excerpt = excerpt[:limit].rstrip() + "…"
        print(textwrap.indent(textwrap.fill(excerpt, width=50 if wide else 100), "   "))
        print(f"   [{hit.document_id}] {hit.source}\n")
    return 0


def run_eval_retrieval(file: Path, show_misses: bool = False) -> int:
    """Print recall@5 and MRR@10 for English, Chinese and cross-language queries of ``file``."""
    settings = get_settings()
    cases = load_cases(file)
    retriever = open_retriever(settings)
    result = evaluate(lambda query, k: retriever.search(query, k=k), cases)
    print(f"{len(cases)} queries from {file}, embedding model {settings.embedding_model!r}")
    print(f"{'group':<16}{'queries':>8}{f'recall@{RECALL_AT}':>11}{f'MRR@{MRR_AT}':>9}")
    for group in result.groups:
        print(f"{group.name:<16}{group.queries:>8}{group.recall:>11.3f}{group.mrr:>9.3f}")
    if show_misses:
        for case in cases:
            rank = result.ranks[case.id]
            if rank is None or rank > RECALL_AT:
                print(f"miss {case.id} (rank {rank or '>' + str(MRR_AT)}): {case.query}")
    return 0
