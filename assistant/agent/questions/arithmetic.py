"""Operands for the arithmetic question types (difference, percent change, total, average): the values a
calculation takes, read from metric series or rank rows, each with a label, unit and period."""

from __future__ import annotations

import re
from abc import abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from assistant import names
from assistant.agent.grounding import extract_quantities
from assistant.agent.language import Language
from assistant.agent.questions.base import MAX_CITIES, Call, Outcome, Part, QuestionType, error_part, fact, index_of
from assistant.agent.questions.mixing import mixed_follow, mixed_part
from assistant.agent.questions.series import HALF, expand, metric_calls, one_geography, rows_for, same_length
from assistant.agent.reading.detectors import Fields, cue, read_fields, stated_figures
from assistant.agent.reading.frame import Frame
from assistant.agent.reading.reader import step_edition, step_period
from assistant.agent.writing import city, earlier_figure, edition, join, metric_name, quantity, say
from assistant.analytics.metrics import period_key

KPMG_VS_VC = (
    {"fintech_investment_kpmg", "fintech_deals_kpmg"},
    {"fintech_vc_innovate_finance", "fintech_vc_deals_innovate_finance"},
)


@dataclass
class Operand:
    """One value of a calculation, with where it comes from."""

    value: float
    unit: str | None
    label: str  # for the calculate tool (English, stable)
    shown: str  # for the answer, in the question's language
    period: str
    row: dict[str, Any]
    city: str | None = None

    def as_input(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "value": float(self.value),
            "unit": self.unit,
            "source": self.row.get("source"),
            "period": self.period,
        }


def mixes_series(frame: Frame) -> bool:
    """Whether the frame puts KPMG totals and Innovate Finance venture capital into one calculation."""
    metrics = set(frame.metrics)
    return bool(metrics & KPMG_VS_VC[0]) and bool(metrics & KPMG_VS_VC[1])


def _compares_the_series(frame: Frame) -> bool:
    """A difference or change between KPMG's and Innovate Finance's figures of one year ("how much bigger is
    KPMG's 2024 figure than Innovate Finance's?"), not within each over time: each figure apart, nothing computed."""
    years = {period[:4] for period in expand(frame.periods)}
    return frame.ask in ("difference", "percent_change") and mixes_series(frame) and len(years) <= 1


def periods_of(frame: Frame) -> list[str]:
    """The frame's periods; a follow-up that names fewer than two adds those of the turns before it about the
    same figure ("2023?" … "and 2022?" … "the percentage drop?": 2022 and 2023)."""
    periods = expand(frame.periods)
    earlier = frame.previous
    while len(periods) < 2 and earlier is not None and earlier.metrics == frame.metrics:
        # the periods a turn named, or for a change, the one its answer named ("highest?" … "lowest?" … "spread?")
        answered = earlier.answered_periods if frame.ask in ("difference", "percent_change") else []
        periods = list(dict.fromkeys([*expand(earlier.periods or answered), *periods]))
        earlier = earlier.previous
    if len(periods) == 1 and frame.ask in ("difference", "percent_change", "yes_no"):
        relative = "year_before" if cue("year_on_year", frame.question) or periods[0].isdigit() else "previous"
        earlier = step_period(periods[0], relative)  # "the change in 2024": against the period before
        periods = [earlier, *periods] if earlier else periods
    return periods


def rank_editions(frame: Frame) -> list[str]:
    """Editions for a rank calculation: those named, else the years named (the default index is yearly); every
    edition on record when the question says so ("历年", "across all editions")."""
    if frame.index and cue("whole_record", frame.question) and not fields_name_editions(frame):
        return names.known_editions(frame.index)
    editions = frame.named_editions
    if not editions:
        editions = [p for p in expand(frame.periods, every_year=True) if p.isdigit()]
    earlier = frame.previous
    # a turn about the same city: one that named it, or whose answer did ("who was first?" … "where was it in 36?")
    while len(editions) < 2 and earlier is not None and (earlier.cities or earlier.answered_cities) == frame.cities:
        editions = list(dict.fromkeys([*earlier.editions, *editions]))
        earlier = earlier.previous
    if len(editions) == 1 and frame.ask == "difference" and len(frame.cities) == 1 and frame.index:
        before = step_edition(frame.index, editions[0], "previous")  # "how many places did it fall?"
        editions = [before, *editions] if before else editions
    return sorted(editions, key=names.edition_sort_key)  # a change runs forward in time


