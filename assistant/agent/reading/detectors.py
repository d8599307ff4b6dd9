"""Detectors that each read one field of a question: names, numbers, relative editions, claims, the ask.

The vocabulary (cue words in English and Chinese) lives in ``assistant/agent/data/cues.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant import names
from assistant.agent.grounding import extract_quantities
from assistant.agent.reading.frame import Claim, Relative

CHINESE_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
ENGLISH_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "twenty": 20, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
CARDINALS = "one|two|three|four|five|six|seven|eight|nine|ten|twenty"
ORDINAL_WORDS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
TOP_N = re.compile(
    rf"\b(?:top|first|leading|best)[\s-]*(\d{{1,3}}|{CARDINALS})\b"
    r"(?!\s*(?:editions?|issues?|releases?|years?|reports?|halves|half-years?|quarters?|rounds?)\b)"
    rf"|\b(\d{{1,2}}|{CARDINALS})\s+(?:leading|top|best|highest[- ]ranked)\b"
    rf"|\b(?:which|what|the|name)\s+(\d{{1,2}}|{CARDINALS})\s+(?:cities|centres|centers|hubs)\b"
    r"|前\s*(\d{1,3})(?!\s*[期版届年])|前([一二两三四五六七八九十]+)(?![期版届年])",
    re.IGNORECASE,
)
TIER = re.compile(
    r"\btier[\s-]*(\d)\b|\b(first|second|third|fourth|1st|2nd|3rd|4th|top)[\s-]+(?:tier|group|band)\b"
    r"|第\s*([1-4一二三四])\s*(?:梯队|档)",
    re.IGNORECASE,
)
ARITHMETIC = ("average", "total", "difference", "percent_change")
# "离榜首还差多少分", "how far behind the city in 2nd place": a place the question compares with, not a place it states
_COMPARED_WITH = r"\b(?:than|behind|ahead of|short of|versus|vs\.?|compared (?:to|with)|gap (?:to|with))\s+(?:the\s+)?"
LEADER_WORDS = ("leader", "top city", "top centre", "top spot", "number one", "no. 1", "no 1", "#1")
COMPARED_PLACE = re.compile(
    r"(?:跟|比|与|和|同|离|距)\s*第\s*(\d{1,3}|[一二三四五六七八九十]+)\s*名"
    rf"|{_COMPARED_WITH}(?:(\d{{1,3}})(?:st|nd|rd|th)|({ORDINAL_WORDS}))"
    r"(?:[- ]plac(?:ed|e)(?: city| centre| center)?)?(?!\s+(?:tier|edition|half|quarter))\b"
    rf"|{_COMPARED_WITH}(leader|top city|top centre|top spot|number one|no\.?\s*1|#1)\b",
    re.IGNORECASE,
)
RELATIVE_STEPS = re.compile(
    r"\b(two|three|four|2|3|4)\s+(?:editions?|issues?|releases?|rounds?)\s+(earlier|before|back|ago|prior|later|after|on)\b",
    re.IGNORECASE,
)
# "第6到第10名", "ranks 6 to 10", "6th-10th": the places from one rank to another
_PLACE = r"(\d{1,3}|[一二三四五六七八九十]+)"
PLACE_RANGE = re.compile(
    rf"(?<!从)(?<!从第)第?\s*{_PLACE}\s*名?\s*(?:到|至|-|—|–|~)\s*第?\s*{_PLACE}\s*名"
    r"|\b(?:ranks?|places?|positions?|spots?|nos?\.?)\s*(\d{1,3})\s*(?:-|–|to|through|thru)\s*(\d{1,3})\b"
    r"|(?<!from )\b(\d{1,3})(?:st|nd|rd|th)\s*(?:-|–|to|through|thru)\s*(\d{1,3})(?:st|nd|rd|th)\b",
    re.IGNORECASE,
)
# "2023年发展指数第二名？": a place named on its own asks who held it
BARE_POSITION = re.compile(r"第\s*(\d{1,3}|[一二三四五六七八九十]+)\s*名\W*$")
POSITION = re.compile(
    rf"\b(?:who|which city|which centre|which center|what city)\b(?!.*\btop\b).*?(?<!top )(?<!top)"
    rf"\b(\d{{1,3}})(?:st|nd|rd|th)\b"
    rf"|\b(?:who|which city)\b(?!.*\b(?:top|tier|group|band|half|edition)\b).*?\b({ORDINAL_WORDS})\b"
    r"|第\s*(\d{1,3})\s*(?:名|位)(?:是|的是)?\s*(?:谁|哪)|(?:谁|哪个城市|哪座城市)\S*第\s*(\d{1,3}|[一二三四五六七八九十]+)(?!\s*(?:梯队|期|版|届|\d))\s*(?:名|位)?"
    r"|第([一二三四五六七八九十]+)名?(?:是|的是)?\s*(?:谁|哪)"
    r"|排(?:名)?第\s*(\d{1,3}|[一二三四五六七八九十]+)\s*(?:名|位)?的?(?:是|为)?\s*(?:谁|哪)",
    re.IGNORECASE,
)
METHODS = {
    "holt": re.compile(r"\bholt\b|exponential smoothing|指数平滑", re.IGNORECASE),
    "cagr": re.compile(r"\bcagr\b|compound (annual )?growth|复合(年)?增长", re.IGNORECASE),
    "linear": re.compile(r"\blinear\b|straight[- ]line|线性", re.IGNORECASE),
}
OVERALL_WORDS = re.compile(r"\boverall\b|综合|总排名|总榜|金融中心指数(?!.*金融科技)", re.IGNORECASE)
FINTECH_WORDS = re.compile(r"fin\s*-?\s*te?c?h|\bfint?e?c?k\b|fintc|金融科技", re.IGNORECASE)
DEAL_WORDS = re.compile(r"\bdeals?\b|\btransactions?\b|交易|笔数|多少笔", re.IGNORECASE)
# the count beside a market value: the companies it is summed over
COMPANY_WORDS = re.compile(r"\bcompan(?:y|ies)\b|\bfirms?\b|多少家|几家|公司数", re.IGNORECASE)
AMOUNT_WORDS = re.compile(
    r"\bmoney\b|\binvest|\bamount\b|\bfunding\b|\braised?\b|\bworth\b|\bmarket (value|cap)|\bvalued\b|\$|\busd\b"
    r"|投资额|金额|资金|投资|融资|募资|市值|估值|美元|亿元|多少亿",
    re.IGNORECASE,
)
YEAR_WORDS = re.compile(r"\byear\b|年(?!版)|去年", re.IGNORECASE)
SPLIT_QUESTION = re.compile(
    r"(?<=[?？])\s*(?=\S)|[;；]\s*|,?\s+\b(?:and|also|plus)\s+"
    r"(?=(?:(?:by|in|for|to|from|at|of)\s+)?(?:what|where|how|which|who|when|is|was|did|does)\b)"
    r"|[，,]\s*(?=(?:另外|以及|还有|同时|并且|那么|此外|再问))|(?<=[吗呢])[，,]\s*|以及(?=.{4,})"
    r"|[，,]\s*(?=[^，,。？?]{1,12}呢[？?]?\s*$)|,\s+and\s+(?=(?:its|their|his|her)\b)",
    re.IGNORECASE,
)


def _compile(alternatives: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


@cache
def cues() -> dict[str, Any]:
    """The cue patterns of cues.yaml, compiled: nested dicts of regular expressions."""
    raw = yaml.safe_load((Path(__file__).parent.parent / "data" / "cues.yaml").read_text(encoding="utf-8"))

    def build(node: Any) -> Any:
        if isinstance(node, list):
            return _compile(node)
        if isinstance(node, str):
            return re.compile(node, re.IGNORECASE)
        return {key: build(value) for key, value in node.items()}

    return build(raw)


def cue(path: str, text: str) -> re.Match[str] | None:
    """The first match of the cue at ``path`` ("asks.rank", "relative.previous") in ``text``."""
    node: Any = cues()
    for part in path.split("."):
        node = node[part]
    return node.search(text)


def number_word(token: str) -> int:
    """3, "three", "third" or "三" / "十二" as an int."""
    if token.isdigit():
        return int(token)
    if token.lower() in ENGLISH_NUMBERS:
        return ENGLISH_NUMBERS[token.lower()]
    if token == "十":
        return 10
    if token.startswith("十"):
        return 10 + CHINESE_NUMERALS[token[1]]
    if "十" in token:
        tens, _, ones = token.partition("十")
        return CHINESE_NUMERALS[tens] * 10 + (CHINESE_NUMERALS[ones] if ones else 0)
    return CHINESE_NUMERALS[token]


@dataclass
class Fields:
    """Every field the detectors read from one question's text, before a follow-up merges the previous turn."""

    cities: list[str] = field(default_factory=list)
    group: str | None = None
    index: str | None = None
    indices: list[str] = field(default_factory=list)  # every index named ("in the Hub report and the GFCI")
    editions: list[str] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)
    geography: str | None = None
    periods: list[str] = field(default_factory=list)
    tier: int | None = None
    top_n: int | None = None
    position: int | None = None
    from_place: int | None = None  # the first place of a range ("ranks 6 to 10": 6, with top_n 10)
    compared_place: int | None = None  # "离榜首还差多少分": the place compared with
    method: str | None = None
    scale: str | None = None  # the money scale asked for: "million", "billion"
    extreme: str | None = None
    relative: Relative | None = None
    relative_steps: int = 1  # "three issues back": 3
    asks_tier: bool = False

    @property
    def subject(self) -> bool:
        return bool(self.cities or self.group or self.index or self.editions or self.metrics or self.geography)


