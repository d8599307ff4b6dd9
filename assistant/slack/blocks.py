"""An :class:`Answer` as Slack messages: Block Kit sections for the text, a ranking table, numbered sources.

Slack's limits are kept: a section's text has at most 3000 characters, a message at most 50 blocks, and
its fallback ``text`` (all its blocks' text) at most 40,000 characters; a longer answer becomes several messages.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from assistant import names
from assistant.agent.writing import number
from assistant.answer import Answer, Citation
from assistant.slack.mrkdwn import escape, to_mrkdwn

SECTION_CHARS = 3000
MESSAGE_BLOCKS = 50
MESSAGE_CHARS = 40_000
TABLE_TOOLS = ("ranking", "compare")
FENCE = "```"

Message = dict[str, Any]

LABELS = {
    "en": {"rank": "Rank", "city": "City", "score": "Rating", "sources": "Sources", "tier": "tier",
           "unchecked": "Not found in the sources, check before use", "engine": "Answered by"},
    "zh": {"rank": "名次", "city": "城市", "score": "评分", "sources": "来源", "tier": "梯队",
           "unchecked": "以下数字未在来源中找到，使用前请核实", "engine": "回答引擎"},
}  # fmt: skip


def chunks(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters, at a paragraph, line or word break if any."""
    pieces: list[str] = []
    text = text.strip()
    while len(text) > limit:
        window = text[:limit]
        cuts = (window.rfind(separator) for separator in ("\n\n", "\n", " "))
        cut = next((at for at in cuts if at > limit // 2), limit)
        pieces.append(text[:cut].rstrip())
        text = text[cut:].strip()
    return [*pieces, text] if text else pieces


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def table_rows(answer: Answer) -> list[list[str]]:
    """Rank, city and rating of each row a ranking or comparison tool returned, header first ([] if none)."""
    labels = LABELS[answer.language]
    rows: list[list[str]] = []
    for call in answer.tool_calls:
        if call.name not in TABLE_TOOLS or not isinstance(call.result, dict):
            continue
        for row in call.result.get("rows") or []:
            if row.get("rank") is not None:
                place = str(row["rank"])
            elif row.get("tier") is not None:
                place = f"{labels['tier']} {row['tier']}"
            else:
                place = "—"
            score = number(row["score"]) if row.get("score") is not None else "—"
            rows.append([place, names.display_name("city", row["city"], answer.language), score])
    return [[labels["rank"], labels["city"], labels["score"]], *rows] if rows else []


def table_blocks(rows: list[list[str]]) -> list[dict[str, Any]]:
    """Rows as aligned columns in code blocks, each under the section limit."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(_pad(escape(cell), w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    room = SECTION_CHARS - 2 * len(FENCE) - 2
    return [section(f"{FENCE}\n{piece}\n{FENCE}") for piece in chunks("\n".join(lines), room)]


def _source_line(citation: Citation) -> str:
    line = f"[{citation.number}] *{escape(citation.title)}*"
    if citation.section:
        line += f" — {escape(citation.section)}"
    return f"{line}\n      _{escape(citation.source)}_"


def answer_blocks(answer: Answer) -> list[dict[str, Any]]:
    """All blocks of an answer: text, table, unchecked numbers, sources, engine."""
    labels = LABELS[answer.language]
    blocks = [section(piece) for piece in chunks(to_mrkdwn(answer.answer), SECTION_CHARS)]
    rows = table_rows(answer)
    if rows:
        blocks += table_blocks(rows)
    if answer.flagged_numbers:
        blocks.append(context(f":warning: {labels['unchecked']}: {escape(', '.join(answer.flagged_numbers))}"))
    if answer.citations:
        sources = f"*{labels['sources']}*\n" + "\n".join(_source_line(c) for c in answer.citations)
        blocks += [section(piece) for piece in chunks(sources, SECTION_CHARS)]
    blocks.append(context(f"{labels['engine']}: {escape(answer.engine)}"))
    return blocks


def _block_text(block: dict[str, Any]) -> str:
    if block["type"] == "context":
        return "\n".join(element["text"] for element in block["elements"])
    return block["text"]["text"]


def pack(blocks: list[dict[str, Any]]) -> list[Message]:
    """Blocks grouped into messages within Slack's limits; each message's ``text`` is its blocks' text."""
    messages: list[Message] = []
    current: list[dict[str, Any]] = []
    size = 0
    for block in blocks:
        length = len(_block_text(block)) + 1
        if current and (len(current) == MESSAGE_BLOCKS or size + length > MESSAGE_CHARS):
            messages.append(_message(current))
            current, size = [], 0
        current.append(block)
        size += length
    if current:
        messages.append(_message(current))
    return messages


def _message(blocks: list[dict[str, Any]]) -> Message:
    return {"text": "\n".join(_block_text(block) for block in blocks), "blocks": blocks}


def answer_messages(answer: Answer) -> list[Message]:
    """The Slack messages that show ``answer``, in order."""
    return pack(answer_blocks(answer))


def notice(text: str) -> Message:
    """A short message that is not an answer (an error, a usage hint)."""
    return {"text": escape(text)}
