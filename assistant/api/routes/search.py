"""``POST /v1/search``: hybrid passage search over the indexed reports."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.api.deps import RetrieverDep
from assistant.api.schemas import ErrorResponse, SearchRequest, SearchResponse
from assistant.retrieval import SearchFilters

router = APIRouter(prefix="/search", tags=["search"])


@router.post(
    "",
    response_model=SearchResponse,
    responses={503: {"model": ErrorResponse, "description": "No usable index; the detail names the fix."}},
    summary="Search report passages",
)
def search(body: SearchRequest, retriever: RetrieverDep) -> SearchResponse:
    """The best passages for the query (dense + keyword, fused), optionally filtered by document fields."""
    filters = SearchFilters(
        document_id=body.document_id, publisher=body.publisher, year=body.year, language=body.language
    )
    return SearchResponse(query=body.query, hits=retriever.search(body.query, body.k, filters))