def read_indices(question: str) -> list[str]:
    """The indices named (bare "GFCI" plus "fintech" is the FinTech ranking, plus "overall" too: both), allowing a
    typing error or two."""
    found = names.find_index_mentions(question) or names.find_misspelt("index", question)
    fintech, overall = FINTECH_WORDS.search(question), OVERALL_WORDS.search(question)
    if fintech and overall and set(found) & set(names.GFCI_FAMILIES):  # "GFCI 36 fintech rank vs overall rank"
        both = ["gfci_fintech", "gfci_overall"]
        both = both if fintech.start() < overall.start() else both[::-1]
        return list(dict.fromkeys([*(i for i in found if i not in names.GFCI_FAMILIES), *both]))
    return list(dict.fromkeys("gfci_fintech" if i == "gfci_overall" and fintech else i for i in found))


def _gfci_of_edition(question: str, index: str | None) -> str | None:
    """A bare "GFCI 35" names the FinTech ranking when only that ranking has edition 35."""
    if index != "gfci_overall" or OVERALL_WORDS.search(question):
        return index
    numbers = {int(n) for n in re.findall(r"(?<!\d)(\d{2})(?!\d)", " ".join(names.find_editions(question, index)))}
    overall = {names.gfci_number(e) for e in names.known_editions("gfci_overall")}
    fintech = {names.gfci_number(e) for e in names.known_editions("gfci_fintech")}
    return "gfci_fintech" if numbers and not numbers & overall and numbers <= fintech else index


