"""Every question type, listed once in the order the reader tries them: the first that detects a question
answers it (``PassageQuestion`` takes the rest). Adding a type: one module here with its class, its cue
words in ``data/cues.yaml`` (``asks.<kind>``), its sentences in ``data/templates.yaml``, and a line below."""

from __future__ import annotations

import re

from assistant import names
from assistant.agent.questions.average import AverageQuestion
from assistant.agent.questions.base import Call, Outcome, Part, QuestionType
from assistant.agent.questions.count import CountQuestion
from assistant.agent.questions.cross_index import CrossIndexQuestion
from assistant.agent.questions.difference import DifferenceQuestion
from assistant.agent.questions.forecast import ForecastQuestion
from assistant.agent.questions.listing import ListQuestion
from assistant.agent.questions.max_min import MaxMinQuestion
from assistant.agent.questions.movers import MoversQuestion
from assistant.agent.questions.passages import DefineQuestion, ExplainQuestion, OutOfScopeQuestion, PassageQuestion
from assistant.agent.questions.percent_change import PercentChangeQuestion
from assistant.agent.questions.period_of import PeriodOfQuestion
from assistant.agent.questions.rank import RankQuestion
from assistant.agent.questions.score import ScoreQuestion
from assistant.agent.questions.total import TotalQuestion
from assistant.agent.questions.trend import TrendQuestion
from assistant.agent.questions.value import ValueQuestion
from assistant.agent.questions.yes_no import YesNoQuestion
from assistant.agent.reading.detectors import Fields, cue, is_short, quoted_term, read_claims, read_fields
from assistant.agent.reading.frame import Frame
from assistant.agent.reading.unknown import unknown_names

QUESTION_TYPES: list[QuestionType] = [
    OutOfScopeQuestion(),
    PeriodOfQuestion(),
    ExplainQuestion(),
    ForecastQuestion(),
    MoversQuestion(),
    PercentChangeQuestion(),
    DifferenceQuestion(),
    AverageQuestion(),
    TotalQuestion(),
    CountQuestion(),
    MaxMinQuestion(),
    CrossIndexQuestion(),
    YesNoQuestion(),
    TrendQuestion(),
    ScoreQuestion(),
    DefineQuestion(),
    RankQuestion(),
    ListQuestion(),
    ValueQuestion(),
    PassageQuestion(),
]
BY_KIND = {question.kind: question for question in QUESTION_TYPES}
# what a follow-up with no cue of its own keeps asking ("for 2024 then?")
INHERITED = {
    "rank",
    "score",
    "value",
    "trend",
    "list",
    "count",
    "difference",
    "percent_change",
    "total",
    "average",
    "max_min",
    "forecast",
    "yes_no",
}


ANSWERED_FROM_TEXT = {"out_of_scope", "explain", "define", "passage"}
TABLE_WORDS = ("rank", "score", "count", "trend")  # a rank or score asked in words is a table question after all
FROM_PASSAGES = {"define", "passage"}  # not "explain": "why?" follows a table answer


