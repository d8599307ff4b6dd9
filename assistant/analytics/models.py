"""Output models of the analytics tools: every result carries its source rows, method and assumptions."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["published", "not published"]


class ToolOutput(BaseModel):
    """Fields every tool result has."""

    method: str | None = Field(None, description="How the numbers were computed, in words (None: read, not computed).")
    assumptions: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="Caveats: gaps, unpublished values, partial data.")


class RankingRow(BaseModel):
    """One row of rankings.csv. An unpublished rank or score is None with status 'not published', never 0."""

    index_family: str
    index_name: str
    edition: str
    publisher: str
    city: str
    rank: int | None
    rank_status: Status
    score: float | None
    score_status: Status
    tier: int | None
    confidence: Literal["high", "medium", "low"]
    source: str
    note: str | None
    line: int = Field(description="Line of the row in corpus/data/rankings.csv.")


class MetricRow(BaseModel):
    """One row of metrics.csv. A qualitative finding has value None with status 'not published'."""

    metric: str
    metric_name: str
    geography: str
    period: str
    value: float | None
    value_status: Status
    unit: str | None
    kind: Literal["actual", "forecast", "qualitative"]
    confidence: Literal["high", "medium", "low"]
    source: str
    note: str | None
    line: int = Field(description="Line of the row in corpus/data/metrics.csv.")


class RankingResult(ToolOutput):
    index_family: str
    index_name: str
    edition: str
    editions_available: list[str]
    rows: list[RankingRow] = Field(description="Ranked rows by rank, then rows without a published rank.")


class CityRankResult(ToolOutput):
    city: str
    rows: list[RankingRow] = Field(description="Every row of the city, by index family then edition.")
    latest: list[RankingRow] = Field(description="The city's row in the newest edition it appears in, per family.")


class HistoryPoint(BaseModel):
    edition: str
    status: Literal["ranked", "tier only", "score only", "not listed"]
    rank: int | None
    tier: int | None
    score: float | None
    change: int | None = Field(
        description="Places gained since `compared_with` (previous rank - this rank): positive = a rise."
    )
    compared_with: str | None
    note: str | None = None


class RankHistoryResult(ToolOutput):
    city: str
    index_family: str
    index_name: str
    points: list[HistoryPoint]
    net_change: int | None = Field(description="Places gained from the first to the last ranked edition.")
    best_rank: int | None
    worst_rank: int | None
    rows: list[RankingRow]


class CompareEntry(BaseModel):
    city: str
    status: Literal["ranked", "tier only", "score only", "not listed"]
    rank: int | None
    tier: int | None
    score: float | None
    score_status: Status
    places_behind_best: int | None = Field(description="This rank minus the best rank among the cities compared.")
    score_behind_best: float | None = Field(description="Best score minus this score, where both are published.")
    note: str | None = None


class CompareResult(ToolOutput):
    index_family: str
    index_name: str
    edition: str
    entries: list[CompareEntry]
    rows: list[RankingRow]


class ConsensusComponent(BaseModel):
    index_family: str
    edition: str
    rank: int | None
    tier: int | None
    position: float = Field(description="The rank, or the middle of the tier's rank range for a tier-only row.")
    positions: int = Field(description="Positions known in that edition (n).")
    normalised: float = Field(description="(position - 1) / (n - 1): 0 = top of the list, 1 = bottom.")


class ConsensusEntry(BaseModel):
    consensus_rank: int
    city: str
    mean_normalised_rank: float
    indices_counted: int
    components: list[ConsensusComponent]


class ConsensusResult(ToolOutput):
    editions_used: dict[str, str]
    entries: list[ConsensusEntry]
    rows: list[RankingRow]


class Move(BaseModel):
    city: str
    from_rank: int
    to_rank: int
    change: int = Field(description="Places gained (from_rank - to_rank): positive = a rise.")


class MoversResult(ToolOutput):
    index_family: str
    index_name: str
    from_edition: str
    to_edition: str
    rises: list[Move]
    falls: list[Move]
    unchanged: list[Move]
    only_in_from: list[str] = Field(description="Cities ranked in from_edition but not in to_edition.")
    only_in_to: list[str] = Field(description="Cities ranked in to_edition but not in from_edition.")
    rows: list[RankingRow]


class MetricResult(ToolOutput):
    metric: str
    metric_name: str
    geography: str | None
    period: str | None
    rows: list[MetricRow]


class SeriesPoint(BaseModel):
    period: str = Field(description="The period as used; an assumed year for a baseline without one.")
    value: float
    kind: Literal["actual", "forecast"]
    period_assumed: bool = False
    source: str


class ForecastResult(ToolOutput):
    metric: str
    metric_name: str
    geography: str
    unit: str
    target_period: str
    method_id: Literal["linear", "cagr", "holt"]
    point_forecast: float
    lower: float | None = Field(description="Lower bound of the prediction interval; None if the method gives none.")
    upper: float | None
    interval_level: float | None
    growth_rate: float | None = Field(None, description="CAGR per period (0.05 = 5%), for the cagr method.")
    slope: float | None = Field(None, description="Change per year, for the linear method.")
    points_used: list[SeriesPoint]
    rows: list[MetricRow]


Operation = Literal["difference", "percent_change", "sum", "mean", "count", "ratio"]


class LabelledValue(BaseModel):
    """A value taken from an earlier tool result, with what it is and where it comes from."""

    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)

    label: str = Field(min_length=1, max_length=200, description="What the value is, e.g. 'Shanghai rank, GFCI 38'.")
    value: float = Field(allow_inf_nan=False, description="The number as the tool result gives it.")
    unit: str | None = Field(None, max_length=80, description="Its unit as the result gives it, e.g. 'billion USD'.")
    source: str | None = Field(None, max_length=300, description="The source the result names.")
    period: str | None = Field(None, max_length=80, description="Its period or edition, e.g. '2024-H1', 'GFCI 38'.")


class CalculateResult(ToolOutput):
    operation: Operation
    result: float = Field(description="The computed value (12 significant digits).")
    unit: str | None = Field(description="Unit of the result: the common unit, 'percent', 'percentage points'...")
    formula: str = Field(description="The calculation in words, naming the inputs by label.")
    inputs: list[LabelledValue]
    computed: Literal[True] = Field(True, description="Always true: the result is computed, not published.")
