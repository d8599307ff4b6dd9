"""Resolve cities, indices, editions, metrics and periods typed in English or Chinese to canonical ids.

Matching ignores case, spacing and punctuation (``"S.F."``, ``"san-francisco"``, ``"旧 金 山"``). ``find_*``
functions scan free text for mentions (longest alias first, English aliases only as whole tokens, so
"SF" never matches inside "SFTIA" and "Paris" never inside "comparison") and return canonical ids in order
of appearance, de-duplicated.

Decisions: a bare "GFCI" (or "全球金融中心指数", "Global Financial Centres Index") means the overall
GFCI (``gfci_overall``); "GFCI FinTech" / "GFCI 金融科技" means ``gfci_fintech``. ``index_candidates`` tells
a caller when a mention was the ambiguous bare "GFCI". GFCI editions are numbered; a bare year never
picks a GFCI edition (two editions a year), while for the yearly indices (gfcdi, fhi) the year is the edition.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any, Literal

import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA, Hamming

from assistant.errors import UnknownNameError

GFCI_FAMILIES = ("gfci_fintech", "gfci_overall")
LATEST_WORDS = ("latest", "most recent", "newest", "current", "最新", "最近一期", "最新一期")
BASELINE_PERIOD = "baseline (year not stated)"


class ExplainedNameError(UnknownNameError):
    """A name that cannot be resolved for a stated reason (ambiguous, or no data for it)."""

    def __init__(self, kind: str, value: str, reason: str, suggestions: list[str] | None = None) -> None:
        super().__init__(kind, value, suggestions)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        self.reason = reason
        self.args = (f"{reason}{hint}",)


# Alias tables: "|"-separated names. Cities and regions: the Chinese display name first, then aliases.
_NAMES = yaml.safe_load((Path(__file__).parent / "data" / "names.yaml").read_text(encoding="utf-8"))
# the tables' notes worth showing users, by their text (en, zh, and the figures some of them state)
SOURCE_NOTES: dict[str, dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "source_notes.yaml").read_text(encoding="utf-8")
)
# (index, edition, city) -> N: a note places the city in that edition's top N, without a row of its own
NOTED_TOP: dict[tuple[str, str, str], int] = {
    (place["index"], place["edition"], place["city"]): place["top"]
    for note in SOURCE_NOTES.values()
    for place in note.get("places", [])
}
# canonical name -> [display name in the other language (Chinese for cities), aliases...]
CITIES: dict[str, list[str]] = {city: entry["aliases"] for city, entry in _NAMES["cities"].items()}
REGIONS: dict[str, list[str]] = _NAMES["regions"]  # metric geographies that are not cities
# canonical id -> [English display name, Chinese display name, aliases...]
INDICES: dict[str, list[str]] = _NAMES["indices"]
METRICS: dict[str, list[str]] = _NAMES["metrics"]
DEAL_COUNTERPARTS: dict[str, str] = _NAMES["deal_counterparts"]
ALL_SECTOR_METRICS: frozenset[str] = frozenset(_NAMES["all_sector_metrics"])
# bare names of the GFCI that could mean either ranking; they resolve to the first family listed
AMBIGUOUS_INDEX_KEYS = ("gfci", "zyen", "zyengfci", "全球金融中心指数", "globalfinancialcentresindex")


def _names(table: dict[str, list[str]], canonical: str) -> list[str]:
    return table[canonical]


def normalise(text: str) -> str:
    """The matching key of ``text``: NFKC, case-folded, letters and digits only."""
    return "".join(re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text).casefold()))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


class _Lexicon:
    """Aliases of one kind: exact lookup by key and a scanner for free text."""

    def __init__(self, kind: str, aliases: dict[str, Iterable[str]]) -> None:
        self.kind = kind
        self.by_key: dict[str, str] = {}
        names = [(name, canonical) for canonical, others in aliases.items() for name in (canonical, *others)]
        for name, canonical in names:
            if self.by_key.setdefault(normalise(name), canonical) != canonical:
                raise ValueError(f"alias {name!r} names both {self.by_key[normalise(name)]} and {canonical}")
        longest_first = sorted((name for name, _ in names), key=lambda name: len(normalise(name)), reverse=True)
        self.pattern = re.compile("|".join(dict.fromkeys(_alias_pattern(name) for name in longest_first)))
        # the agent scans the same question and passages for several kinds of names: remember recent scans
        self.spans = lru_cache(maxsize=4096)(self._spans)
        # for typo matching: Latin aliases of four letters or more by length, and Chinese aliases of three or more
        self.latin_by_length: dict[int, list[tuple[str, str]]] = {}
        for key, canonical in self.by_key.items():
            if key.isascii() and len(key) >= 4:
                self.latin_by_length.setdefault(len(key), []).append((key, canonical))
        self._latin_aliases = {size: [alias for alias, _ in pairs] for size, pairs in self.latin_by_length.items()}
        # Chinese aliases of three characters or more, by (length, first character) and (length, last character)
        self.chinese_by_end: dict[tuple[int, str, int], list[tuple[str, str]]] = {}
        for key, canonical in self.by_key.items():
            if not key.isascii() and len(key) >= 3:
                for end in (0, -1):
                    self.chinese_by_end.setdefault((len(key), key[end], end), []).append((key, canonical))
        self.chinese_lengths = sorted({length for length, _, _ in self.chinese_by_end})

    def nearest(self, key: str, limit: int) -> str | None:
        """The name whose Latin alias is fewest edits (at most ``limit``) from ``key``."""
        if len(key) == 4:  # only two letters swapped
            return next((c for alias, c in self.latin_by_length.get(4, []) if _edits(key, alias, 1) <= 1), None)
        best: tuple[float, str] | None = None
        for size in range(len(key) - limit, len(key) + limit + 1):
            found = process.extractOne(key, self._latin_aliases.get(size, []), scorer=OSA.distance, score_cutoff=limit)
            # at the same distance, an alias of the key's own length (letters swapped or changed, "GFDCI" for
            # "GFCDI") is nearer than a shorter or longer one (a letter dropped or added: "GFCI")
            tie = found is not None and best is not None and found[1] == best[0] and size == len(key)
            if found and (best is None or found[1] < best[0] or tie):
                best = (found[1], self.latin_by_length[size][found[2]][1])
        return best[1] if best else None

    def resolve(self, text: str) -> str:
        key = normalise(text)
        if key in self.by_key:
            return self.by_key[key]
        raise UnknownNameError(self.kind, text, self.suggest(key))

    def suggest(self, key: str, n: int = 5) -> list[str]:
        """Canonical names whose aliases are closest to ``key`` (never empty)."""
        ranked = difflib.get_close_matches(key, list(self.by_key), n=len(self.by_key), cutoff=0.0)
        return list(dict.fromkeys(self.by_key[alias] for alias in ranked))[:n]

    def _spans(self, text: str) -> tuple[tuple[int, int, str], ...]:
        """(start, end, canonical) of every mention in ``_fold(text)``, longest alias first."""
        return tuple(
            (m.start(), m.end(), self.by_key[normalise(m.group())]) for m in self.pattern.finditer(_fold(text))
        )


def _alias_pattern(alias: str) -> str:
    """A regex for an alias: any punctuation or spacing between its words, English words as whole tokens."""
    runs = re.findall(r"[a-z]+|[0-9]+|[^\W\da-z_]+", _fold(alias))
    body = r"[\W_]*".join(re.escape(run) for run in runs)
    return _boundary(runs[0][0], behind=True) + body + _boundary(runs[-1][-1], behind=False)


def _boundary(char: str, behind: bool) -> str:
    """Forbid a letter next to an alias that starts/ends with a letter (a digit next to a digit)."""
    cls = "a-z" if "a" <= char <= "z" else "0-9" if char.isdigit() else ""
    if not cls:
        return ""
    return f"(?<![{cls}])" if behind else f"(?![{cls}])"


_CITY = _Lexicon("city", {name: _names(CITIES, name) for name in CITIES})
_GEOGRAPHY = _Lexicon("geography", {**CITIES, **REGIONS})
_INDEX = _Lexicon("index", {family: _names(INDICES, family) for family in INDICES})
_METRIC = _Lexicon("metric", {metric: _names(METRICS, metric) for metric in METRICS})
_CITY_SUFFIXES = ("特别行政区", "市", "city")


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def resolve_city(text: str) -> str:
    """Canonical English city name (as in the tables) for an English/Chinese name or alias."""
    key = normalise(text)
    for suffix in _CITY_SUFFIXES:
        if key not in _CITY.by_key and key.endswith(suffix) and key[: -len(suffix)] in _CITY.by_key:
            return _CITY.by_key[key[: -len(suffix)]]
    return _CITY.resolve(text)


def resolve_geography(text: str) -> str:
    """A metric geography: a city, or ``Global`` / ``China`` / ``Chinese cities``."""
    key = normalise(text)
    if key in _GEOGRAPHY.by_key:
        return _GEOGRAPHY.by_key[key]
    try:
        return resolve_city(text)
    except UnknownNameError:
        raise UnknownNameError("geography", text, _GEOGRAPHY.suggest(key)) from None


def resolve_index(text: str) -> str:
    """Index family id: ``gfcdi`` | ``fhi`` | ``gfci_fintech`` | ``gfci_overall`` (bare "GFCI" → overall)."""
    return _INDEX.resolve(text)


def index_candidates(text: str) -> list[str]:
    """Every family ``text`` may mean, the default first: two for a bare "GFCI", else one."""
    family = resolve_index(text)
    return ["gfci_overall", "gfci_fintech"] if normalise(text) in AMBIGUOUS_INDEX_KEYS else [family]


def resolve_metric(text: str) -> str:
    """Metric id as in metrics.csv, from its id, English or Chinese name or a common alias."""
    return _METRIC.resolve(text)


def find_cities(text: str) -> list[str]:
    """Cities mentioned in ``text`` outside index names ("上海联盟的发展指数"), in order, de-duplicated."""
    index_spans = _INDEX.spans(text)
    spans = [span for span in _CITY.spans(text) if not any(_overlaps(span, other) for other in index_spans)]
    return _dedupe(canonical for _, _, canonical in spans)


def find_indices(text: str) -> list[str]:
    """Index families mentioned in ``text`` (bare "GFCI" → ``gfci_overall``), in order, de-duplicated."""
    folded = _fold(text)
    numbered = [(m.start(), m.end(), "gfci_fintech") for m in _GFCI_NUMBERED_FINTECH.finditer(folded)]
    plain = [span for span in _INDEX.spans(text) if not any(_overlaps(span, other) for other in numbered)]
    return _dedupe(canonical for _, _, canonical in sorted(numbered + plain))


INDEX_KEYWORDS: dict[str, list[str]] = _NAMES["index_keywords"]


def find_index_mentions(text: str) -> list[str]:
    """Indices named by an alias or by a word of their publisher ("金科联盟…浙大…GFCI 38"), in order of appearance."""
    folded = _fold(text)
    first: dict[str, int] = {}
    numbered = [(m.start(), "gfci_fintech") for m in _GFCI_NUMBERED_FINTECH.finditer(folded)]
    plain = [(a, c) for a, b, c in _INDEX.spans(text) if not any(a <= n < b for n, _ in numbered)]
    words = [(m.start(), i) for i, ws in INDEX_KEYWORDS.items() for w in ws if (m := _keyword(w).search(folded))]
    for position, index in sorted(numbered + plain + words):
        first.setdefault(index, position)
    return list(first)


METRIC_KEYWORDS: dict[str, list[list[str]]] = _NAMES["metric_keywords"]
METRIC_SOURCES: dict[str, str] = _NAMES["metric_sources"]


def find_metrics(text: str) -> list[str]:
    """Metrics mentioned in ``text``, in order of appearance, de-duplicated; when no alias matches, the metrics
    whose keyword groups all match ("how many people work in finance" -> finance employees)."""
    found = _dedupe(canonical for _, _, canonical in _METRIC.spans(text))
    if len(found) > 1:  # a source's metric rides along only when the source is named ("deals" alone is not KPMG)
        named = [m for m in found if not METRIC_SOURCES.get(m) or re.search(METRIC_SOURCES[m], _fold(text))]
        found = named or found
    if found:
        return found
    folded = _fold(text)
    return [
        metric
        for metric, groups in METRIC_KEYWORDS.items()
        if all(any(_keyword(word).search(folded) for word in group) for group in groups)
    ]


@lru_cache(maxsize=512)
def _keyword(word: str) -> re.Pattern[str]:
    """A keyword as a pattern: Latin words from a word start (short ones whole), CJK anywhere."""
    folded = _fold(word).strip()
    if not folded.isascii():
        return re.compile(re.escape(folded))
    return re.compile(r"(?<![a-z])" + re.escape(folded) + (r"(?![a-z])" if len(folded) <= 3 else ""))


def find_geographies(text: str) -> list[str]:
    """Metric geographies (cities and Global / China / Chinese cities) outside index and metric names, in order."""
    index_spans = _INDEX.spans(text) + _METRIC.spans(text)
    spans = [span for span in _GEOGRAPHY.spans(text) if not any(_overlaps(span, other) for other in index_spans)]
    return _dedupe(canonical for _, _, canonical in spans)


COUNTRY_OF: dict[str, str] = {city: entry["country"] for city, entry in _NAMES["cities"].items()}
MAINLAND = "Mainland China"
NOT_MAINLAND = frozenset(_NAMES["not_mainland"])
REGION_OF: dict[str, str] = {country: entry["region"] for country, entry in _NAMES["countries"].items()}
REGION_PARTS: dict[str, list[str]] = _NAMES["region_parts"]
PERIOD_NAMES: dict[str, str] = _NAMES["period_names"]  # the data's period phrases, in Chinese
PUBLISHER_NAMES: dict[str, str] = _NAMES["publisher_names"]  # the rankings' publishers, in Chinese
# each of two series that measure much the same thing their own way -> the other
COUNTERPART_SERIES: dict[str, str] = {
    **_NAMES["counterpart_series"],
    **{other: metric for metric, other in _NAMES["counterpart_series"].items()},
}
# a filter ("Chinese cities", "US centres", "European hubs") -> [Chinese display name, aliases...]
GROUPS: dict[str, list[str]] = {
    **{country: entry["names"] for country, entry in _NAMES["countries"].items()},
    **_NAMES["region_names"],
}
_GROUP = _Lexicon("group", GROUPS)


def find_groups(text: str) -> list[str]:
    """Countries and regions named as filters ("Chinese cities", "美国城市", "Europe"), outside city names."""
    taken = _CITY.spans(text) + _INDEX.spans(text) + _METRIC.spans(text)
    spans = [span for span in _GROUP.spans(text) if not any(_overlaps(span, other) for other in taken)]
    return _dedupe(canonical for _, _, canonical in spans)


def in_group(city: str, group: str) -> bool:
    """Whether ``city`` lies in the country or region ``group`` (mainland China leaves out Hong Kong, Macau
    and Taipei)."""
    if group == MAINLAND:
        return COUNTRY_OF.get(city) == "China" and city not in NOT_MAINLAND
    country = COUNTRY_OF.get(city)
    region = REGION_OF.get(country or "")
    return country == group or region == group or region in REGION_PARTS.get(group, [])


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _edits(a: str, b: str, limit: int) -> int:
    """Edit distance of ``a`` and ``b`` (two swapped neighbours count as one edit: "Chnia"), or ``limit + 1``
    once it is certainly larger. A word of four letters may only have two letters swapped ("GFIC")."""
    if len(a) == 4 and sorted(a) != sorted(b):
        return limit + 1
    return OSA.distance(a, b, score_cutoff=limit)


def _allowed_edits(length: int) -> int:
    return 0 if length < 4 else 1 if length < 8 else 2


def find_misspelt(kind: Literal["city", "index", "metric", "geography"], text: str) -> list[str]:
    """Names of ``kind`` written with a typing error or two ("Shangahi", "Singapur", "Global Fintech Hub Reprot",
    "新加波"), in order of appearance."""
    return _dedupe(canonical for _, canonical in misspelt_spans(kind, text))


_JOINERS = frozenset({"vs", "versus", "and", "or"})


@lru_cache(maxsize=4096)
def misspelt_spans(kind: Literal["city", "index", "metric", "geography"], text: str) -> tuple[tuple[int, str], ...]:
    """(position, canonical) of each misspelt name: runs of one to five Latin words compared with every Latin
    alias of four letters or more (two letters swapped in four, one edit up to seven letters, two from eight),
    and Chinese names of three characters or more with one character wrong."""
    lexicon = {"city": _CITY, "index": _INDEX, "metric": _METRIC, "geography": _GEOGRAPHY}[kind]
    folded = _fold(text)
    words = [(m.start(), m.group()) for m in re.finditer(r"[a-z]+", folded)]
    used: set[int] = set()
    found: list[tuple[int, str]] = []
    for size in (5, 4, 3, 2, 1):
        for start in range(len(words) - size + 1):
            span = set(range(start, start + size))
            key = "".join(word for _, word in words[start : start + size])
            limit = _allowed_edits(len(key))
            if not limit or span & used or key in lexicon.by_key or key in _COMMON_WORDS:
                continue
            if size > 1 and any(word in _JOINERS for _, word in words[start : start + size]):
                continue  # "fintech vs 38": two things set side by side, not one misspelt name ("fintech VC")
            match = lexicon.nearest(key, limit)
            if match:
                used |= span
                found.append((words[start][0], match))
    if not _CJK_CHAR.search(folded):
        return tuple(sorted(found))
    exact = {m.start() for m in lexicon.pattern.finditer(folded)}
    chinese_before = list(accumulate((bool(_CJK_CHAR.match(ch)) for ch in folded), initial=0))  # up to each offset
    for length in lexicon.chinese_lengths:  # one character wrong, not both ends
        for start in range(len(folded) - length + 1):
            if start in exact or chinese_before[start + length] - chinese_before[start] < length:
                continue
            window = folded[start : start + length]
            if (
                folded[max(start - 1, 0) : start + 1] in _ASKING_WORDS
                or folded[start + length - 1 : start + length + 1] in _ASKING_WORDS
            ):
                continue
            candidates = lexicon.chinese_by_end.get((length, window[0], 0), []) + lexicon.chinese_by_end.get(
                (length, window[-1], -1), []
            )
            found += [
                (start, canonical)
                for alias, canonical in dict.fromkeys(candidates)
                if Hamming.distance(window, alias, score_cutoff=1) == 1
                and not any(a != b and a in _GRAMMAR_CHARACTERS for a, b in zip(window, alias, strict=True))
            ]
    return tuple(sorted(found))


def find_cities_in_order(text: str) -> list[str]:
    """Cities named in ``text``, typos included, in the order they appear."""
    index_spans = _INDEX.spans(text)
    exact = [(a, c) for a, b, c in _CITY.spans(text) if not any(_overlaps((a, b, c), o) for o in index_spans)]
    return _dedupe(canonical for _, canonical in sorted([*exact, *misspelt_spans("city", text)]))


# English words a typing error or two away from a name ("financial" / "financing"): never read as typos
_COMMON_WORDS = frozenset(_NAMES["not_typos"])
# Chinese characters of grammar: never the one wrong character of a misspelt name ("多了多" is no "多伦多")
_GRAMMAR_CHARACTERS = frozenset(_NAMES["not_typo_characters"])
_ASKING_WORDS = frozenset(_NAMES["not_typo_words"])
_SPELLING = tuple(_NAMES["spelling"])


_CASE_SENSITIVE = _NAMES["case_sensitive_aliases"]
_CASE_SENSITIVE_ALIAS = re.compile(r"(?<![A-Za-z])(" + "|".join(map(re.escape, _CASE_SENSITIVE)) + r")(?![A-Za-z])")


_CITY_SHORT_FORMS = {alias.lower(): name for alias, name in _CASE_SENSITIVE.items() if name in CITIES}
_LOWERCASE_SHORT_FORM = re.compile(
    r"^(\W*)("
    + "|".join(map(re.escape, _CITY_SHORT_FORMS))
    + r")(?=\s*(?:"
    + "|".join(
        re.escape(w) if w.startswith("'") else r"\s" + re.escape(w) for w in _NAMES["short_form_lowercase_before"]
    )
    + r")(?![A-Za-z]))"
)


_CHINESE_SHORT_FORMS: dict[str, str] = _NAMES["chinese_short_forms"]
_CHINESE_SHORT_FORM = re.compile(
    r"(?:(?<![\u4e00-\u9fff])|(?<=[那和与跟比及、]))("
    + "|".join(map(re.escape, _CHINESE_SHORT_FORMS))
    + ")"
    + _NAMES["chinese_short_form_before"]
)


def with_names_spelt_out(text: str) -> str:
    """Abbreviations that are also common words written as their name ("IF's 2024 figure" -> "Innovate Finance's
    2024 figure"); only as written in ``case_sensitive_aliases`` ("if" stays a word), except a city's short form
    opening the question before a word of ranking ("bj rank?"), which is read in lower case too."""
    text = _CHINESE_SHORT_FORM.sub(lambda m: _CHINESE_SHORT_FORMS[m.group(1)], text)
    text = _LOWERCASE_SHORT_FORM.sub(lambda m: m.group(1) + _CITY_SHORT_FORMS[m.group(2)], text)
    return _CASE_SENSITIVE_ALIAS.sub(lambda m: _CASE_SENSITIVE[m.group(1)], text)


# "H1 24", "h2 25": a half-year and its year
_HALF_SHORT_YEAR = re.compile(r"\b([Hh][12])\s+(\d{2})\b(?![\d.%])")
_SHORT_YEAR = re.compile(r"(?:(?<=\bFY)|(?<=\bfy)|(?<=['’]))(\d{2})\b")
# "24年呢？", "和23年比" (a year), not "持续15年" or "15年来" (a duration)
_SHORT_YEAR_ZH = re.compile(r"(?:^|(?<=[\s在从到和与跟、,，:：比]))([12]\d)(?=年(?![来间内里多以左]))")
_SHORT_YEAR_PAIR = re.compile(
    r"(?<![\dA-Za-z.第前])(\d{2})\s*(->|→|=>|~)\s*(\d{2})(?=年|[^\w.]|$)|(?<![\dA-Za-z.第前])(\d{2})\s*(到|至)\s*(\d{2})(?=年)"
)


def with_full_years(text: str) -> str:
    """Two-digit years written in full: "H1'24" -> "H1 2024", "FY23" -> "FY 2023", "24年" -> "2024年",
    "23->24" -> "2023->2024" (an arrow between two numbers is read as years unless the text is about GFCI
    editions)."""
    text = _SHORT_YEAR.sub(lambda m: f" 20{m.group(1)}", text)
    text = _HALF_SHORT_YEAR.sub(lambda m: f"{m.group(1)} 20{m.group(2)}", text)
    if not re.search(r"gfci|edition|期", text, re.IGNORECASE):
        text = _SHORT_YEAR_PAIR.sub(lambda m: "20{}{}20{}".format(*(g for g in m.groups() if g)), text)
    return _SHORT_YEAR_ZH.sub(lambda m: f"20{m.group(1)}", text)


_CONTRACTIONS = _NAMES["contractions"]
_CONTRACTION = re.compile(r"\b(" + "|".join(_CONTRACTIONS) + r")\b", re.IGNORECASE)


def as_meant(text: str) -> str:
    """A question as its writer meant it: typographic apostrophes plain, question words without their apostrophe
    ("whats") contracted, misspelt question words, short years and case-sensitive abbreviations written out
    (:func:`respelt`, :func:`with_full_years`, :func:`with_names_spelt_out`)."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = _CONTRACTION.sub(lambda m: _CONTRACTIONS[m.group(1).lower()], text)
    return with_names_spelt_out(with_full_years(respelt(_numbered_indices_spelt(text))))


_FOUR_LETTERS_NUMBERED = re.compile(r"\b([A-Za-z]{4})(?=\s*\d{2}(?!\d))")


def _numbered_indices_spelt(text: str) -> str:
    """A four-letter index name with one letter wrong before an edition number written right ("gfcl 35" -> "GFCI
    35"), so that its edition is read too."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(1)
        if word.lower() in _INDEX.by_key:
            return word
        alias = next((a for a, _ in _INDEX.latin_by_length.get(4, []) if OSA.distance(word.lower(), a) <= 1), None)
        return alias.upper() if alias else word

    return _FOUR_LETTERS_NUMBERED.sub(fix, text)


@lru_cache(maxsize=4096)
def respelt(text: str) -> str:
    """``text`` with its misspelt question words written right ("averge" -> "average"): a Latin word of six
    letters or more, not itself a known word, one edit from exactly one word of the spelling list (an ending
    added or dropped is not a typing error: "numbers" stays)."""

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        key = word.lower()
        if len(key) < 6 or key in _SPELLING or key in _COMMON_WORDS:
            return word
        near = [
            w
            for w in _SPELLING
            if abs(len(w) - len(key)) <= 1 and _edits(key, w, 1) <= 1 and not (key.startswith(w) or w.startswith(key))
        ]
        return near[0] if len(near) == 1 else word

    return re.sub(r"[A-Za-z]+", fix, text)


def _overlaps(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def display_name(
    kind: Literal["city", "geography", "index", "metric"], canonical: str, language: Literal["en", "zh"]
) -> str:
    """The name to show for a canonical id; an id this module does not know comes back unchanged."""
    if kind in ("city", "geography"):
        table = {**CITIES, **REGIONS}
        return _names(table, canonical)[0] if canonical in table and language == "zh" else canonical
    table = INDICES if kind == "index" else METRICS
    if canonical not in table:
        return canonical
    return _names(table, canonical)[1 if language == "zh" else 0]


# ---- editions -----------------------------------------------------------------------------------------

_GFCI_EDITION = re.compile(r"^GFCI (\d+) \((\d{4})-(\d{2})\)$")
# "the 38th issue" (第38期, or 38期 for a GFCI-sized number): GFCI only in context
_ORDINAL_ISSUE = re.compile(r"第\s*(\d{1,3})\s*(?:期|版|届)|(?<![\d.])([2-9]\d)\s*期")
_GFCI_NUMBER_PATTERNS = (
    re.compile(r"(?<![a-z])gfci[\s#\-_]*(?:no\.?\s*)?(\d{1,3})(?!\d)"),
    re.compile(r"(?<![0-9])(\d{1,3})\s*(?:st|nd|rd|th)\s+(?:edition\s+of\s+(?:the\s+)?)?gfci(?![a-z])"),
    _ORDINAL_ISSUE,
)
_GFCI_NUMBERED_FINTECH = re.compile(
    r"(?<![a-z])gfci[\s#\-_]*\d{1,3}(?:\s*\(\d{4}-\d{2}\))?[\s\-_]*(?:fin\s*-?\s*tech|金融科技)"
)


def edition_sort_key(edition: str) -> tuple[int, int]:
    """Chronological order of an edition string: (year, month or GFCI number)."""
    match = _GFCI_EDITION.match(edition)
    if match:
        return int(match.group(2)), int(match.group(3))
    return (int(edition), 0) if edition.isdigit() else (0, 0)


def gfci_number(edition: str) -> int | None:
    """The GFCI edition number of ``"GFCI 38 (2025-09)"`` (None for a year edition)."""
    match = _GFCI_EDITION.match(edition)
    return int(match.group(1)) if match else None


@lru_cache(maxsize=64)
def geographies_of(metric: str) -> frozenset[str]:
    """The places ``metric`` has rows for (a figure or a finding, or a figure a source note states)."""
    from assistant.config import get_settings

    return _geographies_of(get_settings().tables_dir, metric)


@lru_cache(maxsize=256)
def _geographies_of(tables_dir: Path, metric: str) -> frozenset[str]:
    from assistant.analytics.metrics import stated_rows
    from assistant.tables import cached_tables

    tables = cached_tables(tables_dir)
    stated = stated_rows(tables)
    return frozenset(tables.metrics[tables.metrics["metric"] == metric]["geography"]) | frozenset(
        stated[stated["metric"] == metric]["geography"]
    )


def years_published(metric: str, geography: str | None = None) -> frozenset[str]:
    """The years ``metric`` has a figure for (a year of two published halves counts) in ``geography``."""
    from assistant.config import get_settings
    from assistant.tables import cached_tables

    metrics = cached_tables(get_settings().tables_dir).metrics
    rows = metrics[(metrics["metric"] == metric) & metrics["value"].notna()]
    if geography:
        rows = rows[rows["geography"] == geography]
    periods = set(rows["period"])
    halves = {p[:4] for p in periods if f"{p[:4]}-H1" in periods and f"{p[:4]}-H2" in periods}
    return frozenset({p for p in periods if p.isdigit()} | halves)


def metrics_holding(figure: float, periods: tuple[str, ...]) -> list[str]:
    """The metric whose published figure (as the table writes it, e.g. 196.3 for "196.3 billion USD") equals
    ``figure``, in one of ``periods`` when any of them matches: what a question's own number refers to (none
    when the figure belongs to more than one series)."""
    from assistant.config import get_settings
    from assistant.tables import cached_tables

    metrics = cached_tables(get_settings().tables_dir).metrics
    rows = metrics[(metrics["value"] - figure).abs() < 1e-6]
    in_period = rows[rows["period"].isin(periods)]
    found = list(dict.fromkeys((in_period if len(in_period) else rows)["metric"]))
    return found if len(found) == 1 else []  # a figure two series share names neither


def ratings_holding(city: str, score: float) -> list[tuple[str, str]]:
    """(index family, edition) of every published rating of ``city`` equal to ``score``: where a rating a question
    quotes ("I read 760") comes from."""
    from assistant.config import get_settings
    from assistant.tables import cached_tables

    rankings = cached_tables(get_settings().tables_dir).rankings
    rows = rankings[(rankings["city"] == city) & ((rankings["score"] - score).abs() < 1e-6)]
    return [(str(row["index_family"]), str(row["edition"])) for _, row in rows.iterrows()]


def known_editions(index_family: str) -> list[str]:
    """Editions of ``index_family`` present in the project's tables, oldest first."""
    from assistant.config import get_settings

    return list(_editions_in(get_settings().tables_dir, index_family))