GFCI_RANGE = re.compile(
    r"(?:gfci[\s\u4e00-\u9fff]{0,8}?|第\s*|editions?\s*)(\d{2})\s*(?:期)?\s*(?:(?:fin\s*tech|overall|金融科技|综合)\s*)?"
    r"(?:(?:to|through|thru|until|and|vs\.?|versus|-|–|—|~|至|到|和|与|、|,)\s*(?:gfci\s*|第\s*)?\d{2}\s*(?:期)?\s*)*"
    r"(?:to|through|thru|until|and|vs\.?|versus|-|–|—|~|至|到|和|与|、|,)\s*(?:gfci\s*|第\s*)?(\d{2})(?!\d)",
    re.IGNORECASE,
)
HALF_PERIOD = re.compile(r"^(\d{4})-H([12])$")
# a GFCI edition by its bare number after a word placing it ("rank in 36", "for the 37th")
BARE_GFCI_NUMBER = re.compile(
    r"\b(?:in|at|for|of|edition|issue)\s+(?:the\s+)?(2[6-9]|3\d|4\d)(?:th)?\b"
    r"(?!\s*(?:%|percent|places?|points?|cities|centres|centers|billion|bn|million|deals|years?))",
    re.IGNORECASE,
)
# two GFCI editions by their bare numbers in a question about a GFCI ranking ("just 37 and 38", "36到38")
BARE_GFCI_PAIR = re.compile(
    r"(?<![\d.])(2[6-9]|3\d|4\d)\s*(and|&|,|to|through|-|–|和|与|、|到|至)\s*(2[6-9]|3\d|4\d)(?![\d.])"
    r"(?!\s*(?:%|percent|places?|points?|cities|centres|centers|billion|bn|million|deals|years?|位|名|分|个|家|笔))",
    re.IGNORECASE,
)
GFCI_SPAN_WORD = re.compile(r"to|through|thru|until|-|–|—|~|至|到", re.IGNORECASE)


