"""The data tables load, keep unknowns unknown, and reject malformed rows by file, line and field."""

from pathlib import Path

import pandas as pd
import pytest

from assistant.config import Settings
from assistant.tables import TableError, load_tables

BUNDLED = Settings().tables_dir


def test_bundled_tables_load_with_unknowns_as_missing() -> None:
    tables = load_tables(BUNDLED)
    rankings = tables.rankings
    in_2025 = (rankings.index_family == "gfcdi") & (rankings.edition == "2025")
    london_2025 = rankings[in_2025 & (rankings.city == "London")]
    assert len(london_2025) == 1
    assert london_2025["rank"].isna().all() and int(london_2025["tier"].iloc[0]) == 2
    assert rankings[rankings.index_family.isin(["gfcdi", "fhi"])]["score"].isna().all()
    size = tables.metrics[(tables.metrics.metric == "fintech_industry_size") & (tables.metrics.period == "2024")]
    assert float(size["value"].iloc[0]) == 440.5
    assert len(tables.statements) > 0


def _copy_with(tmp_path: Path, name: str, transform) -> Path:
    for file in ("rankings.csv", "metrics.csv", "statements.csv"):
        text = (BUNDLED / file).read_text(encoding="utf-8")
        (tmp_path / file).write_text(transform(text) if file == name else text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "transform", "line", "field"),
    [
        ("rankings.csv", lambda t: t.replace("gfcdi,2024,", "gfcdx,2024,", 1), 6, "index_family"),
        ("rankings.csv", lambda t: t.replace("New York,1,,,medium", "New York,first,,,medium", 1), 2, "rank"),
        ("rankings.csv", lambda t: t.replace("New York,1,,,medium", "New York,,,,medium", 1), 2, "rank"),
        ("metrics.csv", lambda t: t.replace("Shanghai,2024,440.5,", "Shanghai,2024,lots,", 1), 2, "value"),
        ("metrics.csv", lambda t: t.replace(",actual,high,seed", ",guess,high,seed", 1), 2, "kind"),
    ],
)
def test_malformed_row_names_file_line_and_field(tmp_path: Path, name, transform, line, field) -> None:
    with pytest.raises(TableError) as caught:
        load_tables(_copy_with(tmp_path, name, transform))
    assert caught.value.path.name == name and caught.value.line == line and caught.value.field == field
    assert f"line {line}" in str(caught.value) and field in str(caught.value)


def test_duplicate_city_in_an_edition_is_rejected(tmp_path: Path) -> None:
    def duplicate(text: str) -> str:
        lines = text.splitlines()
        return "\n".join([*lines, lines[1]]) + "\n"

    with pytest.raises(TableError, match="duplicate of line 2"):
        load_tables(_copy_with(tmp_path, "rankings.csv", duplicate))


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(TableError, match=r"rankings\.csv: file not found"):
        load_tables(tmp_path)


def test_unknown_score_is_not_zero() -> None:
    scores = load_tables(BUNDLED).rankings["score"]
    assert scores.dtype == pd.Float64Dtype()
    assert not (scores.fillna(-1) == 0).any()