@lru_cache(maxsize=64)
def _editions_in(tables_dir: Path, index_family: str) -> tuple[str, ...]:
    from assistant.tables import cached_tables

    rankings = cached_tables(tables_dir).rankings
    editions = rankings.loc[rankings["index_family"] == index_family, "edition"].unique()
    return tuple(sorted((str(edition) for edition in editions), key=edition_sort_key))


def _edition_numbers(folded: str) -> list[tuple[int, int, int, bool]]:
    """(start, end, number, names the GFCI explicitly) of every edition-number mention."""
    found = [
        (m.start(), m.end(), int(m.group(1) or m.group(2)), pattern is not _ORDINAL_ISSUE)
        for pattern in _GFCI_NUMBER_PATTERNS
        for m in pattern.finditer(folded)
    ]
    return sorted(found)


def _missing_edition(family: str, text: str, editions: list[str], wanted: str) -> ExplainedNameError:
    reason = f"There is no {wanted} edition of {family} in the data (known: {', '.join(editions)})."
    if family == "fhi" and wanted == "2021":
        reason = "The Global FinTech Hub Report 2021 edition is left out of the data: its sources disagree."
    return ExplainedNameError("edition", text, reason, _nearest_editions(editions, wanted))


def _nearest_editions(editions: list[str], wanted: str) -> list[str]:
    number = re.fullmatch(r"GFCI (\d+)", wanted)
    year = int(wanted[:4]) if wanted[:4].isdigit() else 0

    def distance(edition: str) -> int:
        edition_number = gfci_number(edition)
        if number and edition_number is not None:
            return abs(edition_number - int(number.group(1)))
        return abs(edition_sort_key(edition)[0] - year)

    return sorted(editions, key=distance)[:3]


