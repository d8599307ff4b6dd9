"""Questions answered from report passages: why (causes), define (what something is), and any question
the tables do not hold, answered from the best sentences of the library (bundled or added documents).
A question about nothing the reports cover is refused honestly."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from assistant import names
from assistant.agent.extractive import term_asked
from assistant.agent.language import Language
from assistant.agent.questions.arithmetic import KPMG_VS_VC, mixes_series
from assistant.agent.questions.base import Call, Outcome, Part, QuestionType, fact
from assistant.agent.questions.mixing import mixed_follow, mixed_part
from assistant.agent.questions.premise import claim_calls, correction, figure_correction
from assistant.agent.questions.series import metric_calls
from assistant.agent.reading.detectors import AMOUNT_WORDS, DEAL_WORDS, Fields, cue, cues
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import city, edition, index_name, join, say, source_note

# investment series whose scope differs: a definition says what each counts
SCOPED_SERIES = KPMG_VS_VC[0] | KPMG_VS_VC[1]


def subject_words(frame: Frame) -> list[str]:
    """Names that say what the passages should be about (English and Chinese)."""
    words: list[str] = []
    for name in frame.cities[:2]:
        words += [name, city(name, "zh")]
    if frame.index:
        words += [names.display_name("index", frame.index, "en")]
    words += frame.named_editions[-1:]
    words += [names.display_name("metric", m, "en") for m in frame.metrics[:1]]
    previous = frame.previous
    if previous is not None and previous.ask in ("explain", "define", "passage") and not _new_term(frame):
        # "when is China expected to start it?" after "what is the flywheel?"; "and the earlier editions?" after a
        # question about the 2025 edition: its words, without the edition this turn no longer asks about
        earlier = previous.question
        for named in previous.named_editions:
            if frame.named_editions and named not in frame.named_editions:
                earlier = earlier.replace(named, " ")
        for place in previous.cities:  # "深圳呢？" after Beijing's role: Shenzhen's, not Beijing's
            if frame.cities and place not in frame.cities:
                for name in (place, city(place, "zh")):
                    earlier = re.sub(re.escape(name), " ", earlier, flags=re.IGNORECASE)
        words.append(earlier)
    asked = " ".join([frame.question, *words[-1:]]) if frame.follow_up else frame.question
    return words + report_wording(asked, frame.language)


def scoring_subject(frame: Frame) -> str:
    """What a passage's sentences are scored with besides the question: the names a follow-up ("why?") continues
    from, a definition's full names ("the GFCDI" is written out in the passages), and the reports' own words for
    what is asked. How an index measures cities is scored on the editions asked (else the index's name) and the
    words of a method only: the earlier question's other words ("five") are of another edition."""
    if frame.ask == "define" and _method_asked(frame):
        asked = [frame.question] + ([frame.previous.question] if frame.follow_up and frame.previous else [])
        # (its name only when no edition is named: the name is in every passage about the index, the method is not)
        named = [names.display_name("index", frame.index, frame.language)] if frame.index else []
        named = frame.named_editions or named
        return " ".join([*named, *report_wording(" ".join(asked), frame.language)])
    if frame.follow_up or frame.ask == "define":
        return " ".join(subject_words(frame))
    return " ".join(report_wording(frame.question, frame.language))


def report_wording(question: str, language: Language) -> list[str]:
    """The reports' own words, in the asker's language, for what the question asks in other words ("their edge":
    "competitive advantage"), from ``report_wording`` in cues.yaml."""
    chinese = language == "zh"
    return [
        " ".join(word for word in words.split() if bool(CJK.search(word)) == chinese)
        for words, pattern in cues()["report_wording"].items()
        if pattern.search(question)
    ]


CJK = re.compile(r"[\u4e00-\u9fff]")


def _new_term(frame: Frame) -> bool:
    """Whether a definition asks about a term of its own ("and what's the FHS?"), not one the turn before
    named ("what does it mean?")."""
    if frame.ask != "define":
        return False
    term = term_asked(frame.question, frame.language)
    return bool(term) and not cue("pronoun_term", term)


class ExplainQuestion(QuestionType):
    kind: ClassVar[str] = "explain"
    needs_passages: ClassVar[bool] = True

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        found = cue("asks.explain", masked)
        # "explain X: what is it?" asks what X is, not why
        asked_to_define = found is not None and found.group(0).lower().startswith(("explain", "解释"))
        return found is not None and not (asked_to_define and cue("asks.define", masked))

    def plan(self, frame: Frame) -> list[Call]:
        if _why_series_differ(frame) or _states_a_figure_move(frame):  # "why did KPMG deals rise in H1 2024?"
            return metric_calls(frame)
        return claim_calls(frame)

    def follow(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        return mixed_follow(frame, outcomes) if _why_series_differ(frame) else []

    def search_query(self, frame: Frame) -> str:
        return " ".join([frame.question, *subject_words(frame)])

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        if _why_series_differ(frame):  # "why don't KPMG's and Innovate Finance's figures match?": what each counts
            return mixed_part(frame, outcomes)
        if _states_a_figure_move(frame):  # a rise or fall the figures do not show is corrected first
            wrong = figure_correction(frame, [o for o in outcomes if o.name == "metric"])
            return Part(wrong or "", from_passages=True, facts=[fact(o, []) for o in outcomes if wrong and o.ok])
        return Part(correction(frame, outcomes) or "", from_passages=True)


def _states_a_figure_move(frame: Frame) -> bool:
    """Whether a "why" question says one figure rose or fell ("why did KPMG's deal count rise in H1 2024?")."""
    moved = bool(cue("direction.up", frame.question)) != bool(cue("direction.down", frame.question))
    return len(frame.metrics) == 1 and bool(frame.periods) and moved


def _why_series_differ(frame: Frame) -> bool:
    """Whether a "why" question asks why KPMG's totals and Innovate Finance's venture capital disagree."""
    return mixes_series(frame) and bool(cue("series_disagree", frame.question))


def _asks_of_ranking_itself(question: str) -> bool:
    """Whether nothing but the ranking's name is asked about ("What's the GFCDI?", not "its tier structure")."""
    rest = cues()["ranking_itself"].sub(" ", names.mask_names(question))
    return not re.search(r"[^\W\d_]", rest)


class DefineQuestion(QuestionType):
    """What something is: the best defining sentences of the passages; for a ranking, first who publishes it and
    which editions the data holds (from the ranking table)."""

    kind: ClassVar[str] = "define"
    needs_passages: ClassVar[bool] = True

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        # what this turn names itself: a follow-up ("它用哪些维度给城市打分？") carries the cities before it
        named = [
            value
            for key in ("cities", "top_n", "tier", "position", "group")
            if (value := getattr(fields, key)) and (previous is None or value != getattr(previous, key))
        ]
        # "what is AI penetration in 2029?" asks the value; "what is Innovate Finance?" asks what the source is
        figure = fields.metrics and not (cue("meaning", masked) or _source_itself(masked, fields))
        if fields.index and not figure and cue("method_asked", masked):  # how an index measures (any city named)
            return True
        if fields.index and not (named or figure) and cue("first_published", masked):  # its editions, first first
            return True
        return bool(cue("asks.define", masked)) and not (named or figure)

    def cued(self, masked: str) -> bool:
        return bool(cue("asks.define", masked) or cue("method_asked", masked) or cue("first_published", masked))

    def plan(self, frame: Frame) -> list[Call]:
        itself = _asks_of_ranking_itself(frame.question) or bool(cue("first_published", frame.question))
        itself = itself and not frame.follow_up
        if frame.index and _method_asked(frame) and len(frame.named_editions) > 1:  # each edition's own method
            return [("ranking", {"index": frame.index, "edition": e}) for e in frame.named_editions[-3:]]
        if len(set(frame.indices)) >= 2 and cue("relation", frame.question) and not frame.cities:
            return [("ranking", {"index": family}) for family in dict.fromkeys(frame.indices)]  # each one's profile
        if frame.index and (itself or _method_asked(frame)):
            return [("ranking", {"index": frame.index, "edition": frame.editions[-1] if frame.editions else None})]
        if set(frame.metrics) & SCOPED_SERIES:
            return metric_calls(frame.with_(metrics=[m for m in frame.metrics if m in SCOPED_SERIES]))
        return []

    def search_query(self, frame: Frame) -> str:
        return " ".join([frame.question, *subject_words(frame)])

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        read = [o for o in outcomes if o.name == "metric" and o.ok]
        if read:  # "what does Innovate Finance's figure count?": what each investment series counts
            kpmg_first = read[0].result["metric"] in KPMG_VS_VC[0]
            return Part(say("series_scope_kpmg" if kpmg_first else "series_scope_vc", lang), from_passages=True)
        table = next((o for o in outcomes if o.name == "ranking" and o.ok and o.result["rows"]), None)
        if table is None:
            return Part("", from_passages=True)
        if _method_asked(frame):  # "which dimensions does the 2025 index score?": each edition's own note, if it says
            leads, facts = [], []
            for read in (o for o in outcomes if o.name == "ranking" and o.ok and o.result["rows"]):
                note = source_note(read.result["rows"][0], lang)
                counted = "counted.indicators" if cue("counted.indicators", frame.question) else "counted.dimensions"
                if note is not None and cue(counted, note):
                    where = edition(read.result["index_family"], read.result["edition"], lang)
                    leads.append(say("method_stated", lang, edition=where, note=note))
                    facts.append(fact(read, []))
            return Part(" ".join(leads), from_passages=True, facts=facts)
        tables = [o for o in outcomes if o.name == "ranking" and o.ok and o.result["rows"]]
        leads = [_profile(read.result, lang) for read in tables]  # two when the question relates two rankings
        return Part(("" if lang == "zh" else " ").join(leads), from_passages=True, facts=[fact(t, []) for t in tables])


def _profile(result: dict[str, Any], lang: Language) -> str:
    """ "The GFCDI is a ranking published by …; the editions on record here: …", from a ranking table."""
    publisher = result["rows"][0]["publisher"]
    return say(
        "index_profile",
        lang,
        index=index_name(result["index_family"], lang),
        publisher=names.PUBLISHER_NAMES.get(publisher, publisher) if lang == "zh" else publisher,
        editions=join(result["editions_available"], lang),
    )


def _source_itself(masked: str, fields: Fields) -> bool:
    """Whether a question names an investment source and nothing else ("what is Innovate Finance?"): no period,
    no place, no word of an amount or a count, only words of asking."""
    if fields.periods or fields.cities or not set(fields.metrics) & SCOPED_SERIES:
        return False
    if AMOUNT_WORDS.search(masked) or DEAL_WORDS.search(masked) or re.search(r"\bvc\b|风投|风险投资", masked):
        return False  # "what is KPMG's fintech investment?" asks the figure
    rest = cues()["ranking_itself"].sub(" ", masked).replace("metric", " ")
    return not re.search(r"[^\W\d_]", rest)


def _method_asked(frame: Frame) -> bool:
    """Whether the question asks what an index scores cities on (its dimensions or indicators, how it measures)."""
    asked = any(cue(key, frame.question) for key in ("counted.dimensions", "counted.indicators", "method_asked"))
    earlier = frame.previous  # "and the two editions before?" goes on asking the method
    return asked or (frame.follow_up and earlier is not None and earlier.ask == "define" and _method_asked(earlier))


class OutOfScopeQuestion(QuestionType):
    """Weather, sport, recipes...: refused at once, even when a city is named."""

    kind: ClassVar[str] = "out_of_scope"

    def cued(self, masked: str) -> bool:
        return bool(cue("off_domain", masked))

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        return self.cued(masked) and not (fields.metrics or fields.index)

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        return Part(say("out_of_scope", frame.language), answered=False)


class PassageQuestion(QuestionType):
    """Anything else: the best sentences of the library (bundled or added documents), or an honest refusal."""

    kind: ClassVar[str] = "passage"
    needs_passages: ClassVar[bool] = True

    def cued(self, masked: str) -> bool:
        return False

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        return True

    def search_query(self, frame: Frame) -> str:
        return " ".join([frame.question, *subject_words(frame)])

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        return Part("", from_passages=True)


def in_domain(frame: Frame) -> bool:
    """Whether the question is about the field of the bundled reports (it names a city, an index, a metric, or
    uses the field's words)."""
    return frame.has_subject or bool(cue("domain", frame.question))


def refusal(frame: Frame) -> str:
    """Nothing in the passages answers: 'not covered' for a question about this field, else what we cover."""
    # a follow-up continues a conversation about this field: what it asks is not covered, not out of scope
    covered = in_domain(frame) or frame.previous is not None
    return say("not_covered" if covered else "out_of_scope", frame.language)
