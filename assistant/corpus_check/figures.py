"""Every figure in the bundled reports must be a value of the data tables, written in any unit or format.

A figure is a number with a decimal point, three or more digits or a scale word, that is not a year
(see :class:`~assistant.corpus_check.quantities.Quantity`). The data's values are the ranks, scores and
tiers of ``rankings.csv``, the values of ``metrics.csv`` (scaled by their unit) and the numbers written in
the tables' claims and notes, except a stated ratio that does not equal amount ÷ count: a note may keep it
to explain it, but the prose may not repeat it. Known exceptions are listed, each with a reason, in one
allow-list file (``corpus/figure_allowlist.csv``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from assistant.corpus_check.quantities import Quantity, matches, quantities, unit_scale
from assistant.corpus_check.ratios import stated_ratios
from assistant.tables import Tables

ALLOWLIST_COLUMNS = ("file", "figure", "reason")
REPORT_SUFFIXES = (".md", ".txt")


@dataclass(frozen=True)
class DataValues:
    """The values the data holds: as written (``raw``) and with their scale applied (``scaled``)."""

    raw: frozenset[float]
    scaled: frozenset[float]

    def supports(self, figure: Quantity) -> bool:
        """Whether a value of the data rounds to ``figure``; a figure with a scale word is compared scaled."""
        candidates = self.scaled if figure.scale != 1 else self.raw | self.scaled
        return any(matches(figure, value) for value in candidates)


@dataclass(frozen=True)
class Figure:
    """One figure of one report line."""

    file: str
    line: int
    quantity: Quantity
    text: str

    def describe(self) -> str:
        """``file:line: figure in "…line…"``, for a test failure."""
        return f"{self.file}:{self.line}: {self.quantity.text!r} in {self.text.strip()!r}"


@dataclass(frozen=True)
class AllowedFigure:
    """An allow-list entry: a figure of a file that need not be in the data, and why."""

    file: str
    figure: str
    reason: str


def _text(value: object) -> str:
    return "" if value is None or value is pd.NA else str(value)


def data_values(tables: Tables) -> DataValues:
    """Every value of the three tables, as written and scaled, without inconsistent stated ratios."""
    raw: set[float] = set()
    scaled: set[float] = set()

    def add_text(text: str, skip: Iterable[int] = ()) -> None:
        for quantity in quantities(text):
            if quantity.start not in skip:
                raw.add(quantity.raw)
                scaled.add(quantity.value)

    for column in ("rank", "score", "tier"):
        for value in tables.rankings[column].dropna():
            raw.add(float(value))
            scaled.add(float(value))
    for note in tables.rankings.note.dropna():
        add_text(str(note))
    rejected: dict[int, set[int]] = {}
    for ratio in stated_ratios(tables.metrics):
        if not ratio.consistent:
            rejected.setdefault(ratio.line, set()).add(ratio.stated.start)
    for _, row in tables.metrics.iterrows():
        if not pd.isna(row.value):
            raw.add(float(row.value))
            scaled.add(float(row.value) * unit_scale(_text(row.unit)))
        add_text(_text(row.note), rejected.get(int(row.line), set()))
    for claim in tables.statements.claim:
        add_text(str(claim))
    return DataValues(frozenset(raw), frozenset(scaled))


def report_figures(path: Path) -> list[Figure]:
    """The figures of one report, by line, leaving out its front matter (metadata, not prose)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    body_start = 0
    if lines and lines[0].strip() == "---":
        closing = next((number for number in range(1, len(lines)) if lines[number].strip() == "---"), None)
        body_start = closing + 1 if closing is not None else 0
    figures = []
    for number in range(body_start, len(lines)):
        for quantity in quantities(lines[number]):
            if quantity.is_figure:
                figures.append(Figure(path.name, number + 1, quantity, lines[number]))
    return figures


def read_allowlist(path: Path) -> list[AllowedFigure]:
    """The allow-list; every entry needs a file, a figure and a reason."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != ALLOWLIST_COLUMNS:
            raise ValueError(f"{path}: the header must be {','.join(ALLOWLIST_COLUMNS)}")
        entries = []
        for record in reader:
            if None in record or any(not (record.get(name) or "").strip() for name in ALLOWLIST_COLUMNS):
                raise ValueError(f"{path}, line {reader.line_num}: needs a file, a figure and a reason")
            entries.append(AllowedFigure(record["file"].strip(), record["figure"].strip(), record["reason"].strip()))
    return entries


@dataclass(frozen=True)
class FigureCheck:
    """What the check found: figures the data does not hold, and allow-list entries that matched nothing."""

    unsupported: list[Figure]
    unused_allowances: list[AllowedFigure]


def check_reports(reports_dir: Path, tables: Tables, allowlist: list[AllowedFigure]) -> FigureCheck:
    """Every figure of every report in ``reports_dir`` that the data does not hold and no entry allows."""
    values = data_values(tables)
    used: set[AllowedFigure] = set()
    unsupported = []
    for path in sorted(p for p in reports_dir.iterdir() if p.suffix in REPORT_SUFFIXES):
        for figure in report_figures(path):
            if values.supports(figure.quantity):
                continue
            allowed = [e for e in allowlist if e.file == figure.file and e.figure == figure.quantity.text]
            if allowed:
                used.update(allowed)
            else:
                unsupported.append(figure)
    return FigureCheck(unsupported, [entry for entry in allowlist if entry not in used])
