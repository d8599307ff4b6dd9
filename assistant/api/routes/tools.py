"""``/v1/tools``: the analytics tools, one ``POST /v1/tools/{name}`` route each, generated from the registry.

Each route's body is the tool's input model, so the OpenAPI docs show its schema and a bad argument
is a 422; a tool name that is not registered is a 404.
"""

# No ``from __future__ import annotations``: the generated endpoints' annotations must be real classes.

from collections.abc import Callable

from fastapi import APIRouter
from pydantic import BaseModel

from assistant.analytics import TOOLS, ToolSpec
from assistant.api.deps import TablesDep
from assistant.api.schemas import ToolInfo
from assistant.errors import NotFoundError

router = APIRouter(prefix="/tools", tags=["analytics tools"])


@router.get("", response_model=list[ToolInfo], summary="List the analytics tools")
def list_tools() -> list[ToolInfo]:
    """Every tool's name, description and input JSON schema."""
    return [
        ToolInfo(name=name, description=spec.description, input_schema=spec.input_model.model_json_schema())
        for name, spec in TOOLS.items()
    ]


def _endpoint(spec: ToolSpec) -> Callable[..., BaseModel]:
    def run_tool(body: spec.input_model, tables: TablesDep) -> BaseModel:  # type: ignore[name-defined]
        return spec.run(tables, body)

    run_tool.__name__ = f"tool_{spec.name}"
    return run_tool


for _spec in TOOLS.values():
    router.add_api_route(
        f"/{_spec.name}",
        _endpoint(_spec),
        methods=["POST"],
        response_model=_spec.output_model,
        summary=_spec.name,
        description=_spec.description,
    )


@router.post("/{name}", include_in_schema=False)
def unknown_tool(name: str) -> None:
    raise NotFoundError(f"Unknown tool {name!r}. Tools: {', '.join(TOOLS)} (GET /v1/tools).")
