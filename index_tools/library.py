"""The analyst's document library: files added by `index-tools build PATH` or uploaded, kept for every build.

Each added file is copied into ``DATA_DIR/library/files/<id>/<original name>``; ``DATA_DIR/library/library.json``
records where it came from. A plain build indexes the copies, so an added document survives rebuilds and
restarts even when its original is moved or deleted. A build first refreshes the copies: a changed original
is copied again (and so re-indexed), a vanished one is marked missing and its copy kept. Folders given to a
build are recorded too, and every later build adds the supported files that appear in them.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant.errors import InputError, NotFoundError
from index_tools.loaders import SUPPORTED_SUFFIXES

log = logging.getLogger(__name__)

MANIFEST = "library.json"
_SLUG = re.compile(r"[^\w.-]+", re.UNICODE)


@dataclass
class Entry:
    """One document of the library."""

    id: str
    name: str  # the original file name, shown instead of any server path
    stored: str  # path of the copy, relative to the library directory
    sha256: str
    size: int
    added: str  # ISO time
    original: str | None = None  # absolute path of the original file; None for uploads
    mtime_ns: int | None = None
    missing: bool = False  # the original was gone at the last build
    title: str | None = None
    pages: int | None = None
    chunks: int | None = None
    language: str | None = None

    @property
    def status(self) -> str:
        """'uploaded', 'original missing (indexed copy kept)' or 'ok'."""
        if self.original is None:
            return "uploaded"
        return "original missing (indexed copy kept)" if self.missing else "ok"


def document_slug(name: str) -> str:
    """A document id from a file name: its stem, lower case, spaces and punctuation as dashes."""
    stem = Path(name).stem if Path(name).suffix.lower() in SUPPORTED_SUFFIXES else name
    slug = _SLUG.sub("-", unicodedata.normalize("NFKC", stem).strip().lower()).strip("-.")
    return slug or "document"


def safe_name(name: str) -> str:
    """The last path component of a client-given file name, without control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base if base not in {"", ".", ".."} else "document"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Library:
    """The manifest and copies under ``root``; every change is made under an exclusive file lock."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.entries: dict[str, Entry] = {}
        self.folders: list[str] = []
        self.excluded: list[str] = []  # removed originals that a recorded folder must not bring back

    # -- persistence ---------------------------------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[Library]:
        """Hold the library lock, load the manifest, and save it when the block ends without an error."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                self._load()
                yield self
                self._save()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def read(self) -> Library:
        """Load the manifest without taking the lock (for listing)."""
        self._load()
        return self

    def _load(self) -> None:
        path = self.root / MANIFEST
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        self.entries = {item["id"]: Entry(**item) for item in data.get("documents", [])}
        self.folders = list(data.get("folders", []))
        self.excluded = list(data.get("excluded", []))

    def _save(self) -> None:
        data = {
            "documents": [asdict(e) for e in self.entries.values()],
            "folders": self.folders,
            "excluded": self.excluded,
        }
        temporary = self.root / f".{MANIFEST}.tmp"
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temporary, self.root / MANIFEST)

    # -- queries -------------------------------------------------------------------------------------------

    def path_of(self, entry: Entry) -> Path:
        """The stored copy of ``entry``."""
        return self.root / entry.stored

    def key_of(self, entry: Entry) -> str:
        """The file key its chunks carry: library/<id>/<name>, never a server path."""
        return f"library/{entry.id}/{entry.name}"

    def find(self, reference: str) -> Entry:
        """The entry with id ``reference``, or whose original path or file name it is."""
        if reference in self.entries:
            return self.entries[reference]
        resolved = str(Path(reference).expanduser().resolve())
        matches = [e for e in self.entries.values() if e.original == resolved] or [
            e for e in self.entries.values() if e.name == reference
        ]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise InputError(
                f"{reference!r} names {len(matches)} documents; give the id: {', '.join(e.id for e in matches)}."
            )
        raise NotFoundError(f"No document {reference!r} in the library.")

    # -- changes -------------------------------------------------------------------------------------------

    def _new_id(self, name: str, taken: set[str]) -> str:
        base = document_slug(name)
        candidate, n = base, 1
        while candidate in self.entries or candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def _store(self, source: Path, entry_id: str, name: str) -> str:
        folder = self.root / "files" / entry_id
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        shutil.copyfile(source, folder / name)
        return (folder / name).relative_to(self.root).as_posix()

    def add_file(self, path: Path, name: str | None = None, taken: frozenset[str] = frozenset()) -> tuple[Entry, bool]:
        """Copy ``path`` in (``name``: an upload's file name); (entry, changed). An added original is updated."""
        resolved = path.resolve()
        original = None if name is not None else str(resolved)
        if original in self.excluded:
            self.excluded.remove(original)
        name = safe_name(name) if name is not None else resolved.name
        status = resolved.stat()
        existing = next(
            (
                e
                for e in self.entries.values()
                if (original is not None and e.original == original)
                or (original is None and e.original is None and e.name == name)
            ),
            None,
        )
        digest = _sha256(resolved)
        if existing is not None:
            existing.missing = False
            existing.mtime_ns = status.st_mtime_ns if original else None
            if existing.sha256 == digest and self.path_of(existing).exists():
                return existing, False
            existing.stored = self._store(resolved, existing.id, existing.name)
            existing.sha256, existing.size = digest, status.st_size
            return existing, True
        entry_id = self._new_id(name, set(taken))
        entry = Entry(
            id=entry_id,
            name=name,
            stored=self._store(resolved, entry_id, name),
            sha256=digest,
            size=status.st_size,
            added=_now(),
            original=original,
            mtime_ns=status.st_mtime_ns if original else None,
        )
        self.entries[entry_id] = entry
        return entry, True

    def add_folder(self, folder: Path) -> None:
        """Remember ``folder`` so later builds add the files that appear in it."""
        resolved = str(folder.resolve())
        if resolved not in self.folders:
            self.folders.append(resolved)

    def refresh(self) -> list[Entry]:
        """Copy changed originals again and mark vanished ones; the entries whose copy changed."""
        changed = []
        for entry in self.entries.values():
            if entry.original is None:
                continue
            original = Path(entry.original)
            try:
                status = original.stat()
            except OSError:
                if not entry.missing:
                    log.warning("The original of %s (%s) is gone; its indexed copy is kept", entry.id, entry.name)
                entry.missing = True
                continue
            entry.missing = False
            if status.st_mtime_ns == entry.mtime_ns and status.st_size == entry.size and self.path_of(entry).exists():
                continue
            _, did_change = self.add_file(original)
            if did_change:
                changed.append(entry)
        return changed

    def remove(self, entry: Entry, exclude: bool = True) -> None:
        """Forget ``entry`` and delete its copy (a recorded folder will not add its original again)."""
        self.entries.pop(entry.id, None)
        if exclude and entry.original and entry.original not in self.excluded:
            self.excluded.append(entry.original)
        shutil.rmtree(self.root / "files" / entry.id, ignore_errors=True)

    def rename(self, entry: Entry, taken: set[str]) -> Entry:
        """Give ``entry`` a new id not in ``taken`` (its id clashed with a bundled report's)."""
        old_folder = self.root / "files" / entry.id
        self.entries.pop(entry.id)
        entry.id = self._new_id(entry.name, taken | {entry.id})
        new_folder = self.root / "files" / entry.id
        if old_folder.exists():
            old_folder.rename(new_folder)
        entry.stored = (new_folder / entry.name).relative_to(self.root).as_posix()
        self.entries[entry.id] = entry
        return entry
