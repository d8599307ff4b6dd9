"""Yes/no questions: "Is London in the top 5?", "Did Shanghai rise?", "Was 2023 investment higher than
2024?", "Does the Hub report publish scores?". The first word is Yes or No (是的 / 不是)."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any, ClassVar

from assistant import names
from assistant.agent.grounding import unit_scale
from assistant.agent.questions.arithmetic import metric_operands, mixes_series
from assistant.agent.questions.base import Call, Outcome, Part, QuestionType, fact, gap_part, index_of
from assistant.agent.questions.count import CountQuestion
from assistant.agent.questions.difference import two_figures
from assistant.agent.questions.listing import ListQuestion, selected_rows
from assistant.agent.questions.mixing import mixed_follow, mixed_part
from assistant.agent.questions.premise import check, claim_calls, claimed_editions
from assistant.agent.questions.series import expand, metric_calls, one_geography, rows_for, same_length, series
from assistant.agent.questions.value import (
    finding_direction,
    other_currency,
    placed,
    stated_change,
    stated_elsewhere,
    stated_value,
    stated_values,
    value_lead,
)
from assistant.agent.reading.detectors import Fields, cue, stated_figures
from assistant.agent.reading.frame import Claim, Frame
from assistant.agent.writing import city, edition, index_name, join, metric_name, number, say

SCORED_INDICES = {"gfci_fintech", "gfci_overall"}


def _asks_group_within(frame: Frame) -> bool:
    """Whether the question asks if any city of a group is within a tier or top N ("is any US hub in the top 3?")."""
    return bool(frame.group and (frame.tier or frame.top_n) and not frame.cities and not frame.claims)


class YesNoQuestion(QuestionType):
    kind: ClassVar[str] = "yes_no"

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        return bool(cue("asks.yes_no", masked)) and bool(fields.subject or previous)

    def _claims(self, frame: Frame) -> list[Claim]:
        if frame.claims:
            return frame.claims
        if frame.cities:
            return [Claim("in_top", frame.cities[0], 1000.0)]  # "is Paris in the 2025 index?": is it listed at all
        return []

    def plan(self, frame: Frame) -> list[Call]:
        if two_figures(frame):  # each figure where it is published
            return [("metric", {"metric": metric}) for metric in frame.metrics]
        if frame.metrics:
            return metric_calls(frame)
        if cue("asks.score", frame.question) and not frame.cities:
            return [("ranking", {"index": index_of(frame)})]
        if _asks_top_changed(frame):  # "did the top five change from 2023 to 2024?": both editions' tables
            return [("ranking", {"index": index_of(frame), "edition": e}) for e in _two_editions(frame)]
        if _stated_coverage(frame) is not None:  # "did GFCI 38 assess 120 centres?": the edition's own note
            chosen = frame.editions[-1] if frame.editions else None
            # a bare "GFCI 38" may mean either GFCI ranking; the note stating its centres is on one of them
            families = names.GFCI_FAMILIES if index_of(frame) in names.GFCI_FAMILIES else (index_of(frame),)
            return [("ranking", {"index": family, "edition": chosen}) for family in families]
        if _asks_group_within(frame):  # "any Chinese city in tier 2?": the filtered list
            return ListQuestion().plan(frame)
        return claim_calls(frame.with_(claims=self._claims(frame)))

    def follow(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        return mixed_follow(frame, outcomes) if mixes_series(frame) else []

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        # an edition not published yet ("GFCI 39"): none to check; the latest standing instead
        if (gap := gap_part(frame, lang, outcomes)) is not None:
            return gap
        if mixes_series(frame):  # "KPMG's 0.624bn against IF's 1.8bn: halved?": each apart, and why
            part = mixed_part(frame, outcomes)
            word = _mixed_verdict(frame, outcomes)
            if word and part.answered:
                part.lead = f"{say(word, lang)} {part.lead}"
            return part
        broad = [m for m in frame.metrics if m in names.ALL_SECTOR_METRICS]
        if broad and cue("fintech_only", frame.question):  # "only fintech, that one?": what the figure counts
            metric = metric_name(broad[0], lang)
            key = "scope_all_sectors_stated" if cue("all_sectors_stated", frame.question) else "scope_all_sectors"
            return Part(say(key, lang, metric=metric), facts=[fact(o, []) for o in outcomes if o.ok])
        if frame.metrics:
            return self._metric(frame, outcomes)
        if cue("asks.score", frame.question) and not frame.cities:
            scored = index_of(frame) in SCORED_INDICES
            text = say("claim_published_scores", lang, index=index_name(index_of(frame), lang))
            if scored:
                text = say("yes_word", lang)
                return Part(text, facts=[fact(o, []) for o in outcomes if o.ok])
            return Part(say("no_word", lang) + " " + text, facts=[fact(o, []) for o in outcomes if o.ok])
        if _asks_top_changed(frame):
            return self._top_changed(frame, outcomes)
        if (stated := _stated_coverage(frame)) is not None and (covered := self._coverage(frame, outcomes, stated)):
            return covered
        rated = self._rating_threshold(frame, outcomes)
        if rated is not None:
            return rated
        if _asks_group_within(frame):
            listed = ListQuestion().write(frame, outcomes, hits)
            found = bool(listed.facts) and any(selected_rows(frame, o) for o in outcomes if o.ok)
            if listed.answered:
                listed.lead = f"{say('yes_word' if found else 'no_word', lang)} {listed.lead}"
            return listed
        claims = self._claims(frame)
        if not claims:  # nothing the tables can check ("was the 2024 index released in December?"): the passages
            return Part("", from_passages=True)
        # every claim stated ("rated 775 and still first?"): no when one is false, unknown when one cannot be told
        verdicts = [check(frame, claim, outcomes) for claim in claims]
        wrong = [v for v in verdicts if v.holds is False]
        shown = wrong or verdicts
        text = " ".join(dict.fromkeys(v.fact for v in shown))
        if not wrong and any(v.holds is None for v in verdicts):
            return Part(say("premise_unknown", lang, fact=text), answered=False)
        word = say("no_word" if wrong else "yes_word", lang)
        named = [c for claim in claims for c in (claim.city, claim.other) if c]
        facts = [fact(o, list(dict.fromkeys(named))) for o in outcomes if o.ok]
        return Part(f"{word} {text}", facts=facts)

    def _top_changed(self, frame: Frame, outcomes: list[Outcome]) -> Part:
        """Whether the top N of one edition is the top N of the other, place by place, with both lists; when an
        edition's table stops short of N, the places both hold are compared and the gap is said."""
        lang, n = frame.language, int(frame.top_n or 0)
        tables = [o for o in outcomes if o.ok and o.name == "ranking"]
        if len(tables) < 2:
            return Part(say("not_covered", lang), answered=False)
        tops: list[list[str]] = []
        for table in tables:
            ranked = {row["rank"]: row["city"] for row in table.result["rows"] if row.get("rank") is not None}
            tops.append([ranked[place] for place in range(1, n + 1) if set(range(1, place + 1)) <= set(ranked)])
        where = [edition(t.result["index_family"], t.result["edition"], lang) for t in tables]
        shown = [
            say("top_of_edition", lang, edition=w, cities=join([city(c, lang) for c in top], lang))
            for w, top in zip(where, tops, strict=True)
        ]
        lists = say("list_break", lang).join(shown)
        facts = [fact(o, top) for o, top in zip(tables, tops, strict=True)]
        known = min(len(top) for top in tops)
        changed = tops[0][:known] != tops[1][:known]
        if known < n and not changed:  # the places both tables hold agree; the rest is not in the data
            short = where[[len(top) for top in tops].index(known)]
            text = say("top_unchanged", lang, n=known, lists=lists)
            gap = say("top_incomplete", lang, n=n, edition=short)
            return Part(f"{text[0].upper() + text[1:]} {gap}", facts=facts, answered=bool(known))
        text = say("top_changed" if changed else "top_unchanged", lang, n=n if not changed else known, lists=lists)
        word = say("yes_word" if changed else "no_word", lang)
        return Part(f"{word} {text[0].upper() + text[1:]}", facts=facts)

    def _rating_threshold(self, frame: Frame, outcomes: list[Outcome]) -> Part | None:
        """ "Is London's GFCI 38 rating above 760?": the city's rating in that edition against the stated one."""
        question = _threshold_question(frame)
        threshold = next((figure for figure in stated_figures(question) if 100 <= figure < 1000), None)
        above, below = bool(cue("above", question)), bool(cue("below", question))
        if threshold is None or above == below or len(frame.cities) != 1 or not cue("asks.score", question):
            return None
        rows = [r for o in outcomes if o.name == "city_rank" and o.ok for r in o.result["rows"]]
        wanted = claimed_editions(frame)
        row = next((r for r in reversed(rows) if not wanted or r["edition"] == wanted[-1]), None)
        if row is None or row.get("score") is None:
            return None
        lang = frame.language
        where = edition(row["index_family"], row["edition"], lang)
        score = number(row["score"])
        text = say("score_value_unranked", lang, city=city(row["city"], lang), edition=where, score=score)
        holds = row["score"] < threshold if below else row["score"] > threshold
        facts = [fact(o, [row["city"]]) for o in outcomes if o.ok]
        return Part(say("yes_word" if holds else "no_word", lang) + " " + text, facts=facts)

    def _two(self, frame: Frame, outcomes: list[Outcome]) -> Part | None:
        """ "Is A's figure above B's?" for two different figures, each of its own place: the latest of each."""
        higher = cue("direction.higher", frame.question) or cue("above", frame.question)
        lower = cue("direction.lower", frame.question) or cue("below", frame.question)
        reads = {o.result["metric"]: o for o in outcomes if o.name == "metric" and o.ok}
        if set(reads) != set(frame.metrics):
            return None
        if not (higher or lower):  # "A's 363.9bn and B's 375.4bn, right?": each figure as stated
            stated = stated_values(frame)
            rows = [r for metric in frame.metrics for r in series(reads[metric])[-1:]]
            if not stated or len(rows) != 2:
                return None
            holds = all(any(_same(value, row) for value in stated) for row in rows)
            lead = " ".join(value_lead(frame, row) for row in rows)
            facts = [fact(reads[row["metric"]], [row["geography"]]) for row in rows]
            return Part(say("yes_word" if holds else "no_word", frame.language) + " " + lead, facts=facts)
        if bool(higher) == bool(lower):
            return None
        periods = expand(frame.periods)
        rows = []
        for metric in frame.metrics:
            held = series(reads[metric])
            held = [r for p in periods for r in rows_for(held, p)] if periods else held
            if not held:
                return None
            rows.append(held[-1])
        if rows[0].get("unit") != rows[1].get("unit"):
            return None
        first_higher = rows[0]["value"] > rows[1]["value"]
        holds = first_higher if higher else rows[0]["value"] < rows[1]["value"]
        lead = " ".join(value_lead(frame, row) for row in rows)
        facts = [fact(reads[row["metric"]], [row["geography"]]) for row in rows]
        return Part(say("yes_word" if holds else "no_word", frame.language) + " " + lead, facts=facts)

    def _metric(self, frame: Frame, outcomes: list[Outcome]) -> Part:
        lang = frame.language
        if len(frame.metrics) > 1 and (beside := self._finding_beside(frame, outcomes)) is not None:
            return beside
        if two_figures(frame) and (two := self._two(frame, outcomes)) is not None:
            return two
        read = next((o for o in outcomes if o.name == "metric" and o.ok), None)
        rows = series(read) if read else []
        held = series(read) if read else []
        rows = [r for p in expand(frame.periods) for r in rows_for(rows, p)] if frame.periods else rows[-1:]
        if frame.periods and not rows and read is not None and (elsewhere := stated_elsewhere(frame, held)):
            # "the 25% is 2023's figure, isn't it?": no, it is the figure of another period
            lead = placed(frame, elsewhere[0], expand(frame.periods))
            return Part(f"{say('no_word', lang)} {lead}", facts=[fact(read, [elsewhere[0]["geography"]])])
        change = stated_change(frame, rows[0]) if len(rows) == 1 else None
        if change is not None and read is not None:  # "did it grow 67.8%?": the change the source states
            return Part(change, facts=[fact(read, [rows[0]["geography"]])])
        stating = frame.with_(question=_threshold_question(frame))  # "and in H2?" after "above 50bn in H1?"
        threshold = stated_value(stating)
        # "H2 was 54.2bn, lower than H1, right?": a figure stated for one of two periods compared, not a bar
        compared = len(rows) >= 2 and any(
            cue(f"direction.{way}", frame.question) for way in ("higher", "lower", "up", "down")
        )
        if threshold is not None and not compared:
            return self._threshold(stating, outcomes, threshold)
        found = self._finding(frame, read)
        if found is not None:
            return found
        every = bool(cue("every_edition", frame.question))  # "did it fall every year from 2021 to 2024?"
        operands = metric_operands(frame, outcomes, lang, every=every)
        if len(operands) < 2:
            return Part(say("not_covered", lang), answered=False)
        moved = cue("direction.up", frame.question) or cue("direction.down", frame.question)
        if every and len(operands) > 2 and moved:
            return self._every_step(frame, outcomes, operands)
        named = {period: i for i, period in enumerate(expand(frame.periods))}
        # "higher than H1?" after H2: the one period named is what the earlier turn's figure is compared with
        unnamed_first = len(named) == 1 and frame.follow_up
        in_question = sorted(operands, key=lambda o: named.get(o.period, -1 if unnamed_first else len(named)))
        if (factor := stated_factor(frame.question)) is not None:  # "was 2022 twice 2024?", "是2024年的两倍多吗"
            said, base = in_question[0], in_question[-1]
            ratio = said.value / base.value if base.value else float("inf")
            at_least = bool(cue("above", frame.question)) or "多" in frame.question
            holds = ratio >= factor if at_least else abs(ratio - factor) <= 0.05 * factor
            text = say(
                "claim_value_order", lang, first_label=said.period, first=said.shown, second_label=base.period,
                second=base.shown,
            )  # fmt: skip
            return Part(
                say("yes_word" if holds else "no_word", lang) + " " + text,
                facts=[fact(o, []) for o in outcomes if o.ok],
            )
        first, second = operands[0], operands[-1]
        rose = second.value > first.value
        asks_up = bool(cue("direction.up", frame.question) or cue("direction.higher", frame.question))
        asks_down = bool(cue("direction.down", frame.question) or cue("direction.lower", frame.question))
        # "was 2023 higher than 2024": the first period named is the one said to be higher
        if cue("direction.higher", frame.question) or cue("direction.lower", frame.question):
            higher_first = in_question[0].value > in_question[-1].value
            holds = higher_first if cue("direction.higher", frame.question) else not higher_first
        elif asks_up or asks_down:
            holds = rose if asks_up else second.value < first.value
        else:
            return Part(say("not_covered", lang), answered=False)
        text = say(
            "claim_value_order",
            lang,
            first_label=first.period,
            first=first.shown,
            second_label=second.period,
            second=second.shown,
        )
        return Part(
            say("yes_word" if holds else "no_word", lang) + " " + text, facts=[fact(o, []) for o in outcomes if o.ok]
        )

    def _finding(self, frame: Frame, read: Outcome | None) -> Part | None:
        """ "Did financing keep growing from 2022 to 2024?" against a finding without figures that says which way
        it went ("both declined"): Yes or No, then the finding."""
        asks_up = bool(cue("direction.up", frame.question) or cue("direction.higher", frame.question))
        asks_down = bool(cue("direction.down", frame.question) or cue("direction.lower", frame.question))
        if read is None or asks_up == asks_down or series(read):
            return None
        described = [r for r in read.result["rows"] if finding_direction(r)]
        if not described:
            return None
        row = described[-1]
        holds = finding_direction(row) == ("up" if asks_up else "down")
        word = say("yes_word" if holds else "no_word", frame.language)
        return Part(f"{word} {value_lead(frame, row)}", facts=[fact(read, [row["geography"]])])

    def _coverage(self, frame: Frame, outcomes: list[Outcome], stated: int) -> Part | None:
        """ "GFCI 37 covered 130 centres, didn't it?": the number of cities the edition's own note gives."""
        counted = frame.with_(ask="count")
        table = next(
            (o for o in outcomes if o.name == "ranking" and o.ok and CountQuestion().published_in([o], counted)), None
        )
        published = CountQuestion().published_in([table], counted) if table else None
        if published is None or table is None:
            return None
        lang = frame.language
        where = edition(table.result["index_family"], table.result["edition"], lang)
        lead = say("count_covered", lang, edition=where, count=published, what=say("unit_cities", lang))
        word = say("yes_word" if int(published) == stated else "no_word", lang)
        return Part(f"{word} {lead[:1].upper()}{lead[1:]}", facts=[fact(table, [])])

    def _finding_beside(self, frame: Frame, outcomes: list[Outcome]) -> Part | None:
        """ "997 tech venture deals in 2024, so fintech financing grew?": the finding that says which way the figure
        asked about went answers Yes or No; the other figure stated follows as the table gives it."""
        reads = [o for o in outcomes if o.name == "metric" and o.ok]
        findings = [o for o in reads if not series(o) and any(finding_direction(r) for r in o.result["rows"])]
        found = self._finding(frame, findings[0]) if findings else None
        if found is None:
            return None
        periods = expand(frame.periods)
        others = [
            row
            for o in reads
            if o not in findings
            for row in ([r for p in periods for r in rows_for(series(o), p)] if periods else series(o)[-1:])
        ]
        word, _, finding = found.lead.partition(" ")
        leads = [value_lead(frame, row) for row in others]
        facts = found.facts + [fact(o, [row["geography"] for row in others]) for o in reads if o not in findings]
        return Part(" ".join([word, *leads, finding]), facts=facts)

    def _every_step(self, frame: Frame, outcomes: list[Outcome], operands: list) -> Part:
        """A rise (or fall) claimed for every step of a series: each figure against the one before."""
        lang = frame.language
        up = bool(cue("direction.up", frame.question))
        kept = same_length([o.row for o in operands], frame.question)  # years or half-years, never both
        operands = [o for o in operands if o.row in kept]
        steps = pairwise(operands)
        holds = all((b.value > a.value) if up else (b.value < a.value) for a, b in steps)
        text = "; ".join(f"{o.period}: {o.shown}" for o in operands) + ("。" if lang == "zh" else ".")
        word = say("yes_word" if holds else "no_word", lang)
        return Part(f"{word} {text}", facts=[fact(o, []) for o in outcomes if o.ok])

    def _threshold(self, frame: Frame, outcomes: list[Outcome], threshold: float) -> Part:
        """ "Was Shanghai's fintech industry above 400 billion yuan in 2024?": the figure against the stated one."""
        lang = frame.language
        outcome = next((o for o in outcomes if o.name == "metric" and o.ok), None)
        rows = series(outcome) if outcome else []
        rows = [r for p in expand(frame.periods) for r in rows_for(rows, p)] if frame.periods else rows[-1:]
        rows = one_geography(rows, frame)  # KPMG's global figure, not also its China one
        if len(rows) != 1:
            return Part(say("not_covered", lang), answered=False)
        row = rows[0]
        scale = unit_scale(row.get("unit") or "") or 1.0
        value = row["value"] * (scale if threshold > row["value"] * 100 else 1.0)  # "400 billion" vs 440.5 billion
        above, below = (
            bool(cue("above", frame.question)),
            bool(cue("below", frame.question)) and not cue("above", frame.question),
        )
        if not (above or below):  # "was it 440.5 billion?": the figure itself is stated, in the table's currency
            holds = abs(value - threshold) <= max(abs(value) * 0.005, 1e-9) and not other_currency(frame, row)
        else:
            holds = value < threshold if below else value > threshold
        lead = value_lead(frame, row)
        return Part(
            say("yes_word" if holds else "no_word", lang) + " " + lead, facts=[fact(outcome, [row["geography"]])]
        )