def resolve_edition(index_family: str, text: str, editions: list[str] | None = None) -> str:
    """Canonical edition (as in rankings.csv) of ``index_family`` for "GFCI 38", "第38期", "2024年", "latest".

    ``editions`` defaults to the editions in the project's tables. Raises UnknownNameError (or its subclass
    ExplainedNameError with the reason) for an edition not in the data or an ambiguous one.
    """
    family = resolve_index(index_family)
    editions = sorted(editions if editions is not None else known_editions(family), key=edition_sort_key)
    if not editions:
        raise ExplainedNameError("edition", text, f"The data holds no edition of {family}.")
    key = normalise(text)
    by_key = {normalise(edition): edition for edition in editions}
    if key in by_key:
        return by_key[key]
    if key in {normalise(word) for word in LATEST_WORDS}:
        return editions[-1]
    folded = _fold(text)
    if family in GFCI_FAMILIES:
        return _resolve_gfci_edition(family, text, folded, editions)
    years = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", folded)
    if len(years) == 1:
        if years[0] in editions:
            return years[0]
        raise _missing_edition(family, text, editions, years[0])
    if _edition_numbers(folded):
        reason = f"{family} editions are named by year, not number (known: {', '.join(editions)})."
        raise ExplainedNameError("edition", text, reason, editions[-3:])
    raise UnknownNameError("edition", text, editions[::-1][:5])


