"""A city's published score (rating); the honest answer where an index publishes ranks only."""

from __future__ import annotations

from typing import Any, ClassVar

from assistant import names
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
        quoted = [("city_rank", {"city": c, "index": family, "edition": e}) for c, family, e in quoted_elsewhere(frame)]
        return rank_calls(frame) + quoted

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        if (gap := gap_part(frame, lang, outcomes)) is not None:
            return gap
        leads, details, facts, answered = [], [], [], True
        quoted_facts = []  # a rating the question quotes, found in another ranking: said, but it answers nothing
        for outcome in outcomes:
            if _quoted_call(outcome, frame):
                continue
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
                for quoted in (o for o in outcomes if _quoted_call(o, frame) and o.ok and o.result["rows"]):
                    held = quoted.result["rows"][-1]  # "I read 760": that is its rating in another ranking
                    where = edition(held["index_family"], held["edition"], lang)
                    details.append(say("rating_elsewhere", lang, score=number(held["score"]), city=name, edition=where))
                    quoted_facts.append(fact(quoted, [outcome.result["city"]]))
        # over several editions, the ratings that were published answer it (the others are said to be missing)
        asked = [o for o in outcomes if not _quoted_call(o, frame)]
        answered = answered or (len(asked) > 1 and bool(facts))
        return Part(" ".join(leads), details=details, answered=answered and bool(leads), facts=facts + quoted_facts)


def quoted_elsewhere(frame: Frame) -> list[tuple[str, str, str]]:
    """(city, index, edition) of a rating the question quotes ("I read 760") that the city holds in another
    ranking or edition than the one asked about, when exactly one holds it."""
    if len(frame.cities) != 1:
        return []
    found = []
    for figure in stated_figures(frame.question):
        if not 100 <= figure < 1000:
            continue
        held = names.ratings_holding(frame.cities[0], figure)
        if len(held) == 1 and (held[0][0] != frame.index or held[0][1] not in frame.editions):
            found.append((frame.cities[0], *held[0]))
    return found


def _quoted_call(outcome: Outcome, frame: Frame) -> bool:
    return outcome.name == "city_rank" and (
        outcome.args.get("city"),
        outcome.args.get("index"),
        outcome.args.get("edition"),
    ) in quoted_elsewhere(frame)
