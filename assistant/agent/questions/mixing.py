"""KPMG's fintech investment totals and Innovate Finance's venture capital are different measures: an
answer that would add or compare them gives each figure apart and says why."""

from __future__ import annotations

from assistant.agent.questions.base import Call, Outcome, Part, fact
from assistant.agent.questions.series import expand, one_geography, rows_for
from assistant.agent.reading.detectors import cue
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import join, metric_name, quantity, say


def mixed_part(frame: Frame, outcomes: list[Outcome]) -> Part:
    """Each series' figures for the periods asked, and the reason they are kept apart."""
    lang = frame.language
    items, facts = [], []
    for outcome in outcomes:
        if outcome.name != "metric" or not outcome.ok:
            continue
        rows = one_geography([r for r in outcome.result["rows"] if r.get("value") is not None], frame)
        periods = expand(frame.periods, every_year=bool(cue("per_year", frame.question) or cue("span", frame.question)))
        chosen = [row for period in periods for row in _rows_near(rows, period)] if periods else rows[-1:]
        name = metric_name(outcome.result["metric"], lang)
        items += [f"{name} {row['period']}: {quantity(row['value'], row.get('unit'), lang)}" for row in chosen]
        for period in periods:  # a year published only as two halves: their sum too, labelled as computed
            summed = _year_sum(rows_for(rows, period), period, outcomes)
            if summed is not None:
                value = quantity(summed["value"], summed.get("unit"), lang)
                items.append(say("mixed_year_sum", lang, metric=name, period=period, value=value))
        facts.append(fact(outcome, []))
    items = list(dict.fromkeys(items))  # a half-year and its year asked together name the half once
    lead = say("mixed_series", lang)
    if cue("which_right", frame.question):  # "which one is right?": both, each for what it counts
        lead = f"{say('mixed_both_right', lang)} {lead}"
    details = [say("mixed_series_values", lang, items=join(items, lang))] if items else []
    return Part(lead, details=details, facts=facts, answered=bool(items))


def _rows_near(rows: list[dict], period: str) -> list[dict]:
    """The rows of ``period``; for a half-year one series lacks, that series' figure for the year."""
    return rows_for(rows, period) or (rows_for(rows, period[:4]) if "-H" in period else [])


def mixed_follow(frame: Frame, outcomes: list[Outcome]) -> list[Call]:
    """The sums of the two halves of each year asked that a series publishes only by half-year (KPMG's 2024)."""
    from assistant.agent.questions.arithmetic import year_sums  # arithmetic builds on this module

    every = bool(cue("per_year", frame.question) or cue("span", frame.question))  # "2018-2024, each year"
    return year_sums(frame, outcomes, frame.language, [p for p in expand(frame.periods, every) if p.isdigit()])


def _year_sum(halves: list[dict], period: str, outcomes: list[Outcome]) -> dict | None:
    from assistant.agent.questions.arithmetic import whole_year

    if not period.isdigit() or len(halves) != 2:
        return None
    summed = whole_year(halves, period, outcomes)
    return summed[0] if summed != halves else None
