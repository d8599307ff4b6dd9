"""From a question (and the earlier questions of its conversation) to one typed frame per part.

Detectors read each field (``detectors.py``); what is asked comes from the cue words of each question type
(``questions/``), with the nearest labelled examples as one more input when no cue fits. A follow-up
keeps the previous frame and replaces only what the new turn says; relative editions and periods
("the year before", "上一期", "the next edition") resolve against it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache

from assistant import names
from assistant.agent.language import detect_language
from assistant.agent.reading import detectors
from assistant.agent.reading.detectors import Fields
from assistant.agent.reading.frame import Claim, Frame

AskDetector = Callable[[str, Fields, "Frame | None"], str]
HISTORY_TURNS = 6
HALF = re.compile(r"^(\d{4})-H([12])$")
SOURCE = re.compile(r"kpmg|毕马威|pulse|innovate|科技创投", re.IGNORECASE)
BARE_HALF = re.compile(r"上半年|下半年|\b(?:first|second) half\b|\bh[12]\b|\b[12]h\b", re.IGNORECASE)


def step_period(period: str, relative: str) -> str | None:
    """The period before or after ``period`` ("2024" → "2023"; "2024-H1" → "2023-H2", a year before: "2023-H1")."""
    if period.isdigit():
        return str(int(period) + (-1 if relative in ("previous", "year_before") else 1))
    match = HALF.match(period)
    if not match:
        return None
    year, half = int(match.group(1)), int(match.group(2))
    if relative in ("year_before", "year_after"):
        return f"{year + (-1 if relative == 'year_before' else 1)}-H{half}"
    index = year * 2 + half - 1 + (-1 if relative == "previous" else 1)
    return f"{index // 2}-H{index % 2 + 1}"


def step_edition(index: str, edition: str | None, relative: str) -> str | None:
    """The edition of ``index`` that ``relative`` names from ``edition`` (None: none in the data)."""
    known = names.known_editions(index)
    if not known:
        return None
    if relative == "first":
        return known[0]
    if relative == "latest" or edition is None:
        return known[-1]
    if edition not in known:  # a step from an edition the data skips ("2021"): to its neighbour
        return _step_over_gap(edition, known, relative)
    position = known.index(edition)
    if relative in ("previous", "next"):
        target = position + (-1 if relative == "previous" else 1)
        if not 0 <= target < len(known):
            return None
        return _edition_in_gap(edition, known[target], relative) or known[target]
    year, month = names.edition_sort_key(edition)
    wanted = (year + (-1 if relative == "year_before" else 1), month)
    return next((e for e in known if names.edition_sort_key(e) == wanted), None)


def _edition_in_gap(edition: str, neighbour: str, relative: str) -> str | None:
    """The edition right before (or after) ``edition`` when the data skips it ("2021" between the Hub Report's
    2020 and 2022, "GFCI 30" before GFCI 31), as typed so that its tool says why it is missing; None when
    ``neighbour`` is the adjacent edition."""
    step = -1 if relative == "previous" else 1
    number, other = names.gfci_number(edition), names.gfci_number(neighbour)
    if number is not None and other is not None:
        return f"GFCI {number + step}" if abs(number - other) > 1 else None
    if edition.isdigit() and neighbour.isdigit() and abs(int(edition) - int(neighbour)) > 1:
        return str(int(edition) + step)
    return None


def _step_over_gap(edition: str, known: list[str], relative: str) -> str | None:
    """The edition before or after one the data skips, by its year or GFCI number (None past the data)."""
    if relative not in ("previous", "next"):
        return None
    match = re.fullmatch(r"GFCI (\d+)", edition)
    number = int(match.group(1)) if match else (int(edition) if edition.isdigit() else None)
    if number is None:
        return None
    wanted = number + (-1 if relative == "previous" else 1)
    for candidate in known:
        own = names.gfci_number(candidate) if match else (int(candidate) if candidate.isdigit() else None)
        if own == wanted:
            return candidate
    ends = [names.gfci_number(e) if match else int(e) for e in (known[0], known[-1]) if match or e.isdigit()]
    inside = len(ends) == 2 and None not in ends and ends[0] < wanted < ends[1]  # type: ignore[operator]
    return (f"GFCI {wanted}" if match else str(wanted)) if inside else None


class Reader:
    """Reads questions into frames; ``detect_ask`` decides what each frame asks."""

    def __init__(self, detect_ask: AskDetector) -> None:
        self._detect_ask = detect_ask
        # a turn is read again at each round of tool calls: remember the last few readings
        self._cached_read = lru_cache(maxsize=64)(self._read)

    def read(self, question: str, history: Sequence[str] = (), answers: Sequence[str] = ()) -> list[Frame]:
        """The frames of ``question``, one per part, after the earlier questions ``history`` (oldest first) and
        the answers they got (``answers``, aligned with ``history``; a city an answer named is what "it" means
        when the question named none: "who was first?" … "was it also first in the overall rating?")."""
        return list(self._cached_read(question, tuple(history), tuple(answers)))

    def _read(self, question: str, history: tuple[str, ...], answers: tuple[str, ...]) -> tuple[Frame, ...]:
        previous: Frame | None = None
        recent = list(history)[-HISTORY_TURNS:]
        replies = list(answers)[-HISTORY_TURNS:] if answers else []
        for turn, earlier in enumerate(recent):
            for part in detectors.split_parts(earlier):
                previous = self.read_part(part, previous)
            if previous is not None and not previous.cities and turn < len(replies):
                lead = detectors.without_titles(replies[turn].split("\n", 1)[0])  # not "Shanghai … Alliance"
                named = names.find_cities_in_order(lead)  # the lead, not the notes
                previous = previous.with_(answered_cities=named[:1], listed_cities=named)
            if previous is not None and previous.metrics and not previous.periods and turn < len(replies):
                lead = replies[turn].split("\n", 1)[0]  # "… was highest in 2022": "the year after?" is 2023
                previous = previous.with_(answered_periods=names.find_periods(lead)[:1])
        frames = []
        parts = detectors.split_parts(question)
        asked = [part for part in parts if not detectors.cue("unit_only", part)] or parts  # "单位十亿美元。"
        scale = detectors.read_fields(question).scale  # the unit asked applies to every part
        for part in asked:
            previous = self.read_part(part, previous)
            previous = previous.with_(scale=previous.scale or scale)
            if frames and _confirms(frames[-1], previous):
                # "那GFCI 38呢？拿第一了没": one yes/no answer, whose fact gives the place asked; what the part before
                # stated ("rated 770 … and was second?") is checked with it
                stated = [claim for claim in frames.pop().claims if claim not in previous.claims]
                previous = previous.with_(claims=[*previous.claims, *stated])
            frames.append(previous)
        return tuple(frames)

    def read_part(self, question: str, previous: Frame | None) -> Frame:
        """One part's frame; with a previous frame and a follow-up turn, the previous frame updated."""
        question = names.as_meant(question)
        fields = detectors.read_fields(question)
        follows = previous is not None and detectors.is_follow_up(question, fields)
        follow_up = follows or (previous is not None and _other_source_of(fields, previous))
        base = previous if follow_up and previous is not None else None
        merged = _merge(question, fields, base)
        if base is None and previous is not None and previous.index and not merged.index:
            _in_ranking_of_conversation(question, merged, previous.index)
        if base is not None and not fields.index:
            _in_ranking_of_quoted_rating(question, merged)
            merged.index = _gfci_list_named(question, merged.index)
        # "both trackers' 2023 deal counts": each series; so too "one number" / "a single line" of a figure named
        # without its source, which the two sources measure differently
        single = detectors.cue("single_series", question) and not SOURCE.search(question)
        if detectors.cue("both_series", question) or single:
            counterparts = [names.COUNTERPART_SERIES[m] for m in merged.metrics if m in names.COUNTERPART_SERIES]
            merged.metrics = list(dict.fromkeys([*merged.metrics, *counterparts]))
        merged.metrics = _series_holding_the_years(question, fields, merged)
        if previous is not None and (detectors.cue("which_right", question) or detectors.cue("splice", question)):
            merged.metrics = _with_counterparts_asked_before(merged.metrics, previous)
        merged.editions = [_future_as_gap(merged.index, e) for e in merged.editions]
        ask = self._detect_ask(question, merged, base if follows else None)  # the other source's figure: asked anew
        rankings = _rankings_weighed(question, merged, previous)
        if rankings:  # "which of its two places is right?": each ranking's own place
            merged.indices, ask = rankings, "cross_index"
        frame = Frame(
            question=question,
            language=detect_language(question),
            ask=ask,
            cities=merged.cities,
            group=merged.group,
            tier=merged.tier,
            top_n=merged.top_n,
            position=merged.position,
            from_place=merged.from_place,
            compared_place=fields.compared_place,
            index=merged.index,
            indices=merged.indices or ([merged.index] if merged.index else []),
            editions=merged.editions,
            relative=fields.relative,
            metrics=merged.metrics,
            geography=merged.geography,
            # "and the weakest?" after "the peak year?": over the whole series, not the year just answered
            periods=[]
            if ask == "max_min" and follow_up and not (fields.periods or fields.relative)
            else merged.periods,
            method=merged.method,
            scale=merged.scale,
            extreme=merged.extreme,  # type: ignore[arg-type]
            claims=[
                _with_edition(claim, question, merged.index, merged.editions)
                for claim in detectors.read_claims(question, _cities_claimed(question, fields, merged, follow_up))
                if not (merged.metrics and claim.kind in ("up", "down"))  # "why did financing fall": the figure
                and (claim.kind != "changed" or ask == "yes_no")  # "how has it changed?" states nothing
            ]
            or _claims_carried(ask, fields, base),
            asks_tier=fields.asks_tier,
            follow_up=follow_up,
            previous=base,
        )
        return frame


