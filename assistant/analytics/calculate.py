"""Named arithmetic over values taken from earlier tool results: difference, percent change, sum, mean,
count and ratio, with the formula in words, the unit the result carries, and a note that it is computed.

The result of a calculation is never a published figure: the output always says so, and says more
where the difference matters (a total of two half-years is not a published annual figure; values
from different sources may not measure the same thing). Values with different units are refused,
except for a ratio, whose unit is "A per B".
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from assistant.analytics.errors import CalculationError
from assistant.analytics.models import CalculateResult, LabelledValue, Operation
from assistant.analytics.periods import parse_period
from assistant.tables import Tables

TWO_VALUES = {"difference", "percent_change", "ratio"}
MIN_VALUES = {"sum": 2, "mean": 2, "count": 1}
COMPUTED_NOTE = "The result is computed from the values listed, not a figure published by a source."


def _unit_key(unit: str | None) -> str | None:
    return None if unit is None else " ".join(unit.lower().split()) or None


def is_percent(unit: str | None) -> bool:
    """True for a unit that is a percentage ('percent', 'percent (approx.)', '%')."""
    key = _unit_key(unit)
    return key is not None and (key.startswith("percent") or key.startswith("%"))


def _common_unit(values: Sequence[LabelledValue], operation: str) -> str | None:
    """The one unit every value has (as the first value writes it); CalculationError when they differ."""
    keys = {_unit_key(value.unit) for value in values}
    if len(keys) > 1:
        listed = "; ".join(f"{value.label}: {value.unit or 'no unit'}" for value in values)
        raise CalculationError(
            f"Cannot compute a {operation.replace('_', ' ')} of values in different units ({listed}). "
            "Use values in one unit."
        )
    return values[0].unit


def _check_count(operation: str, values: Sequence[LabelledValue]) -> None:
    if operation in TWO_VALUES and len(values) != 2:
        raise CalculationError(
            f"A {operation.replace('_', ' ')} takes exactly two values (first, second); {len(values)} were given."
        )
    least = MIN_VALUES.get(operation, 2)
    if len(values) < least:
        raise CalculationError(f"A {operation} takes at least {least} values; {len(values)} were given.")


def _clean(number: float) -> float:
    """The result without binary noise (0.1 + 0.2 = 0.3), to 12 significant digits."""
    return float(f"{number:.12g}")


def _half_year_totals(values: Sequence[LabelledValue]) -> list[str]:
    """'2024' for each year whose two halves are both among the values (a sum of them is not an annual figure)."""
    halves: dict[str, set[str]] = {}
    for value in values:
        match = re.fullmatch(r"(\d{4})-(H[12])", value.period or "")
        if match:
            halves.setdefault(match.group(1), set()).add(match.group(2))
    return sorted(year for year, found in halves.items() if found == {"H1", "H2"})


def _notes(operation: str, values: Sequence[LabelledValue]) -> list[str]:
    notes = [COMPUTED_NOTE]
    if operation == "sum":
        for year in _half_year_totals(values):
            notes.append(
                f"A total of the two half-years of {year} is computed, not a published annual figure for {year}."
            )
    if operation == "percent_change" and is_percent(values[0].unit):
        notes.append("A relative change of two percentages, in percent; their difference in percentage points differs.")
    sources = list(dict.fromkeys(value.source for value in values if value.source))
    if len(sources) > 1:
        notes.append(
            f"The values come from different sources ({'; '.join(sources)}); they may not measure the same thing."
        )
    frequencies = {parsed.frequency for value in values if value.period and (parsed := parse_period(value.period))}
    if operation in {"sum", "mean"} and len(frequencies) > 1:
        notes.append("The values cover periods of different lengths (e.g. years and half-years).")
    return notes


def compute(operation: Operation, values: Sequence[LabelledValue]) -> tuple[float, str | None, str]:
    """The result, its unit and the formula in words; CalculationError for an impossible calculation."""
    _check_count(operation, values)
    labels = [value.label for value in values]
    numbers = [value.value for value in values]
    if operation == "count":
        return float(len(values)), None, f"the number of values listed ({', '.join(labels)})"
    if operation == "ratio":
        first, second = values
        if second.value == 0:
            raise CalculationError(f"Cannot divide by {second.label}: its value is 0.")
        same = _unit_key(first.unit) == _unit_key(second.unit)
        unit = None if same else f"{first.unit or 'unit'} per {second.unit or 'unit'}"
        return numbers[0] / numbers[1], unit, f"{labels[0]} divided by {labels[1]}"
    unit = _common_unit(values, operation)
    if operation == "difference":
        result_unit = "percentage points" if is_percent(unit) else unit
        return numbers[1] - numbers[0], result_unit, f"{labels[1]} minus {labels[0]}"
    if operation == "percent_change":
        if numbers[0] == 0:
            raise CalculationError(f"A percent change from {labels[0]} is undefined: its value is 0.")
        formula = f"({labels[1]} minus {labels[0]}) divided by {labels[0]}, times 100"
        return (numbers[1] - numbers[0]) / numbers[0] * 100, "percent", formula
    if operation == "sum":
        return math.fsum(numbers), unit, " plus ".join(labels)
    return math.fsum(numbers) / len(numbers), unit, f"the sum of {', '.join(labels)}, divided by {len(numbers)}"


def calculate(
    tables: Tables | None, operation: Operation, values: Sequence[LabelledValue | dict[str, Any]]
) -> CalculateResult:
    """Apply ``operation`` to ``values`` (``tables`` is unused: the values come from earlier results).

    ``difference`` is second minus first, ``percent_change`` (second - first) / first x 100, ``ratio``
    first / second; ``sum``, ``mean`` and ``count`` take every value.
    """
    labelled = [value if isinstance(value, LabelledValue) else LabelledValue.model_validate(value) for value in values]
    result, unit, formula = compute(operation, labelled)
    if not math.isfinite(result):
        raise CalculationError("The result is not a finite number; check the values.")
    return CalculateResult(
        operation=operation,
        result=_clean(result),
        unit=unit,
        formula=formula,
        inputs=labelled,
        computed=True,
        method=f"{operation.replace('_', ' ')}: {formula}",
        notes=_notes(operation, labelled),
    )
