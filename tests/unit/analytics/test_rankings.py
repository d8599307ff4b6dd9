"""ranking, city_rank and compare on the real tables and on small in-test tables."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from assistant.analytics import city_rank, compare, ranking
from assistant.analytics.errors import NoDataError, NotInIndexError
from assistant.errors import InputError, UnknownNameError
from assistant.tables import Tables


def _json(model: object) -> str:
    return json.dumps(model.model_dump(mode="json"), allow_nan=False)  # type: ignore[attr-defined]


def test_gfcdi_latest_lists_ranked_rows_then_tier_only_rows(tables: Tables) -> None:
    result = ranking(tables, "全球金融科技中心发展指数")
    frame = tables.rankings[(tables.rankings["index_family"] == "gfcdi") & (tables.rankings["edition"] == "2025")]
    ranked = frame[frame["rank"].notna()].sort_values("rank")
    assert result.edition == "2025"
    assert result.editions_available == ["2023", "2024", "2025"]
    assert [row.city for row in result.rows[: len(ranked)]] == list(ranked["city"])
    assert [row.rank for row in result.rows[: len(ranked)]] == [1, 2, 3, 4]
    tier_only = result.rows[len(ranked) :]
    assert len(tier_only) == int(frame["rank"].isna().sum()) == 11
    assert all(row.rank is None and row.rank_status == "not published" for row in tier_only)
    assert [row.tier for row in tier_only] == sorted(row.tier for row in tier_only)
    assert all(row.score is None and row.score_status == "not published" for row in result.rows)
    assert "Tier 3 holds 8 cities; the source names 7." in result.notes
    assert "Tier 4 holds 6 cities; the source names 0 (unnamed)." in result.notes
    assert any("publishes no city scores" in note for note in result.notes)
    assert '"rank": null' in _json(result) and "NaN" not in _json(result)


def test_tier_filter_and_errors(tables: Tables) -> None:
    assert [row.city for row in ranking(tables, "gfcdi", tier=2).rows] == [
        "London",
        "Paris",
        "Shenzhen",
        "Singapore",
    ]
    with pytest.raises(NoDataError, match="tier 5"):
        ranking(tables, "gfcdi", tier=5)
    with pytest.raises(NoDataError, match="no tiers"):
        ranking(tables, "GFCI FinTech", tier=1)
    with pytest.raises(UnknownNameError, match="GFCI 30"):
        ranking(tables, "GFCI FinTech", "GFCI 30")
    with pytest.raises(UnknownNameError):
        ranking(tables, "no such index")


def test_top_n_keeps_published_ranks_and_notes_the_gap(tables: Tables) -> None:
    result = ranking(tables, "gfci_fintech", "GFCI 35", top_n=10)
    assert [row.rank for row in result.rows] == [1, 2, 3, 4, 5]
    assert "Ranks 6-10 are not recorded in the data (not published or not found)." in result.notes
    assert [row.city for row in ranking(tables, "gfcdi", "2025", top_n=2).rows] == ["New York", "Shanghai"]


def test_score_without_rank_and_ties(tables: Tables) -> None:
    result = ranking(tables, "GFCI fintech", "GFCI 37")
    chengdu = result.rows[-1]
    assert (chengdu.city, chengdu.rank, chengdu.score, chengdu.rank_status) == (
        "Chengdu",
        None,
        705.0,
        "not published",
    )
    assert "Chengdu has a published score but no rank in this edition." in result.notes
    assert "Shenzhen and Hangzhou share rank 6." in ranking(tables, "fhi", "2020").notes


def test_bare_gfci_reads_as_overall_and_says_so(tables: Tables) -> None:
    result = ranking(tables, "GFCI")
    assert result.index_family == "gfci_overall"
    assert result.rows[0].score == 766.0
    assert any("could also mean gfci_fintech" in note for note in result.notes)


def test_small_table_order(make_tables: Callable[..., Tables]) -> None:
    small = make_tables(
        rankings=[
            {"index_family": "fhi", "edition": "2024", "city": "Paris", "tier": 2},
            {"index_family": "fhi", "edition": "2024", "city": "London", "rank": 2},
            {"index_family": "fhi", "edition": "2024", "city": "Tokyo", "rank": 1},
            {"index_family": "fhi", "edition": "2024", "city": "Seoul", "rank": 4},
        ]
    )
    result = ranking(small, "fhi")
    assert [(row.city, row.rank) for row in result.rows] == [
        ("Tokyo", 1),
        ("London", 2),
        ("Seoul", 4),
        ("Paris", None),
    ]
    assert "Rank 3 is not recorded in the data (not published or not found)." in result.notes


def test_city_rank_everywhere(tables: Tables) -> None:
    result = city_rank(tables, "上海")
    expected = tables.rankings[tables.rankings["city"] == "Shanghai"]
    assert result.city == "Shanghai"
    assert len(result.rows) == len(expected)
    assert {row.line for row in result.rows} == set(expected["line"])
    latest = {row.index_family: (row.edition, row.rank) for row in result.latest}
    assert latest == {
        "gfcdi": ("2025", 2),
        "fhi": ("2025", 5),
        "gfci_fintech": ("GFCI 36 (2024-09)", 15),
        "gfci_overall": ("GFCI 38 (2025-09)", 8),
    }


def test_city_rank_in_one_edition_and_errors(tables: Tables) -> None:
    result = city_rank(tables, "Shanghai", "GFCI fintech", "GFCI 38")
    assert result.rows == []
    assert "Shanghai is not listed in gfci_fintech GFCI 38 (2025-09)." in result.notes
    assert any("Shanghai rose 9 places into the top 10" in note for note in result.notes)
    assert [row.rank for row in city_rank(tables, "HK", "gfci_fintech", "第38期").rows] == [1]
    tokyo = city_rank(tables, "东京", "gfcdi", "2025")
    assert tokyo.rows[0].rank is None and tokyo.rows[0].tier == 3
    assert "gfcdi 2025: rank not published; tier 3 only." in tokyo.notes
    with pytest.raises(NotInIndexError, match="any index"):
        city_rank(tables, "Frankfurt")
    with pytest.raises(NotInIndexError, match="It appears in: gfci_fintech"):
        city_rank(tables, "Washington DC", "gfcdi")
    with pytest.raises(InputError, match="needs an index"):
        city_rank(tables, "Shanghai", edition="2024")
    with pytest.raises(UnknownNameError):
        city_rank(tables, "Atlantis")


def test_compare_with_ratings(tables: Tables) -> None:
    result = compare(tables, ["Shanghai", "纽约", "HK"], "GFCI overall", "GFCI 38")
    scores = {"New York": 766.0, "Hong Kong": 764.0, "Shanghai": 751.0}  # the CSV's GFCI 38 overall ratings
    assert [entry.city for entry in result.entries] == ["New York", "Hong Kong", "Shanghai"]
    assert [entry.places_behind_best for entry in result.entries] == [0, 3 - 1, 8 - 1]
    for entry in result.entries:
        assert entry.score_behind_best == pytest.approx(max(scores.values()) - scores[entry.city])
    assert len(result.rows) == 3


def test_compare_tier_only_and_unlisted(tables: Tables) -> None:
    result = compare(tables, ["Tokyo", "London", "Shanghai"], "gfcdi")
    assert [(e.city, e.status, e.rank, e.tier) for e in result.entries] == [
        ("Shanghai", "ranked", 2, 1),
        ("London", "tier only", None, 2),
        ("Tokyo", "tier only", None, 3),
    ]
    assert all(entry.score is None and entry.score_status == "not published" for entry in result.entries)
    unlisted = compare(tables, ["Shanghai", "Hong Kong"], "gfci_fintech", "GFCI 38")
    shanghai = next(entry for entry in unlisted.entries if entry.city == "Shanghai")
    assert shanghai.status == "not listed" and "rose 9 places" in (shanghai.note or "")
    with pytest.raises(NotInIndexError, match="Frankfurt"):
        compare(tables, ["Shanghai", "Frankfurt"], "gfcdi")
    with pytest.raises(InputError, match="two different cities"):
        compare(tables, ["Shanghai", "上海"], "gfcdi")