def _resolve_gfci_edition(family: str, text: str, folded: str, editions: list[str]) -> str:
    numbers = {number for _, _, number, _ in _edition_numbers(folded)}
    bare = re.fullmatch(r"\s*(?:no\.?|#)?\s*(\d{1,3})\s*(?:st|nd|rd|th)?\s*", folded)
    if bare:
        numbers.add(int(bare.group(1)))
    if len(numbers) == 1:
        number = numbers.pop()
        for edition in editions:
            if gfci_number(edition) == number:
                return edition
        raise _missing_edition(family, text, editions, f"GFCI {number}")
    months = [period for period in find_periods(text) if re.fullmatch(r"\d{4}-\d{2}", period)]
    if len(months) == 1:
        for edition in editions:
            if edition.endswith(f"({months[0]})"):
                return edition
        raise _missing_edition(family, text, editions, months[0])
    years = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", folded)
    if len(years) == 1:
        same_year = [edition for edition in editions if edition_sort_key(edition)[0] == int(years[0])]
        reason = f"GFCI is published twice a year, so a year alone does not pick an edition of {family}" + (
            "." if same_year else f"; the data holds none from {years[0]}."
        )
        raise ExplainedNameError("edition", text, reason, same_year or _nearest_editions(editions, years[0]))
    raise UnknownNameError("edition", text, editions[::-1][:5])


