"""Alias expansion across English and Chinese, for BM25 and the passage embeddings.

A Chinese question whose answer is only in an English report shares no words with it. Passages therefore
carry the other language's names of the cities, indices, metrics and half-years they mention
(:func:`document_aliases`, stored at index time), and a Chinese query gains the English names and a few
domain words (:func:`expand_query`). Names come from :mod:`assistant.names` via :mod:`.aliases`.
"""

from __future__ import annotations

import re

from assistant import names
from assistant.retrieval.aliases import translated_names
from assistant.retrieval.keywords import chinese_number

# Domain words that are not names: Chinese -> English. Matched as substrings of the query.
GLOSSARY: dict[str, str] = {
    "排名": "ranking rank",
    "名次": "rank place",
    "排第几": "rank place",
    "梯队": "tier",
    "第一梯队": "first tier",
    "第二梯队": "second tier",
    "第三梯队": "third tier",
    "第四梯队": "fourth tier",
    "得分": "score points",
    "评分": "rating score",
    "综合": "overall",
    "首期": "first edition",
    "第一期": "first edition",
    "首次": "first",
    "第一次": "first",
    "评估": "assessed covered",
    "城市": "cities city",
    "指数": "index",
    "指标": "indicator",
    "报告": "report",
    "白皮书": "white paper",
    "就业": "employees employment 从业人员",
    "员工": "employees staff 从业人员",
    "融资": "funding financing raised",
    "规模": "size scale",
    "市值": "market value",
    "上市": "listed",
    "投资额": "investment amount",
    "投资": "investment",
    "交易": "deals",
    "笔数": "deals number",
    "上半年": "first half H1",
    "下半年": "second half H2",
    "全年": "full year",
    "超过": "ahead above exceeded",
    "领先": "ahead leading led",
    "跌出": "dropped out",
    "下滑": "fell dropped decline",
    "上升": "rose climbed up",
    "增长": "growth grew increase",
    "并列": "tied",
    "变化": "change moved",
    "方法": "method methodology",
    "维度": "dimensions",
    "发布": "published released launched",
    "中国": "China Chinese",
    "全球": "global",
}
_NUMERAL = r"([0-9]+|[一二两三四五六七八九十]+)"
_ORDINAL = re.compile(r"第\s*" + _NUMERAL)
_TOP = re.compile(r"前\s*" + _NUMERAL)
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
_HALF_YEAR = re.compile(r"上半年|下半年|(?i:\bh[12]\b|\b[12]h\b|\bhalf\b)")
_WORDS = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    word = _WORDS[n] if n < len(_WORDS) else ""
    return f"{n}{suffix} {word}".strip()


def _name_terms(text: str, to_chinese: bool) -> list[str]:
    """The names of the places, indices, metrics and half-year periods in ``text``, in the target language."""
    terms = translated_names(text, "zh" if to_chinese else "en")
    if _HALF_YEAR.search(text):
        for period in names.find_periods(text):
            if period.endswith(("-H1", "-H2")):
                first = period.endswith("-H1")
                half = ("上半年" if first else "下半年") if to_chinese else ("first half" if first else "second half")
                terms += [period, half]
    return terms


def _new_terms(terms: list[str], text: str) -> str:
    folded = text.casefold()
    return " ".join(dict.fromkeys(term for term in terms if term and term.casefold() not in folded))


def expand_query(query: str) -> str:
    """English terms for a Chinese query (names, domain words, ordinals); empty for other queries.

    English queries need none: Chinese passages carry English aliases of their names (``document_aliases``).
    """
    if not _HAS_CJK.search(query):
        return ""
    terms = _name_terms(query, to_chinese=False)
    terms += [english for chinese, english in GLOSSARY.items() if chinese in query]
    for match in _ORDINAL.finditer(query):
        n = chinese_number(match.group(1))
        if n:
            terms.append(f"{n} {_ordinal(n)} rank")
    for match in _TOP.finditer(query):
        n = chinese_number(match.group(1))
        if n:
            terms.append(f"top {n}")
    return _new_terms(terms, query)


def document_aliases(text: str, language: str) -> str:
    """The other language's names for the cities, indices, metrics and periods a passage mentions."""
    return _new_terms(_name_terms(text, to_chinese=language != "zh"), text)
