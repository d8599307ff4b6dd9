"""Analytics tools computed from the data tables, and the registry the agent and the API are built from."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from assistant.analytics import inputs, models
from assistant.analytics.calculate import calculate
from assistant.analytics.consensus import consensus_ranking
from assistant.analytics.forecast import forecast
from assistant.analytics.history import movers, rank_history
from assistant.analytics.metrics import metric
from assistant.analytics.rankings import city_rank, compare, ranking
from assistant.errors import InputError, UnknownNameError
from assistant.tables import Tables

__all__ = [
    "TOOLS",
    "ToolArgumentError",
    "ToolSpec",
    "calculate",
    "city_rank",
    "compare",
    "consensus_ranking",
    "forecast",
    "metric",
    "movers",
    "rank_history",
    "ranking",
    "run_tool",
]


class ToolArgumentError(InputError):
    """Arguments that do not match a tool's input model."""

    def __init__(self, tool: str, error: ValidationError) -> None:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or 'arguments'}: {item['msg']}" for item in error.errors()
        )
        super().__init__(f"Invalid arguments for {tool}: {problems}.")


@dataclass(frozen=True)
class ToolSpec:
    """One tool: the function, its input and output models, and a description for the LLM and the API."""

    name: str
    function: Callable[..., models.ToolOutput]
    input_model: type[inputs.ToolInput]
    output_model: type[models.ToolOutput]
    description: str

    def run(self, tables: Tables, arguments: Mapping[str, Any] | BaseModel) -> models.ToolOutput:
        """Validate ``arguments`` against the input model, then call the tool."""
        if isinstance(arguments, BaseModel):
            arguments = arguments.model_dump()
        try:
            parsed = self.input_model.model_validate(dict(arguments))
        except ValidationError as error:
            raise ToolArgumentError(self.name, error) from None
        return self.function(tables, **parsed.model_dump())


TOOLS: dict[str, ToolSpec] = {
    spec.name: spec
    for spec in (
        ToolSpec(
            "ranking",
            ranking,
            inputs.RankingInput,
            models.RankingResult,
            "One edition of a fintech-centre index as a table (default: latest edition): ranked cities, then "
            "cities known only by tier; scores where published (gfcdi and fhi publish none).",
        ),
        ToolSpec(
            "city_rank",
            city_rank,
            inputs.CityRankInput,
            models.CityRankResult,
            "A city's rank in every index and edition in the data, or in one index / edition.",
        ),
        ToolSpec(
            "rank_history",
            rank_history,
            inputs.RankHistoryInput,
            models.RankHistoryResult,
            "A city's rank across the editions of one index with the change at each step "
            "(positive = places gained); editions where it is not listed are gaps.",
        ),
        ToolSpec(
            "compare",
            compare,
            inputs.CompareInput,
            models.CompareResult,
            "Two or more cities side by side in one edition of an index (default: latest).",
        ),
        ToolSpec(
            "consensus_ranking",
            consensus_ranking,
            inputs.ConsensusInput,
            models.ConsensusResult,
            "A computed cross-index ranking: mean normalised rank over the latest edition of each index.",
        ),
        ToolSpec(
            "movers",
            movers,
            inputs.MoversInput,
            models.MoversResult,
            "Largest rises and falls between two editions of an index among cities ranked in both.",
        ),
        ToolSpec(
            "metric",
            metric,
            inputs.MetricInput,
            models.MetricResult,
            "Published market figures (fintech investment, deals, industry size, AI penetration...) with "
            "unit, kind (actual / forecast / qualitative) and source.",
        ),
        ToolSpec(
            "forecast",
            forecast,
            inputs.ForecastInput,
            models.ForecastResult,
            "Project one metric series to a future year or half-year by linear trend, CAGR or Holt "
            "smoothing, with the points used, the method, its assumptions and a prediction interval if any.",
        ),
        ToolSpec(
            "calculate",
            calculate,
            inputs.CalculateInput,
            models.CalculateResult,
            "Arithmetic on values copied from earlier tool results: difference, percent_change, sum, mean, "
            "count or ratio. Returns the result with its unit, the formula in words and a note that it is "
            "computed, not published. Use it for any calculation instead of computing in your head.",
        ),
    )
}


def run_tool(name: str, tables: Tables, arguments: Mapping[str, Any]) -> models.ToolOutput:
    """Run the tool called ``name``; UnknownNameError for a name not in TOOLS."""
    if name not in TOOLS:
        raise UnknownNameError("tool", name, sorted(TOOLS))
    return TOOLS[name].run(tables, arguments)
