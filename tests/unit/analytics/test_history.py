"""rank_history and movers: changes computed in the test from the table rows."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from assistant.analytics import movers, rank_history
from assistant.analytics.errors import NotInIndexError
from assistant.errors import InputError
from assistant.tables import Tables


def _ranks(tables: Tables, family: str, city: str | None = None, edition: str | None = None) -> dict[str, int]:
    """Published ranks from the CSV rows: edition -> rank for a city, or city -> rank for an edition."""
    frame = tables.rankings[(tables.rankings["index_family"] == family) & tables.rankings["rank"].notna()]
    if city is not None:
        frame = frame[frame["city"] == city]
        return {str(e): int(r) for e, r in zip(frame["edition"], frame["rank"], strict=True)}
    frame = frame[frame["edition"] == edition]
    return {str(c): int(r) for c, r in zip(frame["city"], frame["rank"], strict=True)}


def test_shanghai_gfci_fintech_history(tables: Tables) -> None:
    result = rank_history(tables, "Shanghai", "GFCI fintech")
    ranks = _ranks(tables, "gfci_fintech", "Shanghai")
    ranked = [point for point in result.points if point.status == "ranked"]
    assert [point.edition for point in ranked] == list(ranks)
    values = list(ranks.values())
    expected_changes = [None] + [before - after for before, after in itertools.pairwise(values)]
    assert [point.change for point in ranked] == expected_changes == [None, -1, 0, 1, -13]
    assert ranked[-1].compared_with == "GFCI 31 (2022-03)"
    assert result.net_change == ranks["GFCI 26 (2019-09)"] - ranks["GFCI 36 (2024-09)"]
    assert (result.best_rank, result.worst_rank) == (2, 15)
    unlisted = [point for point in result.points if point.status == "not listed"]
    assert [point.edition for point in unlisted] == [
        "GFCI 34 (2023-09)",
        "GFCI 35 (2024-03)",
        "GFCI 37 (2025-03)",
        "GFCI 38 (2025-09)",
    ]
    assert all(point.rank is None and point.change is None for point in unlisted)
    assert "rose 9 places" in (unlisted[-1].note or "")
    assert any("GFCI 29, GFCI 30, GFCI 32, GFCI 33" in note for note in result.notes)
    assert "positive = places gained" in (result.method or "")


def test_hong_kong_rises_and_tier_only_points(tables: Tables) -> None:
    hong_kong = rank_history(tables, "香港", "gfci_fintech")
    assert [(p.edition, p.rank, p.change) for p in hong_kong.points if p.rank is not None] == [
        ("GFCI 36 (2024-09)", 9, None),
        ("GFCI 37 (2025-03)", 4, 9 - 4),
        ("GFCI 38 (2025-09)", 1, 4 - 1),
    ]
    assert hong_kong.net_change == 9 - 1
    tokyo = rank_history(tables, "Tokyo", "gfcdi")
    assert [(p.edition, p.status, p.rank, p.tier) for p in tokyo.points] == [
        ("2023", "not listed", None, None),
        ("2024", "ranked", 6, None),
        ("2025", "tier only", None, 3),
    ]
    assert tokyo.net_change is None
    assert any("2021" in note for note in rank_history(tables, "Beijing", "fhi").notes)


def test_history_errors(tables: Tables) -> None:
    with pytest.raises(NotInIndexError):
        rank_history(tables, "Frankfurt", "fhi")
    with pytest.raises(NotInIndexError):
        rank_history(tables, "Washington DC", "gfcdi")


def test_movers_between_gfci_38_and_37(tables: Tables) -> None:
    result = movers(tables, "GFCI fintech", "GFCI 37", "GFCI 38")
    old = _ranks(tables, "gfci_fintech", edition="GFCI 37 (2025-03)")
    new = _ranks(tables, "gfci_fintech", edition="GFCI 38 (2025-09)")
    expected = {city: old[city] - new[city] for city in old if city in new}
    got = {move.city: move.change for move in [*result.rises, *result.falls, *result.unchanged]}
    assert got == expected == {"New York": -2, "London": -3, "Shenzhen": 1, "Hong Kong": 3}
    assert [move.city for move in result.rises] == ["Hong Kong", "Shenzhen"]
    assert [move.city for move in result.falls] == ["London", "New York"]
    assert result.only_in_from == ["San Francisco"] and result.only_in_to == ["Singapore"]
    assert any("Chengdu" in note for note in result.notes)


def test_movers_defaults_and_errors(tables: Tables, make_tables: Callable[..., Tables]) -> None:
    default = movers(tables, "fhi")
    assert (default.from_edition, default.to_edition) == ("2024", "2025")
    with pytest.raises(InputError, match="must be earlier"):
        movers(tables, "fhi", "2025", "2019")
    with pytest.raises(InputError, match="first edition"):
        movers(tables, "fhi", to_edition="2019")
    small = make_tables(
        rankings=[
            {"index_family": "gfcdi", "edition": "2023", "city": "Tokyo", "rank": 1},
            {"index_family": "gfcdi", "edition": "2023", "city": "Paris", "rank": 2},
            {"index_family": "gfcdi", "edition": "2023", "city": "Seoul", "rank": 3},
            {"index_family": "gfcdi", "edition": "2025", "city": "Seoul", "rank": 1},
            {"index_family": "gfcdi", "edition": "2025", "city": "Tokyo", "rank": 2},
            {"index_family": "gfcdi", "edition": "2025", "city": "Paris", "tier": 2},
        ]
    )
    result = movers(small, "gfcdi")
    assert [(m.city, m.change) for m in result.rises] == [("Seoul", 3 - 1)]
    assert [(m.city, m.change) for m in result.falls] == [("Tokyo", 1 - 2)]
    assert any("2024" in note for note in result.notes)
    assert any("Paris" in note for note in result.notes)
