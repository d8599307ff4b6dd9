"""Read figures from metrics.csv: value, unit, kind (actual / forecast / qualitative) and source."""

from __future__ import annotations

import pandas as pd

from assistant import names
from assistant.analytics import common
from assistant.analytics.errors import FuturePeriodError, NoDataError
from assistant.analytics.models import MetricResult, MetricRow
from assistant.analytics.periods import parse_period, within
from assistant.tables import Tables


def stated_rows(tables: Tables) -> pd.DataFrame:
    """Figures a ranking's (or a figure's) note states as a series ("gap between #1 and #10: 22.8 points (29.7 in
    2020)", "121 listed fintech companies"), as metric rows citing that row's source
    (``assistant/data/source_notes.yaml``, ``states``)."""
    rows = []
    records = [*tables.rankings.to_dict("records"), *tables.metrics.to_dict("records")]
    for record in records:
        stated = names.SOURCE_NOTES.get(record["note"] or "", {}).get("states")
        if not stated:
            continue
        if "index_family" in record:
            where = f"the {names.display_name('index', record['index_family'], 'en')} {record['edition']} ranking"
        else:
            where = f"the {names.display_name('metric', record['metric'], 'en')} row ({record['period']})"
        for period, figure in stated["values"].items():
            rows.append(
                {
                    "metric": stated["metric"],
                    "geography": stated.get("geography") or record.get("geography") or "Global",
                    "period": period,
                    "value": figure,
                    "unit": stated["unit"],
                    "kind": "actual",
                    "confidence": record["confidence"],
                    "source": record["source"],
                    "note": f"stated in the note of {where}",
                    "line": 0,
                }
            )
    return pd.DataFrame(rows, columns=tables.metrics.columns)


def metric_frame(tables: Tables, metric_id: str, geography: str | None) -> pd.DataFrame:
    """Rows of one metric (and geography); NoDataError naming the geographies that do have rows."""
    frame = tables.metrics[tables.metrics["metric"] == metric_id]
    stated = stated_rows(tables)
    stated = stated[stated["metric"] == metric_id]
    if not stated.empty:  # figures a note states (a series of its own, or a place or period the table lacks)
        held = set(zip(frame["geography"], frame["period"], strict=True))
        extra = stated[[(g, p) not in held for g, p in zip(stated["geography"], stated["period"], strict=True)]]
        frame = pd.concat([frame, extra]) if not frame.empty else extra
    if frame.empty:
        raise NoDataError(f"The data holds no figure for {metric_id}.")
    if geography is None:
        return frame
    mine = frame[frame["geography"] == geography]
    if mine.empty:
        have = ", ".join(sorted(set(frame["geography"])))
        raise NoDataError(f"The data holds no {metric_id} figure for {geography}; it has: {have}.")
    return mine


def metric(tables: Tables, metric: str, geography: str | None = None, period: str | None = None) -> MetricResult:
    """Figures of one metric, optionally for one geography and period (a year also returns its halves
    when there is no annual figure; a range such as '2022-2024' returns every figure inside it)."""
    metric_id = common.resolve_metric_text(metric)
    where = names.resolve_geography(geography) if geography else None
    frame = metric_frame(tables, metric_id, where)
    wanted = names.resolve_period(period) if period else None
    rows = [common.metric_row(record) for record in frame.to_dict("records")]
    notes: list[str] = []
    if wanted is not None:
        rows = _in_period(rows, wanted, metric_id + (f" for {where}" if where else ""), notes)
    rows.sort(key=lambda row: (row.geography, period_key(row.period)))
    if {common.source_family(row.source) for row in rows} - {None}:
        notes.append(common.SOURCE_WARNING)
    frequencies = {parsed.frequency for row in rows if (parsed := parse_period(row.period))}
    if frequencies >= {"year", "half"}:
        notes.append("Annual and half-year figures cover different period lengths; do not add them up.")
    for row in rows:
        if row.kind == "forecast":
            notes.append(f"{row.geography} {row.period}: a forecast published by the source, not an actual.")
        elif row.kind == "qualitative":
            notes.append(f"{row.geography} {row.period}: qualitative finding, no figure published.")
        elif parse_period(row.period) is None:
            notes.append(f"{row.geography} '{row.period}': the source gives no year for this figure.")
    return MetricResult(
        metric=metric_id,
        metric_name=names.display_name("metric", metric_id, "en"),
        geography=where,
        period=wanted,
        rows=rows,
        notes=notes,
    )


def _in_period(rows: list[MetricRow], wanted: str, label: str, notes: list[str]) -> list[MetricRow]:
    """Rows for exactly ``wanted``, else the rows inside it; otherwise an error saying why there are none."""
    exact = [row for row in rows if row.period == wanted]
    if exact:
        return exact
    span = parse_period(wanted)
    if span is None:
        raise NoDataError(f"The data holds no figure of {label} for '{wanted}'.")
    inside = [row for row in rows if (parsed := parse_period(row.period)) and within(parsed, span)]
    if inside:
        if span.frequency == "year":
            notes.append(
                f"No annual figure for {wanted} in the data; the figures inside it are shown, not summed "
                "(a sum would be a computed number, not a published one)."
            )
        return inside
    dated = [(parsed, row) for row in rows if row.kind == "actual" and (parsed := parse_period(row.period))]
    if dated:
        last_period, last_row = max(dated, key=lambda item: item[0].end)
        if span.start >= last_period.end:
            raise FuturePeriodError(
                f"{wanted} is after the latest actual {label} ({last_row.period}) and the data holds no "
                "published forecast for it; use the forecast tool for a computed projection."
            )
    have = ", ".join(sorted({row.period for row in rows}, key=period_key))
    raise NoDataError(f"The data holds no figure of {label} for {wanted}; periods with figures: {have}.")


def period_key(period: str) -> tuple[float, str]:
    """Chronological sort key of a period string (phrases without a year first)."""
    parsed = parse_period(period)
    return (parsed.start if parsed else -1.0, period)
