"""A difference: between two periods of a figure, a city's ranks in two editions, or two cities' ranks or
scores in one edition. The calculate tool computes it; the answer names both inputs."""

from __future__ import annotations

from typing import Any, ClassVar

from assistant import names
from assistant.agent.language import Language
from assistant.agent.questions.arithmetic import (
    ArithmeticQuestion,
    calculation,
    cannot_compute,
    computed_notes,
    computed_result,
    metric_operands,
    mixes_series,
    rank_operands,
    shown_unit,
    wants_score,
    year_sums,
)
from assistant.agent.questions.base import Call, Outcome, Part, fact, index_of
from assistant.agent.questions.series import expand
from assistant.agent.reading.detectors import Fields, cue
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import city, edition, figure_fields, movement, number, place, say


def two_figures(frame: Frame) -> bool:
    """Two different figures of one period, each of its own place (never KPMG's and Innovate Finance's series,
    nor an amount and its own deal count): their gap."""
    if len(frame.metrics) != 2 or len(expand(frame.periods)) > 1 or mixes_series(frame):
        return False
    first, second = frame.metrics
    return names.DEAL_COUNTERPARTS.get(first) != second and names.DEAL_COUNTERPARTS.get(second) != first


def _label(operand: Any, frame: Frame, lang: Language) -> str:
    """A value's period, or for two different figures, the figure and its place too."""
    if not two_figures(frame):
        return operand.period
    row = operand.row
    return say(
        "figure_label",
        lang,
        **figure_fields(row, lang),
    )


