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
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, Literal

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, Field, create_model
from pydantic_core import to_jsonable_python

from assistant import names
from assistant.analytics import TOOLS
from assistant.errors import InputError
from assistant.metrics import record_tool_call
from assistant.retrieval import Retriever, SearchFilters
from assistant.tables import INDEX_FAMILIES, Tables
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
    language: Literal["en", "zh"] | None = Field(None, description="Only passages in English or Chinese.")


def citation_key(hit: dict[str, Any]) -> str:
    """The short key a passage is cited by, e.g. ``a1b2c3``."""
    return str(hit["chunk_id"])[:6]


def _search_content(hits: list[dict[str, Any]]) -> str:
    lines = [
        f"[{citation_key(hit)}] {hit['title']} — {hit.get('section') or ''} ({hit['document_id']}): {hit['text']}"
        for hit in hits
    ]
    return "\n\n".join(lines) or "No passage found."


def tool_content(name: str, result: Any) -> str:
    """What a language model reads of a tool result: the passages as text for a search, else compact JSON.

    The live round and a replayed history use this one function, so a model sees the same text both times.
    """
    if name == SEARCH_TOOL and isinstance(result, dict) and "hits" in result:
        return _search_content(result["hits"])
    return json.dumps(result, ensure_ascii=False, default=str)


STRICT_HELP = {
    "index": "Index id.",
    "indices": "Index ids.",
    "edition": "An edition of the chosen index, exactly as listed, or 'latest'.",
    "from_edition": "The earlier edition of the chosen index, exactly as listed.",
    "to_edition": "The later edition of the chosen index, exactly as listed, or 'latest'.",
}


def strict_schema(model: type[BaseModel], choices: Mapping[str, tuple[str, ...]]) -> type[BaseModel]:
    """``model`` with each field named in ``choices`` (index, edition...) narrowed to an enum of its values,
    so that a language model sees the allowed values in the JSON schema; other fields are unchanged."""
    fields: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name not in choices:
            continue
        literal: Any = Literal[choices[name]]  # type: ignore[valid-type]
        annotation = list[literal] if "list" in str(field.annotation) else literal
        if not field.is_required():
            annotation = annotation | None
        default = ... if field.is_required() else field.default
        fields[name] = (annotation, Field(default, description=STRICT_HELP.get(name, field.description)))
    if not fields:
        return model
    return create_model(model.__name__, __base__=model, __doc__=model.__doc__, **fields)


def enum_choices(tables: Tables) -> dict[str, tuple[str, ...]]:
    """Allowed values of the index and edition arguments: the index families and editions in the tables."""
    rankings = tables.rankings
    families = tuple(family for family in INDEX_FAMILIES if (rankings["index_family"] == family).any())
    editions = (*sorted({str(e) for e in rankings["edition"]}, key=names.edition_sort_key), "latest")
    return {
        "index": families,
        "indices": families,
        "edition": editions,
        "from_edition": editions,
        "to_edition": editions,
    }


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
            content = tool_content(name, artifact)
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


def build_tools(tables: Tables, retriever: Retriever, timeout: float, strict: bool = False) -> list[BaseTool]:
    """``search_reports`` and the analytics tools, bound to the loaded tables and index; a call taking
    longer than ``timeout`` seconds returns an error result. ``strict``: index and edition arguments are
    enums of the values in the tables (for a language model), instead of names as users type them."""

    def search(**kwargs: Any) -> tuple[dict[str, Any], str]:
        arguments = SearchInput(**kwargs)
        filters = SearchFilters(document_id=arguments.document_id, language=arguments.language)
        hits = retriever.search(arguments.query, k=arguments.k, filters=filters)
        artifact = {"hits": [hit.model_dump(mode="json") for hit in hits]}
        return artifact, tool_content(SEARCH_TOOL, artifact)

    @lru_cache(maxsize=2048)
    def computed(name: str, arguments: str) -> tuple[dict[str, Any], str]:
        """The tools are pure functions of loaded, immutable tables: the same arguments give the same result."""
        artifact = TOOLS[name].run(tables, json.loads(arguments)).model_dump(mode="json")
        return artifact, tool_content(name, artifact)

    tools = [_as_tool(SEARCH_TOOL, SEARCH_DESCRIPTION, SearchInput, search, timeout)]
    choices = enum_choices(tables) if strict else {}
    for name, spec in TOOLS.items():

        def run(_name: str = name, **kwargs: Any) -> tuple[dict[str, Any], str]:
            arguments = to_jsonable_python(kwargs)  # nested inputs (calculate's values) arrive as models
            return computed(_name, json.dumps(arguments, sort_keys=True, ensure_ascii=False))

        schema = strict_schema(spec.input_model, choices) if strict else spec.input_model
        tools.append(_as_tool(name, spec.description, schema, run, timeout))
    return tools
