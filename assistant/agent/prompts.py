"""The system prompt for a real LLM, from a template in data/system_prompt.md and the loaded tables.

The template names today's date and the catalog of what exists: every index with its editions, every
metric with its geographies and periods, so that a model calls the tools with names they accept.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from string import Template

from assistant import names
from assistant.tables import INDEX_FAMILIES, Tables

TEMPLATE_FILE = Path(__file__).parent / "data" / "system_prompt.md"


@cache
def _template() -> Template:
    return Template(TEMPLATE_FILE.read_text(encoding="utf-8"))


def editions_by_index(tables: Tables) -> dict[str, list[str]]:
    """Each index family in the tables with its editions, oldest first."""
    rankings = tables.rankings
    return {
        family: sorted(
            {str(edition) for edition in rankings.loc[rankings["index_family"] == family, "edition"]},
            key=names.edition_sort_key,
        )
        for family in INDEX_FAMILIES
        if (rankings["index_family"] == family).any()
    }


def catalog(tables: Tables) -> tuple[str, str]:
    """The index and metric lines of the prompt: id, English and Chinese names, editions or coverage."""
    index_lines = [
        f"- {family}: {names.display_name('index', family, 'en')} / {names.display_name('index', family, 'zh')}; "
        f"editions: {', '.join(editions)}"
        for family, editions in editions_by_index(tables).items()
    ]
    metric_lines = []
    for metric, rows in tables.metrics.groupby("metric", sort=True):
        geographies = ", ".join(sorted({str(g) for g in rows["geography"]}))
        periods = ", ".join(sorted({str(p) for p in rows["period"]}))
        metric_lines.append(
            f"- {metric}: {names.display_name('metric', str(metric), 'en')} / "
            f"{names.display_name('metric', str(metric), 'zh')} ({geographies}; {periods})"
        )
    return "\n".join(index_lines), "\n".join(metric_lines)


def build_system_prompt(tables: Tables, today: dt.date | None = None) -> str:
    """The system prompt with the catalog of ``tables`` and ``today`` (default: the current date)."""
    indices, metrics = catalog(tables)
    today = today or dt.date.today()
    return _template().substitute(today=today.isoformat(), indices=indices, metrics=metrics)
