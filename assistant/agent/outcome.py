"""Whether an LLM answer answers the question, judged from its tool results and its own words.

An answer counts as answered when at least one data tool returned a published figure (or a passage is
cited) and the text does not itself say that the data does not cover the question. Error results,
"not published" values and lists where the city is not listed are not data.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from assistant.agent.language import Language
from assistant.answer import ToolCall

PHRASES_FILE = Path(__file__).parent / "data" / "llm_phrases.toml"
SEARCH_TOOL = "search_reports"


@cache
def phrases() -> dict[str, Any]:
    """The LLM engine's phrase tables (``not_covered``, ``fallback``) from the data file."""
    with PHRASES_FILE.open("rb") as file:
        return tomllib.load(file)


@cache
def _not_covered_pattern() -> re.Pattern[str]:
    table = phrases()["not_covered"]
    english = [r"\b" + r"\s+".join(map(re.escape, phrase.split())) + r"\b" for phrase in table["en"]]
    chinese = [re.escape(phrase) for phrase in table["zh"]]
    return re.compile("|".join(english + chinese), re.IGNORECASE)


def says_not_covered(text: str) -> bool:
    """True when the text says the data does not cover the question (or the figure was not published)."""
    return bool(_not_covered_pattern().search(text.replace("’", "'")))


def fallback_line(reason: str, lang: Language) -> str:
    """The one line, in the question's language, that says the offline analyst answered instead."""
    return str(phrases()["fallback"][reason][lang])


def has_data(name: str, result: Any) -> bool:
    """True when one data tool's result holds a published figure (not an error, not all 'not published')."""
    if not isinstance(result, dict) or "error" in result or name == SEARCH_TOOL:
        return False
    if name == "metric":
        return any(row.get("value") is not None for row in result.get("rows", []))
    if name == "compare":
        return any(entry.get("status") != "not listed" for entry in result.get("entries", []))
    if name == "rank_history":
        return any(point.get("status") != "not listed" for point in result.get("points", []))
    if name == "movers":
        return any(result.get(key) for key in ("rises", "falls", "unchanged"))
    if name == "consensus_ranking":
        return bool(result.get("entries"))
    if name in {"ranking", "city_rank"}:
        return bool(result.get("rows"))
    return name in {"forecast", "calculate"}


def answered(tool_calls: Iterable[ToolCall], text: str, cited_passages: int) -> bool:
    """False when no data tool gave a figure and no passage is cited, or the text says the data is silent."""
    grounded_on_something = cited_passages > 0 or any(has_data(call.name, call.result) for call in tool_calls)
    return grounded_on_something and not says_not_covered(text)