def fields_name_editions(frame: Frame) -> bool:
    """Whether the question itself (not the turn before) names an edition."""
    return bool(read_fields(frame.question).editions)


def plan_values(frame: Frame) -> list[Call]:
    """Metric series, or the cities' rows in the index."""
    if frame.metrics:
        return metric_calls(frame)
    return [("city_rank", {"city": name, "index": index_of(frame)}) for name in frame.cities[:MAX_CITIES]]


def metric_operands(
    frame: Frame, outcomes: list[Outcome], lang: Language, every: bool = False, whole_years: bool = False
) -> list[Operand]:
    """Values of the frame's periods (``every``: all periods inside a range) from the first metric series;
    ``whole_years``: a year published only as two halves is their sum, once the calculate tool has made it."""
    outcome = next((o for o in outcomes if o.name == "metric" and o.ok), None)
    if outcome is None:
        return []
    rows = one_geography([row for row in outcome.result["rows"] if row.get("value") is not None], frame)
    periods = periods_of(frame)
    if every and frame.periods and (match := re.match(r"^(\d{4})-(\d{4})$", frame.periods[0])):
        low, high = int(match.group(1)), int(match.group(2))
        chosen = [row for row in rows if row["period"][:4].isdigit() and low <= int(row["period"][:4]) <= high]
    elif every and len(periods) == 1 and cue("since", frame.question):  # "since H1 2023": from it to the latest
        chosen = [
            row
            for row in rows
            if period_key(row["period"]) >= period_key(periods[0]) and ("-H" in row["period"]) == ("-H" in periods[0])
        ]
    elif every and len(periods) == 2 and cue("span", frame.question):  # "from H1 2023 through H1 2025"
        low, high = sorted((period_key(periods[0]), period_key(periods[1])))
        between = [row for row in rows if low <= period_key(row["period"]) <= high]
        chosen = [row for row in between if ("-H" in row["period"]) == ("-H" in periods[0])]
    elif periods:
        found = {period: rows_for(rows, period) for period in periods}
        if whole_years:
            found = {period: whole_year(held, period, outcomes) for period, held in found.items()}
        chosen = [row for held in found.values() for row in held]
        if len(chosen) == 1 and len(expand(frame.periods)) < 2 and frame.ask in ("difference", "percent_change"):
            chosen = [*_row_before(rows, chosen[0], lang), *chosen]  # "the change to 2029": from the figure before it
    elif len(stated := [r for r in rows if r["value"] in _written(frame.question)]) >= 2:
        chosen = stated  # "from 25% to 45%": the rows holding the figures the question states
    else:
        chosen = same_length(rows, frame.question)  # years or half-years, never both in one calculation
        if len(chosen) == 1 and frame.ask in ("difference", "percent_change"):
            chosen = [*_row_before(rows, chosen[0], lang), *chosen]  # one dated figure: from the one before it
    chosen = sorted(chosen, key=lambda row: period_key(row["period"]))  # earlier first: a change runs forward in time
    return [metric_operand(row, lang) for row in chosen]


def _written(question: str) -> list[float]:
    """The figures a question writes, percentages included ("由30%升到40%")."""
    percents = [q.raw for q in extract_quantities(question) if q.text.rstrip().endswith(("%", "％"))]
    return [*stated_figures(question), *percents]


def whole_year(rows: list[dict[str, Any]], period: str, outcomes: list[Outcome]) -> list[dict[str, Any]]:
    """The rows of ``period``; a year given as its two halves becomes one row holding their computed sum."""
    if not (period.isdigit() and len(rows) == 2):
        return rows
    wanted = sorted(metric_operand(row, "en").label for row in rows)
    for outcome in outcomes:
        result = outcome.result
        summed = outcome.name == "calculate" and outcome.ok and result["operation"] == "sum"
        if summed and sorted(value["label"] for value in result["inputs"]) == wanted:
            return [{**rows[0], "period": period, "value": result["result"], "note": None, "computed": True}]
    return rows


