"""What moved between two editions of one ranking: a new leader, swaps, rises, falls, entries, exits."""

from __future__ import annotations

from typing import Any, ClassVar

from assistant import names
from assistant.agent.questions.base import Call, Outcome, Part, QuestionType, error_part, fact
from assistant.agent.reading.detectors import Fields, cue
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import city, edition, index_name, join, place, say

DEFAULT = "gfci_fintech"


class MoversQuestion(QuestionType):
    kind: ClassVar[str] = "movers"

    def cued(self, masked: str) -> bool:
        return bool(cue("movers", masked))

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        ranking = fields.index or fields.editions or len(fields.cities) >= 2
        return self.cued(masked) and not fields.metrics and len(fields.cities) != 1 and bool(ranking)

    def plan(self, frame: Frame) -> list[Call]:
        index = frame.index or DEFAULT
        editions = sorted(frame.named_editions, key=names.edition_sort_key)
        if len(editions) >= 2:
            return [("movers", {"index": index, "from_edition": editions[0], "to_edition": editions[-1]})]
        return [("movers", {"index": index, "to_edition": editions[-1] if editions else None})]

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        outcome = outcomes[0]
        if not outcome.ok:
            return error_part(outcome, lang)
        result = outcome.result
        family = result["index_family"]
        before, after = edition(family, result["from_edition"], lang), edition(family, result["to_edition"], lang)
        moves = result["rises"] + result["falls"] + result["unchanged"]
        leads = []
        leader = next((m for m in moves if m["to_rank"] == 1 and m["from_rank"] != 1), None)
        if leader:
            leads.append(
                say(
                    "movers_new_leader",
                    lang,
                    city=city(leader["city"], lang),
                    to_edition=after,
                    from_place=place(leader["from_rank"], lang),
                    from_rank=leader["from_rank"],
                    from_edition=before,
                )
            )
        for a in result["rises"]:
            b = next(
                (m for m in result["falls"] if m["from_rank"] == a["to_rank"] and m["to_rank"] == a["from_rank"]), None
            )
            if b:
                leads.append(
                    say(
                        "movers_swapped",
                        lang,
                        first=city(a["city"], lang),
                        second=city(b["city"], lang),
                        first_from=a["from_rank"],
                        first_to=a["to_rank"],
                        second_from=b["from_rank"],
                        second_to=b["to_rank"],
                    )
                )

        def listed(items: list[dict[str, Any]]) -> str:
            return join([f"{city(m['city'], lang)} {m['from_rank']} → {m['to_rank']}" for m in items], lang)

        changes = [
            say(key, lang, items=listed(result[field]))
            for key, field in (("movers_rises", "rises"), ("movers_falls", "falls"), ("movers_unchanged", "unchanged"))
            if result[field]
        ]
        changes += [
            say(key, lang, items=join([city(c, lang) for c in result[field]], lang))
            for key, field in (("movers_entered", "only_in_to"), ("movers_left", "only_in_from"))
            if result[field]
        ]
        summary = say(
            "movers_lead",
            lang,
            index=index_name(family, lang),
            from_edition=result["from_edition"],
            to_edition=result["to_edition"],
            changes="; ".join(changes) or say("same", lang),
        )
        cities = [m["city"] for m in (result["rises"] + result["falls"])[:2]]
        return Part(" ".join(leads) or summary, details=[summary] if leads else [], facts=[fact(outcome, cities)])