def _other_source_of(fields: Fields, previous: Frame) -> bool:
    """Whether a turn names only the other source's series of the figure the previous turn was about ("IF says 6464
    deals for 2024 though" after KPMG's deal count): it continues that turn, which "the two" then refers to."""
    pairs = {frozenset(pair) for pair in names.COUNTERPART_SERIES.items()}
    return (
        len(fields.metrics) == 1
        and len(previous.metrics) == 1
        and frozenset((fields.metrics[0], previous.metrics[0])) in pairs
        and not (fields.cities or fields.index)
    )


def _future_as_gap(index: str | None, edition: str) -> str:
    """An edition after the latest one on record ("GFCI 39", "the 2027 index") as the step past the data that it
    is ("next:GFCI 38 (2025-09)"), so that the answer says there is none yet rather than that a city is unlisted."""
    known = names.known_editions(index) if index else []
    if not known or edition in known or ":" in edition:
        return edition
    bare = re.fullmatch(r"GFCI (\d+)", edition)
    number = int(bare.group(1)) if bare else names.gfci_number(edition)
    last = names.gfci_number(known[-1])
    if number is not None and last is not None and number > last:
        return f"next:{known[-1]}"
    if edition.isdigit() and known[-1].isdigit() and int(edition) > int(known[-1]):
        return f"next:{known[-1]}"
    return edition


