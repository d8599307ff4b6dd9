"""Questions answered from report passages: why (causes), define (what something is), and any question
the tables do not hold, answered from the best sentences of the library (bundled or added documents).
A question about nothing the reports cover is refused honestly."""

from __future__ import annotations

from typing import Any, ClassVar

from assistant import names
from assistant.agent.questions.base import Call, Outcome, Part, QuestionType
from assistant.agent.questions.premise import claim_calls, correction
from assistant.agent.reading.detectors import Fields, cue
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import city, say


def subject_words(frame: Frame) -> list[str]:
    """Names that say what the passages should be about (English and Chinese)."""
    words: list[str] = []
    for name in frame.cities[:2]:
        words += [name, city(name, "zh")]
    if frame.index:
        words += [names.display_name("index", frame.index, "en")]
    words += [e for e in frame.editions if ":" not in e][-1:]
    words += [names.display_name("metric", m, "en") for m in frame.metrics[:1]]
    previous = frame.previous
    if previous is not None and previous.ask in ("explain", "define", "passage"):
        words.append(previous.question)  # "when is China expected to start it?" after "what is the flywheel?"
    return words


class ExplainQuestion(QuestionType):
    kind: ClassVar[str] = "explain"
    needs_passages: ClassVar[bool] = True

    def plan(self, frame: Frame) -> list[Call]:
        return claim_calls(frame)

    def search_query(self, frame: Frame) -> str:
        return " ".join([frame.question, *subject_words(frame)])

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        return Part(correction(frame, outcomes) or "", from_passages=True)


class DefineQuestion(QuestionType):
    kind: ClassVar[str] = "define"
    needs_passages: ClassVar[bool] = True

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        named = fields.cities or fields.metrics or fields.top_n or fields.tier or fields.position or fields.group
        return bool(cue("asks.define", masked)) and not named

    def search_query(self, frame: Frame) -> str:
        return " ".join([frame.question, *subject_words(frame)])

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        return Part("", from_passages=True)


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
