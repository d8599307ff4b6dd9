"""Check the data against itself: a stated average must equal amount ÷ count, or its note must say why not.

An amount is a ``metrics.csv`` row whose unit carries a scale (``billion CNY``). Its count is the row of the
same geography, period and source measured in ``deals``, or a number of deals written in the amount's note
("2196 deals"). A stated ratio is a number in a note clause (clauses are separated by ``;``) that speaks of
an average ("average deal 233 million CNY"). When the stated ratio does not round to amount ÷ count, the same
note must say so with the words "does not equal" (see ``corpus/data/README.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pandas as pd

from assistant.corpus_check.quantities import Quantity, matches, quantities, unit_scale

RATIO_CUE = re.compile(r"\baverage\b|\bper deal\b|平均|单笔", re.IGNORECASE)
DEALS_IN_NOTE = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+) deals\b")
EXPLAINED = "does not equal"


@dataclass(frozen=True)
class StatedRatio:
    """A ratio written in a note, with the amount ÷ count it should equal."""

    line: int  # the metrics.csv line whose note states it
    metric: str
    stated: Quantity  # positioned within that row's note
    amount: float  # scaled, e.g. 96.638e9
    count: float
    explained: bool

    @property
    def computed(self) -> float:
        """Amount ÷ count."""
        return self.amount / self.count

    @property
    def consistent(self) -> bool:
        """Whether the stated ratio rounds to amount ÷ count at the precision it is written with."""
        return matches(self.stated, self.computed)

    def describe(self) -> str:
        """One line naming the row, the stated ratio and the computed one."""
        return (
            f"metrics.csv line {self.line} ({self.metric}): stated ratio {self.stated.text} but amount ÷ count "
            f"= {self.amount:g} ÷ {self.count:g} = {self.computed:.4g}"
        )


def _text(value: object) -> str:
    return "" if value is None or value is pd.NA else str(value)


def stated_ratios_in(note: str) -> list[Quantity]:
    """The numbers of ``note`` that state an average: the first number after a ratio cue in each clause."""
    found = []
    for clause in re.finditer(r"[^;]+", note):
        cue = RATIO_CUE.search(clause.group(0))
        if not cue:
            continue
        after = [q for q in quantities(clause.group(0)) if q.start >= cue.start() and not q.percent]
        if after:
            found.append(replace(after[0], start=after[0].start + clause.start()))
    return found


@dataclass(frozen=True)
class AmountCount:
    """An amount row with its number of deals, and the count's own row when it has one."""

    amount: pd.Series
    scaled_amount: float  # e.g. 96.638e9 for 96.638 billion CNY
    deals: float
    count: pd.Series | None  # None: the count is written in the amount's note


def amount_count_pairs(metrics: pd.DataFrame) -> list[AmountCount]:
    """Every amount row whose number of deals the data gives, in a row of its own or in the amount's note."""
    pairs = []
    for _, amount in metrics.iterrows():
        scale = unit_scale(_text(amount.unit))
        if pd.isna(amount.value) or scale == 1:
            continue
        counts = metrics[
            (metrics.geography == amount.geography)
            & (metrics.period == amount.period)
            & (metrics.source == amount.source)
            & (metrics.unit.fillna("") == "deals")
            & metrics.value.notna()
        ]
        in_note = DEALS_IN_NOTE.findall(_text(amount.note))
        if len(counts) == 1 and float(counts.iloc[0].value) > 0:
            pairs.append(AmountCount(amount, float(amount.value) * scale, float(counts.iloc[0].value), counts.iloc[0]))
        elif not len(counts) and len(in_note) == 1 and int(in_note[0].replace(",", "")) > 0:
            pairs.append(AmountCount(amount, float(amount.value) * scale, float(in_note[0].replace(",", "")), None))
    return pairs


def stated_ratios(metrics: pd.DataFrame) -> list[StatedRatio]:
    """Every average stated in the note of an amount row or of its count row, with amount ÷ count."""
    found = []
    for pair in amount_count_pairs(metrics):
        for row in (pair.amount, pair.count):
            if row is None:
                continue
            note = _text(row.note)
            line, metric, explained = int(row.line), str(row.metric), EXPLAINED in note
            for stated in stated_ratios_in(note):
                found.append(StatedRatio(line, metric, stated, pair.scaled_amount, pair.deals, explained))
    return found


def unexplained(metrics: pd.DataFrame) -> list[StatedRatio]:
    """Stated ratios that do not equal amount ÷ count and whose note does not say why."""
    return [ratio for ratio in stated_ratios(metrics) if not ratio.consistent and not ratio.explained]