def _confirms(asked: Frame, frame: Frame) -> bool:
    """Whether ``frame`` is a yes/no part that asks to confirm the figure or place ``asked`` just asked for."""
    same = (asked.cities, asked.index, asked.editions[-1:], asked.metrics, asked.periods) == (
        frame.cities,
        frame.index,
        frame.editions[-1:],
        frame.metrics,
        frame.periods,
    )
    return frame.ask == "yes_no" and asked.ask in ("rank", "score", "value") and frame.previous is asked and same


CLAUSE = re.compile(r"[,，;；。?？!！]|\.(?!\d)|\bthen\b|那么?")


def _with_edition(claim: Claim, question: str, index: str | None, editions: list[str]) -> Claim:
    """A claim about one of several editions the question names is about the edition of its own clause
    ("given Tokyo was 5th in GFCI 36, where is it in GFCI 37?": GFCI 36)."""
    if len(editions) < 2 or not index or claim.city is None:
        return claim
    for clause in CLAUSE.split(question):
        if claim.city in names.find_cities(clause):
            named = [e for e in detectors.read_editions(clause, index) if e in editions]
            if len(named) == 1:
                return replace(claim, edition=named[0])
    return claim


def _in_ranking_of_conversation(question: str, merged: Fields, index: str) -> None:
    """A new question naming an edition by its year alone ("what lifted Beijing in the 2023 edition?")
    is about that edition of the ranking the conversation is about."""
    if detectors.cue("edition_of_the_conversation", question):
        editions = detectors.read_editions(question, index)
        if editions:
            merged.index, merged.editions = index, editions


def _in_ranking_of_quoted_rating(question: str, merged: Fields) -> None:
    """A follow-up quoting a rating of its city ("which place goes with that 760?") is about the ranking and edition
    where the city holds that rating, when exactly one does."""
    if len(merged.cities) != 1:
        return
    for figure in detectors.stated_figures(question):
        held = names.ratings_holding(merged.cities[0], figure) if 100 <= figure < 1000 else []
        if len(held) == 1:
            merged.index, merged.editions = held[0][0], [held[0][1]]
            merged.indices = [held[0][0]]
            return


