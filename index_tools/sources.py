"""Find the files a build indexes and load them, collecting the ones that are skipped with their reasons."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from index_tools.loaders import SUPPORTED_SUFFIXES, LoadedDocument, UnreadableFileError, load_document
from index_tools.progress import Progress

log = logging.getLogger(__name__)


@dataclass
class Sources:
    """The documents loaded for a build and the files skipped, as (path, reason)."""

    documents: list[LoadedDocument] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def file_key(path: Path, reports_dir: Path) -> str:
    """A stable name for a file: relative to the reports directory when inside it, else absolute."""
    resolved = path.resolve()
    try:
        return f"reports/{resolved.relative_to(reports_dir.resolve()).as_posix()}"
    except ValueError:
        return resolved.as_posix()


def discover(roots: Iterable[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files under ``roots`` (directories walked, hidden entries ignored) and the roots that are missing."""
    files: dict[Path, None] = {}
    missing: list[tuple[str, str]] = []
    for root in roots:
        if root.is_file():
            files[root.resolve()] = None
        elif root.is_dir():
            for path in sorted(root.rglob("*")):
                relative = path.relative_to(root).parts
                if path.is_file() and not any(part.startswith(".") for part in relative):
                    files[path.resolve()] = None
        else:
            missing.append((str(root), "no such file or directory"))
    return list(files), missing


def counted(paths: list[Path], progress: Progress | None) -> Iterator[Path]:
    """``paths``, counting each as a file read once the caller is done with it."""
    if progress:
        progress.add_files(len(paths))
    for path in paths:
        yield path
        if progress:
            progress.file_read()


def load_sources(roots: Iterable[Path], reports_dir: Path, max_bytes: int, progress: Progress | None = None) -> Sources:
    """Load every supported file under ``roots``; unreadable, unsupported or duplicate ones are skipped."""
    paths, missing = discover(roots)
    sources = Sources(skipped=missing)
    owner: dict[str, str] = {}
    for path in counted(paths, progress):
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            sources.skipped.append((str(path), f"unsupported file type {path.suffix or '(none)'!r}"))
            continue
        key = file_key(path, reports_dir)
        try:
            document = load_document(path, key, max_bytes, progress.page_read if progress else None)
        except UnreadableFileError as exc:
            sources.skipped.append((str(path), str(exc)))
            continue
        if document.document_id in owner:
            reason = f"duplicate document id {document.document_id!r} (also in {owner[document.document_id]})"
            sources.skipped.append((str(path), reason))
            continue
        owner[document.document_id] = key
        sources.documents.append(document)
    for path, reason in sources.skipped:
        log.warning("Skipped %s: %s", path, reason)
    return sources
