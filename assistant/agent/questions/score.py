"""A city's published score (rating); the honest answer where an index publishes ranks only."""

from __future__ import annotations

from typing import Any, ClassVar

from assistant.agent.questions.base import Call, Outcome, Part, QuestionType, error_part, fact, gap_part
from assistant.agent.questions.rank import absent, rank_calls
from assistant.agent.reading.detectors import Fields, cue, stated_figures
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import city, edition, number, say, standing


class ScoreQuestion(QuestionType):
    kind: ClassVar[str] = "score"

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        # "what rank did that rating get it?" asks the rank; "rated 744, so what rank?" states a rating to check
        rank_only = cue("rank_asked", masked) and not stated_figures(masked)
        return bool(cue("asks.score", masked)) and bool(fields.cities) and not rank_only

    def plan(self, frame: Frame) -> list[Call]:
        return rank_calls(frame)

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        if (gap := gap_part(frame, lang)) is not None:
            return gap
        leads, details, facts, answered = [], [], [], True
        for outcome in outcomes:
            if not outcome.ok or not outcome.result["rows"]:
                not_in = not outcome.ok and outcome.result.get("error_type") != "NotInIndexError"
                leads.append(error_part(outcome, lang).lead if not_in else absent(outcome, frame))
                answered = False
                continue
            rows = outcome.result["rows"] if outcome.args.get("index") else outcome.result["latest"]
            scored = [row for row in rows if row.get("score") is not None]
            name = city(outcome.result["city"], lang)
            if scored:
                row = scored[-1]
                where = edition(row["index_family"], row["edition"], lang)
                key = "score_value" if row.get("rank") is not None else "score_value_unranked"
                leads.append(
                    say(
                        key,
                        lang,
                        city=name,
                        edition=where,
                        score=number(row["score"]),
                        rank=row.get("rank"),
                        place=standing({"rank": row.get("rank")}, lang),
                    )
                )
                facts.append(fact(outcome, [outcome.result["city"]]))
                if len(scored) < len(rows) and not outcome.args.get("index"):
                    details += [
                        f"- {edition(r['index_family'], r['edition'], lang)}: {standing(r, lang)}" for r in rows
                    ]
            else:
                row = rows[-1]
                where = edition(row["index_family"], row["edition"], lang)
                leads.append(say("score_none", lang, city=name, edition=where))
                details.append(say("score_none_place", lang, standing=standing(row, lang)))
                answered = False
        # over several editions, the ratings that were published answer it (the others are said to be missing)
        answered = answered or (len(outcomes) > 1 and bool(facts))
        return Part(" ".join(leads), details=details, answered=answered and bool(leads), facts=facts)