def _claims_carried(ask: str, fields: Fields, previous: Frame | None) -> list[Claim]:
    """A yes/no follow-up that names nothing new ("and in GFCI 36?") asks the previous claim again."""
    if previous is None or ask != "yes_no" or previous.ask != "yes_no" or fields.group:
        return []
    if not fields.cities:
        return list(previous.claims)
    # "and London?" after "did New York's rating rise?": the same claim, of the one city the turn names instead
    about = {claim.city for claim in previous.claims}
    if (
        len(fields.cities) == 1
        and len(about) == 1
        and all(c.other is None and c.kind != "value" for c in previous.claims)
    ):
        return [replace(claim, city=fields.cities[0]) for claim in previous.claims]
    return []


def _merge(question: str, fields: Fields, previous: Frame | None) -> Fields:
    """The fields of a follow-up: what the new turn says, else what the previous frame had."""
    # a change against the edition before ("较前一期变化", "change versus the prior issue"): both editions stay
    compared = bool(
        detectors.cue("comparison", question) or any(detectors.cue(f"asks.{k}", question) for k in detectors.ARITHMETIC)
    )
    if previous is None:
        merged = Fields(**vars(fields))
        _resolve_relative(merged, None, keep_base=compared and len(merged.cities) < 2)
        return merged
    names_new_subject = bool(fields.cities or fields.group or fields.metrics)
    back = bool(detectors.cue("back_reference", question))
    holder = _holder_asked(question, fields, previous)
    merged = Fields(
        cities=holder or _cities(question, fields, previous, back),
        group=fields.group or (previous.group if not (fields.cities or fields.position or fields.from_place) else None),
        index=_index(question, fields, previous),
        indices=fields.indices or (previous.indices if not (fields.index or fields.metrics) else []),
        metrics=_metrics(fields, previous, back, question),
        geography=fields.geography or (_geography_kept(fields, previous) if not fields.cities else None),
        tier=fields.tier if fields.tier is not None else (previous.tier if not names_new_subject else None),
        top_n=fields.top_n
        if fields.top_n is not None
        else (previous.top_n if not (fields.cities or fields.tier) else None),
        position=fields.position
        or (previous.position if not (fields.cities or fields.group or fields.top_n or holder) else None),
        from_place=fields.from_place
        if fields.top_n is not None
        else (previous.from_place if not (fields.cities or fields.tier) else None),
        method=fields.method or previous.method,
        scale=fields.scale or previous.scale,
        extreme=fields.extreme,
        relative=fields.relative,
        relative_steps=fields.relative_steps,
        asks_tier=fields.asks_tier,
    )
    if (merged.index and merged.index != fields.index) or not fields.editions:
        merged.editions = detectors.read_editions(question, merged.index) if merged.index else []
    else:
        merged.editions = fields.editions
    bare = detectors.cue("bare_edition", question) if merged.index in names.GFCI_FAMILIES else None
    bare_named = bool(
        merged.editions and merged.index in names.GFCI_FAMILIES and detectors.BARE_GFCI_NUMBER.search(question)
    )
    if not merged.editions and bare:  # "what about 36?" after a GFCI question
        number = int(next(group for group in bare.groups() if group))
        merged.editions = [e for e in names.known_editions(merged.index or "") if names.gfci_number(e) == number]
        bare_named = bool(merged.editions)
    if not merged.editions and not fields.relative and merged.index == previous.index:
        merged.editions = list(previous.editions)
    elif not merged.editions and not fields.relative and {merged.index, previous.index} <= set(names.GFCI_FAMILIES):
        numbers = {names.gfci_number(e) for e in previous.editions}  # "the overall rating that edition": same GFCI
        merged.editions = [e for e in names.known_editions(merged.index or "") if names.gfci_number(e) in numbers]
    merged.periods = (
        fields.periods
        or _half_of_previous(question, previous)
        or ([] if fields.relative or fields.index else list(previous.periods or previous.answered_periods))
    )
    changed = any(detectors.cue(f"asks.{kind}", question) for kind in ("difference", "percent_change"))
    if changed and len(merged.cities) < 2:  # "how much is that down from GFCI 36?": from it to the one before
        same_index, same_metric = merged.index == previous.index, merged.metrics[:1] == previous.metrics[:1]
        merged.editions = _with_earlier(fields.editions, previous.named_editions, same_index) or merged.editions
        before = _year_of_halves(previous.periods) if previous.ask == "total" else list(previous.periods)
        merged.periods = _with_earlier(fields.periods, before, same_metric) or merged.periods
    if not fields.periods and len(merged.periods) == 2 and HALF.match(merged.periods[-1]):
        # "同比呢？" / "and year on year?" after a change between two halves: from the same half a year before;
        # "环比呢？" / "and against the half before?": from the half before
        step = "year_before" if detectors.cue("same_half_year_before", question) else None
        step = step or ("previous" if detectors.cue("half_before", question) else None)
        start = step_period(merged.periods[-1], step) if step else None
        merged.periods = [start, merged.periods[-1]] if start else merged.periods
    # a gap between two cities "in the edition before" is of that edition only
    keep = compared and len(merged.cities) < 2
    _resolve_relative(merged, previous, _relative_base(question, fields, merged, previous), keep_base=keep)
    if (before := detectors.cue("editions_before", question)) and merged.index and not fields.editions:
        known = names.known_editions(merged.index)  # "前两期呢？" after 2025: the two editions before it
        base = previous.named_editions[-1] if previous.named_editions else (known[-1] if known else None)
        if base in known:
            # "the earlier editions", "之前几期": every edition before it
            counted = next((group for group in before.groups() if group), None)
            count = detectors.number_word(counted) if counted else len(known)
            merged.editions = known[max(0, known.index(base) - count) : known.index(base)]
    earlier = previous.previous
    if back and earlier is not None and not (fields.editions or bare_named or fields.periods or fields.relative):
        # "the average of the two?" after "2024?" then "the one after?": both turns' editions and periods
        if earlier.index == merged.index and earlier.cities == merged.cities:
            merged.editions = list(dict.fromkeys([*earlier.editions, *merged.editions]))
        if earlier.metrics == merged.metrics:
            merged.periods = list(dict.fromkeys([*earlier.periods, *merged.periods]))
    return merged