def find_editions(text: str, index_family: str | None = None) -> list[str]:
    """Edition mentions in ``text``, in order: GFCI numbers ("GFCI 38", "the 38th GFCI", and "第38期" when
    the GFCI is meant), with a GFCI family also months ("2025-09"), with a yearly family (gfcdi, fhi) years.

    A mention of an edition missing from the data is returned as typed ("GFCI 30", "2021") so that the
    tool it is passed to raises an error that explains why.
    """
    family = resolve_index(index_family) if index_family else None
    folded = _fold(text)
    found: list[tuple[int, str]] = []
    numbered = _edition_numbers(folded)
    if family is None or family in GFCI_FAMILIES:
        gfci_meant = family is not None or any(f in GFCI_FAMILIES for f in find_indices(text))
        pool = [edition for fam in ([family] if family else GFCI_FAMILIES) for edition in known_editions(fam)]
        for start, _, number, explicit in numbered:
            if explicit or gfci_meant:
                match = next((edition for edition in pool if gfci_number(edition) == number), f"GFCI {number}")
                found.append((start, match))
    if family in GFCI_FAMILIES:
        for start, period in _period_spans(folded):
            match = next((e for e in known_editions(family) if e.endswith(f"({period})")), None)
            if match:
                found.append((start, match))
    elif family is not None:
        skip = [(a, b) for a, b, _, _ in numbered] + [m.span() for m in re.finditer(r"\d{4}-\d{2}(?!\d)", folded)]
        for match in re.finditer(r"(?<!\d)((?:19|20)\d{2})(?!\d)", folded):
            if not any(a <= match.start() < b for a, b in skip):
                found.append((match.start(), match.group(1)))
    return _dedupe(edition for _, edition in sorted(found))


