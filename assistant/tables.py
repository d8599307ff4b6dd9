"""Load and validate the data tables in ``corpus/data`` into pandas DataFrames.

The schema is documented in ``corpus/data/README.md``. A malformed row raises :class:`TableError`
naming the file, the line and the field, so a bad edit never turns into a wrong number.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

INDEX_FAMILIES = ("gfcdi", "fhi", "gfci_fintech", "gfci_overall")
CONFIDENCE_LEVELS = ("high", "medium", "low")
METRIC_KINDS = ("actual", "forecast", "qualitative")


class TableError(ValueError):
    """A data table is missing or holds a malformed row."""

    def __init__(self, path: Path, line: int | None, field: str | None, message: str) -> None:
        where = f"{path}" + (f", line {line}" if line else "") + (f", field '{field}'" if field else "")
        super().__init__(f"{where}: {message}")
        self.path, self.line, self.field = path, line, field


@dataclass(frozen=True)
class Tables:
    """The three validated tables. Unknown numbers are ``None``/``pd.NA``, never 0."""

    rankings: pd.DataFrame
    metrics: pd.DataFrame
    statements: pd.DataFrame


def _required(value: str) -> str:
    if not value.strip():
        raise ValueError("is required but empty")
    return value.strip()


def _optional_text(value: str) -> str | None:
    return value.strip() or None


def _choice(options: tuple[str, ...]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value.strip() not in options:
            raise ValueError(f"is {value!r}; expected one of {', '.join(options)}")
        return value.strip()

    return check


def _positive_int(value: str) -> int | None:
    if not value.strip():
        return None
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"is {value!r}; expected a whole number or empty") from None
    if number < 1:
        raise ValueError(f"is {number}; expected 1 or more")
    return number


def _number(value: str) -> float | None:
    if not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"is {value!r}; expected a number or empty") from None


RANKINGS_SCHEMA: dict[str, Callable[[str], object]] = {
    "index_family": _choice(INDEX_FAMILIES),
    "edition": _required,
    "publisher": _required,
    "city": _required,
    "rank": _positive_int,
    "score": _number,
    "tier": _positive_int,
    "confidence": _choice(CONFIDENCE_LEVELS),
    "source": _required,
    "note": _optional_text,
}
METRICS_SCHEMA: dict[str, Callable[[str], object]] = {
    "metric": _required,
    "geography": _required,
    "period": _required,
    "value": _number,
    "unit": _optional_text,
    "kind": _choice(METRIC_KINDS),
    "confidence": _choice(CONFIDENCE_LEVELS),
    "source": _required,
    "note": _optional_text,
}
STATEMENTS_SCHEMA: dict[str, Callable[[str], object]] = {
    "topic": _required,
    "claim": _required,
    "period": _required,
    "confidence": _choice(CONFIDENCE_LEVELS),
    "source": _required,
}


def read_table(path: Path, schema: dict[str, Callable[[str], object]]) -> list[dict[str, object]]:
    """Read one CSV file and check every field of every row against ``schema``."""
    if not path.is_file():
        raise TableError(path, None, None, "file not found")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in schema if name not in (reader.fieldnames or [])]
        if missing:
            raise TableError(path, 1, missing[0], "column missing from the header")
        rows = []
        for record in reader:
            line = reader.line_num
            if None in record:
                raise TableError(path, line, None, "more fields than the header has")
            row = {}
            for name, parse in schema.items():
                raw = record.get(name)
                if raw is None:
                    raise TableError(path, line, name, "fewer fields than the header has")
                try:
                    row[name] = parse(raw)
                except ValueError as error:
                    raise TableError(path, line, name, str(error)) from None
            row["line"] = line
            rows.append(row)
    return rows


def _check_rankings(path: Path, rows: list[dict[str, object]]) -> None:
    seen: dict[tuple[object, object, object], int] = {}
    for row in rows:
        if row["rank"] is None and row["score"] is None and row["tier"] is None:
            raise TableError(path, int(row["line"]), "rank", "a row needs a rank, a score or a tier")
        key = (row["index_family"], row["edition"], row["city"])
        if key in seen:
            raise TableError(path, int(row["line"]), "city", f"duplicate of line {seen[key]}")
        seen[key] = int(row["line"])


def _check_metrics(path: Path, rows: list[dict[str, object]]) -> None:
    for row in rows:
        if row["value"] is None and row["kind"] != "qualitative":
            raise TableError(path, int(row["line"]), "value", "empty, but kind is not 'qualitative'")
        if row["value"] is not None and not row["unit"]:
            raise TableError(path, int(row["line"]), "unit", "a value needs a unit")


def to_frame(rows: list[dict[str, object]], schema: dict[str, Callable[[str], object]]) -> pd.DataFrame:
    """Rows (with their ``line``) as a DataFrame whose unknown ranks, tiers, scores and values are <NA>."""
    frame = pd.DataFrame(rows, columns=[*schema, "line"])
    for column in ("rank", "tier"):
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    for column in ("score", "value"):
        if column in frame:
            frame[column] = frame[column].astype("Float64")
    return frame


def load_tables(data_dir: Path) -> Tables:
    """Load and validate ``rankings.csv``, ``metrics.csv`` and ``statements.csv`` from ``data_dir``."""
    rankings_path, metrics_path = data_dir / "rankings.csv", data_dir / "metrics.csv"
    rankings = read_table(rankings_path, RANKINGS_SCHEMA)
    _check_rankings(rankings_path, rankings)
    metrics = read_table(metrics_path, METRICS_SCHEMA)
    _check_metrics(metrics_path, metrics)
    statements = read_table(data_dir / "statements.csv", STATEMENTS_SCHEMA)
    return Tables(
        rankings=to_frame(rankings, RANKINGS_SCHEMA),
        metrics=to_frame(metrics, METRICS_SCHEMA),
        statements=to_frame(statements, STATEMENTS_SCHEMA),
    )


@lru_cache(maxsize=4)
def cached_tables(data_dir: Path) -> Tables:
    """``load_tables`` once per directory for the life of the process."""
    return load_tables(data_dir)