def _geography_kept(fields: Fields, previous: Frame) -> str | None:
    """The previous place, unless the turn names a figure that is not published for it ("… and the 2029 AI
    penetration forecast" after Shanghai's industry size: China's figure)."""
    if (
        previous.geography
        and fields.metrics
        and not all(previous.geography in names.geographies_of(metric) for metric in fields.metrics)
    ):
        return None
    return previous.geography


def _year_of_halves(periods: list[str]) -> list[str]:
    """The year whose two halves were added up ("H1 and H2 2024": "2024"), else the periods as they are."""
    halves = {HALF.match(period).group(1) for period in periods if HALF.match(period)}  # type: ignore[union-attr]
    if len(periods) == 2 and len(halves) == 1 and {p[-2:] for p in periods} == {"H1", "H2"}:
        return [halves.pop()]
    return list(periods)


def _with_earlier(named: list[str], before: list[str], same_subject: bool) -> list[str]:
    """A change asked with one edition or period named, after a turn about another one of the same figure: both,
    in order ("GFCI 38时分数差了多少" after GFCI 37's rating); else none."""
    if len(named) != 1 or len(before) != 1 or before == named or not same_subject:
        return []
    both = [*before, *named]
    if any(re.fullmatch(r"\d{4}-\d{4}", item) for item in both):
        return []  # a span is already two ends

    def order(item: str) -> tuple[int, int]:
        half = HALF.match(item)
        return (int(half.group(1)), int(half.group(2))) if half else names.edition_sort_key(item)

    return sorted(both, key=order)