# ---- periods ------------------------------------------------------------------------------------------

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_YEAR = r"((?:19|20)\d{2})"
_HALF_WITH_YEAR = (
    (re.compile(_YEAR + r"\s*年?\s*(?:的)?\s*(上|下)半年"), 1, 2),
    (re.compile(r"(?<!\d)" + _YEAR + r"\s*[-/ ]?\s*(h[12])(?![a-z0-9])"), 1, 2),
    (re.compile(r"(?<![a-z0-9])(h[12]|[12]h)\s*[-/' ]?\s*" + _YEAR + r"(?!\d)"), 2, 1),
    (
        re.compile(r"(?<![a-z])(first|second|1st|2nd)\s+half\s+(?:of\s+)?(?:the\s+year\s+)?" + _YEAR + r"(?!\d)"),
        2,
        1,
    ),
    (re.compile(r"(?<!\d)" + _YEAR + r"\s+(first|second)\s+half(?![a-z])"), 1, 2),
)
_BARE_HALF = re.compile(r"(上|下)半年|(?<![a-z])(first|second)\s+half(?![a-z])|(?<![a-z0-9])(h[12])(?![a-z0-9])")
_RANGE = (
    re.compile(r"(?<!\d)" + _YEAR + r"\s*年?\s*(?:-|–|—|~|至|到|to|through|until)\s*" + _YEAR + r"(?!\d)\s*年?"),
    re.compile(r"(?<![a-z])between\s+" + _YEAR + r"\s+and\s+" + _YEAR + r"(?!\d)"),
)
_MONTH_NUMERIC = re.compile(r"(?<!\d)" + _YEAR + r"\s*(?:-|/|\.|年)\s*(\d{1,2})(?!\d)\s*月?")
_MONTH_NAMED = re.compile(r"(?<![a-z])(" + "|".join(_MONTHS) + r")[a-z]*\.?\s+(?:of\s+)?" + _YEAR + r"(?!\d)")
_YEAR_ONLY = re.compile(r"(?<!\d)" + _YEAR + r"(?!\d)\s*年?")
_BASELINE = re.compile(r"(?<![a-z])baseline(?:\s*\(year not stated\))?|基准年?|基期|基线")


