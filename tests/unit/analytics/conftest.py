"""Fixtures: the project's real tables, and a builder for small in-test tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from assistant.config import PROJECT_ROOT
from assistant.tables import METRICS_SCHEMA, RANKINGS_SCHEMA, STATEMENTS_SCHEMA, Tables, load_tables, to_frame


@pytest.fixture(scope="session")
def tables() -> Tables:
    return load_tables(PROJECT_ROOT / "corpus" / "data")


def _frame(rows: list[dict[str, Any]], schema: dict[str, Any], defaults: dict[str, Any]) -> pd.DataFrame:
    return to_frame([{**defaults, **row, "line": number} for number, row in enumerate(rows, start=2)], schema)


def build_tables(rankings: list[dict[str, Any]] | None = None, metrics: list[dict[str, Any]] | None = None) -> Tables:
    """Tables typed like ``load_tables`` output; rows give only the fields that matter to a test."""
    ranking_defaults = {
        "publisher": "Test",
        "rank": None,
        "score": None,
        "tier": None,
        "confidence": "high",
        "source": "test source",
        "note": None,
    }
    metric_defaults = {
        "unit": "billion USD",
        "kind": "actual",
        "confidence": "high",
        "source": "test source",
        "note": None,
        "geography": "Global",
    }
    return Tables(
        rankings=_frame(rankings or [], RANKINGS_SCHEMA, ranking_defaults),
        metrics=_frame(metrics or [], METRICS_SCHEMA, metric_defaults),
        statements=_frame([], STATEMENTS_SCHEMA, {}),
    )


@pytest.fixture(scope="session")
def make_tables() -> Callable[..., Tables]:
    return build_tables