def _metrics(fields: Fields, previous: Frame, back: bool, question: str) -> list[str]:
    """The new turn's metrics; "add it to KPMG's figure" keeps the previous one too; "how many deals?" after
    an amount asks the same source's deal count."""
    earlier = previous.previous
    both = earlier.metrics[:1] + previous.metrics if earlier is not None and len(previous.metrics) == 1 else []
    calculated = any(detectors.cue(f"asks.{kind}", question) for kind in detectors.ARITHMETIC)
    if fields.metrics:
        counterpart = [*previous.metrics[:1], *fields.metrics]
        if _counterparts(counterpart) and detectors.cue("series_disagree", question):
            return counterpart  # "IF says 54.2bn though: which one is right?" after KPMG's figure: both series
        if back and _counterparts(both) and set(fields.metrics) <= set(both):
            return both  # "两家差了59.5 billion, KPMG高估了?" after one turn per source: both series
        if back and previous.metrics and previous.metrics[0] not in fields.metrics:
            return [previous.metrics[0], *fields.metrics]
        if calculated and _counterparts(both) and set(fields.metrics) <= set(both) and not SOURCE.search(question):
            return both  # a sum of "deals" after one turn per source: both series
        counterpart = names.DEAL_COUNTERPARTS.get(previous.metrics[0]) if previous.metrics else None
        if counterpart and fields.metrics[0] in names.DEAL_COUNTERPARTS.values() and not SOURCE.search(question):
            return [counterpart]  # "how many deals?" after Innovate Finance's VC: Innovate Finance's deals
        deals = names.DEAL_COUNTERPARTS.get(fields.metrics[0])
        after_deals = bool(previous.metrics) and previous.metrics[0] in names.DEAL_COUNTERPARTS.values()
        if deals and after_deals and len(fields.metrics) == 1 and not detectors.cue("amount_named", question):
            return [deals]  # "and Innovate Finance?" after KPMG's deal count: Innovate Finance's deal count
        return fields.metrics
    ranking_words = fields.index or fields.group or fields.top_n or fields.tier
    if fields.cities and previous.metrics and not (ranking_words or previous.index):
        # "新加坡那个数涨了多少" after two figures of two places: the figure of the place named
        own = [m for m in previous.metrics if set(fields.cities) & set(names.geographies_of(m))]
        if len(previous.metrics) > 1 and len(own) == 1:
            return own
        return list(previous.metrics)  # "那北京呢？" after Shanghai's industry size: Beijing's figure
    if fields.cities or fields.index:
        return []
    if back and len(previous.metrics) == 1 and earlier is not None and earlier.metrics[:1] != previous.metrics:
        return [*earlier.metrics[:1], *previous.metrics]  # "how do the two compare?" after KPMG's, then IF's figure
    if calculated and _counterparts(both):
        return both  # "so in total?" after KPMG's, then Innovate Finance's figure: both series
    return detectors.deal_counts(question, list(previous.metrics))


def _series_holding_the_years(question: str, fields: Fields, merged: Fields) -> list[str]:
    """A figure named without its source ("global fintech investment 2021 to 2023") is read from the source that
    publishes every year asked when the default one lacks one of them (KPMG has no 2021; Innovate Finance has)."""
    if len(fields.metrics) != 1 or merged.metrics != fields.metrics or SOURCE.search(question):
        return merged.metrics
    metric = merged.metrics[0]
    other = names.COUNTERPART_SERIES.get(metric)
    years = {p for period in merged.periods for p in _years_of(period)}
    if other is None or not years:
        return merged.metrics
    geography = merged.geography or "Global"
    missing = years - names.years_published(metric, geography)
    return [other] if missing and years <= names.years_published(other, geography) else merged.metrics


def _years_of(period: str) -> list[str]:
    """The years a period names ("2021-2023": its two ends; "2024-H1": none, a half is not a year)."""
    match = re.fullmatch(r"(\d{4})-(\d{4})", period)
    if match:
        return [match.group(1), match.group(2)]
    return [period] if period.isdigit() else []


GFCI_LIST = re.compile(
    r"\b(?P<fintech>fin\s*-?\s*tech)\s+(?:ranking|rankings|list|table|league table|index|sub-?index|rank)\b"
    r"|\b(?P<overall>overall)\s+(?:ranking|rankings|list|table|league table|index|rating|ratings|rank)\b"
    r"|(?P<fintech_zh>金融科技)(?:排名|榜单|榜|分榜|子榜)|(?P<overall_zh>综合)(?:排名|榜单|榜|评分)",
    re.IGNORECASE,
)


def _gfci_list_named(question: str, index: str | None) -> str | None:
    """A follow-up about a GFCI edition that names the other GFCI list by its words ("who was second in its fintech
    ranking?" after the overall GFCI 38): that list, of the same edition."""
    if index not in names.GFCI_FAMILIES or not (match := GFCI_LIST.search(question)):
        return index
    return "gfci_fintech" if match.group("fintech") or match.group("fintech_zh") else "gfci_overall"


def _cities_claimed(question: str, fields: Fields, merged: Fields, follow_up: bool) -> list[str]:
    """The cities a turn's claims are about: those it names; in a follow-up, with the city a pronoun points back
    to first ("did it also beat London?" after Singapore: Singapore above London)."""
    if not follow_up:
        return fields.cities
    if not fields.cities:
        return merged.cities
    referred = [c for c in merged.cities if c not in fields.cities]
    if len(referred) == 1 and detectors.cue("pronoun", question):
        return [*referred, *fields.cities]
    return fields.cities