STATED_COVERAGE = re.compile(
    r"(?<![\d.])(\d{2,3})\s*(?:cities|centres|centers|个城市|座城市|个金融中心|个中心)", re.IGNORECASE
)


def _asks_top_changed(frame: Frame) -> bool:
    """ "Did the top five change between the 2023 and 2024 editions?": a top N of two editions, no city named."""
    return (
        not frame.cities
        and not frame.metrics
        and bool(frame.top_n)
        and len(_two_editions(frame)) == 2
        and bool(cue("direction.changed", frame.question))
    )


def _two_editions(frame: Frame) -> list[str]:
    """The two editions named, in the order the index published them."""
    known = names.known_editions(index_of(frame))
    named = [e for e in dict.fromkeys(frame.editions) if e in known]
    return sorted(named, key=known.index)[-2:] if len(named) >= 2 else []


def _stated_coverage(frame: Frame) -> int | None:
    """The number of cities a yes/no question says an edition covers ("assessed 120 centres"), naming no city."""
    if frame.cities or frame.group or frame.top_n or not frame.index or not cue("coverage", frame.question):
        return None
    match = STATED_COVERAGE.search(frame.question)
    return int(match.group(1)) if match else None


def _mixed_verdict(frame: Frame, outcomes: list[Outcome]) -> str:
    """Yes or No first for a yes/no question over the two series: "is KPMG's 2023 figure above Innovate Finance's?"
    compares the two figures of one period as they are; a move or change claimed across the two series ("so funding
    fell 62%?", "halved?") is not shown by them: No. '' when neither."""
    higher = cue("direction.higher", frame.question) or cue("above", frame.question)
    lower = cue("direction.lower", frame.question) or cue("below", frame.question)
    moved = cue("direction.up", frame.question) or cue("direction.down", frame.question)
    if bool(higher) != bool(lower) and len(frame.metrics) == 2 and len(expand(frame.periods)) <= 1:
        reads = {o.result["metric"]: o for o in outcomes if o.name == "metric" and o.ok}
        rows = []
        for metric in frame.metrics:
            held = series(reads[metric]) if metric in reads else []
            held = [r for p in expand(frame.periods) for r in rows_for(held, p)] if frame.periods else held[-1:]
            rows.append(held[-1] if len(held) == 1 and held[-1].get("unit") else None)
        if None in rows or rows[0]["unit"] != rows[1]["unit"]:  # type: ignore[index]
            return ""
        first, second = rows[0]["value"], rows[1]["value"]  # type: ignore[index]
        return "yes_word" if (first > second if higher else first < second) else "no_word"
    flat = cue("stated_flat", frame.question)  # "so funding was flat?" across the two series: not shown by them
    stated_move = moved or flat or stated_factor(frame.question) is not None or "%" in frame.question
    return "no_word" if stated_move and not (higher or lower) else ""


