"""consensus_ranking: mean normalised ranks worked out by hand."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.analytics import consensus_ranking
from assistant.tables import Tables


def test_real_tables_by_hand(tables: Tables) -> None:
    result = consensus_ranking(tables)
    assert result.editions_used == {"gfcdi": "2025", "fhi": "2025", "gfci_fintech": "GFCI 38 (2025-09)"}
    entries = {entry.city: entry for entry in result.entries}
    # positions known: gfcdi 2025 tiers 4+4+8 named -> 16; fhi 2025 ranks 1-10 -> 10; GFCI 38 ranks 1-5 -> 5
    new_york = (0 / 15 + 2 / 9 + 2 / 4) / 3  # gfcdi rank 1, fhi rank 3, GFCI 38 rank 3
    hong_kong = ((12.5 - 1) / 15 + 8 / 9 + 0 / 4) / 3  # gfcdi tier 3 = ranks 9-16, middle 12.5; fhi 9; GFCI 1
    beijing = (2 / 15 + 0 / 9) / 2  # gfcdi rank 3, fhi rank 1; not in the known GFCI 38 top 5
    assert entries["New York"].mean_normalised_rank == pytest.approx(new_york)
    assert entries["Hong Kong"].mean_normalised_rank == pytest.approx(hong_kong)
    assert entries["Beijing"].mean_normalised_rank == pytest.approx(beijing)
    assert entries["Beijing"].indices_counted == 2 and entries["New York"].indices_counted == 3
    means = [entry.mean_normalised_rank for entry in result.entries]
    assert means == sorted(means)
    assert result.entries[0].city == "Beijing" and result.entries[0].consensus_rank == 1
    london = {c.index_family: c for c in entries["London"].components}
    assert (london["gfcdi"].rank, london["gfcdi"].tier, london["gfcdi"].position) == (None, 2, (5 + 8) / 2)
    assert any("left out of that index's average" in text for text in result.assumptions)
    assert any("middle of its tier" in text for text in result.assumptions)
    assert "mean" in (result.method or "")


def test_filters_and_ties(tables: Tables) -> None:
    everywhere = consensus_ranking(tables, min_indices=3)
    assert {entry.city for entry in everywhere.entries} == {
        "New York",
        "Shenzhen",
        "Hong Kong",
        "London",
        "Singapore",
    }
    assert len(consensus_ranking(tables, top_n=3).entries) == 3
    tied = [entry for entry in consensus_ranking(tables).entries if entry.indices_counted == 1]
    assert len({entry.consensus_rank for entry in tied}) == 1  # five gfcdi tier-3 cities share one place
    overall = consensus_ranking(tables, indices=["GFCI overall"])
    assert overall.editions_used == {"gfci_overall": "GFCI 38 (2025-09)"}
    assert overall.entries[0].city == "New York"


def test_small_tables_by_hand(make_tables: Callable[..., Tables]) -> None:
    small = make_tables(
        rankings=[
            {"index_family": "fhi", "edition": "2024", "city": "Paris", "rank": 1},
            {"index_family": "fhi", "edition": "2024", "city": "Tokyo", "rank": 2},
            {"index_family": "fhi", "edition": "2024", "city": "Seoul", "rank": 3},
            {"index_family": "fhi", "edition": "2025", "city": "Seoul", "rank": 1},  # latest fhi edition
            {"index_family": "fhi", "edition": "2025", "city": "Tokyo", "rank": 2},
            {"index_family": "fhi", "edition": "2025", "city": "Paris", "rank": 3},
            {"index_family": "gfcdi", "edition": "2025", "city": "Paris", "rank": 1},
            {"index_family": "gfcdi", "edition": "2025", "city": "Tokyo", "rank": 2},
        ]
    )
    result = consensus_ranking(small)
    means = {entry.city: entry.mean_normalised_rank for entry in result.entries}
    assert means["Seoul"] == pytest.approx(0 / 2)  # fhi 2025 rank 1 of 3 only
    assert means["Paris"] == pytest.approx((2 / 2 + 0 / 1) / 2)
    assert means["Tokyo"] == pytest.approx((1 / 2 + 1 / 1) / 2)
    assert [entry.city for entry in result.entries] == ["Seoul", "Paris", "Tokyo"]
    assert any("gfci_fintech: no edition" in note for note in result.notes)
