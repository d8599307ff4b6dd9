"""``/v1/conversations``: list, create, read (with every turn), rename and delete conversations."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from assistant.api.deps import StoreDep
from assistant.api.schemas import (
    ConversationCreate,
    ConversationDetail,
    ConversationRename,
    ErrorResponse,
    PathText,
)
from assistant.conversations import ConversationSummary

router = APIRouter(prefix="/conversations", tags=["conversations"])

NOT_FOUND = {404: {"model": ErrorResponse, "description": "Unknown conversation id."}}


@router.get("", response_model=list[ConversationSummary], summary="List conversations, newest first")
def list_conversations(store: StoreDep) -> list[ConversationSummary]:
    return store.list()


@router.post("", response_model=ConversationSummary, status_code=status.HTTP_201_CREATED)
def create_conversation(store: StoreDep, body: ConversationCreate | None = None) -> ConversationSummary:
    """Start an empty conversation; pass its id as ``conversation_id`` when chatting."""
    return store.get(store.create(title=body.title if body else None))


@router.get("/{conversation_id}", response_model=ConversationDetail, responses=NOT_FOUND, summary="One conversation")
def get_conversation(conversation_id: PathText, store: StoreDep) -> ConversationDetail:
    """The conversation with every turn (question and full answer), oldest first."""
    summary = store.get(conversation_id)
    return ConversationDetail(**summary.model_dump(exclude={"turns"}), turns=store.turns(conversation_id))


@router.patch("/{conversation_id}", response_model=ConversationSummary, responses=NOT_FOUND, summary="Rename")
def rename_conversation(conversation_id: PathText, body: ConversationRename, store: StoreDep) -> ConversationSummary:
    store.rename(conversation_id, body.title)
    return store.get(conversation_id)


@router.delete(
    "/{conversation_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response, responses=NOT_FOUND
)
def delete_conversation(conversation_id: PathText, store: StoreDep) -> Response:
    """Delete a conversation with its turns and their feedback."""
    store.delete(conversation_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
