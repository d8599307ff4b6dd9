"""``POST /v1/feedback`` (rate an answer) and ``GET /v1/feedback.csv`` (export every rating)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from assistant.api.deps import StoreDep
from assistant.api.schemas import ErrorResponse, Feedback

router = APIRouter(tags=["feedback"])


@router.post(
    "/feedback",
    response_model=Feedback,
    status_code=status.HTTP_201_CREATED,
    responses={404: {"model": ErrorResponse, "description": "Unknown conversation or turn."}},
    summary="Rate one answer",
)
def add_feedback(body: Feedback, store: StoreDep) -> Feedback:
    """Record 'up' or 'down' (and an optional comment) for one turn; rating it again replaces the rating."""
    store.add_feedback(body.conversation_id, body.turn_index, body.rating, body.comment)
    return body


@router.get(
    "/feedback.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One row per rated turn."}},
    summary="Export all feedback as CSV",
)
def export_feedback(store: StoreDep) -> Response:
    """Columns: conversation_id, turn_index, rating, comment, created_at, question, answer, grounded,
    engine. Text starting with = + - @ gets a leading ' so spreadsheets do not run it as a formula."""
    return Response(
        store.export_feedback_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="feedback.csv"'},
    )
