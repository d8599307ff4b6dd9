"""The typed reading of one question: what is asked, about what, in which index, edition and period."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from assistant.agent.language import Language

ClaimKind = Literal["rank", "first", "in_top", "out_of_top", "up", "down", "changed", "higher", "lower", "value"]
Relative = Literal["previous", "next", "first", "latest", "year_before", "year_after"]


@dataclass(frozen=True)
class Claim:
    """Something the question states or asks to confirm: "Beijing dropped out of the top ten", "is London 5th?"."""

    kind: ClaimKind
    city: str | None = None
    number: float | None = None  # the rank, the N of a top N, or a value
    other: str | None = None  # the second city of "higher" / "lower"
    edition: str | None = None  # the edition the claim is about, when the question names several
    index: str | None = None  # the ranking the claim is about, when its clause names another than the question's


@dataclass
class Frame:
    """What one question (or one part of a multi-part question) asks, with every name resolved."""

    question: str
    language: Language
    ask: str
    cities: list[str] = field(default_factory=list)
    group: str | None = None  # a country or region the cities are filtered by ("Chinese cities", "Europe")
    tier: int | None = None
    top_n: int | None = None
    position: int | None = None  # "who was 3rd?"
    from_place: int | None = None  # "ranks 6 to 10": 6 (and top_n 10)
    compared_place: int | None = None  # "离榜首还差多少分": the city at that place is the other side
    index: str | None = None
    indices: list[str] = field(default_factory=list)  # every index named; ``index`` is the first
    editions: list[str] = field(default_factory=list)
    relative: Relative | None = None
    metrics: list[str] = field(default_factory=list)
    geography: str | None = None
    periods: list[str] = field(default_factory=list)
    method: str | None = None
    scale: str | None = None  # amounts of money in this scale ("million", "billion"), as the question asks
    extreme: Literal["max", "min", "both"] | None = None
    claims: list[Claim] = field(default_factory=list)
    asks_tier: bool = False
    follow_up: bool = False
    previous: Frame | None = field(default=None, repr=False)  # the frame a follow-up continues
    answered_cities: list[str] = field(default_factory=list)  # the city the answer to this frame named
    listed_cities: list[str] = field(default_factory=list)  # every city that answer named (a list's members)
    answered_periods: list[str] = field(default_factory=list)  # the period it named ("highest in 2022")

    def with_(self, **changes: object) -> Frame:
        """A copy with ``changes`` applied."""
        return replace(self, **changes)

    @property
    def named_editions(self) -> list[str]:
        """The editions resolved, without a relative one that could not be ("previous:GFCI 26")."""
        return [e for e in self.editions if ":" not in e]

    @property
    def has_subject(self) -> bool:
        """Whether the question names anything the tables hold."""
        return bool(self.cities or self.group or self.index or self.editions or self.metrics or self.geography)
