"""Helpers shared by the analytics tools: editions, row conversion and notes computed from the rows."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from assistant import names
from assistant.analytics.models import MetricRow, RankingRow
from assistant.errors import InputError
from assistant.tables import INDEX_FAMILIES, Tables

RANKS_ONLY = ("gfcdi", "fhi")
SOURCE_FAMILIES = {"kpmg": "KPMG Pulse of Fintech", "innovate finance": "Innovate Finance"}
SOURCE_WARNING = (
    "KPMG Pulse of Fintech totals (VC, PE and M&A) and Innovate Finance venture-capital figures measure "
    "different things: they are never added or compared as one series."
)


def value(cell: Any) -> Any:
    """A table cell with pandas' missing marker turned into None."""
    return None if cell is None or cell is pd.NA or (isinstance(cell, float) and cell != cell) else cell


def editions_of(tables: Tables, family: str) -> list[str]:
    """Editions of ``family`` in ``tables``, oldest first."""
    rankings = tables.rankings
    editions = {str(edition) for edition in rankings.loc[rankings["index_family"] == family, "edition"]}
    return sorted(editions, key=names.edition_sort_key)


def pick_edition(tables: Tables, family: str, edition: str | None) -> str:
    """The edition named by ``edition`` (as typed), or the latest one when None."""
    editions = editions_of(tables, family)
    if edition is None:
        if not editions:
            raise InputError(f"The data holds no edition of {family}.")
        return editions[-1]
    return names.resolve_edition(family, edition, editions=editions)


def family_rows(tables: Tables, family: str) -> pd.DataFrame:
    return tables.rankings[tables.rankings["index_family"] == family]


def edition_rows(tables: Tables, family: str, edition: str) -> pd.DataFrame:
    """Rows of one edition: ranked rows by rank, then rows without a rank by tier (CSV order within)."""
    frame = tables.rankings[(tables.rankings["index_family"] == family) & (tables.rankings["edition"] == edition)]
    ranked = frame[frame["rank"].notna()].sort_values(["rank", "line"], kind="stable")
    unranked = frame[frame["rank"].isna()].sort_values(["tier", "line"], kind="stable", na_position="last")
    return pd.concat([ranked, unranked])


def ranking_row(record: dict[str, Any]) -> RankingRow:
    rank, score, tier = value(record["rank"]), value(record["score"]), value(record["tier"])
    return RankingRow(
        index_family=record["index_family"],
        index_name=names.display_name("index", record["index_family"], "en"),
        edition=record["edition"],
        publisher=record["publisher"],
        city=record["city"],
        rank=None if rank is None else int(rank),
        rank_status="not published" if rank is None else "published",
        score=None if score is None else float(score),
        score_status="not published" if score is None else "published",
        tier=None if tier is None else int(tier),
        confidence=record["confidence"],
        source=record["source"],
        note=value(record["note"]),
        line=int(record["line"]),
    )


def ranking_rows(frame: pd.DataFrame) -> list[RankingRow]:
    return [ranking_row(record) for record in frame.to_dict("records")]


def metric_row(record: dict[str, Any]) -> MetricRow:
    number = value(record["value"])
    return MetricRow(
        metric=record["metric"],
        metric_name=names.display_name("metric", record["metric"], "en"),
        geography=record["geography"],
        period=record["period"],
        value=None if number is None else float(number),
        value_status="not published" if number is None else "published",
        unit=value(record["unit"]),
        kind=record["kind"],
        confidence=record["confidence"],
        source=record["source"],
        note=value(record["note"]),
        line=int(record["line"]),
    )


def status(row: RankingRow) -> str:
    """'ranked', 'tier only' or 'score only'."""
    if row.rank is not None:
        return "ranked"
    return "tier only" if row.tier is not None else "score only"


def family_notes(family: str, rows: list[RankingRow]) -> list[str]:
    """What the index publishes, so that a missing score is read correctly."""
    if family in RANKS_ONLY:
        return [f"{names.display_name('index', family, 'en')} publishes no city scores: ranks (and tiers) only."]
    if family == "gfci_overall":
        return ["Scores are GFCI overall ratings of financial centres in general, not fintech ratings."]
    if any(row.score is not None for row in rows):
        return ["Scores are Z/Yen FinTech ratings; a rating is not a rank."]
    return []