def read_editions(question: str, index: str | None) -> list[str]:
    """Editions named: GFCI numbers (a range "GFCI 36 through 38" gives every edition in it); for a yearly index,
    the years; for a GFCI family, a bare year's editions."""
    if index in names.GFCI_FAMILIES and (match := GFCI_RANGE.search(question)):
        numbers = [int(n) for n in re.findall(r"\d{2}", match.group(0))]
        span = bool(GFCI_SPAN_WORD.search(match.group(0)))  # "GFCI 36 to 38": every edition between
        wanted = range(min(numbers), max(numbers) + 1) if span else numbers
        listed = [e for e in names.known_editions(index) if names.gfci_number(e) in wanted]
        if listed and (span or len(listed) == len(set(numbers))):  # an unknown one named: the tool explains
            return listed
    if index and (last := cue("last_editions", question)):  # "the last three editions"
        return names.known_editions(index)[-number_word(next(g for g in last.groups() if g)) :]
    if index and (first := cue("first_editions", question)):  # "the first two editions"
        return names.known_editions(index)[: number_word(next(g for g in first.groups() if g))]
    editions = names.find_editions(question, index)
    if len(editions) == 1 and index and cue("since", question) and editions[0] in names.known_editions(index):
        known = names.known_editions(index)  # "since GFCI 35", "2023年以来": from it to the latest
        return known[known.index(editions[0]) :]
    if len(editions) >= 2 and index and cue("span", question):  # "2023到2025": every edition between
        known = names.known_editions(index)
        ends = [known.index(e) for e in editions if e in known]
        if len(ends) >= 2:
            return known[min(ends) : max(ends) + 1]
    if editions or index not in names.GFCI_FAMILIES:
        return editions
    known = names.known_editions(index)
    if pair := BARE_GFCI_PAIR.search(question):
        low, high = sorted((int(pair.group(1)), int(pair.group(3))))
        wanted = range(low, high + 1) if GFCI_SPAN_WORD.fullmatch(pair.group(2)) else (low, high)
        listed = [e for e in known if names.gfci_number(e) in wanted]
        if listed:
            return listed
    if bare := BARE_GFCI_NUMBER.search(question):  # "London's GFCI fintech rank in 36?": that edition
        numbered = [e for e in known if names.gfci_number(e) == int(bare.group(1))]
        if numbered:
            return numbered
    years = [p for p in names.find_periods(question) if p.isdigit()]
    # a bare year of a twice-yearly ranking: its later edition (the one in force at the year's end)
    return [matches[-1] for year in years if (matches := [e for e in known if f"({year}-" in e])]


def without_titles(question: str) -> str:
    """The question with report titles that hold a city's name taken out ("Shanghai … White Paper")."""
    return cues()["city_in_title"].sub(" ", question)


def _spanned(periods: list[str], question: str) -> list[str]:
    """ "From H1 2023 to H1 2025" / "2023上半年到2025上半年": every half-year (or year) between the two named."""
    if len(periods) != 2 or not (cue("span", question) or cue("per_year", question)):  # "2018-2024, one a year"
        return periods
    halves = [HALF_PERIOD.match(p) for p in periods]
    if all(halves):
        low, high = sorted(int(m.group(1)) * 2 + int(m.group(2)) - 1 for m in halves if m)
        return [f"{n // 2}-H{n % 2 + 1}" for n in range(low, high + 1)]
    if all(p.isdigit() for p in periods):
        low, high = sorted(int(p) for p in periods)
        return [str(year) for year in range(low, high + 1)]
    return periods


def stated_figures(question: str) -> list[float]:
    """Figures the question itself writes ("196.3bn", "1137亿美元", "the 136.5", "6464 deals"), in billions for
    amounts: a scaled amount, a decimal, or a whole number of three digits or more that is not a year."""
    return [figure for figure, _ in stated_quantities(question)]


def stated_quantities(question: str) -> list[tuple[float, Any]]:
    """``stated_figures`` with the quantity each was read from (its text, precision and scale)."""
    figures = []
    for quantity in extract_quantities(question):
        if quantity.absolute is not None and not quantity.text.rstrip().endswith(("%", "％")):
            figures.append((quantity.absolute / 1e9, quantity))
        elif quantity.absolute is None and (
            quantity.decimals or (quantity.raw >= 100 and not 1900 <= quantity.raw <= 2100)
        ):
            figures.append((quantity.raw, quantity))
    return figures


