"""The grounding check: every number in an answer must be found in a tool result or a cited passage.

Formatting changes are allowed: thousands separators, rounding to the precision the answer shows,
scale words (440.5 billion = 4405亿 = 440,500,000,000) and percent as a fraction (45% = 0.45).
Signs are ignored ("fell 3 places" is supported by a change of -3). Citation markers like [2] are
not numbers of the answer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

SCALES = {
    "trillion": 1e12,
    "万亿": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "亿": 1e8,
    "million": 1e6,
    "mn": 1e6,
    "百万": 1e6,
    "万": 1e4,
    "thousand": 1e3,
}
_UNIT = "|".join(sorted((re.escape(word) for word in SCALES), key=len, reverse=True))
NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.])(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?:\s*(?P<percent>%|percent|per cent)|\s*(?P<scale>{_UNIT})(?![a-z]))?",
    re.IGNORECASE,
)
CITATION_MARKER = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class Quantity:
    """A number as written, with the value it stands for once its scale word or percent is applied."""

    text: str
    raw: float
    decimals: int
    absolute: float | None  # scaled value (billion, 亿 ...) or fraction for a percent; None when unscaled


def extract_quantities(text: str) -> list[Quantity]:
    """All numbers in ``text`` with their scale, ignoring citation markers."""
    text = CITATION_MARKER.sub(" ", text)
    quantities = []
    for match in NUMBER.finditer(text):
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


def _scale_for_unit(unit: str) -> float | None:
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
            unit, value = node.get("unit"), node.get("value")
            if isinstance(unit, str) and isinstance(value, int | float) and not isinstance(value, bool):
                scale = _scale_for_unit(unit)
                if scale is not None:
                    values.add(abs(float(value)) * scale)
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


def unsupported_numbers(answer: str, tool_results: Iterable[Any], passages: Iterable[str]) -> list[str]:
    """The numbers in ``answer`` that no tool result or passage supports (empty when grounded)."""
    values = evidence_values(tool_results, passages)
    return [quantity.text for quantity in extract_quantities(answer) if not _supported(quantity, values)]


def flag_numbers(answer: str, flagged: list[str]) -> str:
    """Mark each unsupported number in the text so it is never shown as a fact."""
    for text in dict.fromkeys(flagged):
        answer = re.sub(rf"(?<![\w.]){re.escape(text)}(?:st|nd|rd|th)?(?![\w])", r"\g<0> [unverified]", answer)
    return answer