def _half(token: str) -> str:
    return "H1" if token in ("上", "h1", "1h", "first", "1st") else "H2"


def _period_spans(folded: str) -> list[tuple[int, str]]:
    """(start, canonical period) of every period mention in already folded text."""
    spans: list[tuple[int, int, str]] = []

    def add(start: int, end: int, period: str) -> None:
        if not any(start < b and a < end for a, b, _ in spans):
            spans.append((start, end, period))

    for pattern, year_group, half_group in _HALF_WITH_YEAR:
        for m in pattern.finditer(folded):
            add(m.start(), m.end(), f"{m.group(year_group)}-{_half(m.group(half_group))}")
    for pattern in _RANGE:
        for m in pattern.finditer(folded):
            if int(m.group(1)) < int(m.group(2)):
                add(m.start(), m.end(), f"{m.group(1)}-{m.group(2)}")
    for m in _MONTH_NUMERIC.finditer(folded):
        if 1 <= int(m.group(2)) <= 12:
            add(m.start(), m.end(), f"{m.group(1)}-{int(m.group(2)):02d}")
    for m in _MONTH_NAMED.finditer(folded):
        add(m.start(), m.end(), f"{m.group(2)}-{_MONTHS.index(m.group(1)) + 1:02d}")
    for m in _BASELINE.finditer(folded):
        add(m.start(), m.end(), BASELINE_PERIOD)
    years = [
        (m.start(), m.end(), m.group(1))
        for m in _YEAR_ONLY.finditer(folded)
        if not any(m.start() < b and a < m.end() for a, b, _ in spans)
    ]
    used_years: set[int] = set()
    all_years = [(m.start(), m.group(1)) for m in re.finditer(r"(?<!\d)" + _YEAR + r"(?!\d)", folded)]
    for m in _BARE_HALF.finditer(folded):
        if all_years and not any(m.start() < b and a < m.end() for a, b, _ in spans):
            before = [year for year in all_years if year[0] < m.start()]
            start, year = before[-1] if before else all_years[0]
            used_years.add(start)
            token = next(group for group in m.groups() if group)
            spans.append((m.start(), m.end(), f"{year}-{_half(token)}"))
    spans.extend(year for year in years if year[0] not in used_years)
    return [(start, period) for start, _, period in sorted(spans)]