@lru_cache(maxsize=4096)
def read_fields(question: str) -> Fields:
    """Run every name and number detector on ``question`` (remembered: a conversation is read again each round;
    callers copy before changing)."""
    indices = read_indices(question)
    index = _gfci_of_edition(question, indices[0] if indices else None)
    indices = [index, *indices[1:]] if index else indices
    cities = names.find_cities_in_order(without_titles(question))
    groups = names.find_groups(question)
    geographies = names.find_geographies(question) or names.find_misspelt("geography", question)
    fields = Fields(
        cities=cities,
        group=groups[0] if groups else None,
        index=index,
        indices=indices,
        editions=read_editions(question, index),
        metrics=names.find_metrics(question) or names.find_misspelt("metric", question),
        geography=next((g for g in geographies if g in cities), geographies[0] if geographies else None),
        periods=_spanned(names.find_periods(question), question),
        method=next((name for name, pattern in METHODS.items() if pattern.search(question)), None),
        scale=next((scale for scale in ("million", "billion") if cue(f"money_scale.{scale}", question)), None),
        relative=read_relative(question),
        asks_tier=bool(cue("asks_tier", question)) and not cue("exact_place", question),
    )
    if fields.group == "China" and fields.geography == "China" and not fields.metrics:
        fields.geography = None  # "Chinese cities" filters the ranking; it is not the metric geography "China"
    if fields.metrics and fields.group:  # "Chinese fintech VC": the metric's geography, not a filter of cities
        fields.geography = fields.geography or (fields.group if fields.group in names.REGIONS else None)
        fields.group = None
    fields.metrics = deal_counts(question, fields.metrics)
    for figure in stated_figures(question):  # "科技创投997笔": the deal count the stated figure is, beside its amount
        held = names.metrics_holding(figure, tuple(fields.periods))
        counts = [c for m in fields.metrics if (c := names.DEAL_COUNTERPARTS.get(m)) in held]
        fields.metrics = list(dict.fromkeys([*fields.metrics, *counts]))
    if len(fields.metrics) < 2:  # "funding went from 196.3bn to 54.2bn": the series those figures are from
        periods = tuple(fields.periods)
        stated = [m for figure in stated_figures(question) for m in names.metrics_holding(figure, periods)]
        fields.metrics = list(dict.fromkeys([*fields.metrics, *stated]))[:2]
    if (match := TOP_N.search(question)) and not (fields.metrics and not fields.index):  # "Fintech Top 50"
        token = next(group for group in match.groups() if group)
        fields.top_n = number_word(token)
    if match := COMPARED_PLACE.search(question):
        token = next(group for group in match.groups() if group)
        fields.compared_place = 1 if token.lower() in LEADER_WORDS else number_word(token)
        fields.position = None if fields.position == fields.compared_place else fields.position
    if match := RELATIVE_STEPS.search(question):  # "three issues back", "two releases later"
        token = next(group for group in match.groups()[:1] if group)
        fields.relative_steps = number_word(token)
        fields.relative = "next" if match.group(2).lower() in ("later", "after", "on") else "previous"
    if match := PLACE_RANGE.search(question):
        low, high = (number_word(token) for token in match.groups() if token)
        if 1 < low <= high:
            fields.from_place, fields.top_n, fields.position = low, high, None
            fields.periods = [p for p in fields.periods if p not in (str(low), str(high))]
    if match := TIER.search(question):
        token = next(group for group in match.groups() if group).lower()
        fields.tier = int(token[0]) if token[0].isdigit() else 1 if token == "top" else number_word(token)
    if fields.from_place:
        pass  # "第3至第7名有谁": a range of places, not the 7th
    elif (match := POSITION.search(question)) or (not fields.cities and (match := BARE_POSITION.search(question))):
        token = next(group for group in match.groups() if group)
        fields.position = number_word(token)
    if cue("asks.max_min", question):
        fields.extreme = "both" if cue("extreme.both", question) else "min" if cue("extreme.min", question) else "max"
    return fields


def deal_counts(question: str, metrics: list[str]) -> list[str]:
    """ "KPMG deals": the source's deal count; "how much money" after deals: the amount; both words (or a deal
    size): both."""
    deals, amounts = bool(DEAL_WORDS.search(question)), bool(AMOUNT_WORDS.search(question))
    # "how many companies?" after a market value; not "the market value of listed fintech companies"
    deals = deals or bool(COMPANY_WORDS.search(names.mask_names(question)))
    amounts = amounts or bool(cue("per_deal", question))  # "deal size": the amount over the deals
    inverse = {count: amount for amount, count in names.DEAL_COUNTERPARTS.items()}
    out: list[str] = []
    for metric in metrics:
        amount = inverse.get(metric, metric)
        count = names.DEAL_COUNTERPARTS.get(amount)
        if count and deals and amounts:
            out += [amount, count]
        elif count and deals:
            out.append(count)
        elif count and amounts:
            out.append(amount)
        else:
            out.append(metric)
    return list(dict.fromkeys(out))


