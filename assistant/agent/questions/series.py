"""Helpers for the question types that read market figures: one metric series per call, rows per period."""

from __future__ import annotations

import re
from typing import Any

from assistant.agent.language import Language
from assistant.agent.questions.base import Call, Outcome
from assistant.agent.reading.detectors import cue
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import geography, metric_name, quantity

HALF = re.compile(r"^(\d{4})-H[12]$")
RANGE = re.compile(r"^(\d{4})-(\d{4})$")


def metric_calls(frame: Frame) -> list[Call]:
    """The whole series of each metric asked (the types pick the periods they need)."""
    return [("metric", {"metric": metric, "geography": frame.geography}) for metric in frame.metrics[:3]]


def series(outcome: Outcome) -> list[dict[str, Any]]:
    """The rows of a metric result that hold a figure, in period order."""
    return [row for row in outcome.result.get("rows", []) if row.get("value") is not None] if outcome.ok else []


def one_geography(rows: list[dict[str, Any]], frame: Frame) -> list[dict[str, Any]]:
    """Rows of the frame's geography, else of the geography with most rows (Global before others)."""
    if frame.geography:
        return [row for row in rows if row["geography"] == frame.geography]
    by: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by.setdefault(row["geography"], []).append(row)
    if not by:
        return []
    best = max(by, key=lambda geo: (geo == "Global", len(by[geo])))
    return by[best]


def expand(periods: list[str], every_year: bool = False) -> list[str]:
    """A range "2022-2024" stands for its end points (``every_year``: for each year in it)."""
    out: list[str] = []
    for period in periods:
        match = RANGE.match(period)
        if match and every_year:
            out.extend(str(year) for year in range(int(match.group(1)), int(match.group(2)) + 1))
        else:
            out.extend([match.group(1), match.group(2)] if match else [period])
    return out


MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def rows_for(rows: list[dict[str, Any]], period: str) -> list[dict[str, Any]]:
    """The row of ``period``; for a year without an annual figure, its half-years, else a row whose span holds
    it (a finding "from 2022 to 2024" answers for 2024)."""
    exact = [row for row in rows if row["period"] == period]
    if exact or not period.isdigit():
        return exact
    halves = [row for row in rows if HALF.match(row["period"]) and row["period"].startswith(period)]
    dated = [row for row in rows if MONTH.match(row["period"]) and row["period"].startswith(period)]  # "2022-04"
    return (
        halves
        or dated[-1:]
        or [
            row
            for row in rows
            if (m := RANGE.match(row["period"])) and int(m.group(1)) <= int(period) <= int(m.group(2))
        ]
    )


def same_length(rows: list[dict[str, Any]], question: str = "") -> list[dict[str, Any]]:
    """Rows of one period length (years or half-years, never mixed): the length the question names
    ("which year", "哪个半年"), else the longest run."""
    halves = [row for row in rows if HALF.match(row["period"])]
    years = [row for row in rows if row["period"].isdigit()]
    if cue("halves", question) and halves:
        return halves
    if cue("years", question) and years:
        return years
    return max((years, halves), key=len)


def label(row: dict[str, Any], lang: Language) -> str:
    """ "Global, 2024-H1" — what a value is, for a calculation's inputs."""
    return f"{geography(row['geography'], lang)} {row['period']}"


def shown(row: dict[str, Any], lang: Language) -> str:
    return quantity(row["value"], row.get("unit"), lang)


def labelled(row: dict[str, Any], lang: Language = "en") -> dict[str, Any]:
    """A row as a value for the calculate tool."""
    return {
        "label": f"{metric_name(row['metric'], 'en')}, {row['geography']}, {row['period']}",
        "value": float(row["value"]),
        "unit": row.get("unit"),
        "source": row.get("source"),
        "period": row["period"],
    }


def sub_result(outcome: Outcome, rows: list[dict[str, Any]]) -> Outcome:
    """The outcome narrowed to ``rows`` (what a citation must hold)."""
    return Outcome(outcome.name, outcome.args, {**outcome.result, "rows": rows})
