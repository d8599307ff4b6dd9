"""Canonical period strings ('2024', '2024-H1', '2022-04', '2022-2024') as time intervals in years."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Frequency = Literal["year", "half", "month", "range"]
STEP = {"year": 1.0, "half": 0.5}


@dataclass(frozen=True)
class Period:
    """A period as the interval [start, end) in fractional years, e.g. 2024-H2 = [2024.5, 2025.0)."""

    text: str
    start: float
    end: float
    frequency: Frequency


def parse_period(text: str) -> Period | None:
    """The interval of a canonical period string; None for phrases such as 'baseline (year not stated)'."""
    if re.fullmatch(r"\d{4}", text):
        return Period(text, float(text), float(text) + 1, "year")
    match = re.fullmatch(r"(\d{4})-H([12])", text)
    if match:
        start = int(match.group(1)) + (int(match.group(2)) - 1) / 2
        return Period(text, start, start + 0.5, "half")
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if match and 1 <= int(match.group(2)) <= 12:
        start = int(match.group(1)) + (int(match.group(2)) - 1) / 12
        return Period(text, start, start + 1 / 12, "month")
    match = re.fullmatch(r"(\d{4})-(\d{4})", text)
    if match and int(match.group(1)) < int(match.group(2)):
        return Period(text, float(match.group(1)), float(match.group(2)) + 1, "range")
    return None


def within(inner: Period, outer: Period) -> bool:
    """True when ``inner`` lies inside ``outer`` (a period lies within itself)."""
    return outer.start <= inner.start and inner.end <= outer.end + 1e-9


def steps_between(first: Period, second: Period) -> float:
    """Number of periods of ``first``'s frequency from ``first`` to ``second`` (year or half-year)."""
    return (second.start - first.start) / STEP[first.frequency]
