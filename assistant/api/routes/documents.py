"""``/v1/documents``: upload a document into the library (indexed at once), list the documents, remove one."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, File, UploadFile, status
from pydantic import BaseModel, Field

from assistant.api.deps import SettingsDep
from assistant.api.schemas import ErrorResponse, PathText
from index_tools.documents import DocumentInfo, add_upload, check_upload, list_documents, remove_document

router = APIRouter(prefix="/documents", tags=["documents"])


class Document(BaseModel):
    """A document the assistant answers from."""

    id: str = Field(description="Document id: search filters, citations and DELETE use it.")
    title: str
    file_name: str = Field(description="The original file name (no server path).")
    pages: int | None = Field(description="Pages of a PDF; None for other formats.")
    chunks: int = Field(description="Passages indexed from it.")
    language: str | None
    added: str | None = Field(description="When it was added (ISO time); None for a bundled report.")
    origin: str = Field(description="'bundled' (corpus/reports), 'added' (index-tools build PATH) or 'uploaded'.")
    status: str = Field(description="'ok', 'uploaded', 'bundled' or 'original missing (indexed copy kept)'.")


class DocumentList(BaseModel):
    documents: list[Document]


def _model(info: DocumentInfo) -> Document:
    return Document(**info.as_dict())


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=Document,
    responses={
        413: {"model": ErrorResponse, "description": "The file is over the size limit (ASSISTANT_INDEX_MAX_FILE_MB)."},
        415: {"model": ErrorResponse, "description": "Not a supported file type (md, txt, html, pdf)."},
        422: {"model": ErrorResponse, "description": "The file cannot be indexed; the detail says why."},
    },
    summary="Upload a document",
)
def upload(
    settings: SettingsDep,
    file: UploadFile = File(description="A Markdown, text, HTML or PDF file."),  # noqa: B008
) -> Document:
    """Index the file into the library; the next question and search can use it. Re-uploading a file of the
    same name replaces it."""
    name = check_upload(file.filename or "", file.size or 0, settings)
    settings.library_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.library_dir, prefix=".upload-") as scratch:
        path = Path(scratch) / name  # the loader goes by the file's extension
        with path.open("wb") as target:
            shutil.copyfileobj(file.file, target)
        return _model(add_upload(settings, path, name))


@router.get("", response_model=DocumentList, summary="List the documents")
def documents(settings: SettingsDep) -> DocumentList:
    """Every indexed document: the bundled reports, then the library's in the order they were added."""
    return DocumentList(documents=[_model(info) for info in list_documents(settings)])


@router.delete(
    "/{document_id}",
    response_model=Document,
    responses={
        404: {"model": ErrorResponse, "description": "No such document in the library."},
        422: {"model": ErrorResponse, "description": "A bundled report, which cannot be removed here."},
    },
    summary="Remove a document",
)
def remove(document_id: PathText, settings: SettingsDep) -> Document:
    """Remove an added or uploaded document from the library and the index."""
    return _model(remove_document(settings, document_id))