FACTOR_WORDS = {
    "twice": 2.0,
    "double": 2.0,
    "doubled": 2.0,
    "half": 0.5,
    "两倍": 2.0,
    "一半": 0.5,
    "三倍": 3.0,
    "翻番": 2.0,
    "翻了一番": 2.0,
}


def stated_factor(question: str) -> float | None:
    """The multiple a question states between two figures ("twice", "3 times", "两倍", "一半"), if any."""
    match = cue("factor", question)
    if match is None:
        return None
    word = match.group(0).lower()
    number = re.search(r"\d+(?:\.\d+)?", word)
    return float(number.group(0)) if number else FACTOR_WORDS.get(word)


def _threshold_question(frame: Frame) -> str:
    """The question stating the threshold: this one, or, for a follow-up naming none ("and in GFCI 36?" after
    "rating over 750?"), the yes/no question it continues."""
    previous = frame.previous
    if stated_figures(frame.question) or not frame.follow_up or previous is None or previous.ask != "yes_no":
        return frame.question
    return previous.question


def _same(value: float, row: dict[str, Any]) -> bool:
    """Whether a stated figure (scaled: 363.9e9 for "3639亿") is the row's published figure."""
    scale = unit_scale(row.get("unit") or "") or 1.0
    published = float(row["value"])
    return any(abs(value - published * s) <= max(abs(published * s) * 0.005, 1e-9) for s in (1.0, scale))