def read_relative(question: str) -> Relative | None:
    """A relative edition or period: "the year before", "上一期", "next edition", "first edition", "latest"."""
    if any(cue(key, question) for key in ("last_editions", "first_editions", "editions_before")):  # editions
        return None
    masked = names.mask_names(question)  # "the first GFCDI" → "the first  index "
    for name in ("previous", "next", "first", "latest"):
        if match := cue(f"relative.{name}", question) or cue(f"relative.{name}", masked):
            if name in ("previous", "next") and YEAR_WORDS.search(match.group()):
                return "year_before" if name == "previous" else "year_after"
            return name  # type: ignore[return-value]
    return None


def _ordinal_claims(question: str, cities: list[str]) -> list[Claim]:
    claims: list[Claim] = []
    compared = [m.span() for m in COMPARED_PLACE.finditer(question)]
    asked = [m.span() for m in POSITION.finditer(question)]  # "…, who came second?" asks a place; it states none
    for match in cues()["ordinal"].finditer(question):
        if any(start <= match.start() < end for start, end in compared):
            continue  # "离榜首还差多少分" compares with the first place; it does not say the city was first
        if any(start <= match.start() < end for start, end in asked):
            continue
        token = next(group for group in match.groups() if group)
        city = _city_before(question, match.start(), cities)
        if city:
            claims.append(Claim("rank", city, float(number_word(token))))
    return claims


def _city_before(question: str, position: int, cities: list[str]) -> str | None:
    """The city mentioned last before ``position`` (else the only city of the question)."""
    best: tuple[int, str] | None = None
    for city in cities:
        for name in (city, names.display_name("city", city, "zh")):
            at = question.lower().rfind(name.lower(), 0, position)
            if at >= 0 and (best is None or at > best[0]):
                best = (at, city)
    if best:
        return best[1]
    return cities[0] if len(cities) == 1 else None


def _city_right_before(question: str, position: int, cities: list[str]) -> str | None:
    """The city written at most a few characters before ``position`` (the subject of what follows), else None."""
    for city in cities:
        for name in (city, names.display_name("city", city, "zh")):
            at = question.lower().rfind(name.lower(), 0, position)
            if at >= 0 and position - (at + len(name)) <= 4:
                return city
    return None


def read_claims(question: str, cities: list[str]) -> list[Claim]:
    """Ranks, top-N memberships, moves and orders the question states about its cities."""
    if not cities:
        return []
    claims = _ordinal_claims(question, cities)
    for kind in ("out_of_top", "in_top"):
        if kind == "in_top" and any(claim.kind == "out_of_top" for claim in claims):
            break  # "是不是掉出前20了": its "在…前20" is the same claim, not a second one
        if match := cue(f"direction.{kind}", question):
            token = next(group for group in reversed(match.groups()) if group)
            claims.append(Claim(kind, _city_before(question, match.start(), cities) or cities[0], number_word(token)))  # type: ignore[arg-type]
    if (match := TIER.search(question)) and len(cities) == 1:  # "is Tokyo in tier 2?"
        token = next(group for group in match.groups() if group).lower()
        tier = int(token[0]) if token[0].isdigit() else 1 if token == "top" else number_word(token)
        claims.append(Claim("tier", cities[0], float(tier)))
    for match in cues()["stated_rating"].finditer(question):  # "with its rating of 770", "评分770分"
        token = next(group for group in match.groups() if group)
        city = _city_before(question, match.end(), cities)  # (the match may hold the city: "Shanghai 744,")
        if city:
            claims.append(Claim("value", city, float(token)))
    leader_compared = COMPARED_PLACE.search(question)  # "how far behind the leader": no claim to be first
    first = None if cue("first_appearance", question) else cue("top_words.first", question)
    # of the one city named, or of the city written just before it ("伦敦拿了第一，那纽约第几？")
    holder = (cities[0] if len(cities) == 1 else _city_right_before(question, first.start(), cities)) if first else None
    if (
        holder
        and all(claim.kind == "value" for claim in claims)  # "scored 775 and kept the top spot?": both stated
        and not TOP_N.search(question)
        and not leader_compared
    ):
        lost = cue("loses_place", question)  # "did it ever lose first place?": a claim that it was not first
        claims.append(Claim("out_of_top", holder, 1) if lost else Claim("first", holder, 1.0))
    if len(cities) >= 2 and not cue("aspect_compared", question):  # "on which measures was A ahead of B?" asks them
        claims += _order_claims(question, cities)
    compared = cue("direction.higher", question) or cue("direction.lower", question)
    if not claims and len(cities) == 1 and compared:
        # one city against itself ("香港GFCI 37比GFCI 36高吗"): the named edition first is said to be higher
        numbers = [int(n) for n in re.findall(r"(?<!\d)(\d{2}|\d{4})(?!\d)", question)]
        if len(numbers) >= 2:  # two editions or years named
            higher = bool(cue("direction.higher", question))
            claims.append(Claim("up" if higher == (numbers[0] > numbers[1]) else "down", cities[0]))
    if not claims and not cue("first_appearance", question):  # "when did it first show up?" states no move
        if cue("direction.up", question):
            claims.append(Claim("up", cities[0]))
        elif cue("direction.down", question):
            claims.append(Claim("down", cities[0]))
        elif cue("direction.changed", question):
            claims.append(Claim("changed", cities[0]))
    return claims