def tier_sizes(rows: list[RankingRow]) -> list[int] | None:
    """Tier sizes stated in a row note such as 'tier 2 of a 4+4+8+6 structure', if any."""
    for row in rows:
        match = re.search(r"(\d+(?:\+\d+)+)\s+structure", row.note or "")
        if match:
            return [int(size) for size in match.group(1).split("+")]
    return None


def tier_ranges(rows: list[RankingRow]) -> dict[int, tuple[int, int]]:
    """The rank range (first, last) each tier covers: stated tier sizes, else the number of cities named."""
    tiers = sorted({row.tier for row in rows if row.tier is not None})
    sizes = tier_sizes(rows) or [sum(row.tier == tier for row in rows) for tier in range(1, max(tiers, default=0) + 1)]
    ranges, first = {}, 1
    for tier, size in enumerate(sizes, start=1):
        ranges[tier] = (first, first + size - 1)
        first += size
    return ranges


def edition_notes(rows: list[RankingRow]) -> list[str]:
    """Caveats computed from one edition's rows: unrecorded ranks, ties, partly named tiers, unranked rows."""
    notes = []
    ranks = [row.rank for row in rows if row.rank is not None]
    covered = {rank + offset for rank in set(ranks) for offset in range(ranks.count(rank))}
    missing = sorted(set(range(1, max(ranks, default=0) + 1)) - covered)
    if missing:
        which = f"Rank {missing[0]} is" if len(missing) == 1 else f"Ranks {_spans(missing)} are"
        notes.append(f"{which} not recorded in the data (not published or not found).")
    for rank in sorted({rank for rank in ranks if ranks.count(rank) > 1}):
        tied = [row.city for row in rows if row.rank == rank]
        notes.append(f"{' and '.join(tied)} share rank {rank}.")
    sizes = tier_sizes(rows)
    for tier, size in enumerate(sizes or [], start=1):
        named = sum(row.tier == tier for row in rows)
        if named < size:
            notes.append(
                f"Tier {tier} holds {size} cities; the source names {named}" + (" (unnamed)." if not named else ".")
            )
    tier_only = [row.city for row in rows if status(row) == "tier only"]
    if tier_only:
        notes.append(f"{len(tier_only)} cities are known only by tier; their rank was not published.")
    for row in rows:
        if status(row) == "score only":
            notes.append(f"{row.city} has a published score but no rank in this edition.")
    return notes


def _spans(numbers: list[int]) -> str:
    """'6-10, 12' for [6, 7, 8, 9, 10, 12]."""
    groups: list[list[int]] = []
    for number in numbers:
        if groups and number == groups[-1][1] + 1:
            groups[-1][1] = number
        else:
            groups.append([number, number])
    return ", ".join(str(first) if first == last else f"{first}-{last}" for first, last in groups)


def mentions(rows: list[RankingRow], city: str) -> list[str]:
    """Notes of other cities' rows that mention ``city`` (e.g. 'Shanghai rose 9 places into the top 10')."""
    return [
        f"{row.edition} note: {row.note}"
        for row in rows
        if row.city != city and row.note and city in names.find_cities(row.note)
    ]


def missing_editions(editions: list[str]) -> list[str]:
    """Editions between the first and last that the data lacks (GFCI numbers or years)."""
    numbers = [names.gfci_number(edition) for edition in editions]
    if numbers and all(number is not None for number in numbers):
        have = set(numbers)
        return [f"GFCI {n}" for n in range(min(have), max(have) + 1) if n not in have]  # type: ignore[type-var]
    years = {int(edition) for edition in editions if edition.isdigit()}
    return [str(year) for year in range(min(years, default=0), max(years, default=-1) + 1) if year not in years]


def ordered_families(families: list[str] | None) -> list[str]:
    """Resolved index families in the canonical order, de-duplicated."""
    wanted = {names.resolve_index(family) for family in families} if families else set(INDEX_FAMILIES)
    return [family for family in INDEX_FAMILIES if family in wanted]


def resolve_metric_text(text: str) -> str:
    """A metric id from its name, or from a phrase that mentions exactly one metric."""
    try:
        return names.resolve_metric(text)
    except InputError:
        found = names.find_metrics(text)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise InputError(
                f"{text!r} names more than one metric ({', '.join(found)}); ask for one at a time."
            ) from None
        raise


def source_family(source: str) -> str | None:
    """The organisation behind a figure whose series must not be mixed (KPMG, Innovate Finance), if any."""
    lowered = source.lower()
    return next((name for key, name in SOURCE_FAMILIES.items() if key in lowered), None)
