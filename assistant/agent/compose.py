"""The offline analyst's answer: text from tool results, passages cited by key, honest when data is silent."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant import names
from assistant.agent.citations import Fact
from assistant.agent.language import Language, detect_language
from assistant.agent.render import RENDERERS, Rendered
from assistant.agent.tools import SEARCH_TOOL, citation_key
from assistant.retrieval.keywords import contains_cjk, tokenize

MIN_DENSE_SCORE = 0.35
MIN_SHARED_TERMS = 0.5
QUOTE_CHARS = 240
EXPLAIN_PASSAGES = 3
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
SENTENCE = re.compile(r"(?<=[.!?])\s+|(?<=[。！？；])")
WHY = re.compile(r"\bwhy\b|为什么|为何|原因", re.IGNORECASE)
CAUSE = re.compile(
    r"\bbecause\b|\bdue to\b|\bthanks to\b|\bdriven by\b|\bin step with\b|\bowing to\b|\breflect|\bas a result\b"
    r"|因为|由于|得益于|受.{0,8}影响|随着|源于|原因",
    re.IGNORECASE,
)
SOURCE_LIST = re.compile(r"\bsources?\b|\breferences\b|资料来源|参考", re.IGNORECASE)
UNNAMED_MEMBER = re.compile(r"\b(eighth|8th|missing|unnamed|other)\b|第八|未公布|缺少|另一", re.IGNORECASE)


@dataclass
class ToolOutcome:
    name: str
    args: dict[str, Any]
    result: dict[str, Any]


@dataclass
class Composed:
    text: str
    answered: bool
    chart: dict[str, Any] | None = None
    citation_query: str | None = None  # no passage held the fact: search for it with this query


def _cite(hits: list[dict[str, Any]]) -> str:
    return "".join(f" [{citation_key(hit)}]" for hit in hits)


def _relevant(question: str, hit: dict[str, Any]) -> bool:
    """Whether a passage speaks to the question: close in meaning, or sharing most of its words."""
    if (hit.get("dense_score") or 0.0) >= MIN_DENSE_SCORE:
        return True
    words = {token for token in tokenize(question) if len(token) > 1}
    shared = words & set(tokenize(hit["text"]))
    return bool(words) and len(shared) / len(words) >= MIN_SHARED_TERMS


def _quote(question: str, hit: dict[str, Any]) -> str:
    """The sentences of a passage that best answer the question, in order: causes first for a why, then those
    naming the question's cities, then those sharing most words with it.

    They fill a budget of characters, not a count of sentences: Chinese sentences are short and dense, so a
    Chinese quote gets half the characters of an English one but may hold more sentences.
    """
    words = set(tokenize(question))
    cities = set(names.find_cities(question))
    why = bool(WHY.search(question))
    sentences = [s.strip() for s in SENTENCE.split(hit["text"]) if s.strip() and not s.lstrip().startswith("#")]
    budget = QUOTE_CHARS // 2 if contains_cjk(hit["text"]) else QUOTE_CHARS

    def weight(sentence: str) -> tuple[bool, bool, int]:
        about_the_cities = bool(cities & set(names.find_cities(sentence)))
        return why and bool(CAUSE.search(sentence)), about_the_cities, len(words & set(tokenize(sentence)))

    best: list[str] = []
    for sentence in sorted(sentences, key=weight, reverse=True):
        if best and sum(map(len, best)) + len(sentence) > budget:
            break
        best.append(sentence)
    quote = " ".join(s for s in sentences if s in best)
    if len(quote) <= QUOTE_CHARS:
        return quote
    return re.sub(r"[0-9A-Za-z.,%]+$", "", quote[:QUOTE_CHARS]).rstrip() + "…"  # never cut a number in two


def _explain(question: str, hits: list[dict[str, Any]], lang: Language) -> Composed:
    relevant = [hit for hit in hits if _relevant(question, hit)]
    if not relevant:
        return _not_covered(hits, lang)
    years = set(YEAR.findall(question))

    def fit(hit: dict[str, Any]) -> tuple[bool, int, bool]:
        heading = f"{hit['title']} {hit.get('section') or ''}"
        not_a_source_list = not SOURCE_LIST.search(hit.get("section") or "")
        return not_a_source_list, sum(year in heading for year in years), hit.get("language") == lang

    chosen = sorted(relevant, key=fit, reverse=True)[:EXPLAIN_PASSAGES]  # stable: retrieval order breaks ties
    lines = [
        (
            f"《{hit['title']}》（{hit.get('section') or ''}）：“{_quote(question, hit)}” [{citation_key(hit)}]"
            if lang == "zh"
            else f"{hit['title']} ({hit.get('section') or ''}): “{_quote(question, hit)}” [{citation_key(hit)}]"
        )
        for hit in chosen
    ]
    head = "报告中的相关内容：" if lang == "zh" else "What the reports say:"
    return Composed(head + "\n" + "\n".join(lines), answered=True)


def _not_covered(hits: list[dict[str, Any]], lang: Language) -> Composed:
    nearest = [hit for hit in hits[:2]]
    listed = "; ".join(f"{hit['title']}{_cite([hit])}" for hit in nearest) or ("无" if lang == "zh" else "none")
    text = (
        f"现有报告和数据没有涉及这个问题，我不做猜测。最接近的资料：{listed}"
        if lang == "zh"
        else f"The reports and data don't cover this, so I won't guess. The nearest passages: {listed}"
    )
    return Composed(text, answered=False)


MISSING = {
    "city": (
        "Which city do you mean? The rankings cover cities such as New York, London, Shanghai and Beijing.",
        "请说明是哪个城市？排名涉及纽约、伦敦、上海、北京等城市。",
    ),
    "target_period": (
        "For which period should I forecast: which year, or which half-year?",
        "请说明要预测哪个时期：哪一年，或哪个半年？",
    ),
    "details": (
        "I could not tell which index, city or figure you mean. Could you name it?",
        "我没能判断你指的是哪个指数、城市或指标，能具体说明吗？",
    ),
}


def _answered(outcome: ToolOutcome, asks: list[str], question: str) -> bool:
    """False when the question asks for what the data does not hold (an unpublished score or exact rank)."""
    rows = outcome.result.get("rows") or outcome.result.get("entries") or []
    if outcome.name in ("city_rank", "compare"):
        if not rows:
            return False
        if "score" in asks and all(row.get("score") is None for row in rows):
            return False
        if "rank" in asks and "tier" not in asks and all(row.get("rank") is None for row in rows):
            return False
    return not (outcome.name == "ranking" and outcome.args.get("tier") and UNNAMED_MEMBER.search(question))


def compose(question: str, meta: dict[str, Any], outcomes: list[ToolOutcome]) -> Composed:
    """Write the answer for ``question`` from this turn's tool outcomes and the plan's ``meta``."""
    lang = detect_language(question)
    intent, missing, asks = meta.get("intent", "explain"), meta.get("missing"), meta.get("asks", [])
    searches = [o for o in outcomes if o.name == SEARCH_TOOL]
    hits = [hit for o in searches for hit in o.result.get("hits", [])]
    data = next((o for o in outcomes if o.name != SEARCH_TOOL), None)
    if missing:
        return Composed(MISSING[missing][1 if lang == "zh" else 0], answered=False)
    if intent in ("off_topic", "metric", "forecast") and data is None:
        return _not_covered(hits, lang)  # no known figure matches: the data tables list every figure
    if data is None:
        return _explain(question, hits, lang)
    if "error" in data.result:
        prefix = "无法从数据中回答：" if lang == "zh" else "I can't answer that from the data: "
        return Composed(prefix + data.result["error"], answered=False)
    renderer = RENDERERS[data.name]
    rendered: Rendered = (
        renderer(data.result, lang, "score" in asks) if data.name == "city_rank" else renderer(data.result, lang)
    )
    fact = Fact.of(data.name, data.args, data.result, rendered.terms)
    cited = fact.best_passages(hits, lang)
    held = fact.fully_held(cited, spans_editions=data.name == "rank_history")
    follow_up_query = fact.query() if len(searches) == 1 and not held else None
    return Composed(rendered.text + _cite(cited), _answered(data, asks, question), rendered.chart, follow_up_query)
