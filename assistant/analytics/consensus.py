"""A cross-index ranking computed from the latest edition of each index family."""

from __future__ import annotations

from assistant.analytics import common
from assistant.analytics.errors import NoDataError
from assistant.analytics.models import ConsensusComponent, ConsensusEntry, ConsensusResult, RankingRow
from assistant.tables import Tables

DEFAULT_FAMILIES = ("gfcdi", "fhi", "gfci_fintech")


def consensus_ranking(
    tables: Tables, indices: list[str] | None = None, top_n: int | None = None, min_indices: int = 1
) -> ConsensusResult:
    """Cities ordered by their mean normalised rank over the latest edition of each index family."""
    families = common.ordered_families(list(indices) if indices else list(DEFAULT_FAMILIES))
    editions_used: dict[str, str] = {}
    components: dict[str, list[ConsensusComponent]] = {}
    rows: list[RankingRow] = []
    notes: list[str] = []
    for family in families:
        if not common.editions_of(tables, family):
            notes.append(f"{family}: no edition in the data; not used.")
            continue
        edition = common.pick_edition(tables, family, None)
        editions_used[family] = edition
        edition_all = common.ranking_rows(common.edition_rows(tables, family, edition))
        rows.extend(edition_all)
        positions = _positions(edition_all)
        known = max((end for _, end in positions.values()), default=1)
        for city, (position, _) in positions.items():
            row = next(row for row in edition_all if row.city == city)
            components.setdefault(city, []).append(
                ConsensusComponent(
                    index_family=family,
                    edition=edition,
                    rank=row.rank,
                    tier=row.tier,
                    position=position,
                    positions=known,
                    normalised=(position - 1) / (known - 1) if known > 1 else 0.0,
                )
            )
        skipped = [row.city for row in edition_all if row.city not in positions]
        if skipped:
            notes.append(f"{family} {edition}: no rank or tier for {', '.join(skipped)}; not used.")
    if not editions_used:
        raise NoDataError("None of the requested indices has an edition in the data.")
    scored = [
        (sum(c.normalised for c in parts) / len(parts), len(parts), city)
        for city, parts in components.items()
        if len(parts) >= min_indices
    ]
    scored.sort(key=lambda item: (item[0], -item[1], item[2]))
    keys = [(round(mean, 9), -count) for mean, count, _ in scored]
    entries = [
        ConsensusEntry(
            consensus_rank=keys.index(keys[position]) + 1,
            city=city,
            mean_normalised_rank=mean,
            indices_counted=count,
            components=components[city],
        )
        for position, (mean, count, city) in enumerate(scored)
    ]
    partial = [entry.city for entry in entries if entry.indices_counted < len(editions_used)]
    if partial:
        notes.append(f"Listed in fewer than {len(editions_used)} of the indices used: {', '.join(partial)}.")
    return ConsensusResult(
        editions_used=editions_used,
        entries=entries[:top_n] if top_n else entries,
        rows=rows,
        method=(
            "For each index family, take its latest edition in the data; give each city a position (its "
            "rank), normalise it as (position - 1) / (n - 1), where n is the number of positions that "
            "edition's known list covers (0 = top, 1 = bottom), and average over the indices that list the "
            "city. Cities are ordered by that mean (lower is better), ties broken by indices counted."
        ),
        assumptions=[
            "A city missing from an index's known list is left out of that index's average, not given a "
            "guessed rank; indices_counted says how many indices each mean rests on.",
            "A tier-only row (rank not published) is placed at the middle of its tier's rank range, using "
            "the tier sizes the source states (else the number of cities it names).",
            "The indices measure different things and cover different cities; the lists known here differ in "
            "depth, so a normalised position is relative to the known part of each list.",
            f"Indices used: {', '.join(f'{family} {edition}' for family, edition in editions_used.items())}."
            + ("" if indices else " gfci_overall (general financial centres, not fintech) is left out by default."),
        ],
        notes=notes,
    )


def _positions(rows: list[RankingRow]) -> dict[str, tuple[float, int]]:
    """city -> (position, last position covered by its row) for rows with a rank or a tier."""
    ranges = common.tier_ranges(rows)
    positions: dict[str, tuple[float, int]] = {}
    for row in rows:
        if row.rank is not None:
            positions[row.city] = (float(row.rank), row.rank)
        elif row.tier is not None and row.tier in ranges:
            first, last = ranges[row.tier]
            positions[row.city] = ((first + last) / 2, last)
    return positions
