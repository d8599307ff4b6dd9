"""Forecast one metric series: linear trend, compound growth (CAGR) or Holt's exponential smoothing."""

from __future__ import annotations

import math

from assistant import names
from assistant.analytics import common, fitting
from assistant.analytics.errors import (
    ExistingFigureError,
    ForecastRefusedError,
    IncomparableSeriesError,
    SeriesTooShortError,
    TargetBeforeDataError,
)
from assistant.analytics.fitting import LEVEL, METHOD_TEXT, Point
from assistant.analytics.metrics import metric_frame
from assistant.analytics.models import ForecastResult, MetricRow
from assistant.analytics.periods import STEP, Period, parse_period
from assistant.errors import InputError
from assistant.tables import Tables

MIN_POINTS: dict[str, int] = {"linear": 2, "cagr": 2, "holt": 4}
FREQUENCY_WORD = {"year": "annual", "half": "half-year"}


def forecast(
    tables: Tables,
    metric: str,
    geography: str | None,
    target_period: str,
    method: str = "linear",
    baseline_year: int | None = None,
    since_period: str | None = None,
) -> ForecastResult:
    """Project one metric for one geography (None: the metric's only one) to ``target_period``, from the points
    since ``since_period`` when given (a rate "as from 2023 to 2024" is the CAGR since 2023).

    Refuses (ForecastRefusedError, an InputError) a series too short for the method, one that mixes
    incomparable sources, a target before the data, or a target that already has a figure.
    """
    if method not in MIN_POINTS:
        raise InputError(f"Unknown forecast method {method!r}; use one of: {', '.join(MIN_POINTS)}.")
    metric_id = _metric_for_forecast(tables, metric)
    frame = metric_frame(tables, metric_id, names.resolve_geography(geography) if geography else None)
    geographies = sorted(set(frame["geography"]))
    if len(geographies) > 1:
        raise InputError(f"Say which geography to forecast {metric_id} for: {', '.join(geographies)}.")
    target_text = names.resolve_period(target_period)
    target = parse_period(target_text)
    if target is None or target.frequency not in STEP:
        raise InputError(f"The target period must be a year or a half-year (e.g. 2026, 2026-H1), not {target_text!r}.")
    rows = [common.metric_row(record) for record in frame.to_dict("records")]
    notes = ["A computed projection, not a published figure."]
    assumptions: list[str] = []
    points = _series(tables, rows, target.frequency, baseline_year, notes, assumptions)
    if since_period:
        since = parse_period(names.resolve_period(since_period))
        if since is None:
            raise InputError(f"The start period must be a year or a half-year, not {since_period!r}.")
        points = [point for point in points if point.period.start >= since.start]
    label = f"the {FREQUENCY_WORD[target.frequency]} series of {metric_id} for {geographies[0]}"
    _check_series(points, method, target, label)
    fit = {"linear": fitting.linear, "cagr": fitting.cagr, "holt": fitting.holt}[method](
        points, target, notes, assumptions
    )
    if not math.isfinite(fit.point):
        raise ForecastRefusedError(f"The {method} method gives no finite value for {label} at {target_text}.")
    bounds = (fit.lower, fit.upper)
    if fit.lower is not None and not all(bound is not None and math.isfinite(bound) for bound in bounds):
        fit.lower = fit.upper = None
        notes.append("The prediction interval could not be computed (numerical overflow).")
    if fit.point < 0 <= min(point.value for point in points):
        notes.append("The projection is below zero, which this figure cannot be: the trend does not hold that far.")
    elif fit.lower is not None and fit.lower < 0 <= min(point.value for point in points):
        notes.append("The interval reaches below zero, which this figure cannot be: read it as high uncertainty.")
    if target.start < points[-1].period.start:
        notes.append(f"{target_text} lies inside the data range: the value is interpolated, not extrapolated.")
    used = [points[0], points[-1]] if method == "cagr" else points
    return ForecastResult(
        metric=metric_id,
        metric_name=names.display_name("metric", metric_id, "en"),
        geography=geographies[0],
        unit=points[0].row.unit or "",
        target_period=target_text,
        method_id=method,  # type: ignore[arg-type]
        point_forecast=fit.point,
        lower=fit.lower,
        upper=fit.upper,
        interval_level=LEVEL if fit.lower is not None else None,
        growth_rate=fit.growth,
        slope=fit.slope,
        points_used=[point.model() for point in used],
        rows=[point.row for point in points],
        method=METHOD_TEXT[method],
        assumptions=assumptions,
        notes=notes,
    )


