"""Answer text in English or Chinese: templates from ``data/templates.yaml`` filled with tool-result values.

Every number this module writes is a field of a tool result, shown as the data holds it (or scaled to
亿 for Chinese money figures, or to the scale the question asks for, which the grounding check reads back),
or a computed result rounded to two decimals.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from assistant import names
from assistant.agent.language import Language
from assistant.scales import SCALES

TEMPLATES = Path(__file__).parent / "data" / "templates.yaml"
# Chinese units: a billion is ten 亿
ZH_UNITS = {
    "billion usd": (10, "亿美元"),
    "billion cny": (10, "亿元"),
    "million usd": (0.01, "亿美元"),
    "million cny": (0.01, "亿元"),
    "million usd per deals": (100, "万美元"),
    "million cny per deals": (100, "万元"),
    "percent": (1, "%"),
    "percent (approx.)": (1, "%（约）"),
    "deals": (1, "笔"),
    "companies": (1, "家"),
    "people (lower bound)": (0.0001, "万人以上"),
    "institutions (approx.)": (1, "家机构（约）"),
    "unit": (1, ""),
    "percentage points": (1, "个百分点"),
    "points": (1, "分"),
}
EN_UNITS = {
    "percent": "%",
    "percent (approx.)": "% (approx.)",
    "unit": "",
    "million usd per deals": "million USD",
    "million cny per deals": "million CNY",
}


@cache
def _templates() -> dict[str, dict[str, str]]:
    return yaml.safe_load(TEMPLATES.read_text(encoding="utf-8"))


def say(key: str, lang: Language, **values: Any) -> str:
    """The template ``key`` in ``lang`` with ``values`` filled in."""
    return _templates()[key][lang].format(**values)


def source_note(row: dict[str, Any], lang: Language) -> str | None:
    """The source's note on a table row in ``lang`` (None: the row has none worth showing)."""
    shown = names.SOURCE_NOTES.get(row.get("note") or "")
    return shown[lang] if shown else None


def places_moved(row: dict[str, Any]) -> int | None:
    """The places a ranked row rose since the edition before (negative: fell), where the source's note says so."""
    shown = names.SOURCE_NOTES.get(row.get("note") or "")
    return shown.get("moved") if shown else None


def earlier_figure(row: dict[str, Any]) -> float | None:
    """The figure before the row's, where the source's note states it ("up 67.8% from 216.9 billion USD")."""
    shown = names.SOURCE_NOTES.get(row.get("note") or "")
    return shown.get("earlier") if shown else None


def city(name: str, lang: Language) -> str:
    return names.display_name("city", name, lang)


def geography(name: str, lang: Language) -> str:
    return names.display_name("geography", name, lang)


def index_name(family: str, lang: Language) -> str:
    return names.display_name("index", family, lang)


def metric_name(metric: str, lang: Language) -> str:
    return names.display_name("metric", metric, lang)


def figure_fields(row: dict[str, Any], lang: Language) -> dict[str, str]:
    """A data row's metric, place and period as templates name them: metric=, geo=, period=."""
    return {
        "metric": metric_name(row["metric"], lang),
        "geo": geography(row["geography"], lang),
        "period": row["period"],
    }


def edition(family: str, edition_id: str, lang: Language) -> str:
    """'the Global Fintech Center Development Index 2025' / '全球金融科技中心发展指数（2025）'."""
    return say("edition_label", lang, index=index_name(family, lang), edition=edition_id)


def ordinal(rank: int) -> str:
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def place(rank: int, lang: Language) -> str:
    return say("place", lang, rank=rank, rank_ordinal=ordinal(rank))


# the money scale the asker wants amounts in ("in USD mn", "多少百万美元"), while their answer is written
_SCALE: ContextVar[str | None] = ContextVar("money_scale", default=None)
_SCALE_NAMES = {
    ("million", "zh"): "百万",
    ("million", "en"): "million",
    ("billion", "en"): "billion",
}
_MONEY = re.compile(r"^(million|billion) (usd|cny)$")


@contextmanager
def money_scale(scale: str | None) -> Iterator[None]:
    """Write amounts of money in ``scale`` ("million" or "billion") inside this block."""
    token = _SCALE.set(scale)
    try:
        yield
    finally:
        _SCALE.reset(token)