def _order_claims(question: str, cities: list[str]) -> list[Claim]:
    """ "A ahead of B": one order claim; "A behind B overall but ahead on the fintech list": one for each clause,
    each about the GFCI ranking its own clause names."""
    clauses = [c for c in re.split(cues()["contrast"], question) if c.strip()] if cue("contrast", question) else []
    ordered = [
        (c, kind)
        for c in clauses
        for kind in ("higher", "lower")
        if cue(f"direction.{kind}", c) or cue(f"clause_order.{kind}", c)
    ]
    if len(ordered) >= 2:
        claims = []
        for clause, kind in ordered:
            fintech, overall = FINTECH_WORDS.search(clause), OVERALL_WORDS.search(clause)
            index = "gfci_fintech" if fintech and not overall else "gfci_overall" if overall and not fintech else None
            claims.append(Claim(kind, cities[0], None, cities[1], index=index))  # type: ignore[arg-type]
        if len({claim.index for claim in claims}) > 1:
            return claims
    if cue("direction.higher", question):
        return [Claim("higher", cities[0], None, cities[1])]
    if cue("direction.lower", question):
        return [Claim("lower", cities[0], None, cities[1])]
    return []


SUBJECT_JOIN = re.compile(r",?\s+and\s+(?:also\s+)?|\s*(?:以及|还有|和|与|及)\s*", re.IGNORECASE)
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _two_asks(part: str) -> list[str]:
    """ "Shanghai's 2024 industry size and the 2029 AI penetration forecast", "GFCDI 2025 rank and 2024 industry
    size": two things asked in one sentence, each a figure (or a rank in a named index) of its own year, become two
    parts. Not a comparison or a calculation over both, and not one figure by its two sources."""
    if cue("comparison", part) or any(cue(f"asks.{kind}", part) for kind in ARITHMETIC):
        return [part]
    for join in SUBJECT_JOIN.finditer(part):
        left, right = part[: join.start()].strip(" ,，"), part[join.end() :].strip(" ,，")
        left_metrics, right_metrics = names.find_metrics(left), names.find_metrics(right)
        left_years, right_years = set(YEAR.findall(left)), set(YEAR.findall(right))
        if not (right_metrics and left_years and right_years) or left_years & right_years:
            continue
        ranked = bool(read_indices(left)) and bool(cue("asks.rank", left) or cue("asks.score", left))
        if not (ranked or left_metrics) or set(left_metrics) & set(right_metrics):
            continue
        pairs = {frozenset(p) for p in [*names.COUNTERPART_SERIES.items(), *names.DEAL_COUNTERPARTS.items()]}
        if any(frozenset((a, b)) in pairs for a in left_metrics for b in right_metrics):
            continue
        return [left, right]
    return [part]


# a term the question puts in quotes ("the 'flywheel'", "“四极格局”"), not an apostrophe ("who's", "London's")
QUOTED_TERM = re.compile(r"[\"“‘「『]([^\"”’」』]{2,60})[\"”’」』]|(?<!\w)'([^']{2,60})'(?!\w)")


def quoted_term(question: str) -> str | None:
    """A term in quotes that names nothing of the tables (no city, ranking or figure): a term of the reports."""
    for match in QUOTED_TERM.finditer(question):
        term = match.group(1) or match.group(2)
        if not (names.find_cities(term) or read_indices(term) or names.find_metrics(term)):
            return term
    return None