def year_sums(frame: Frame, outcomes: list[Outcome], lang: Language, periods: list[str] | None = None) -> list[Call]:
    """The sums of the two halves of each year asked (``periods``, else the frame's) that has no annual figure,
    in each metric series read: a calculation over full years needs them first."""
    calls = []
    for outcome in outcomes:
        if outcome.name != "metric" or not outcome.ok:
            continue
        rows = one_geography([row for row in outcome.result["rows"] if row.get("value") is not None], frame)
        for period in periods_of(frame) if periods is None else periods:
            halves = rows_for(rows, period)
            if period.isdigit() and len(halves) == 2 and whole_year(halves, period, outcomes) == halves:
                calls.append(calculation("sum", [metric_operand(row, lang) for row in halves]))
    return calls


def _row_before(rows: list[dict[str, Any]], row: dict[str, Any], lang: Language) -> list[dict[str, Any]]:
    """The series' figure just before ``row`` (of the same period length), else the earlier figure the source's
    note on ``row`` states ("up 67.8% from 216.9 billion USD")."""
    same = [r for r in rows if bool(HALF.match(r["period"])) == bool(HALF.match(row["period"]))]
    ordered = sorted(same, key=lambda r: period_key(r["period"]))
    position = ordered.index(row) if row in ordered else 0  # not there: a year summed from its halves
    if position > 0:
        return ordered[position - 1 : position]
    earlier = earlier_figure(row)
    undated = [r for r in rows if not r["period"][:4].isdigit()]  # "baseline (year not stated)": before any year
    if earlier is None:
        return undated[:1] if len(undated) == 1 else []
    return [{**row, "period": say("earlier_period", lang, period=row["period"]), "value": earlier}]


def metric_operand(row: dict[str, Any], lang: Language) -> Operand:
    label = f"{names.display_name('metric', row['metric'], 'en')}, {row['geography']}, {row['period']}"
    shown = quantity(row["value"], row.get("unit"), lang)
    return Operand(row["value"], row.get("unit"), label, shown, row["period"], row)


def rank_operands(frame: Frame, outcomes: list[Outcome], lang: Language, score: bool = False) -> list[Operand]:
    """Ranks (or scores) of one city over editions, or of several cities in one edition."""
    rows_by_city = {o.result["city"]: o.result["rows"] for o in outcomes if o.name == "city_rank" and o.ok}
    key = "score" if score else "rank"
    editions = rank_editions(frame)
    operands: list[Operand] = []
    if len(rows_by_city) == 1 and len(frame.cities) <= 1:
        name, rows = next(iter(rows_by_city.items()))
        wanted = editions or [row["edition"] for row in rows]
        for chosen in wanted:
            row = next((r for r in rows if r["edition"] == chosen or r["edition"].startswith(f"{chosen} ")), None)
            if row is not None and row.get(key) is not None:
                operands.append(rank_operand(row, key, lang))
        return operands
    common = frame.named_editions[-1:] or editions[-1:] or _latest_common(rows_by_city, key)  # "上一期呢？": its own
    for name in frame.cities:
        row = next((r for r in rows_by_city.get(name, []) if r["edition"] in common), None)
        if row is not None and row.get(key) is not None:
            operands.append(rank_operand(row, key, lang))
    return operands


def _latest_common(rows_by_city: dict[str, list[dict[str, Any]]], key: str) -> list[str]:
    editions = [{r["edition"] for r in rows if r.get(key) is not None} for rows in rows_by_city.values()]
    shared = set.intersection(*editions) if editions else set()
    return sorted(shared, key=names.edition_sort_key)[-1:]


def rank_operand(row: dict[str, Any], key: str, lang: Language) -> Operand:
    where = edition(row["index_family"], row["edition"], lang)
    label = f"{row['city']} {key}, {names.display_name('index', row['index_family'], 'en')} {row['edition']}"
    shown = f"{city(row['city'], lang)}, {where}"
    return Operand(float(row[key]), None, label, shown, row["edition"], row, row["city"])


def calculation(operation: str, operands: list[Operand]) -> Call:
    return ("calculate", {"operation": operation, "values": [operand.as_input() for operand in operands]})


def computed_result(outcomes: list[Outcome], operation: str | None = None) -> dict[str, Any] | None:
    """The last calculation's result (of ``operation``), None when there is none."""
    done = [o.result for o in outcomes if o.name == "calculate" and o.ok]
    return next((r for r in reversed(done) if operation in (None, r["operation"])), None)


