"""Grounding probe: questions built from the evaluation documents' own sentences, asked of the chat service;
every answer holding a number no cited passage or tool result holds is printed.

The questions are mechanical ("What does the document say about <words of a sentence>?", "How many <words>?",
a Chinese "关于<words>，文档里怎么说？"), so they reach sentences that hand-written sets miss (footnote marks,
version numbers, list markers). Run after `assistant eval --documents` has built its index:

    .venv/bin/python benchmarks/grounding_probe.py --sentences 250
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import tempfile
from pathlib import Path

from assistant.agent.evaluate_documents import build_eval_index
from assistant.agent.extractive import sentence_units
from assistant.agent.service import ChatService
from assistant.config import Settings
from assistant.conversations import ConversationStore
from assistant.retrieval import open_retriever

log = logging.getLogger("grounding_probe")
BUNDLED = ("gfc", "fhi", "shanghai", "guide", "kpmg", "innovate")  # the bundled reports' document ids


def questions(sentence: str) -> list[str]:
    """Three questions about a sentence, from its words without their numbers."""
    words = re.sub(r"\d[\d.,]*", "", sentence).split()
    return [
        f"What does the document say about {' '.join(words[2:8])}?",
        f"关于{''.join(words[:4])[:20]}，文档里怎么说？",
        f"How many {' '.join(words[1:6])}?",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=250, help="sentences with a number to ask about")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = build_eval_index(Settings())
    snapshot = open_retriever(settings)._snapshot
    sentences = [
        unit.text
        for text, meta in zip(snapshot.texts, snapshot.metas, strict=True)
        if not str(meta.get("document_id", "")).startswith(BUNDLED)
        for unit in sentence_units(text)
        if re.search(r"\d", unit.text) and 30 < len(unit.text) < 200
    ]
    random.Random(args.seed).shuffle(sentences)
    with tempfile.TemporaryDirectory() as scratch:
        service = ChatService.from_settings(settings, ConversationStore(Path(scratch) / "probe.sqlite3"))
        asked = flagged = 0
        for sentence in sentences[: args.sentences]:
            for question in questions(sentence):
                answer = service.answer(question)
                asked += 1
                if not answer.grounded:
                    flagged += 1
                    log.info("UNGROUNDED %s | %s | %s", answer.flagged_numbers, question, answer.answer[:200])
    log.info("questions %d, answers with an ungrounded number %d", asked, flagged)


if __name__ == "__main__":
    main()
