"""The grounding check: every number in an answer must be found in a tool result or a cited passage.

Formatting changes are allowed: thousands separators, rounding to the precision the answer shows,
scale words (440.5 billion = 4405亿 = 440,500,000,000) and percent as a fraction (45% = 0.45).
Signs are ignored ("fell 3 places" is supported by a change of -3). Citation markers like [2] are
not numbers of the answer, and numbers the user wrote in the question count as given. An unsupported
number is marked once, however often the check runs over the same text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from assistant.scales import SCALE_WORDS, SCALES

_UNIT = SCALE_WORDS
NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.])(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?:\s*(?P<percent>%|percent|per cent)|\s*(?P<scale>{_UNIT})(?![a-z]))?",
    re.IGNORECASE,
)
CITATION_MARKER = re.compile(r"\[\d+\]")
FLAG = "[unverified]"
ORDINAL = re.compile(r"(?:st|nd|rd|th)(?![\w])")
CALCULATE_TOOL = "calculate"


@dataclass(frozen=True)
class Quantity:
    """A number as written, with the value it stands for once its scale word or percent is applied."""

    text: str
    raw: float
    decimals: int
    absolute: float | None  # scaled value (billion, 亿 ...) or fraction for a percent; None when unscaled


def _number_matches(text: str) -> Iterator[re.Match[str]]:
    """Matches of numbers in ``text``, leaving out the digits of citation markers such as [2]."""
    markers = [marker.span() for marker in CITATION_MARKER.finditer(text)]
    for match in NUMBER.finditer(text):
        if not any(start <= match.start() < end for start, end in markers):
            yield match


def extract_quantities(text: str) -> list[Quantity]:
    """All numbers in ``text`` with their scale, ignoring citation markers."""
    quantities = []
    for match in _number_matches(text):
        digits = match.group("number").replace(",", "")
        raw = float(digits)
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        absolute = None
        if match.group("percent"):
            absolute = raw / 100
        elif match.group("scale"):
            absolute = raw * SCALES[match.group("scale").lower()]
        quantities.append(Quantity(match.group(0).strip(), raw, decimals, absolute))
    return quantities


def unit_scale(unit: str) -> float | None:
    """The factor a unit's scale word stands for ('billion USD' -> 1e9, 'percent' -> 0.01), None without one."""
    unit = unit.lower()
    if "percent" in unit or "%" in unit:
        return 0.01
    for word, scale in SCALES.items():
        if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", unit):
            return scale
    return None


def evidence_values(tool_results: Iterable[Any], passages: Iterable[str]) -> set[float]:
    """Every value (raw and scaled) that tool results and passages support."""
    values: set[float] = set()

    def add_text(text: str) -> None:
        for quantity in extract_quantities(text):
            values.add(quantity.raw)
            if quantity.absolute is not None:
                values.add(quantity.absolute)

    def walk(node: Any) -> None:
        if isinstance(node, bool) or node is None:
            return
        if isinstance(node, int | float):
            if math.isfinite(node):
                values.add(abs(float(node)))
        elif isinstance(node, str):
            add_text(node)
        elif isinstance(node, dict):
            unit = node.get("unit")
            scale = unit_scale(unit) if isinstance(unit, str) else None
            if scale is not None:  # every figure beside a unit is in that unit (value, point_forecast, lower...)
                for child in node.values():
                    if isinstance(child, int | float) and not isinstance(child, bool) and math.isfinite(child):
                        values.add(abs(float(child)) * scale)
            for child in node.values():
                walk(child)
        elif isinstance(node, list | tuple | set):
            for child in node:
                walk(child)

    for result in tool_results:
        walk(result)
    for passage in passages:
        add_text(passage)
    return values


def _supported(quantity: Quantity, values: set[float]) -> bool:
    tolerance = 0.5 * 10 ** (-quantity.decimals) + 1e-9
    for value in values:
        if abs(quantity.raw - value) <= tolerance:
            return True
        if quantity.absolute is not None and value:
            # Compare scaled forms with the relative precision the answer shows.
            relative = tolerance / max(quantity.raw, 1e-9)
            if abs(quantity.absolute - value) <= abs(value) * relative + 1e-12:
                return True
    return False


def unsupported_numbers(
    answer: str, tool_results: Iterable[Any], passages: Iterable[str], given: Iterable[str] = ()
) -> list[str]:
    """The numbers in ``answer`` that no tool result, passage or ``given`` text (the question) supports,
    each once, in order of appearance (empty when grounded)."""
    values = evidence_values(tool_results, [*passages, *given])
    unsupported = [quantity.text for quantity in extract_quantities(answer) if not _supported(quantity, values)]
    return list(dict.fromkeys(unsupported))


def flag_numbers(answer: str, flagged: Iterable[str]) -> str:
    """Mark each occurrence of an unsupported number (with its ordinal suffix: 38th) as [unverified], once:
    a number that already carries the mark is left as it is."""
    wanted = set(flagged)
    parts, last = [], 0
    for match in _number_matches(answer):
        if match.group(0).strip() not in wanted:
            continue
        end = match.end()
        suffix = ORDINAL.match(answer, end)
        if suffix and not match.group("percent") and not match.group("scale"):
            end = suffix.end()
        if answer[end:].lstrip(" ").startswith(FLAG):
            continue
        parts.append(answer[last:end] + " " + FLAG)
        last = end
    return "".join(parts) + answer[last:]


def strip_flags(text: str) -> str:
    """``text`` without [unverified] marks (what a model is shown of an earlier answer)."""
    return re.sub(rf"[ \t]*{re.escape(FLAG)}", "", text)


def trusted_results(calls: Iterable[tuple[str, Any]], passages: Iterable[str], given: Iterable[str] = ()) -> list[Any]:
    """The tool results that count as evidence: every data result, and a calculation only when each of its
    input values is itself supported by a data result, a passage or the question (a model cannot make a
    number true by passing it through ``calculate``)."""
    calls = list(calls)
    data = [result for name, result in calls if name != CALCULATE_TOOL]
    trusted = list(data)
    pending = [r for name, r in calls if name == CALCULATE_TOOL and isinstance(r, dict) and "inputs" in r]
    while pending:  # a calculation over trusted results is trusted too (a ratio of two computed totals)
        values = evidence_values(trusted, [*passages, *given])
        ready = [r for r in pending if all(_trusted_input(item.get("value"), values) for item in r["inputs"])]
        if not ready:
            break
        trusted += ready
        pending = [r for r in pending if r not in ready]
    return trusted


def _trusted_input(value: Any, values: set[float]) -> bool:
    if not isinstance(value, int | float):
        return False
    return _supported(Quantity(str(value), abs(value), _decimals(value), None), values)


def _decimals(value: float) -> int:
    text = repr(float(value))
    return len(text.split(".")[1].rstrip("0")) if "." in text and "e" not in text else 0
