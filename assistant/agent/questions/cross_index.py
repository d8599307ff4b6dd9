"""Several rankings at once: a city's place in each index ("across the indices", "do they agree?"),
the cities in the top N of every ranking, or the computed consensus order."""

from __future__ import annotations

from typing import Any, ClassVar

from assistant import names
from assistant.agent.questions.base import MAX_CITIES, Call, Outcome, Part, QuestionType, error_part, fact
from assistant.agent.reading.detectors import Fields, cue, read_editions
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import city, computed, edition, join, join_and, say, standing

FINTECH_INDICES = ["gfcdi", "fhi", "gfci_fintech"]


def _year(frame: Frame) -> str | None:
    years = [p for p in frame.periods if p.isdigit()]
    return years[-1] if years else None


def _indices(frame: Frame) -> list[str]:
    return frame.indices if len(frame.indices) >= 2 else FINTECH_INDICES


class CrossIndexQuestion(QuestionType):
    kind: ClassVar[str] = "cross_index"

    def cued(self, masked: str) -> bool:
        return bool(cue("cross_index", masked))

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        ranking = fields.cities or fields.indices or fields.top_n or cue("domain", masked)
        return (self.cued(masked) or len(fields.indices) >= 2) and not fields.metrics and bool(ranking)

    def plan(self, frame: Frame) -> list[Call]:
        if frame.cities:
            return [("city_rank", {"city": name}) for name in frame.cities[:MAX_CITIES]]
        if frame.top_n:
            calls = []
            for family in _indices(frame):
                chosen = read_editions(frame.question, family)
                calls.append(("ranking", {"index": family, "edition": chosen[-1] if chosen else None}))
            return calls
        return [("consensus_ranking", {"top_n": 10})]

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        failed = next((o for o in outcomes if not o.ok), None)
        if failed is not None:
            return error_part(failed, lang)
        if frame.cities:
            return self._cities(frame, outcomes)
        if frame.top_n:
            return self._top(frame, outcomes)
        result = outcomes[0].result
        items = [
            f"{e['consensus_rank']}. {city(e['city'], lang)} ({computed(e['mean_normalised_rank'])})"
            for e in result["entries"][:10]
        ]
        return Part(
            say("cross_consensus", lang, items=join(items, lang)),
            notes=[say("cross_consensus_note", lang)],
            facts=[fact(outcomes[0], [e["city"] for e in result["entries"][:2]])],
        )

    def _cities(self, frame: Frame, outcomes: list[Outcome]) -> Part:
        if len(frame.indices) >= 2 and _states_a_move(frame):
            return self._moves_within(frame, outcomes)
        lang, year = frame.language, _year(frame)
        wanted = set(frame.indices) if len(frame.indices) >= 2 else None
        leads, facts = [], []
        for outcome in outcomes:
            rows = [r for r in outcome.result["rows"] if wanted is None or r["index_family"] in wanted]
            chosen = []
            for family in dict.fromkeys(r["index_family"] for r in rows):
                mine = [r for r in rows if r["index_family"] == family]
                in_year = [r for r in mine if year and names.edition_sort_key(r["edition"])[0] == int(year)]
                chosen.append((in_year or mine)[-1])
            items = [
                say(
                    "cross_item",
                    lang,
                    standing=standing(r, lang),
                    edition=edition(r["index_family"], r["edition"], lang),
                )
                for r in chosen
            ]
            leads.append(say("cross_city", lang, city=city(outcome.result["city"], lang), items=join(items, lang)))
            facts += [
                fact(
                    Outcome(
                        outcome.name, {**outcome.args, "index": r["index_family"]}, {**outcome.result, "rows": [r]}
                    ),
                    [outcome.result["city"]],
                )
                for r in chosen
            ]
        if cue("which_right", frame.question):  # "which of the two places is right?": both, each in its ranking
            leads.insert(0, say("cross_both_right", lang))
        return Part(" ".join(leads), facts=facts)

    def _top(self, frame: Frame, outcomes: list[Outcome]) -> Part:
        lang, n = frame.language, frame.top_n or 3
        tops = [{r["city"] for r in o.result["rows"] if r.get("rank") is not None and r["rank"] <= n} for o in outcomes]
        common = set.intersection(*tops) if tops else set()
        editions = join([edition(o.result["index_family"], o.result["edition"], lang) for o in outcomes], lang)
        if not common:
            return Part(say("cross_top_none", lang, n=n, editions=editions))
        ordered = [c for c in next(iter(o.result["rows"] for o in outcomes)) if c["city"] in common]
        cities = join_and([city(r["city"], lang) for r in ordered], lang)
        return Part(
            say("cross_top", lang, n=n, cities=cities, editions=editions),
            facts=[fact(o, sorted(common)) for o in outcomes],
        )

    def _moves_within(self, frame: Frame, outcomes: list[Outcome]) -> Part:
        """ "Shanghai was 2nd in one ranking and 5th in another: did it fall 3 places?": no, places in different
        rankings are no move; each ranking's own move, from the edition before the one named to it."""
        lang, year = frame.language, _year(frame)
        moves, facts = [], []
        for outcome in outcomes:
            for family in frame.indices:
                rows = [r for r in outcome.result["rows"] if r["index_family"] == family]
                named = read_editions(frame.question, family)
                at = next((i for i, r in enumerate(rows) if r["edition"] in named), None)
                if at is None and year:
                    at = max(
                        (i for i, r in enumerate(rows) if names.edition_sort_key(r["edition"])[0] == int(year)),
                        default=None,
                    )
                at = len(rows) - 1 if at is None else at
                if not rows:
                    continue
                before, after = rows[max(at - 1, 0)], rows[at]
                if before is after:  # no edition before it on record: its place there
                    item = say(
                        "cross_item",
                        lang,
                        standing=standing(after, lang),
                        edition=edition(family, after["edition"], lang),
                    )
                    moves.append(say("cross_city", lang, city=city(after["city"], lang), items=item))
                    facts.append(
                        fact(
                            Outcome(
                                outcome.name, {**outcome.args, "index": family}, {**outcome.result, "rows": [after]}
                            ),
                            [after["city"]],
                        )
                    )
                    continue
                moves.append(
                    say(
                        "claim_moved",
                        lang,
                        city=city(after["city"], lang),
                        from_standing=standing(before, lang),
                        from_edition=edition(family, before["edition"], lang),
                        to_standing=standing(after, lang),
                        to_edition=edition(family, after["edition"], lang),
                    )
                )
                shown = {**outcome.result, "rows": [before, after]}
                facts.append(fact(Outcome(outcome.name, {**outcome.args, "index": family}, shown), [after["city"]]))
        return Part(("" if lang == "zh" else " ").join([say("cross_moved_apart", lang), *moves]), facts=facts)


def _states_a_move(frame: Frame) -> bool:
    """Whether the question says a city rose or fell ("so it dropped 3 places?", "掉了21名")."""
    return any(claim.kind in ("up", "down", "changed") for claim in frame.claims) or bool(
        cue("direction.down", frame.question) or cue("direction.up", frame.question)
    )
