"""The three forecast methods on an ordered series: linear trend, compound growth and Holt smoothing."""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assistant.analytics.errors import ForecastRefusedError
from assistant.analytics.models import MetricRow, SeriesPoint
from assistant.analytics.periods import Period, steps_between

LEVEL = 0.95


@dataclass(frozen=True)
class Point:
    """One figure of the series; ``assumed`` marks a year the source did not state."""

    period: Period
    value: float
    row: MetricRow
    assumed: bool = False

    def model(self) -> SeriesPoint:
        """The point as reported in a forecast result."""
        return SeriesPoint(
            period=self.period.text,
            value=self.value,
            kind=self.row.kind,  # type: ignore[arg-type]
            period_assumed=self.assumed,
            source=self.row.source,
        )


@dataclass
class Fit:
    """What a method returns; the interval, slope and growth rate are None where the method gives none."""

    point: float
    lower: float | None = None
    upper: float | None = None
    slope: float | None = None
    growth: float | None = None


def linear(points: list[Point], target: Period, notes: list[str], assumptions: list[str]) -> Fit:
    """Least-squares line through all points; t-based prediction interval with 3 or more points."""
    from scipy import stats  # imported on use: scipy and statsmodels take over a second to import

    t = np.array([point.period.start for point in points])
    y = np.array([point.value for point in points])
    n, t_mean, y_mean = len(t), t.mean(), y.mean()
    sxx = float(((t - t_mean) ** 2).sum())
    slope = float(((t - t_mean) * (y - y_mean)).sum() / sxx)
    intercept = float(y_mean - slope * t_mean)
    fit = Fit(point=intercept + slope * target.start, slope=slope)
    assumptions.append("The figure changes by the same amount every year (a straight line through all points).")
    if n >= 3:
        with np.errstate(all="ignore"):
            residual_var = float(((y - (intercept + slope * t)) ** 2).sum() / (n - 2))
            spread = math.sqrt(residual_var * (1 + 1 / n + (target.start - t_mean) ** 2 / sxx))
        margin = float(stats.t.ppf(0.5 + LEVEL / 2, n - 2)) * spread
        fit.lower, fit.upper = fit.point - margin, fit.point + margin
        assumptions.append("The interval assumes independent, normally distributed deviations from the line.")
    else:
        notes.append("No prediction interval: a line through two points fits exactly, leaving no spread to measure.")
    return fit


def cagr(points: list[Point], target: Period, notes: list[str], assumptions: list[str]) -> Fit:
    """Constant compound growth between the first and last points; no interval."""
    first, last = points[0], points[-1]
    if first.value <= 0 or last.value <= 0:
        raise ForecastRefusedError("Compound growth needs positive first and last values.")
    steps = steps_between(first.period, last.period)
    per = "year" if first.period.frequency == "year" else "half-year"
    rate_log = math.log(last.value / first.value) / steps
    try:
        point = first.value * math.exp(rate_log * steps_between(first.period, target))
        growth = math.expm1(rate_log)
    except OverflowError:
        raise ForecastRefusedError("Compound growth overflows for this target; the horizon is too far.") from None
    assumptions.append(
        f"Constant compound growth per {per} from {first.period.text} ({first.value:g}) to "
        f"{last.period.text} ({last.value:g}), continued to {target.text}."
    )
    ignored = [point.period.text for point in points[1:-1]]
    if ignored:
        notes.append(f"CAGR uses only the first and last points; not used: {', '.join(ignored)}.")
    notes.append("No prediction interval: CAGR is a deterministic extrapolation from two points.")
    return Fit(point=point, growth=growth)


def holt(points: list[Point], target: Period, notes: list[str], assumptions: list[str]) -> Fit:
    """Holt's linear trend (ETS A,A,N) fitted by maximum likelihood; forward from the last point only."""
    steps = [steps_between(a.period, b.period) for a, b in itertools.pairwise(points)]
    if any(abs(step - 1) > 1e-9 for step in steps):
        raise ForecastRefusedError(
            "Holt's method needs a regular series without gaps; "
            f"these points are not consecutive: {', '.join(point.period.text for point in points)}."
        )
    horizon = round(steps_between(points[-1].period, target))
    if horizon < 1:
        raise ForecastRefusedError(
            "Holt's method forecasts forward from the last point; the target is inside the data."
        )
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel  # imported on use (slow import)

    series = pd.Series([point.value for point in points], dtype=float)
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="ignore"):
        warnings.simplefilter("always")
        try:
            fitted = ETSModel(series, error="add", trend="add").fit(disp=False)
            frame = fitted.get_prediction(start=len(series), end=len(series) + horizon - 1).summary_frame(
                alpha=1 - LEVEL
            )
        except (ValueError, np.linalg.LinAlgError) as error:
            raise ForecastRefusedError(f"Holt's method could not be fitted to this series: {error}") from None
    if any("converge" in str(warning.message) for warning in caught):
        notes.append("The smoothing parameters' optimiser did not converge; treat the result with extra caution.")
    last = frame.iloc[-1]
    assumptions += [
        "Level and trend are updated by exponential smoothing (recent points weigh more).",
        "The interval assumes normal one-step errors; with few points it is wide and uncertain.",
    ]
    return Fit(point=float(last["mean"]), lower=float(last["pi_lower"]), upper=float(last["pi_upper"]))


METHOD_TEXT = {
    "linear": "Linear trend: ordinary least squares line value = a + b * year through every point "
    "(half-years at year + 0.5), evaluated at the target; 95% prediction interval from the residuals "
    "(t distribution, n - 2 degrees of freedom) when there are 3 or more points.",
    "cagr": "Compound annual growth: g = (last / first) ^ (1 / periods) - 1 between the first and last "
    "points (per year, or per half-year for a half-year series); value = first * (1 + g) ^ periods to the "
    "target. Gives no prediction interval.",
    "holt": "Holt's linear trend exponential smoothing (statsmodels ETSModel with additive error and trend), "
    "fitted by maximum likelihood; needs 4 or more consecutive points; 95% prediction interval from the "
    "model.",
}
