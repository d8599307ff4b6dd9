"""A total: a published annual figure where there is one, else the sum of its half-years (or of the
periods asked), computed by the calculate tool and labelled as computed."""

from __future__ import annotations

from typing import Any, ClassVar

from assistant.agent.questions.arithmetic import (
    ArithmeticQuestion,
    calculation,
    cannot_compute,
    computed_result,
    half_scenario,
    metric_operands,
    repeated_halves,
    shown_unit,
    wants_score,
)
from assistant.agent.questions.average import across_cities, city_operands, edition_table
from assistant.agent.questions.base import Call, Outcome, Part, fact
from assistant.agent.questions.series import expand
from assistant.agent.reading.detectors import Fields, cue
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import city, edition, figure_fields, join, number, say


class TotalQuestion(ArithmeticQuestion):
    kind: ClassVar[str] = "total"

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        ratings = not fields.metrics and bool(cue("asks.score", masked)) and bool(fields.index)  # "sum of the ratings"
        return self.cued(masked) and bool(fields.metrics or (previous and previous.metrics) or ratings)

    def plan(self, frame: Frame) -> list[Call]:
        return [edition_table(frame)] if self._ratings(frame) else super().plan(frame)

    def _ratings(self, frame: Frame) -> bool:
        """A sum of several cities' ratings in one edition ("the top three's ratings added up")."""
        return across_cities(frame) and wants_score(frame)

    def _operands(self, frame: Frame, outcomes: list[Outcome]) -> list[Any]:
        if self._ratings(frame):
            return city_operands(frame, outcomes)
        operands = []
        if cue("both_halves", frame.question):
            years = list(dict.fromkeys(p[:4] for p in frame.periods if p[:4].isdigit()))
            halves = [f"{year}-H{half}" for year in years for half in (1, 2)]
            # "上下半年加起来": the halves even where an annual figure is published (a series without halves: the
            # year); "the whole of 2024" after a half-year: that year (its halves where no annual figure is)
            if cue("halves_named", frame.question):
                operands = metric_operands(frame.with_(periods=halves), outcomes, frame.language, every=True)
            frame = frame.with_(periods=years)
        operands = operands or metric_operands(frame, outcomes, frame.language, every=True)
        halves = [o for o in operands if "-H" in o.period]
        chosen = halves if cue("both_halves", frame.question) and len(halves) >= 2 else operands
        return list({o.period: o for o in chosen}.values())

    def _published(self, frame: Frame, operands: list[Any]) -> Any:
        """The one published figure of exactly the year asked (then nothing is summed)."""
        asked = expand(frame.periods)
        return operands[0] if len(asked) == 1 and len(operands) == 1 and operands[0].period == asked[0] else None

    def follow_one(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        if halves := repeated_halves(frame, outcomes):  # "if H2 matched H1": a scenario, the half counted twice
            return [calculation("sum", [half, half]) for half in halves]
        operands = self._operands(frame, outcomes)
        if len(operands) < 2 or self._published(frame, operands):
            return []
        return [calculation("sum", operands)]

    def write_one(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        if scenario := half_scenario(frame, outcomes):
            return scenario
        lang = frame.language
        operands = self._operands(frame, outcomes)
        facts = [fact(o, []) for o in outcomes if o.name == "metric" and o.ok]
        published = self._published(frame, operands)
        if published is not None:
            row = published.row
            lead = say(
                "total_published",
                lang,
                **figure_fields(row, lang),
                value=published.shown,
            )
            return Part(lead, facts=facts)
        result = computed_result(outcomes)
        if result is None and len(operands) == 1 and "-H" in operands[0].period:  # "2025全年" with H1 2025 out
            values = f"{operands[0].period}: {operands[0].shown}"
            year = operands[0].period[:4]
            return Part(say("partial_year", lang, year=year, values=values), facts=facts, answered=False, final=True)
        if result is None:
            return cannot_compute(operands, lang)
        if self._ratings(frame):
            row = operands[0].row
            lead = say(
                "total_scores",
                lang,
                edition=edition(row["index_family"], row["edition"], lang),
                parts=join([f"{city(o.city or '', lang)} ({o.value:g})" for o in operands], lang),
                result=number(round(result["result"], 2)),
            )
            table = [o for o in outcomes if o.name == "ranking" and o.ok]
            return Part(lead, notes=[say("note_computed", lang)], facts=[fact(t, []) for t in table])
        parts = join([f"{o.period}: {o.shown}" for o in operands], lang)
        lead = say("total_values", lang, result=shown_unit(result["result"], result.get("unit"), lang), parts=parts)
        notes = [say("note_half_years", lang)] if any("-H" in o.period for o in operands) else []
        return Part(lead, notes=notes, facts=facts)
