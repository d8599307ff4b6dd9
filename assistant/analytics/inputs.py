"""Input models of the analytics tools: names as users type them (English or Chinese), resolved inside."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.analytics.models import LabelledValue, Operation

INDEX_HELP = (
    "Index family or its name: gfcdi, fhi, gfci_fintech, gfci_overall, '全球金融科技中心发展指数', 'GFCI FinTech'."
)
EDITION_HELP = "Edition as typed: '2024', 'GFCI 38', '第38期', 'latest'. Default: the latest edition."


class ToolInput(BaseModel):
    """Strict: an integer field takes integers only (not true, "3" or 2.0); unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)


class RankingInput(ToolInput):
    index: str = Field(min_length=1, description=INDEX_HELP)
    edition: str | None = Field(None, description=EDITION_HELP)
    top_n: int | None = Field(None, ge=1, le=100, description="Keep published ranks 1..top_n only.")
    tier: int | None = Field(None, ge=1, le=20, description="Keep one tier of a tiered index (gfcdi 2025).")


class CityRankInput(ToolInput):
    city: str = Field(min_length=1, description="City in English or Chinese, e.g. 'Shanghai', '纽约', 'HK'.")
    index: str | None = Field(None, description=INDEX_HELP + " Default: every index.")
    edition: str | None = Field(None, description=EDITION_HELP + " Needs an index.")


class RankHistoryInput(ToolInput):
    city: str = Field(min_length=1, description="City in English or Chinese.")
    index: str = Field(min_length=1, description=INDEX_HELP)


class CompareInput(ToolInput):
    cities: list[str] = Field(min_length=2, max_length=20, description="Two or more cities.")
    index: str = Field(min_length=1, description=INDEX_HELP)
    edition: str | None = Field(None, description=EDITION_HELP)


class ConsensusInput(ToolInput):
    indices: list[str] | None = Field(
        None,
        min_length=1,
        max_length=4,
        description="Index families to combine. Default: gfcdi, fhi, gfci_fintech.",
    )
    top_n: int | None = Field(None, ge=1, le=100, description="Keep the first top_n cities.")
    min_indices: int = Field(1, ge=1, le=4, description="Leave out cities listed in fewer indices than this.")


class MoversInput(ToolInput):
    index: str = Field(min_length=1, description=INDEX_HELP)
    from_edition: str | None = Field(None, description="Earlier edition. Default: the one before to_edition.")
    to_edition: str | None = Field(None, description="Later edition. Default: the latest.")


class MetricInput(ToolInput):
    metric: str = Field(min_length=1, description="Metric id or name, e.g. 'KPMG fintech investment', '产业规模'.")
    geography: str | None = Field(None, description="'Global', 'China', a city... Default: every geography.")
    period: str | None = Field(None, description="'2024', '2024-H1', 'H1 2024', '2024年上半年', '2022-2024'.")


class ForecastInput(ToolInput):
    metric: str = Field(
        min_length=1, description="Metric id or name (one series; KPMG and Innovate Finance never mix)."
    )
    geography: str | None = Field(None, description="Geography of the series; needed when the metric has several.")
    target_period: str = Field(min_length=1, description="A year ('2026') or half-year ('2026-H1') to forecast.")
    method: Literal["linear", "cagr", "holt"] = Field(
        "linear",
        description="linear trend, cagr (compound growth) or holt (exponential smoothing, 4+ points).",
    )
    baseline_year: int | None = Field(
        None, ge=1900, le=2100, description="Year to place a baseline figure that has no year in the source."
    )
    since_period: str | None = Field(
        None,
        description="Fit only the points from this year or half-year on ('at the 2023-2024 rate': cagr since 2023).",
    )


class CalculateInput(ToolInput):
    """Strict: a number must be a JSON number (no "12" or true), so a value is exactly what a result gave."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)

    operation: Operation = Field(
        description="difference (second minus first), percent_change ((second - first) / first x 100), "
        "sum, mean, count, or ratio (first / second)."
    )
    values: list[LabelledValue] = Field(
        min_length=1,
        max_length=50,
        description="Values copied from earlier tool results, each with a label and, where the result gives "
        "them, its unit, source and period. Order matters for difference, percent_change and ratio.",
    )