def _rankings_weighed(question: str, merged: Fields, previous: Frame | None) -> list[str]:
    """The rankings a "which one is right?" about a city's place weighs: the one it names and those the turns
    before it asked about the same city (its place in the alliance index, then in the Hub Report)."""
    if previous is None or merged.metrics or not merged.cities or not detectors.cue("which_right", question):
        return []
    indices = [merged.index] if merged.index else []
    earlier: Frame | None = previous
    while earlier is not None and len(indices) < 3:
        if earlier.index and earlier.cities[:1] == merged.cities[:1]:
            indices.append(earlier.index)
        earlier = earlier.previous
    indices = list(dict.fromkeys(indices))
    return indices if len(indices) >= 2 else []


def _with_counterparts_asked_before(metrics: list[str], previous: Frame) -> list[str]:
    """ "Which one is right?" of one source's figure after a turn about the other source's ("the other tracker
    says 7683 deals; which is right?"): both series, each of the metrics the earlier turn asked."""
    earlier = [m for m in previous.metrics if names.COUNTERPART_SERIES.get(m) in metrics and m not in metrics]
    return list(dict.fromkeys([*earlier, *metrics])) if earlier else metrics


def _counterparts(metrics: list[str]) -> bool:
    """Whether two metrics are the same figure measured by the two sources (KPMG's and Innovate Finance's)."""
    pairs = {frozenset(pair) for pair in names.COUNTERPART_SERIES.items()}
    return len(metrics) == 2 and frozenset(metrics) in pairs


def _half_of_previous(question: str, previous: Frame) -> list[str]:
    """ "下半年呢？" / "and the second half?": that half of the previous turn's year ("下半年比上半年…": both)."""
    year = next((p[:4] for p in reversed(previous.periods) if p[:4].isdigit()), None)
    halves = {
        1 if half.group(0).lower() in ("上半年", "first half", "h1", "1h") else 2
        for half in BARE_HALF.finditer(question)
    }
    if not (year and halves):
        return []
    return [f"{year}-H{half}" for half in sorted(halves)]


def _index(question: str, fields: Fields, previous: Frame) -> str | None:
    """The new turn's index; a bare "GFCI 37?" after a FinTech-ranking question stays in that ranking, and
    "its overall rating" after it moves to the overall rating."""
    if not fields.index and previous.index == "gfci_fintech" and detectors.OVERALL_WORDS.search(question):
        return "gfci_overall"
    if (
        fields.index == "gfci_overall"
        and previous.index == "gfci_fintech"
        and not detectors.OVERALL_WORDS.search(question)
    ):
        return "gfci_fintech"
    if fields.metrics and not fields.index and not (fields.cities or fields.group or fields.top_n or fields.tier):
        return None  # "… and 2024 fintech industry size" after a rank: a figure, which no ranking holds
    return fields.index or previous.index


def _holder_asked(question: str, fields: Fields, previous: Frame) -> list[str]:
    """The city the previous answer named for "who was 5th?", when the new turn asks its rank or score without
    naming a city or a place ("多少分？", "where is it in 2025?")."""
    if fields.cities or fields.position or fields.group or fields.top_n or not previous.position:
        return []
    if detectors.cue("asks.score", question) or detectors.cue("asks.rank", question):
        return list(previous.answered_cities)
    # "has it been first every year?" after "who was first?": a place stated of the city that answer named
    confirming = detectors.cue("asks.yes_no", question) or detectors.cue("confirm", question)
    if confirming and (detectors.cue("top_words.first", question) or detectors.cue("ordinal", question)):
        return list(previous.answered_cities)
    return []


