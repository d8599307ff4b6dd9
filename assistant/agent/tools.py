"""The agent's LangChain tools: report search plus every analytics tool, generated from one registry.

Each tool returns ``(content, artifact)``: ``content`` is compact JSON for a language model, ``artifact``
the same result as a JSON-ready dict, which the offline analyst, the grounding check and the API read.
A bad argument comes back as ``{"error": message}`` so that the answer can say what was wrong, and so
does a call that takes longer than ``ASSISTANT_TOOL_TIMEOUT``. Every call is counted in the metrics.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, Field
from pydantic_core import to_jsonable_python

from assistant.analytics import TOOLS
from assistant.errors import InputError
from assistant.metrics import record_tool_call
from assistant.retrieval import Hit, Retriever, SearchFilters
from assistant.tables import Tables
from assistant.timeouts import CallTimeoutError, call_with_timeout

logger = logging.getLogger(__name__)

SEARCH_TOOL = "search_reports"
SEARCH_DESCRIPTION = (
    "Search the fintech report passages (English and Chinese). Returns passages, each with a key such as "
    "[a1b2c3]; cite a passage by writing its key in brackets after the sentence it supports."
)
TOOL_NAMES = frozenset({SEARCH_TOOL, *TOOLS})


class SearchInput(BaseModel):
    """Arguments of ``search_reports``."""

    query: str = Field(description="What to look for, in English or Chinese.")
    k: int = Field(5, ge=1, le=20, description="How many passages.")
    document_id: str | None = Field(None, description="Only this document.")
    language: str | None = Field(None, description="Only passages in 'en' or 'zh'.")


def citation_key(hit: dict[str, Any]) -> str:
    """The short key a passage is cited by, e.g. ``a1b2c3``."""
    return str(hit["chunk_id"])[:6]


def _search_content(hits: list[Hit]) -> str:
    lines = [f"[{hit.chunk_id[:6]}] {hit.title} — {hit.section or ''} ({hit.document_id}): {hit.text}" for hit in hits]
    return "\n\n".join(lines) or "No passage found."


def _as_tool(name: str, description: str, schema: type[BaseModel], run: Callable[..., Any], timeout: float) -> BaseTool:
    def call(**kwargs: Any) -> tuple[str, dict[str, Any]]:
        started, outcome = time.perf_counter(), "exception"
        try:
            artifact, content = call_with_timeout(run, timeout, **kwargs)
            outcome = "ok"
        except (InputError, CallTimeoutError) as error:
            outcome = "timeout" if isinstance(error, CallTimeoutError) else "error"
            message = f"The tool {name!r} {error}; it was abandoned." if outcome == "timeout" else str(error)
            if outcome == "timeout":
                logger.warning("Tool call timed out: %s", message)
            artifact = {"error": message, "error_type": type(error).__name__}
            content = json.dumps(artifact, ensure_ascii=False)
        finally:
            record_tool_call(name, outcome, time.perf_counter() - started)
        return content, artifact

    return StructuredTool.from_function(
        func=call,
        name=name,
        description=description,
        args_schema=schema,
        response_format="content_and_artifact",
    )


def build_tools(tables: Tables, retriever: Retriever, timeout: float) -> list[BaseTool]:
    """``search_reports`` and the analytics tools, bound to the loaded tables and index; a call taking
    longer than ``timeout`` seconds returns an error result."""

    def search(**kwargs: Any) -> tuple[dict[str, Any], str]:
        arguments = SearchInput(**kwargs)
        filters = SearchFilters(document_id=arguments.document_id, language=arguments.language)
        hits = retriever.search(arguments.query, k=arguments.k, filters=filters)
        return {"hits": [hit.model_dump(mode="json") for hit in hits]}, _search_content(hits)

    @lru_cache(maxsize=2048)
    def computed(name: str, arguments: str) -> tuple[dict[str, Any], str]:
        """The tools are pure functions of loaded, immutable tables: the same arguments give the same result."""
        artifact = TOOLS[name].run(tables, json.loads(arguments)).model_dump(mode="json")
        return artifact, json.dumps(artifact, ensure_ascii=False, default=str)

    tools = [_as_tool(SEARCH_TOOL, SEARCH_DESCRIPTION, SearchInput, search, timeout)]
    for name, spec in TOOLS.items():

        def run(_name: str = name, **kwargs: Any) -> tuple[dict[str, Any], str]:
            arguments = to_jsonable_python(kwargs)  # nested inputs (calculate's values) arrive as models
            return computed(_name, json.dumps(arguments, sort_keys=True, ensure_ascii=False))

        tools.append(_as_tool(name, spec.description, spec.input_model, run, timeout))
    return tools