def find_periods(text: str) -> list[str]:
    """Periods mentioned in ``text`` as canonical strings ('2024', '2024-H1', '2022-04', '2022-2024').

    A half-year without a year ("上半年", "H1") takes the nearest year mentioned (that year is then not
    listed on its own); with no year in the text it is left out.
    """
    return _dedupe(period for _, period in _period_spans(_fold(text)))


def resolve_period(text: str) -> str:
    """One canonical period for "2024-H1", "H1 2024", "2024年上半年", "first half of 2024", "2024年", ...

    Raises UnknownNameError when no period is recognised, ExplainedNameError when it is ambiguous or a
    half-year has no year.
    """
    periods = find_periods(text)
    if len(periods) == 1:
        return periods[0]
    if len(periods) > 1:
        raise ExplainedNameError("period", text, f"{text!r} names more than one period.", periods)
    if _BARE_HALF.search(_fold(text)):
        raise ExplainedNameError("period", text, f"{text!r} needs a year, e.g. '2024-H1'.", ["2024-H1", "2025-H1"])
    raise UnknownNameError("period", text, ["2024", "2024-H1", "2022-04", "2022-2024", BASELINE_PERIOD])


def mask_names(text: str) -> str:
    """``text`` case-folded with every city, index, metric, edition and year replaced by a placeholder.

    The agent classifies a question's shape this way, so that the names in it do not sway the intent.
    """
    folded = _fold(text)
    folded = _GFCI_NUMBERED_FINTECH.sub(" index ", folded)
    for lexicon, placeholder in ((_INDEX, " index "), (_METRIC, " metric "), (_CITY, " city ")):
        folded = lexicon.pattern.sub(placeholder, folded)
    folded = re.sub(r"gfci\s*\d+|第\s*\d+\s*期", " index ", folded)
    return re.sub(r"(?:19|20)\d{2}", " year ", folded)