# "who was 1st, who was 10th": a comma before a word of asking, after a part that asks already
COMMA_ASK = re.compile(r"[,，]\s*(?=(?:who|what|where|which|how|when)(?:'s|’s)?\b)", re.IGNORECASE)


def _comma_asks(part: str) -> list[str]:
    """A part split at each comma that opens a new question after one that asks something itself."""
    pieces, start = [], 0
    for comma in COMMA_ASK.finditer(part):
        if cue("asking_words", part[start : comma.start()]):
            pieces.append(part[start : comma.start()])
            start = comma.end()
    return [*pieces, part[start:]]


def split_parts(question: str) -> list[str]:
    """The questions inside one message ("Where did London rank in 2024? And who was first?")."""
    parts: list[str] = []
    pieces = [
        piece for part in SPLIT_QUESTION.split(question) for asked in _comma_asks(part) for piece in _two_asks(asked)
    ]
    for part in (part.strip(" ,，") for part in pieces):
        if not part:
            continue
        aside = re.fullmatch(r"[（(][^）)]*[）)]\W*", part)  # "（Hub Report 2025）": context of the part before
        # "…？白皮书里怎么说的": the source of the part before; "…? I read 760 somewhere.": its context
        context = cue("asker_context", part) and not cue("asking_words", part)  # "…? I'm flying in for it."
        if (aside or context or cue("source_only", part) or cue("hearsay", part)) and parts:
            parts[-1] = f"{parts[-1]} {part}"
        elif parts and cue("pronoun", part) and not (cue("asking_words", parts[-1]) or parts[-1].endswith(("?", "？"))):
            parts[-1] = f"{parts[-1]}; {part}"  # "London scored 780 in GFCI 38; how far behind New York was it?"
        elif len(part.split()) + len(re.findall(r"[\u4e00-\u9fff]", part)) >= 2:
            parts.append(part)
        elif parts and re.search(r"[^\W\d_]", part):  # "…in H2 2024; total?": a one-word ask finishes the part before
            parts[-1] = f"{parts[-1]} {part}"
    return _stubs_joined(parts) or [question]


STUB = re.compile(r"^[^？?，,]{1,12}呢\s*[？?]?$|^(?:and|what about|how about)\b[^?]{0,30}\?$", re.IGNORECASE)


EXTREME_STUB = re.compile(
    r"^(?:and\s+)?(?:which|what|who)(?:\s+(?:one|city|year|half|period|edition))?\s+(?:was\s+|is\s+|had\s+)?(?:the\s+)?"
    r"(?:least|fewest|lowest|smallest|worst|weakest|most|highest|largest|biggest|best|strongest)\b[^?]{0,20}\??$"
    r"|^(?:哪个|哪年|哪一年|哪期|哪个半年)?最(?:低|少|小|差|高|多|大|好)(?:的)?(?:是)?(?:哪个|哪年|哪一年)?[？?]?$",
    re.IGNORECASE,
)


def _stubs_joined(parts: list[str]) -> list[str]:
    """ "2020年的呢？深圳排第几": a bare "…呢？" before a question of its own is that question's context, not a
    question by itself; "…had the most, and which the least?": the other extreme of the same question."""
    out: list[str] = []
    for part in parts:
        if out and EXTREME_STUB.match(part):
            out[-1] = f"{out[-1]}, {part}"
        elif out and STUB.match(out[-1]) and not STUB.match(part):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def is_follow_up(question: str, fields: Fields) -> bool:
    """Whether a turn leans on the previous one: a follow-up cue, or a short turn missing its subject."""
    if cue("follow_up", question) or fields.relative in ("previous", "next", "year_before", "year_after"):
        return True
    if cue("back_reference", question):  # "add it to KPMG's figure", "两者相差多少"
        return True
    own_values = fields.cities or fields.group or fields.metrics or fields.top_n or fields.tier
    if not own_values and any(cue(f"asks.{kind}", question) for kind in ARITHMETIC):
        return True  # "GFCI 36到38三期平均分" names no values of its own: those of the turns before
    return is_short(question) or not (fields.cities or fields.index or fields.metrics or fields.group)


def is_short(question: str, words: int = 7) -> bool:
    """``words`` words or fewer (two Chinese characters count as one word)."""
    return len(re.findall(r"[A-Za-z0-9]+", question)) + len(re.findall(r"[\u4e00-\u9fff]", question)) / 2 <= words
