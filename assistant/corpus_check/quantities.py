"""Read the numbers written in text, with their scale word or percent sign and the precision they show.

440.5 billion, 4405亿 and 440,500,000,000 are one value written three ways; a number is compared at the
precision it is written with, so "about 97 billion" stands for anything from 96.5 to 97.5 billion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.scales import SCALE_WORDS, SCALES

_SCALE = SCALE_WORDS
# A number not inside an identifier or a path ("66eb4_6mqm4", "rengbang.com/2023_9557"); CJK text around it is
# not an identifier, so 4405亿 and 2024年 are read.
NUMBER = re.compile(
    r"(?<![A-Za-z0-9_./])(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?:\s*(?P<percent>%|percent\b|per cent\b)|\s*(?P<scale>{_SCALE})(?![A-Za-z])|(?![0-9_]))",
    re.IGNORECASE,
)
YEARS = range(1900, 2101)


@dataclass(frozen=True)
class Quantity:
    """A number as written: its text, the number itself, its decimals and its scale (1 when unscaled)."""

    text: str
    raw: float
    decimals: int
    scale: float
    percent: bool
    start: int

    @property
    def value(self) -> float:
        """The value the number stands for once its scale word is applied (a percent stays in points)."""
        return self.raw * self.scale

    @property
    def tolerance(self) -> float:
        """Half a unit of the last digit shown, at the number's scale."""
        return 0.5 * 10 ** (-self.decimals) * self.scale

    @property
    def is_year(self) -> bool:
        """A bare four-digit whole number between 1900 and 2100."""
        digits = self.text.strip()
        return self.scale == 1 and not self.percent and digits.isdigit() and len(digits) == 4 and int(digits) in YEARS

    @property
    def is_figure(self) -> bool:
        """A number with a decimal point, three or more digits or a scale word, that is not a year."""
        digits = re.sub(r"\D", "", self.text.split(".")[0])
        return not self.is_year and (self.decimals > 0 or len(digits) >= 3 or self.scale != 1)


def quantities(text: str) -> list[Quantity]:
    """Every number in ``text`` with its scale word or percent sign."""
    found = []
    for match in NUMBER.finditer(text):
        digits = match.group("number").replace(",", "")
        scale_word = match.group("scale")
        found.append(
            Quantity(
                text=match.group(0).strip(),
                raw=float(digits),
                decimals=len(digits.split(".")[1]) if "." in digits else 0,
                scale=SCALES[scale_word.lower()] if scale_word else 1.0,
                percent=match.group("percent") is not None,
                start=match.start(),
            )
        )
    return found


def unit_scale(unit: str) -> float:
    """The scale a table's unit carries: ``billion USD`` is 1e9, ``deals`` and ``percent`` are 1."""
    for word, scale in SCALES.items():
        if re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", unit, re.IGNORECASE):
            return scale
    return 1.0


def matches(quantity: Quantity, value: float) -> bool:
    """Whether ``value`` (already scaled) rounds to ``quantity`` at the precision it is written with."""
    return abs(quantity.value - value) <= quantity.tolerance * (1 + 1e-9)