def _metric_for_forecast(tables: Tables, text: str) -> str:
    """The metric id; refuses a request that names series from incomparable sources together."""
    try:
        return names.resolve_metric(text)
    except InputError:
        found = names.find_metrics(text)
        sources = tables.metrics.loc[tables.metrics["metric"].isin(found), "source"]
        if len({common.source_family(str(source)) for source in sources} - {None}) > 1:
            raise IncomparableSeriesError(
                f"{text!r} would mix {', '.join(found)}. {common.SOURCE_WARNING} Forecast each separately."
            ) from None
        return common.resolve_metric_text(text)


def _series(
    tables: Tables,
    rows: list[MetricRow],
    frequency: str,
    baseline_year: int | None,
    notes: list[str],
    assumptions: list[str],
) -> list[Point]:
    """The points of one frequency, oldest first; a baseline without a year gets an assumed year."""
    points: list[Point] = []
    other: list[str] = []
    for row in rows:
        if row.value is None or row.kind == "qualitative":
            continue
        period = parse_period(row.period)
        if period is None and row.period == names.BASELINE_PERIOD and frequency == "year":
            year = baseline_year or _baseline_default(tables, row, assumptions)
            if year is None:
                notes.append(f"Left out '{row.period}' ({row.value:g}): no year; pass baseline_year to use it.")
                continue
            if baseline_year:
                assumptions.append(f"The baseline ({row.value:g} {row.unit}) is placed in {year}, as requested.")
            points.append(Point(Period(str(year), year, year + 1, "year"), row.value, row, assumed=True))
        elif period is not None and period.frequency == frequency:
            points.append(Point(period, row.value, row))
        else:
            other.append(row.period)
    if other:
        notes.append(
            f"Left out as a different period length (annual and half-year figures are never mixed): {', '.join(other)}."
        )
    points.sort(key=lambda point: (point.period.start, point.assumed))
    unique: list[Point] = []
    for point in points:
        if unique and unique[-1].period.text == point.period.text:
            if point.assumed:
                notes.append(f"The assumed baseline year {point.period.text} already has a figure; baseline dropped.")
                continue
            raise InputError(f"Two figures for {point.period.text} in the data; they cannot form one series.")
        unique.append(point)
    for point in unique:
        if point.row.kind == "forecast":
            assumptions.append(
                f"The source's published forecast for {point.period.text} ({point.value:g} {point.row.unit}) "
                "is used as a data point."
            )
    return unique


def _baseline_default(tables: Tables, row: MetricRow, assumptions: list[str]) -> int | None:
    """The latest data year of other actual annual figures from the same source; None if there is none."""
    origin = row.source.split(" (")[0]
    years = [
        int(period)
        for period, source, kind in zip(
            tables.metrics["period"], tables.metrics["source"], tables.metrics["kind"], strict=True
        )
        if kind == "actual" and str(period).isdigit() and str(source).split(" (")[0] == origin
    ]
    if not years:
        return None
    assumptions.append(
        f"The source gives the baseline ({row.value:g} {row.unit}) without a year; it is assumed to be "
        f"{max(years)}, the latest data year of other actual figures from the same source ({origin}). "
        "This is an assumption, not a published fact; pass baseline_year to change it."
    )
    return max(years)


def _check_series(points: list[Point], method: str, target: Period, label: str) -> None:
    families = {common.source_family(point.row.source) for point in points} - {None}
    if len(families) > 1:
        raise IncomparableSeriesError(f"{label} mixes {' and '.join(sorted(families))}. {common.SOURCE_WARNING}")
    if len({point.row.unit for point in points}) > 1:
        raise IncomparableSeriesError(f"{label} mixes units: {', '.join(sorted({str(p.row.unit) for p in points}))}.")
    have = ", ".join(point.period.text for point in points) or "none"
    if len(points) < MIN_POINTS[method]:
        raise SeriesTooShortError(
            f"The {method} method needs at least {MIN_POINTS[method]} points; {label} has {len(points)} ({have})."
        )
    if target.start < points[0].period.start:
        raise TargetBeforeDataError(f"{target.text} is before the first point of {label} ({points[0].period.text}).")
    for point in points:
        if point.period.text == target.text:
            raise ExistingFigureError(
                f"{target.text} already has a figure in the data ({point.value:g} {point.row.unit}, "
                f"{point.row.kind}); use the metric tool instead of a forecast."
            )