def wants_score(frame: Frame) -> bool:
    """Whether the values are ratings: the question says so, or a follow-up ("and the gap?") continues a
    question about ratings and does not ask about ranks."""
    if cue("asks.score", frame.question):
        return True
    previous = frame.previous
    return previous is not None and not cue("asks.rank", frame.question) and wants_score(previous)


def shown_unit(value: float, unit: str | None, lang: Language) -> str:
    return quantity(value, unit, lang, exact=False)


def each_series(frame: Frame, outcomes: list[Outcome]) -> list[tuple[Frame, list[Outcome]]]:
    """For a frame over several metric series (KPMG's and Innovate Finance's, or an amount and its deal count): one
    frame per series, with that series' result and the calculations over it (their inputs are labelled with the
    metric's name)."""
    calculations = [o for o in outcomes if o.name == "calculate" and o.ok]
    split = []
    for outcome in outcomes:
        if outcome.name == "metric" and outcome.ok:
            metric = outcome.result["metric"]
            name = names.display_name("metric", metric, "en") + ","
            mine = [c for c in calculations if all(v["label"].startswith(name) for v in c.result["inputs"])]
            rows = one_geography(outcome.result["rows"], frame)
            periods = [p[:4] if "-H" in p and not rows_for(rows, p) else p for p in frame.periods]  # H2 2023 vs 2023
            periods = list(dict.fromkeys(periods))
            split.append((frame.with_(metrics=[metric], periods=periods), [outcome, *mine]))
    return split