def _in_scale(value: float, key: str, lang: Language) -> tuple[float, str] | None:
    """The value and its unit words in the asked scale, for an amount of money in another."""
    wanted, money = _SCALE.get(), _MONEY.match(key)
    if wanted is None or money is None or (wanted == money.group(1) and lang == "en"):
        return None
    if lang == "zh" and wanted == "billion":  # Chinese counts billions in 亿 (519亿美元, not 51.9十亿美元)
        return None
    currency = {"usd": "美元", "cny": "元"}[money.group(2)] if lang == "zh" else money.group(2).upper()
    scaled = value * SCALES[money.group(1)] / SCALES[wanted]
    unit = f"{_SCALE_NAMES[wanted, lang]}{currency}" if lang == "zh" else f"{_SCALE_NAMES[wanted, lang]} {currency}"
    return scaled, unit


def number(value: float) -> str:
    """A value as the data holds it: no trailing .0, no rounding, no exponent."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.10f}".rstrip("0").rstrip(".")


def computed(value: float) -> str:
    """A computed value, to at most two decimals (four below 10, so 1.306亿 keeps 130.6 million); the
    grounding check allows the rounding shown."""
    return number(round(value, 4 if abs(value) < 10 else 2))


def quantity(value: float, unit: str | None, lang: Language, exact: bool = True) -> str:
    """A value with its unit: '54.2 billion USD' / '542亿美元'."""
    key = (unit or "").strip().lower()
    show = number if exact else computed
    if scaled := _in_scale(value, key, lang):
        amount, word = scaled
        return f"{computed(amount)}{'' if lang == 'zh' else ' '}{word}"
    if lang == "zh" and key in ("million usd", "million cny") and abs(value) < 100:  # 25 million: 2500万, not 0.25亿
        key += " per deals"
    if lang == "zh" and key in ZH_UNITS:
        factor, word = ZH_UNITS[key]
        return f"{show(value * factor)}{word}"
    word = EN_UNITS.get(key, unit or "")
    if word.startswith("%"):
        return f"{show(value)}{word}"
    return f"{show(value)} {word}".strip()


def restated(n: int, lang: Language) -> str:
    """A number the question itself wrote ("前三", "top ten"), restated as the asker writes it in Chinese."""
    return "一二三四五六七八九十"[n - 1] if lang == "zh" and 1 <= n <= 10 else str(n)


def join(items: list[str], lang: Language) -> str:
    return say("list_sep", lang).join(items)


def join_and(items: list[str], lang: Language) -> str:
    """'A, B and C' / 'A、B和C'."""
    if len(items) <= 1:
        return "".join(items)
    return join(items[:-1], lang) + say("and", lang) + items[-1]


def standing(row: dict[str, Any], lang: Language) -> str:
    """'2nd' / 'tier 2 (exact rank not published)' / 'not listed', with a rating where one was published."""
    if row.get("status") == "not listed":
        return say("not_listed", lang)
    if row.get("rank") is not None:
        text = place(row["rank"], lang)
    elif row.get("tier") is not None:
        text = say("tier_place", lang, tier=row["tier"])
    else:
        text = say("not_listed", lang) if row.get("score") is None else ""
    if row.get("score") is not None:
        rating = say("rating", lang, score=number(row["score"]))
        text = f"{text}, {rating}" if text and lang == "en" else f"{text}，{rating}" if text else rating
    return text


def movement(change: float, lang: Language) -> str:
    """'up 3' / 'down 2' / 'unchanged' for places gained (positive) or lost."""
    if change > 0:
        return say("up", lang, n=number(change))
    if change < 0:
        return say("down", lang, n=number(-change))
    return say("same", lang)


HALF_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})-H([12])(?!\d)")
YEAR_SPAN = re.compile(r"(?<![\d.])((?:19|20)\d{2})-((?:19|20)\d{2})(?=的|[:：])")
YEAR_BEFORE_DE = re.compile(r"(?<![\d.\-(（])((?:19|20)\d{2})(?=的|最|[:：])")


QUOTED = re.compile(r"(“[^”]*”)")


def chinese_periods(text: str) -> str:
    """Periods as Chinese writes them: 2024-H1 → 2024年上半年, "2021的" → "2021年的", and the data's period
    phrases (names.yaml period_names); a quoted passage (“…”) stays as written."""
    return "".join(part if QUOTED.fullmatch(part) else _chinese_periods(part) for part in QUOTED.split(text))


def _chinese_periods(text: str) -> str:
    text = HALF_YEAR.sub(lambda m: f"{m.group(1)}年{'上' if m.group(2) == '1' else '下'}半年", text)
    text = YEAR_SPAN.sub(lambda m: f"{m.group(1)}—{m.group(2)}年", text)
    text = YEAR_BEFORE_DE.sub(r"\1年", text)
    for period, chinese in names.PERIOD_NAMES.items():
        text = text.replace(period, chinese)
    return text


def sentence_end(lang: Language) -> str:
    return "。" if lang == "zh" else "."
