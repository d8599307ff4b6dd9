"""Rank changes over time: one city's trajectory, and the movers between two editions."""

from __future__ import annotations

from assistant import names
from assistant.analytics import common
from assistant.analytics.errors import NotInIndexError
from assistant.analytics.models import HistoryPoint, Move, MoversResult, RankHistoryResult
from assistant.errors import InputError
from assistant.tables import Tables

SIGN_CONVENTION = "change = previous rank - current rank: positive = places gained (a rise), negative = places lost."


def rank_history(tables: Tables, city: str, index: str) -> RankHistoryResult:
    """A city's rank in each edition of one index with the change at each step; missing editions are gaps."""
    name = names.resolve_city(city)
    family = names.resolve_index(index)
    family_all = common.ranking_rows(common.family_rows(tables, family))
    mine = {row.edition: row for row in family_all if row.city == name}
    if not mine:
        raise NotInIndexError(f"{name} does not appear in any edition of {family} in the data.")
    editions = common.editions_of(tables, family)
    points: list[HistoryPoint] = []
    previous: tuple[str, int] | None = None
    for edition in editions:
        row = mine.get(edition)
        if row is None:
            edition_all = [other for other in family_all if other.edition == edition]
            note = "; ".join(common.mentions(edition_all, name)) or None
            points.append(
                HistoryPoint(
                    edition=edition,
                    status="not listed",
                    rank=None,
                    tier=None,
                    score=None,
                    change=None,
                    compared_with=None,
                    note=note,
                )
            )
            continue
        change = None if row.rank is None or previous is None else previous[1] - row.rank
        points.append(
            HistoryPoint(
                edition=edition,
                status=common.status(row),  # type: ignore[arg-type]
                rank=row.rank,
                tier=row.tier,
                score=row.score,
                change=change,
                compared_with=previous[0] if change is not None and previous else None,
                note=row.note,
            )
        )
        if row.rank is not None:
            previous = (edition, row.rank)
    ranked = [point for point in points if point.rank is not None]
    notes = common.family_notes(family, list(mine.values()))
    gaps = common.missing_editions(editions)
    if gaps:
        notes.append(f"Editions not in the data: {', '.join(gaps)}; changes span them without guessing.")
    unlisted = [point.edition for point in points if point.status == "not listed"]
    if unlisted:
        notes.append(f"{name} is not listed in {', '.join(unlisted)}: its rank there is unknown, not absent.")
    notes += [f"{p.edition}: rank not published (tier {p.tier} only)." for p in points if p.status == "tier only"]
    ranks = [point.rank for point in ranked if point.rank is not None]
    return RankHistoryResult(
        city=name,
        index_family=family,
        index_name=names.display_name("index", family, "en"),
        points=points,
        net_change=ranks[0] - ranks[-1] if len(ranks) > 1 else None,
        best_rank=min(ranks, default=None),
        worst_rank=max(ranks, default=None),
        rows=sorted(mine.values(), key=lambda row: names.edition_sort_key(row.edition)),
        method=f"Each change compares a ranked edition with the previous edition where the city was ranked; "
        f"{SIGN_CONVENTION} net_change compares the first and last ranked editions.",
        notes=notes,
    )


def movers(tables: Tables, index: str, from_edition: str | None = None, to_edition: str | None = None) -> MoversResult:
    """Rises and falls among cities ranked in both editions (default: the two latest editions)."""
    family = names.resolve_index(index)
    editions = common.editions_of(tables, family)
    if len(editions) < 2:
        raise InputError(f"{family} has fewer than two editions in the data.")
    to_ = common.pick_edition(tables, family, to_edition)
    if from_edition is None:
        earlier = [edition for edition in editions if names.edition_sort_key(edition) < names.edition_sort_key(to_)]
        if not earlier:
            raise InputError(f"{to_} is the first edition of {family} in the data: nothing to compare with.")
        from_ = earlier[-1]
    else:
        from_ = common.pick_edition(tables, family, from_edition)
    if names.edition_sort_key(from_) >= names.edition_sort_key(to_):
        raise InputError(f"from_edition ({from_}) must be earlier than to_edition ({to_}).")
    before = {row.city: row for row in common.ranking_rows(common.edition_rows(tables, family, from_))}
    after = {row.city: row for row in common.ranking_rows(common.edition_rows(tables, family, to_))}
    ranked_before = {city: row.rank for city, row in before.items() if row.rank is not None}
    ranked_after = {city: row.rank for city, row in after.items() if row.rank is not None}
    moves = [
        Move(city=city, from_rank=rank, to_rank=ranked_after[city], change=rank - ranked_after[city])
        for city, rank in ranked_before.items()
        if city in ranked_after
    ]
    notes = []
    gaps = [g for g in common.missing_editions(editions) if _between(g, from_, to_)]
    if gaps:
        notes.append(f"Editions between them missing from the data: {', '.join(gaps)}.")
    unranked = sorted({c for c in before if c not in ranked_before} | {c for c in after if c not in ranked_after})
    if unranked:
        notes.append(f"Listed without a published rank in one edition, not compared: {', '.join(unranked)}.")
    notes.append("Cities outside the known part of either list are not compared: their rank there is unknown.")
    return MoversResult(
        index_family=family,
        index_name=names.display_name("index", family, "en"),
        from_edition=from_,
        to_edition=to_,
        rises=sorted([m for m in moves if m.change > 0], key=lambda m: (-m.change, m.to_rank)),
        falls=sorted([m for m in moves if m.change < 0], key=lambda m: (m.change, m.to_rank)),
        unchanged=sorted([m for m in moves if m.change == 0], key=lambda m: m.to_rank),
        only_in_from=sorted(set(ranked_before) - set(ranked_after), key=lambda c: ranked_before[c]),
        only_in_to=sorted(set(ranked_after) - set(ranked_before), key=lambda c: ranked_after[c]),
        rows=common.ranking_rows(common.edition_rows(tables, family, from_))
        + common.ranking_rows(common.edition_rows(tables, family, to_)),
        method=f"Among cities with a published rank in both editions: {SIGN_CONVENTION}",
        notes=notes,
    )


def _between(gap: str, first: str, last: str) -> bool:
    number = int(gap.removeprefix("GFCI "))
    low, high = names.gfci_number(first), names.gfci_number(last)
    if low is not None and high is not None:
        return low < number < high
    return int(first) < number < int(last)