def _of(metric: str, outcomes: list[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if o.name != "metric" or o.args.get("metric") == metric]


def _with_compared(frame: Frame, outcomes: list[Outcome]) -> Frame:
    """The frame with the city holding the place it compares with ("离榜首还差多少分": the edition's first)."""
    if not frame.compared_place or frame.metrics or len(frame.cities) != 1:
        return frame
    for outcome in outcomes:
        if outcome.name == "ranking" and outcome.ok:
            holders = [r["city"] for r in outcome.result["rows"] if r.get("rank") == frame.compared_place]
            if holders and holders[0] not in frame.cities:
                return frame.with_(cities=[*frame.cities, holders[0]], editions=[outcome.result["edition"]])
    return frame


class DifferenceQuestion(ArithmeticQuestion):
    kind: ClassVar[str] = "difference"

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        # "how has the #1-#10 gap moved over time?" asks a trend of a series named "gap", not one difference
        over_time = cue("asks.trend", masked) and len(fields.periods) + len(fields.editions) < 2
        # "how far apart were #1 and #10 in 2025?": a gap the source publishes, asked for one year, is that figure
        published_gap = bool(fields.metrics) and bool(cue("gap_ends", masked)) and len(expand(fields.periods)) <= 1
        return super().detects(masked, fields, previous) and not over_time and not published_gap

    def _plan(self, frame: Frame) -> list[Call]:
        calls = super().plan(frame)
        if frame.compared_place and not frame.metrics:  # "离榜首还差多少分": who holds that place
            editions = frame.named_editions[-1:] or [None]
            calls.append(("ranking", {"index": index_of(frame), "edition": editions[0]}))
        return calls

    def follow(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        compared = _with_compared(frame, outcomes)
        if compared is not frame and not any(
            o.name == "city_rank" and o.args.get("city") == compared.cities[-1] for o in outcomes
        ):
            return [("city_rank", {"city": compared.cities[-1], "index": index_of(frame)})]
        return super().follow(compared, outcomes)

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        return super().write(_with_compared(frame, outcomes), outcomes, hits)

    def plan(self, frame: Frame) -> list[Call]:
        if two_figures(frame):  # each figure where it is published (Hong Kong's, Chinese cities')
            return [("metric", {"metric": metric}) for metric in frame.metrics]
        return self._plan(frame)

    def _split(self, frame: Frame) -> bool:
        return super()._split(frame) and not two_figures(frame)

    def _operands(self, frame: Frame, outcomes: list[Outcome]) -> list[Any]:
        if two_figures(frame):  # "这两个数差多少" after two figures of one year: one value of each
            operands = []
            for metric in frame.metrics:
                alone = frame.with_(metrics=[metric], geography=None)
                one = metric_operands(alone, _of(metric, outcomes), frame.language)
                operands += one[-1:]
            return operands if len(operands) == 2 and operands[0].unit == operands[1].unit else []
        if frame.metrics:
            return metric_operands(frame, outcomes, frame.language, whole_years=True)
        return rank_operands(frame, outcomes, frame.language, score=wants_score(frame))

    def follow_one(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        sums = year_sums(frame, outcomes, frame.language) if frame.metrics else []
        operands = self._operands(frame, outcomes)
        if sums or len(operands) < 2:
            return sums
        first, second = operands[0], operands[-1]
        if not frame.metrics and len(frame.cities) >= 2:
            first, second = sorted([first, second], key=lambda o: o.value)  # the gap is positive
        elif not frame.metrics and not wants_score(frame):
            first, second = second, first  # places gained = earlier rank minus later rank
        calls = [calculation("difference", [first, second])]
        if (earlier := self._earlier_gap(frame, outcomes)) is not None:  # "…since GFCI 37?": that edition's gap first
            calls.insert(0, calculation("difference", earlier))
        if frame.metrics and first.row["metric"] == second.row["metric"]:  # a change over time: in per cent too
            calls.append(calculation("percent_change", [first, second]))
        return calls

    def _earlier_gap(self, frame: Frame, outcomes: list[Outcome]) -> list[Any] | None:
        """The two cities' operands in the first of two or more editions named ("has the gap closed since GFCI
        37?"), sorted so that the gap is positive; None when one edition (or one city) is asked."""
        if frame.metrics or len(frame.cities) < 2 or len(frame.named_editions) < 2:
            return None
        operands = self._operands(frame.with_(editions=frame.named_editions[:1]), outcomes)
        return sorted(operands[:2], key=lambda o: o.value) if len(operands) >= 2 else None

    def write_one(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        result = computed_result(outcomes, "difference")
        operands = self._operands(frame, outcomes)
        if result is None or len(operands) < 2:
            return cannot_compute(operands, lang, frame, outcomes)
        first, second = operands[0], operands[-1]
        data = [o for o in outcomes if o.name != "calculate"]
        facts = [fact(o, frame.cities[:2]) for o in data if o.ok]
        notes = computed_notes([first, second], lang)
        undated = [o for o in (first, second) if not any(ch.isdigit() for ch in str(o.period))]
        if frame.metrics and undated and cue("per_year", frame.question):
            # "how many points a year is that?" over a baseline without a year: no span of years to divide by
            lead = say(
                "per_year_undated",
                lang,
                result=shown_unit(abs(result["result"]), result.get("unit"), lang),
                first_label=_label(first, frame, lang),
                second_label=_label(second, frame, lang),
            )
            return Part(lead, facts=facts, answered=False, final=True)
        if frame.metrics:
            percent = computed_result(outcomes, "percent_change")
            change = say("difference_change", lang, percent=f"{percent['result']:+.2f}") if percent else ""
            lead = say(
                "difference_values",
                lang,
                result=shown_unit(abs(result["result"]), result.get("unit"), lang),
                change=change,
                first_label=_label(first, frame, lang),
                first=first.shown,
                second_label=_label(second, frame, lang),
                second=second.shown,
            )
            return Part(lead, notes=notes, facts=facts)
        row_a, row_b = first.row, second.row
        if len(frame.cities) <= 1 and wants_score(frame):
            lead = say(
                "difference_score_editions",
                lang,
                city=city(row_a["city"], lang),
                change=f"{result['result']:+g}",
                from_score=number(row_a["score"]),
                from_edition=edition(row_a["index_family"], row_a["edition"], lang),
                to_score=number(row_b["score"]),
                to_edition=edition(row_b["index_family"], row_b["edition"], lang),
            )
            return Part(lead, notes=notes, facts=facts)
        if len(frame.cities) <= 1:
            lead = say(
                "difference_rank_editions",
                lang,
                city=city(row_a["city"], lang),
                from_place=place(row_a["rank"], lang),
                from_rank=row_a["rank"],
                from_edition=edition(row_a["index_family"], row_a["edition"], lang),
                to_place=place(row_b["rank"], lang),
                to_rank=row_b["rank"],
                to_edition=edition(row_b["index_family"], row_b["edition"], lang),
                movement=movement(result["result"], lang),
            )
            return Part(lead, notes=notes, facts=facts)
        where = edition(row_a["index_family"], row_a["edition"], lang)
        gap = number(abs(result["result"]))
        if wants_score(frame):
            lead = say(
                "difference_scores",
                lang,
                edition=where,
                first=city(row_a["city"], lang),
                first_score=number(row_a["score"]),
                second=city(row_b["city"], lang),
                second_score=number(row_b["score"]),
                gap=gap,
            )
        else:
            lead = say(
                "difference_rank_cities",
                lang,
                edition=where,
                first=city(row_a["city"], lang),
                first_place=place(row_a["rank"], lang),
                first_rank=row_a["rank"],
                second=city(row_b["city"], lang),
                second_place=place(row_b["rank"], lang),
                second_rank=row_b["rank"],
                gap=gap,
            )
        earlier = self._earlier_gap(frame, outcomes)
        gaps = [o.result for o in outcomes if o.name == "calculate" and o.ok and o.result["operation"] == "difference"]
        if earlier is not None and len(gaps) >= 2:  # the gap in the first edition named, then the latest
            a, b = earlier[0].row, earlier[1].row
            key = "difference_scores" if wants_score(frame) else "difference_rank_cities"
            fields = {"edition": edition(a["index_family"], a["edition"], lang), "gap": number(abs(gaps[0]["result"]))}
            fields |= {"first": city(a["city"], lang), "second": city(b["city"], lang)}
            fields |= {"first_score": number(a.get("score") or 0), "second_score": number(b.get("score") or 0)}
            fields |= {"first_place": place(a.get("rank"), lang), "first_rank": a.get("rank")}
            fields |= {"second_place": place(b.get("rank"), lang), "second_rank": b.get("rank")}
            lead = f"{say(key, lang, **fields)} {lead}"
        return Part(lead, notes=notes, facts=facts)
