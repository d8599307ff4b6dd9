"""Read rankings: one edition's table, a city's places, cities side by side."""

from __future__ import annotations

from assistant import names
from assistant.analytics import common
from assistant.analytics.errors import NoDataError, NotInIndexError
from assistant.analytics.models import CityRankResult, CompareEntry, CompareResult, RankingResult, RankingRow
from assistant.errors import InputError
from assistant.tables import Tables


def ranking(
    tables: Tables, index: str, edition: str | None = None, top_n: int | None = None, tier: int | None = None
) -> RankingResult:
    """One edition's table (default: latest): ranked rows by rank, then rows whose rank was not published."""
    family = names.resolve_index(index)
    chosen = common.pick_edition(tables, family, edition)
    all_rows = common.ranking_rows(common.edition_rows(tables, family, chosen))
    notes = [*common.family_notes(family, all_rows), *common.edition_notes(all_rows)]
    rows = all_rows
    if tier is not None:
        tiers = sorted({row.tier for row in all_rows if row.tier is not None})
        if tier not in tiers:
            known = f"tiers {', '.join(map(str, tiers))}" if tiers else "no tiers"
            raise NoDataError(f"{family} {chosen} has no named city in tier {tier} (the data has {known}).")
        rows = [row for row in rows if row.tier == tier]
    if top_n is not None:
        left_out = [row.city for row in rows if row.rank is None]
        rows = [row for row in rows if row.rank is not None and row.rank <= top_n]
        if left_out:
            notes.append(f"top_n keeps published ranks only; {len(left_out)} rows without a rank were left out.")
    if names.index_candidates(index) != [family]:
        notes.append(f"'{index}' could also mean {', '.join(names.index_candidates(index)[1:])}; read as {family}.")
    return RankingResult(
        index_family=family,
        index_name=names.display_name("index", family, "en"),
        edition=chosen,
        editions_available=common.editions_of(tables, family),
        rows=rows,
        notes=notes,
    )


def city_rank(tables: Tables, city: str, index: str | None = None, edition: str | None = None) -> CityRankResult:
    """A city's place in every index and edition known (or in the one index / edition asked for)."""
    name = names.resolve_city(city)
    if edition is not None and index is None:
        raise InputError("An edition needs an index: say which index the edition belongs to.")
    families = common.ordered_families([index] if index else None)
    present = set(tables.rankings.loc[tables.rankings["city"] == name, "index_family"])
    if index is not None and families[0] not in present:
        where = f"any edition of {families[0]}"
        raise NotInIndexError(f"{name} does not appear in {where} in the data.{_elsewhere(tables, name)}")
    if not present:
        raise NotInIndexError(f"{name} does not appear in any index in the data.")
    rows: list[RankingRow] = []
    latest: list[RankingRow] = []
    notes: list[str] = []
    for family in families:
        frame = common.family_rows(tables, family)
        mine = sorted(
            common.ranking_rows(frame[frame["city"] == name]),
            key=lambda row: names.edition_sort_key(row.edition),
        )
        if edition is not None:
            chosen = common.pick_edition(tables, family, edition)
            mine = [row for row in mine if row.edition == chosen]
            if not mine:
                notes.append(f"{name} is not listed in {family} {chosen}.")
                notes.extend(common.mentions(common.ranking_rows(common.edition_rows(tables, family, chosen)), name))
        rows.extend(mine)
        latest.extend(mine[-1:])
        notes.extend(common.family_notes(family, mine) if mine else [])
    notes.extend(
        f"{row.index_family} {row.edition}: rank not published; tier {row.tier} only."
        for row in rows
        if common.status(row) == "tier only"
    )
    return CityRankResult(city=name, rows=rows, latest=latest, notes=notes)


def _elsewhere(tables: Tables, city: str) -> str:
    families = sorted(set(tables.rankings.loc[tables.rankings["city"] == city, "index_family"]))
    return f" It appears in: {', '.join(families)}." if families else ""


def compare(tables: Tables, cities: list[str], index: str, edition: str | None = None) -> CompareResult:
    """Cities side by side in one edition (default: latest); scores where published."""
    family = names.resolve_index(index)
    chosen = common.pick_edition(tables, family, edition)
    wanted = list(dict.fromkeys(names.resolve_city(city) for city in cities))
    if len(wanted) < 2:
        raise InputError("Compare needs at least two different cities.")
    in_family = set(common.family_rows(tables, family)["city"])
    absent = [city for city in wanted if city not in in_family]
    if absent:
        raise NotInIndexError(
            f"{', '.join(absent)} not in any edition of {family} in the data.{_elsewhere(tables, absent[0])}"
        )
    edition_all = common.ranking_rows(common.edition_rows(tables, family, chosen))
    by_city = {row.city: row for row in edition_all if row.city in wanted}
    ranks = [row.rank for row in by_city.values() if row.rank is not None]
    scores = [row.score for row in by_city.values() if row.score is not None]
    entries = []
    for city in sorted(wanted, key=lambda c: _order(by_city.get(c))):
        row = by_city.get(city)
        if row is None:
            note = "; ".join(common.mentions(edition_all, city)) or None
            entries.append(_absent_entry(city, note))
            continue
        entries.append(
            CompareEntry(
                city=city,
                status=common.status(row),  # type: ignore[arg-type]
                rank=row.rank,
                tier=row.tier,
                score=row.score,
                score_status=row.score_status,
                places_behind_best=None if row.rank is None else row.rank - min(ranks),
                score_behind_best=None if row.score is None else round(max(scores) - row.score, 6),
                note=row.note,
            )
        )
    rows = [by_city[city] for city in wanted if city in by_city]
    notes = [*common.family_notes(family, rows)]
    notes += [f"{entry.city} is not listed in {family} {chosen}." for entry in entries if entry.status == "not listed"]
    return CompareResult(
        index_family=family,
        index_name=names.display_name("index", family, "en"),
        edition=chosen,
        entries=entries,
        rows=rows,
        notes=notes,
        method="places_behind_best = rank - best rank among the cities compared; "
        "score_behind_best = best score - score, only where both scores are published.",
    )


def _order(row: RankingRow | None) -> tuple[int, int, int]:
    if row is None:
        return (3, 0, 0)
    if row.rank is not None:
        return (0, row.rank, 0)
    return (1, row.tier, 0) if row.tier is not None else (2, 0, 0)


def _absent_entry(city: str, note: str | None) -> CompareEntry:
    return CompareEntry(
        city=city,
        status="not listed",
        rank=None,
        tier=None,
        score=None,
        score_status="not published",
        places_behind_best=None,
        score_behind_best=None,
        note=note,
    )
