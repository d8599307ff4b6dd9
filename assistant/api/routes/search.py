"""``POST /v1/search``: hybrid passage search over the indexed reports."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.api.deps import RetrieverDep, SettingsDep
from assistant.api.schemas import ErrorResponse, SearchRequest, SearchResponse
from assistant.errors import InputError
from assistant.retrieval import SearchFilters

router = APIRouter(prefix="/search", tags=["search"])


@router.post(
    "",
    response_model=SearchResponse,
    responses={503: {"model": ErrorResponse, "description": "No usable index; the detail names the fix."}},
    summary="Search report passages",
)
def search(body: SearchRequest, retriever: RetrieverDep, settings: SettingsDep) -> SearchResponse:
    """The best passages for the query (dense + keyword, fused), optionally filtered by document fields."""
    if len(body.query) > settings.max_message_chars:  # as declared in the schema (maxLength)
        raise InputError(f"The search query is longer than {settings.max_message_chars} characters.")
    filters = SearchFilters(
        document_id=body.document_id, publisher=body.publisher, year=body.year, language=body.language
    )
    return SearchResponse(query=body.query, hits=retriever.search(body.query, body.k, filters))
