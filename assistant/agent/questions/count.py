"""How many cities an edition lists (in a country or region, a tier, a top N): the calculate tool counts."""

from __future__ import annotations

from typing import Any, ClassVar

from assistant.agent.questions.base import Call, Outcome, Part, QuestionType, error_part, fact, gap_part
from assistant.agent.questions.listing import group_name, item, ranking_call, selected_rows, table_notes
from assistant.agent.reading.detectors import Fields, cue
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import edition, join, number, say


class CountQuestion(QuestionType):
    kind: ClassVar[str] = "count"

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        return bool(cue("asks.count", masked)) and not (
            fields.metrics and not (fields.group or fields.top_n or fields.tier)
        )

    def plan(self, frame: Frame) -> list[Call]:
        return [ranking_call(frame)]

    def follow(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        if not outcomes or not outcomes[0].ok:
            return []
        rows = selected_rows(frame, outcomes[0])
        values = [
            {"label": row["city"], "value": float(row.get("rank") or row.get("tier") or 0), "period": row["edition"]}
            for row in rows
        ]
        return [("calculate", {"operation": "count", "values": values})] if values else []

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        if (gap := gap_part(frame, lang)) is not None:
            return gap
        table = outcomes[0]
        if not table.ok:
            return error_part(table, lang)
        rows = selected_rows(frame, table)
        where = edition(table.result["index_family"], table.result["edition"], lang)
        counted = next((o for o in outcomes if o.name == "calculate" and o.ok), None)
        count = number(counted.result["result"]) if counted else "0"
        scope = ""
        if frame.top_n:
            scope = say("count_scope_top", lang, n=frame.top_n)
        elif frame.tier is not None:
            scope = say("count_scope_tier", lang, tier=frame.tier)
        items = join([item(row, lang) for row in rows], lang) or "—"
        if frame.group and count == "1":
            lead = say("count_group_one", lang, group=group_name(frame.group, lang, singular=True), edition=where,
                       scope=scope, items=items)
        elif frame.group:
            lead = say(
                "count_group",
                lang,
                count=count,
                group=group_name(frame.group, lang),
                edition=where,
                scope=scope,
                items=items,
            )
        else:
            lead = say("count_all", lang, count=count, edition=where, scope=scope, items=items)
        notes = [*table_notes(frame, table), say("count_partial", lang)]
        return Part(lead, notes=notes, facts=[fact(table, [row["city"] for row in rows][:5])])
