"""A published market figure: one period, several, or the whole series; a stated figure is checked."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from assistant import names
from assistant.agent.charts import chart_for
from assistant.agent.grounding import extract_quantities
from assistant.agent.questions.arithmetic import mixes_series
from assistant.agent.questions.base import Call, Outcome, Part, QuestionType, error_part, fact
from assistant.agent.questions.difference import two_figures
from assistant.agent.questions.mixing import mixed_follow, mixed_part
from assistant.agent.questions.premise import misstated
from assistant.agent.questions.series import expand, metric_calls, one_geography, rows_for, series, shown, sub_result
from assistant.agent.reading.detectors import Fields, cue, stated_figures
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import figure_fields, geography, join, metric_name, say, source_note

YEARS = range(1900, 2101)


def stated_value(frame: Frame) -> float | None:
    """A figure the question states ("given investment of 60 billion") other than years, editions and ranks."""
    return next(iter(stated_values(frame)), None)


def stated_values(frame: Frame, percent: bool | None = None) -> list[float]:
    """Every figure the question states, other than years, editions and ranks (``percent``: only rates, or only
    figures that are not rates)."""
    values = []
    for quantity in extract_quantities(frame.question):
        if percent is not None and quantity.text.rstrip().endswith(("%", "％")) != percent:
            continue
        raw = quantity.raw
        if quantity.absolute is None and (raw in YEARS or (raw < 100 and not quantity.decimals)):
            continue
        values.append(quantity.absolute if quantity.absolute is not None else raw)
    return values


def value_lead(frame: Frame, row: dict[str, Any]) -> str:
    lang = frame.language
    name, where = metric_name(row["metric"], lang), geography(row["geography"], lang)
    if row.get("value") is None:
        note = source_note(row, lang) or say("no_figure", lang)
        return say("value_qualitative", lang, metric=name, geo=where, period=row["period"], note=note)
    text = say("value_one", lang, metric=name, geo=where, period=row["period"], value=shown(row, lang))
    if row.get("kind") == "forecast":
        text = text.rstrip("。.") + say("forecast_kind", lang) + ("。" if lang == "zh" else ".")
    return text


def finding_direction(row: dict[str, Any]) -> str | None:
    """'up' or 'down' when a row without a figure states which way it went ("both declined from 2022 to 2024")."""
    if row.get("value") is not None:
        return None
    note = str(row.get("note") or "")
    up, down = bool(cue("direction.up", note)), bool(cue("direction.down", note))
    return None if up == down else "up" if up else "down"


def asks_a_figure(question: str) -> bool:
    """Whether a question asks for the number itself ("how much", "the actual amount", "降了多少亿"), not only how
    the figure went ("融资情况呢？")."""
    return bool(cue("asks_figure", question))


def latest(rows: list[dict[str, Any]], frame: Frame) -> list[dict[str, Any]]:
    """The last figure; asked for "now" or "the latest", the last published one, not a forecast."""
    actual = [row for row in rows if row.get("kind") != "forecast"] if frame.relative == "latest" else rows
    return (actual or rows)[-1:]


def _share_not_published(frame: Frame, outcome: Outcome, chosen: list[dict[str, Any]]) -> str | None:
    """The answer that a share of a whole asked of an amount is not published (None when no share is asked, the
    figure is a rate itself, or the source's note states a share)."""
    if not chosen or not cue("share_of_whole", frame.question):
        return None
    row = chosen[-1]
    if row.get("value") is None or "percent" in str(row.get("unit") or "") or "%" in str(row.get("note") or ""):
        return None
    lang = frame.language
    return say(
        "share_not_published",
        lang,
        metric=metric_name(outcome.result["metric"], lang),
        geo=geography(row["geography"], lang),
        period=row["period"],
        value=shown(row, lang),
    )


def now_beside_forecasts(
    frame: Frame, rows: list[dict[str, Any]], chosen: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The latest published actual figure, when the question asks for "now" beside the forecast of a year ("where
    is it now against the 2029 target?"); nothing otherwise."""
    if frame.relative != "latest" or not chosen or any(row.get("kind") != "forecast" for row in chosen):
        return []
    return [row for row in latest(rows, frame) if row.get("kind") != "forecast" and row not in chosen]


class ValueQuestion(QuestionType):
    kind: ClassVar[str] = "value"

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        return bool(fields.metrics) and not cue("asks_time", masked)  # "when is X expected to…": a passage

    def plan(self, frame: Frame) -> list[Call]:
        if two_figures(frame):  # two figures of their own places ("A's market value and B's"): each where it is
            return [("metric", {"metric": metric}) for metric in frame.metrics]
        return metric_calls(frame)

    def follow(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        return mixed_follow(frame, outcomes) if mixes_series(frame) else []

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        if mixes_series(frame):  # KPMG's totals beside Innovate Finance's venture capital: each apart, and why
            return mixed_part(frame, outcomes)
        leads, details, facts, answered = [], [], [], True
        chart: dict[str, Any] | None = None
        for outcome in outcomes:
            if not outcome.ok:
                leads.append(_no_place(outcome, lang) or error_part(outcome, lang).lead)
                answered = False
                continue
            place = None if two_figures(frame) else frame.geography
            every = [row for row in outcome.result["rows"] if place in (None, row["geography"])]
            rows = one_geography(every, frame.with_(geography=place)) if every else []
            periods = expand(frame.periods)
            chosen = [row for period in periods for row in rows_for(rows, period)] if periods else latest(rows, frame)
            share = _share_not_published(frame, outcome, chosen)
            if share is not None:  # "what share of the national total is that?" of an amount: not published
                leads.append(share)
                facts.append(fact(sub_result(outcome, chosen[:1]), [chosen[0]["geography"]]))
                answered = False
                continue
            missing = [p for p in periods if not rows_for(rows, p)]
            given = stated_values(frame)  # "I have 2024 at 440.5bn; and 2023?": the figure given is no answer
            if missing and chosen and given and all(any(_close(v, r) for v in given) for r in chosen):
                name = metric_name(outcome.result["metric"], lang)
                available = join([row["period"] for row in rows], lang) or "—"
                where = geography(rows[0]["geography"], lang)
                leads.append(
                    say("value_missing", lang, metric=name, geo=where, period=join(missing, lang), available=available)
                )
                leads += [value_lead(frame, row) for row in chosen[:1]]
                facts.append(fact(sub_result(outcome, chosen[:1]), [chosen[0]["geography"]]))
                answered = False
                continue
            now = now_beside_forecasts(frame, rows, chosen)  # beside a forecast, "now" (no claim is about it)
            chosen = [*now, *chosen]
            if not chosen:
                available = join([row["period"] for row in rows], lang) or "—"
                name = metric_name(outcome.result["metric"], lang)
                where = geography(rows[0]["geography"], lang) if rows else ""
                held = stated_elsewhere(frame, rows)  # "that 25% is 2024's, right?": whose figure it is
                leads += [placed(frame, row, periods) for row in held[:1]]
                if held and (cue("confirm", frame.question) or cue("asks.yes_no", frame.question)):
                    leads[-1] = f"{say('no_word', lang)} {leads[-1]}"  # "…是2024年的吧？": No, first
                leads.append(
                    say("value_missing", lang, metric=name, geo=where, period=join(periods, lang), available=available)
                )
                answered = bool(held)
                facts += [fact(sub_result(outcome, held[:1]), [held[0]["geography"]])] if held else []
                continue
            numeric = [row for row in chosen if row.get("value") is not None and row not in now]
            # a rate stated ("fell 19.7%") is no claim about an amount, nor an amount about a rate
            rate = bool(numeric) and "percent" in str(numeric[0].get("unit") or "")
            stated = stated_values(frame, percent=rate if numeric else None)  # none of them the figure asked about
            claimed = stated[0] if stated else None
            corrected = claimed is not None and numeric and not any(_close(c, row) for c in stated for row in numeric)
            # a figure of another series ("…375.4bn, and Hong Kong's 363.9bn") is not a claim about this one
            corrected = corrected and not _of_another_series(frame, outcome.result["metric"])
            change = stated_change(frame, numeric[0]) if numeric else None
            currency = False  # whether what is wrong is only the currency stated
            if change is not None:  # a stated growth rate: the change the source states
                corrected = False
                leads.append(change)
            elif numeric and (other := other_currency(frame, numeric[0])):  # the right number in the wrong currency
                corrected, claimed_text, currency = True, other, True
            else:
                claimed_text = _claimed_text(frame)
            row = numeric[0] if numeric else None
            if not corrected and change is None and (wrong := misstated(frame, numeric)) is not None:
                corrected, (row, claimed_text) = True, wrong  # "…54.2bn in 2022": that year's figure differs
            if corrected and row is not None:
                leads.append(
                    say(
                        "premise_value_wrong",
                        lang,
                        **figure_fields(row, lang),
                        # the currency the figure is in, said outright ("4405亿元人民币") when that is what was wrong
                        value=say("value_in_yuan", lang, value=shown(row, lang))
                        if currency and "CNY" in str(row.get("unit") or "")
                        else shown(row, lang),
                        claimed=claimed_text,
                    )
                )
            if cue("series_start", frame.question) and numeric and series(outcome)[0] not in chosen:
                chosen = [series(outcome)[0], *chosen]  # "…reach 55% by 2029; the starting point?": the first figure
                leads += [value_lead(frame, chosen[0])]
            elif change is None:  # the figures asked (beside a corrected one, the others)
                others = [r for r in chosen[:3] if not (corrected and (r is row or len(chosen) == 1))]
                leads += [value_lead(frame, r) for r in others]
                details += [
                    say("source_note", lang, period=r["period"], note=note)
                    for r in others
                    if r.get("value") is not None and (note := source_note(r, lang))
                ]
            # a finding without a figure that says which way it went answers how it went, not how much it was
            way = next((d for r in chosen if (d := finding_direction(r))), None)
            says_up, says_down = bool(cue("direction.up", frame.question)), bool(cue("direction.down", frame.question))
            if not numeric and way and says_up != says_down:  # "…so financing recovered?": the finding says no
                word = "yes_word" if way == ("up" if says_up else "down") else "no_word"
                leads.insert(0, say(word, lang))
            described = (
                # beside another figure, the finding answers only the way it went that the question states
                (len(frame.metrics) == 1 or says_up != says_down)
                and not numeric
                and way is not None
                and not asks_a_figure(frame.question)
            )
            answered = answered and (bool(numeric) or described)
            if not periods and len(series(outcome)) > 1:
                details += [f"- {row['period']}: {shown(row, lang)}" for row in rows if row.get("value") is not None]
                drawn = chart_for("metric", outcome.result, lang)
                chart = chart or (drawn.model_dump() if drawn else None)
            facts.append(fact(sub_result(outcome, chosen), [chosen[0]["geography"]]))
        if not leads:  # no figure read at all
            return Part(say("not_covered", lang), answered=False)
        return Part(" ".join(leads), details=details, answered=answered and bool(leads), facts=facts, chart=chart)


CURRENCIES = {  # how a question names a currency, by the unit word of the tables
    "USD": re.compile(r"\b(?:us ?)?dollars?\b|\busd\b|\$|美元|美金", re.IGNORECASE),
    "CNY": re.compile(r"\byuan\b|\bcny\b|\brmb\b|人民币|(?<!美)元", re.IGNORECASE),
}


def other_currency(frame: Frame, row: dict[str, Any]) -> str | None:
    """The stated amount when it is the table's figure in another currency (dollars for a figure in yuan): the
    claim to correct; None otherwise."""
    unit = str(row.get("unit") or "")
    for quantity in extract_quantities(frame.question):
        if quantity.absolute is None or not _close(quantity.absolute, row):
            continue
        after = frame.question[frame.question.find(quantity.text) :][: len(quantity.text) + 14]
        found = {code: match for code, pattern in CURRENCIES.items() if (match := pattern.search(after))}
        if not found:
            continue
        # the currency written with the figure, not one asked for after it ("4405亿美元，折合人民币多少？")
        code, match = min(found.items(), key=lambda item: item[1].start())
        if code not in unit:
            return after[: match.end()].strip()
    return None


def _of_another_series(frame: Frame, metric: str) -> bool:
    """Whether every figure the question states is a published figure of some other series."""
    figures = stated_figures(frame.question)
    held = [names.metrics_holding(figure, tuple(frame.periods)) for figure in figures]
    return bool(figures) and all(found and metric not in found for found in held)


def stated_change(frame: Frame, row: dict[str, Any]) -> str | None:
    """A percentage change the question states of a figure whose source note gives the change ("up 67.8% from
    216.9 billion USD"): the note, answered Yes or No (None when the question states no change or no note does)."""
    unit = str(row.get("unit") or "")
    stated = [q.raw for q in extract_quantities(frame.question) if q.text.rstrip().endswith(("%", "％"))]
    note = source_note(row, frame.language)
    published = [q.raw for q in extract_quantities(str(row.get("note") or "")) if q.text.rstrip().endswith("%")]
    if "percent" in unit or not stated or not published or note is None:
        return None
    holds = any(abs(s - p) < 0.05 for s in stated for p in published)
    text = f"{value_lead(frame, row)} {say('source_note', frame.language, period=row['period'], note=note)}"
    return f"{say('yes_word', frame.language)} {text}" if holds else say("premise_wrong", frame.language, fact=text)


def placed(frame: Frame, row: dict[str, Any], asked: list[str]) -> str:
    """'25% is the figure for AI penetration in finance (China) for baseline (year not stated), not for 2024.'"""
    lang = frame.language
    return say(
        "value_stated_elsewhere",
        lang,
        value=shown(row, lang),
        metric=metric_name(row["metric"], lang),
        geo=geography(row["geography"], lang),
        period=row["period"],
        asked=join(asked, lang),
    )


def stated_elsewhere(frame: Frame, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows whose published figure the question states (as written: "25%" is a percentage), when the question
    asks it of a period the series does not have."""
    found = []
    for q in extract_quantities(frame.question):
        if q.absolute is None and q.raw in YEARS:
            continue
        percent = q.text.rstrip().endswith(("%", "％"))
        found += [
            row
            for row in rows
            if row.get("value") is not None
            and percent == ("percent" in str(row.get("unit") or ""))
            and abs(float(row["value"]) - (q.absolute if q.absolute is not None and not percent else q.raw))
            <= max(abs(float(row["value"])) * 0.005, 1e-9)
        ]
    return found


HAS = re.compile(r"it has: (.+?)\.?$")


def _no_place(outcome: Outcome, lang: str) -> str | None:
    """ "The data has no fintech industry size for Beijing (only for Shanghai)." in the asker's language, when the
    figure is published for other places only."""
    place, found = outcome.args.get("geography"), HAS.search(str(outcome.result.get("error", "")))
    if not place or found is None:
        return None
    others = join([geography(name.strip(), lang) for name in found.group(1).split(",")], lang)  # type: ignore[arg-type]
    metric = metric_name(outcome.args["metric"], lang)
    return say("value_no_place", lang, metric=metric, geo=geography(place, lang), places=others)


def _close(claimed: float, row: dict[str, Any]) -> bool:
    from assistant.agent.grounding import evidence_values

    values = evidence_values([row], [])
    return any(abs(claimed - value) <= max(abs(value) * 0.005, 1e-9) for value in values)


def _claimed_text(frame: Frame) -> str:
    for quantity in extract_quantities(frame.question):
        if quantity.absolute is not None or quantity.raw not in YEARS:
            return quantity.text
    return ""