def detect_ask(question: str, fields: Fields, previous: Frame | None) -> str:
    """The kind of the first question type that detects ``question`` (names masked). A follow-up changes
    what is asked only with a cue of its own ("why?", "how many?"); otherwise it asks what the previous turn
    asked, adjusted to what it names ("Shanghai too?" after a list asks Shanghai's rank)."""
    masked = names.mask_names(question)
    if cue("asks.yes_no", masked) and _orders_in_two_rankings(question, fields):
        return "yes_no"  # "is A behind B overall but ahead on the fintech list?": one claim for each ranking
    about_documents = cue("document_topic", masked) and not any(cue(f"asks.{k}", masked) for k in TABLE_WORDS)
    about_documents = about_documents or cue("report_term", masked)  # "the four development paths", "飞轮"
    if cue("report_term", masked) and read_claims(question, fields.cities):
        return "explain"  # "I heard Beijing was 1st: what are its strengths?": the premise is corrected first
    # "国内有哪些好用的镜像站？", "这个版本是献给谁的？": a question naming nothing of the tables but perhaps a place,
    # without a word of this field, asks the documents (a terse one, "中国的有哪些？", still asks the rankings)
    about_documents = about_documents or (
        previous is None and _no_table_subject(fields) and not cue("domain", masked) and not is_short(question, 5)
    )
    if _relates_rankings(masked, fields):
        return "define"  # "the GFCI overall vs its FinTech ranking: how are they related?": what each one is
    if unknown_names(question):  # "the Nordic region", "Helsinki": the tables hold nothing of it, the library may
        from_text = (t.kind for t in QUESTION_TYPES if t.kind in ANSWERED_FROM_TEXT and t.detects(masked, fields, None))
        return next(from_text, "passage")
    if previous is not None and quoted_term(question) and not _table_subject(read_fields(question)):
        # "and the 'four development paths': which cities?": a term of the reports, new to the conversation
        return "define" if BY_KIND["define"].cued(masked) else "passage"
    cued = [question_type.kind for question_type in QUESTION_TYPES if question_type.cued(masked)]
    if previous is not None and cue("report_term", masked) and not set(cued) & {"explain", "define"}:
        return "passage"  # "跟伦敦比强在哪？" after a rank: what the reports say, not the table again
    # "深圳呢？" after "what role does Beijing play in the four poles?": the same question (not after a "why?" that
    # followed a table answer: "and Singapore?" then asks the table again)
    from_text = previous is not None and previous.ask in ("explain", "define")
    after_table = previous is not None and previous.previous is not None and previous.previous.ask in INHERITED
    if previous is not None and from_text and not after_table and not cued and _only_places(question):
        return previous.ask
    undated = [p for p in fields.periods if not any(ch.isdigit() for ch in p)]
    if previous is not None and cue("per_year", masked) and undated and len(fields.periods) >= 2:
        return "difference"  # "how much a year is that?" over a baseline without a year: the change, and why no rate
    if _same_claim_elsewhere(question, masked, cued, previous):
        return "yes_no"  # "and in GFCI 37's overall table?" after "did Tokyo beat Seoul …?"
    if previous is not None and previous.ask in INHERITED and cued == ["value"] and not cue("value_asked", masked):
        return _inherited(previous.ask, fields)  # "投资额呢？" after a change in deal counts: the same change
    for question_type in QUESTION_TYPES:
        if previous is not None and not question_type.cued(masked):
            continue
        if about_documents and question_type.kind not in ANSWERED_FROM_TEXT:
            continue  # "Shanghai's action plan: what does it target?" names a city, but asks the passages
        if question_type.detects(masked, fields, previous):
            return question_type.kind
    if previous is not None and previous.ask == "forecast" and cue("series_start", masked):
        return "value"  # "what was the starting figure?" after a projection: the published figure it starts from
    if previous is not None and previous.ask in INHERITED:
        return _inherited(previous.ask, fields)
    own = read_fields(question)  # what this turn names itself, not what it inherits
    table_words = own.index or own.metrics or own.top_n or own.tier or own.position
    other_edition = own.relative or own.periods or cue("editions_before", masked) or cue("first_editions", masked)
    if previous is not None and previous.ask == "define" and other_edition and not (table_words or own.cities):
        return "define"  # "and the two editions before?" after "which dimensions does it use?": the same question
    if previous is not None and previous.ask in FROM_PASSAGES and not table_words:
        return "passage"  # "when is China expected to start it?" after "what is the flywheel?": the passages again
    if previous is not None:
        for question_type in QUESTION_TYPES:
            if question_type.detects(masked, fields, previous):
                return question_type.kind
    return "passage"


def _orders_in_two_rankings(question: str, fields: Fields) -> bool:
    """Whether the question states an order of two cities in one ranking and another order in the other."""
    orders = [c for c in read_claims(question, fields.cities) if c.kind in ("higher", "lower") and c.index]
    return len({claim.index for claim in orders}) > 1


def _same_claim_elsewhere(question: str, masked: str, cued: list[str], previous: Frame | None) -> bool:
    """Whether a follow-up of a yes/no question only names another index or edition ("and in the overall
    rating?"): the same claim, asked there. A word of asking ("what rating?") or a city of its own asks anew."""
    if previous is None or previous.ask != "yes_no" or not previous.claims or not set(cued) <= {"score", "rank"}:
        return False
    own = read_fields(question)
    named_elsewhere = own.index or own.editions or own.periods or own.relative
    asked = cue("value_asked", masked) or cue("back_reference", masked) or cue("exact_place", masked)
    return bool(named_elsewhere) and not (own.cities or own.group or asked)


def _relates_rankings(masked: str, fields: Fields) -> bool:
    """Whether a question asks how two rankings relate or differ, naming nothing else of the tables."""
    named = fields.cities or fields.group or fields.metrics or fields.top_n or fields.tier or fields.position
    return len(set(fields.indices)) >= 2 and not named and bool(cue("relation", masked))


def _only_places(question: str) -> bool:
    """Whether a turn names a city or country and nothing else ("深圳呢？", "and Singapore?"), not a word of asking
    ("when is China expected to …?")."""
    rest = names.mask_names(question)
    if cue("asking_words", re.sub(r"[?？]|呢|吗", " ", rest)) or not is_short(question, 4):
        return False
    own = read_fields(question)
    others = own.index or own.metrics or own.editions or own.periods or own.top_n or own.tier or own.position
    return bool(own.cities or own.group) and not others


def _table_subject(fields: Fields) -> bool:
    """The question names a city, a ranking or a figure of the tables itself."""
    return bool(fields.cities or fields.index or fields.metrics)


def _no_table_subject(fields: Fields) -> bool:
    """The question names nothing the tables hold but perhaps a country or region ("国内", "US")."""
    return not (
        fields.cities
        or fields.index
        or fields.editions
        or fields.metrics
        or fields.position
        or fields.top_n
        or fields.tier
    )


def _inherited(kind: str, fields: Fields) -> str:
    """The previous ask, adjusted to what the new turn names."""
    if kind in ("rank", "score", "list", "count") and fields.metrics and not fields.index:
        return "value"  # "and 2024 fintech industry size?" after a rank: the figure
    if kind in ("list", "count") and fields.cities and not (fields.group or fields.top_n or fields.tier):
        return "rank"
    if kind in ("rank", "score", "trend") and not fields.cities and (fields.group or fields.top_n or fields.tier):
        return "list"
    return kind


__all__ = ["BY_KIND", "QUESTION_TYPES", "Call", "Outcome", "Part", "QuestionType", "detect_ask"]