def _cities(question: str, fields: Fields, previous: Frame, back: bool) -> list[str]:
    plural = detectors.cue("plural_reference", question)  # "their average?" after a list: the list, not its first
    members = plural and not fields.cities and not previous.cities and len(previous.listed_cities) >= 2
    # "各自多少分？" after a tier's members: each of them (a calculation over them selects them itself)
    calculated = any(detectors.cue(f"asks.{kind}", question) for kind in detectors.ARITHMETIC)
    if members and not calculated and (detectors.cue("asks.score", question) or detectors.cue("asks.rank", question)):
        return list(previous.listed_cities)
    if back and not plural and not fields.cities and not previous.cities and previous.answered_cities:
        return list(previous.answered_cities)  # "was it also first …?": the city the previous answer named
    # "diff?" after "NY's rating?" then "London?": a calculation naming no values of its own is over both turns
    bare_calculation = calculated and not (fields.cities or fields.group or fields.metrics or fields.top_n)
    # (not a move of one city: "2025年前进了几名？" after Shanghai's rank is Shanghai's climb)
    moved = detectors.cue("direction.up", question) or detectors.cue("direction.down", question)
    bare_calculation = bare_calculation and not (moved and (fields.periods or fields.editions))
    if (back or bare_calculation) and not fields.cities and len(previous.cities) == 1 and previous.previous is not None:
        earlier = [c for c in previous.previous.cities if c not in previous.cities]
        if earlier:  # "how far apart are they?" after "NY's rating?" then "and London's?"
            return [*earlier[-1:], *previous.cities]
    if fields.cities:
        others = [c for c in previous.cities if c not in fields.cities]
        others = others or [c for c in previous.answered_cities if c not in fields.cities and not previous.cities]
        single = len(previous.cities) == 1 or (not previous.cities and len(previous.answered_cities) == 1)
        ordered = detectors.cue("direction.higher", question) or detectors.cue("direction.lower", question)
        compared = detectors.cue("comparison", question) or (ordered and detectors.cue("pronoun", question))
        if len(fields.cities) == 1 and single and others and compared:
            # "比纽约低几分？" after Shanghai's rating, "伦敦比它低几分" after the top city: those two cities
            return [*others, *fields.cities]
        # "Beijing instead?" after comparing two cities (not after a question that only stated something of one:
        # "London was first in 2023; New York?" then "Shanghai?" asks Shanghai alone)
        stated_only = {claim.city for claim in previous.claims} - set(previous.answered_cities)
        kept = [c for c in previous.cities[:-1] if c not in stated_only or previous.ask != "rank"]
        if len(fields.cities) == 1 and len(previous.cities) >= 2 and not fields.group and kept:
            return [*kept, fields.cities[0]]
        return fields.cities
    asks_yes = back or detectors.cue("asks.yes_no", question)
    if asks_yes and not plural and len(previous.cities) == 1 and fields.top_n and not (fields.group or fields.position):
        return list(previous.cities)  # "is it inside the top 5?": the city, not the top 5
    if (fields.group or fields.top_n or fields.tier or fields.position) and not detectors.cue("same_subject", question):
        return []
    return list(previous.cities)


STEPS = ("previous", "next", "year_before", "year_after")


def _relative_base(question: str, fields: Fields, merged: Fields, previous: Frame) -> Frame:
    """The frame whose edition a relative edition steps from. After a turn that itself stepped ("上一期呢？"),
    the opposite step ("下一期呢？") and the same step about a new city ("香港上一期呢？") are taken from the
    edition that turn stepped from; the same step asked again, or one that says it goes on
    ("再下一期", "before that"), steps from the edition just answered."""
    if previous.relative not in STEPS or detectors.cue("relative_chain", question):
        return previous
    if fields.relative == previous.relative and not fields.cities:
        return previous
    anchor = previous
    while anchor.relative in STEPS and anchor.previous is not None:
        anchor = anchor.previous
    return anchor if anchor.index == merged.index and anchor.named_editions else previous


def _resolve_relative(
    merged: Fields, previous: Frame | None, base: Frame | None = None, keep_base: bool = False
) -> None:
    """Turn "the year before" / "上一期" / "first edition" into an absolute edition or period (an edition
    from ``base``'s, by default the previous frame's); ``keep_base``: a comparison with the step keeps the edition
    stepped from too ("较前一期变化")."""
    relative = merged.relative
    if relative is None:
        return
    if merged.metrics and not merged.index:
        base = (previous.periods[-1:] or previous.answered_periods[-1:] if previous else []) or merged.periods[-1:]
        if base and relative not in ("first", "latest"):
            stepped = step_period(base[0], relative)
            merged.periods = [stepped] if stepped else []
        elif relative == "latest" and previous is not None and merged.periods == previous.periods:
            merged.periods = []  # "and now?" after 2029: the latest figure
        return
    if not merged.index:
        return
    base = base or previous
    base_edition = (base.editions[-1] if base and base.editions else None) or (
        merged.editions[-1] if merged.editions else None
    )
    if base_edition is None and relative in ("previous", "next", "year_before", "year_after"):
        base_edition = names.known_editions(merged.index)[-1] if names.known_editions(merged.index) else None
    stepped = step_edition(merged.index, base_edition, relative)
    for _ in range(merged.relative_steps - 1):  # "three issues back": one step at a time
        stepped = step_edition(merged.index, stepped, relative) if stepped else None
    merged.editions = [stepped] if stepped else [f"{relative}:{base_edition}"]
    if keep_base and stepped and base_edition and relative in STEPS and base_edition != stepped:
        merged.editions = sorted({stepped, base_edition}, key=names.edition_sort_key)