class ArithmeticQuestion(QuestionType):
    """A calculation over the values of the metric series or rank rows the frame (or the turn before) names.
    KPMG's totals and Innovate Finance's venture capital are never combined: a question that would mixes them
    gets the calculation within each series, side by side, and why they stay apart."""

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        subject = fields.metrics or fields.cities or (previous and (previous.metrics or previous.cities))
        return super().detects(masked, fields, previous) and bool(subject)

    def plan(self, frame: Frame) -> list[Call]:
        return plan_values(frame)

    per_metric: ClassVar[bool] = True  # several figures named ("amount and deals"): one calculation each

    def _split(self, frame: Frame) -> bool:
        return mixes_series(frame) or (self.per_metric and len(frame.metrics) > 1)

    def follow(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        if _compares_the_series(frame):
            return mixed_follow(frame, outcomes)
        if self._split(frame):
            calls = [call for one, mine in each_series(frame, outcomes) for call in self.follow_one(one, mine)]
            # a series the calculation cannot run on gets each figure apart: a year of two halves summed for it
            sums = mixed_follow(frame, outcomes) if mixes_series(frame) else []
            return calls + [call for call in sums if call not in calls]
        return self.follow_one(frame, outcomes)

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        if _compares_the_series(frame):
            return mixed_part(frame, outcomes)
        if not self._split(frame):
            return self.write_one(frame, outcomes, hits)
        lang = frame.language
        parts = [(one, self.write_one(one, mine, hits)) for one, mine in each_series(frame, outcomes)]
        if not parts:  # no series could be read (a figure the source does not give for that place): say why
            failed = next((o for o in outcomes if o.name == "metric" and not o.ok), None)
            return error_part(failed, lang) if failed else Part(say("not_covered", lang), answered=False)
        answered = [(one, part) for one, part in parts if part.answered]
        if mixes_series(frame) and _result_stated(frame):  # "… so a 16.7% drop?": no such figure over two series
            part = self._mixed(frame, outcomes, answered, parts)
            part.lead = f"{say('no_word', lang)} {part.lead}"
            return part
        return self._mixed(frame, outcomes, answered, parts)

    def _mixed(
        self,
        frame: Frame,
        outcomes: list[Outcome],
        answered: list[tuple[Frame, Part]],
        parts: list[tuple[Frame, Part]],
    ) -> Part:
        """The calculation within each series (or each figure apart), or each of one source's figures in turn."""
        lang = frame.language
        if not mixes_series(frame):  # the same source's amount and deal count: each total in turn
            shown = answered or parts
            notes = list(dict.fromkeys(note for _, part in shown for note in part.notes))
            lead = " ".join(part.lead for _, part in shown)
            return Part(lead, notes=notes, facts=[f for _, part in shown for f in part.facts], answered=bool(answered))
        if len(answered) < len(parts):  # a series the calculation cannot run on: each figure apart instead
            return mixed_part(frame, outcomes)
        leads = [
            say("series_line", lang, metric=metric_name(one.metrics[0], lang), text=part.lead) for one, part in answered
        ]
        notes = list(dict.fromkeys(note for _, part in answered for note in part.notes))
        facts = [f for _, part in answered for f in part.facts]
        return Part(say("mixed_series", lang), leads, notes, facts=facts)

    def follow_one(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        """The calculations over one series (or over rank rows)."""
        return []

    @abstractmethod
    def write_one(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        """The answer over one series (or over rank rows)."""


def _result_stated(frame: Frame) -> bool:
    """Whether a calculation question states its result to confirm ("… — a 16.7% drop?", "…, right?")."""
    rate = frame.ask == "percent_change" and any(
        q.text.rstrip().endswith(("%", "％")) for q in extract_quantities(frame.question)
    )
    return rate or bool(cue("confirm", frame.question))


def computed_notes(operands: list[Operand], lang: Language) -> list[str]:
    """The notes of a calculation: computed, and a full year summed from its halves is not published."""
    halves = [say("note_half_years", lang)] if any(o.row.get("computed") for o in operands) else []
    return [say("note_computed", lang), *halves]


def repeated_halves(frame: Frame, outcomes: list[Outcome]) -> list[Operand]:
    """The first half of the year asked in each series read, when it is all that is published of that year and
    the question supposes the second half repeats it ("say H2 equals H1: the year?")."""
    if not frame.periods or not cue("half_repeats", frame.question):
        return []
    year, halves = frame.periods[-1][:4], []
    for read in (o for o in outcomes if o.name == "metric" and "period" not in o.args and o.ok):
        rows = [r for r in read.result["rows"] if r.get("value") is not None and r["period"].startswith(year)]
        if len(rows) == 1 and rows[0]["period"] == f"{year}-H1":
            halves.append(metric_operand(rows[0], frame.language))
    return halves


def repeated_half(frame: Frame, outcomes: list[Outcome]) -> Operand | None:
    """The first series' half of that scenario (None: no scenario)."""
    return next(iter(repeated_halves(frame, outcomes)), None)


def half_scenario(frame: Frame, outcomes: list[Outcome]) -> Part | None:
    """The full year of that scenario in each series: the published half counted twice, said to be a scenario."""
    leads = []
    for half in repeated_halves(frame, outcomes):
        sums = [
            o.result
            for o in outcomes
            if o.name == "calculate"
            and o.ok
            and o.result["operation"] == "sum"
            and [v["label"] for v in o.result["inputs"]] == [half.label, half.label]
        ]
        if not sums:
            continue
        total = shown_unit(sums[-1]["result"], sums[-1].get("unit"), frame.language)
        leads.append(
            say(
                "scenario_half_repeats",
                frame.language,
                year=half.period[:4],
                result=total,
                half=half.period,
                value=half.shown,
            )
        )
    if not leads:
        return None
    return Part(" ".join(leads), facts=[fact(o, []) for o in outcomes if o.name == "metric" and o.ok])


def cannot_compute(
    operands: list[Operand], lang: Language, frame: Frame | None = None, outcomes: list[Outcome] | None = None
) -> Part:
    """The honest answer when fewer values than the calculation needs are in the data: what is there (a series
    the source describes only in words, "financing declined; no figures given", says so)."""
    if frame is not None and not operands:
        from assistant.agent.questions.value import value_lead  # value builds on this module

        for outcome in outcomes or []:
            read = outcome.name == "metric" and outcome.ok
            rows = one_geography(outcome.result.get("rows", []), frame) if read else []
            if rows and all(row.get("value") is None for row in rows):
                return Part(value_lead(frame, rows[-1]), answered=False, facts=[fact(outcome, [])])
    have = join([f"{o.period}: {o.shown}" if o.row.get("metric") else o.shown for o in operands], lang)
    reason = say("need_two", lang, available=have) if have else say("need_any", lang)
    return Part(say("cannot_compute", lang, reason=reason), answered=False)
