"""Which passage holds a computed fact: the one naming its cities (and figures) in the right index and edition."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from assistant import names
from assistant.agent.grounding import extract_quantities, unit_scale
from assistant.agent.language import Language

EDITION_CORE = re.compile(r"^(GFCI \d+)")
MAX_FIGURES = 6
RANK_FACTS = ("city_rank", "compare", "rank_history")  # the ranks are the fact; in a ranking, the cities' order is


@dataclass
class Fact:
    """What a passage must mention to hold one tool result."""

    terms: list[str]  # cities (canonical English; Chinese names match too)
    figures: list[str]  # published scores and values, as the data writes them
    context: list[str]  # index names and the edition
    edition: str | None = None
    index: str | None = None  # the index family the fact belongs to
    scaled: dict[str, float] = field(default_factory=dict)  # figure -> its absolute value (54.2 billion -> 5.42e10)

    @classmethod
    def of(cls, tool: str, args: dict[str, Any], result: dict[str, Any], terms: list[str]) -> Fact:
        """The fact a tool result states, with the cities its answer names first."""
        figures: list[str] = []
        scaled: dict[str, float] = {}
        keys = ("score", "value", "rank") if tool in RANK_FACTS else ("score", "value")
        for row in result.get("rows", []) + result.get("points", []):
            figures += [_figure(row[key]) for key in keys if isinstance(row.get(key), int | float)]
            if tool in RANK_FACTS and row.get("rank") is None and isinstance(row.get("tier"), int):
                figures.append(str(row["tier"]))  # a tier-only place: the passage must give the tier
            scale = unit_scale(row.get("unit") or "")
            if isinstance(row.get("value"), int | float) and scale:
                scaled[_figure(row["value"])] = row["value"] * scale
        context: list[str] = []
        family = result.get("index_family") or args.get("index")
        if family:
            context += [names.display_name("index", family, "en"), names.display_name("index", family, "zh")]
        editions = {row.get("edition") or row.get("period") for row in result.get("rows", [])}
        only = editions.pop() if len(editions) == 1 else None
        edition = str(result.get("edition") or result.get("to_edition") or result.get("period") or only or "")
        if edition:
            match = EDITION_CORE.match(edition)
            context.append(match.group(1) if match else edition)
        core = context[-1] if edition else None
        return cls(terms, list(dict.fromkeys(figures))[:MAX_FIGURES], context, core, family, scaled)

    def _items(self, hit: dict[str, Any]) -> set[str]:
        """The cities and figures of the fact that ``hit`` names."""
        text = hit["text"]
        cities = {
            term for term in self.terms
            if term.lower() in text.lower() or names.display_name("city", term, "zh") in text
        }  # fmt: skip
        amounts = [q.absolute for q in extract_quantities(text) if q.absolute is not None] if self.scaled else []
        return cities | {
            figure
            for figure in self.figures
            if re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d])", text)
            or (figure in self.scaled and any(abs(a - self.scaled[figure]) <= abs(a) * 0.005 for a in amounts))
        }

    def _context_score(self, hit: dict[str, Any]) -> int:
        where = f"{hit['title']} {hit.get('section') or ''} {hit['text']}".lower()
        return sum(item.lower() in where for item in self.context)

    def fully_held(self, hits: list[dict[str, Any]], spans_editions: bool = False) -> bool:
        """Whether one of ``hits`` from the right edition names every city and figure (several, for a history)."""
        wanted = set(self.terms) | set(self.figures)
        if spans_editions:
            return wanted <= set().union(*(self._items(hit) for hit in hits)) if hits else not wanted
        return any(wanted <= self._items(hit) and self.in_index(hit) and self.in_edition(hit) for hit in hits)

    def in_index(self, hit: dict[str, Any]) -> bool:
        """Whether ``hit`` is about the fact's index."""
        return self.index is None or self.index in _indices_of(hit["title"], hit.get("section") or "", hit["text"])

    def in_edition(self, hit: dict[str, Any]) -> bool:
        return (
            self.edition is None
            or self.edition.lower() in f"{hit['title']} {hit.get('section') or ''} {hit['text']}".lower()
        )

    def best_passages(self, hits: list[dict[str, Any]], lang: Language, limit: int = 3) -> list[dict[str, Any]]:
        """Passages that together cover most of the fact (greedy), in its index and edition where possible."""
        candidates = list({hit["chunk_id"]: hit for hit in hits}.values())
        chosen: list[dict[str, Any]] = []
        covered: set[str] = set()
        while candidates and len(chosen) < limit:
            best = max(
                candidates,
                key=lambda hit: (
                    len(self._items(hit) - covered),
                    self.in_index(hit),
                    self._context_score(hit),
                    hit.get("language") == lang,
                ),
            )
            if not self._items(best) - covered:
                break
            chosen.append(best)
            covered |= self._items(best)
            candidates.remove(best)
        return chosen

    def query(self) -> str:
        """A search query aimed at the passage that states this fact."""
        english = [item for item in self.context if item.isascii()]
        if self.edition and EDITION_CORE.match(self.edition):
            english = [self.edition]  # "GFCI 38" names the edition; the long index name only drowns the figures
        return " ".join([*english, *self.terms, *self.figures])


@lru_cache(maxsize=4096)
def _indices_of(title: str, section: str, text: str) -> tuple[str, ...]:
    """The indices a passage is about: those its title or section names, else those its text names."""
    return tuple(names.find_indices(f"{title} {section}") or names.find_indices(text))


def _figure(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
