"""Build progress: files read and chunks embedded; redrawn on a terminal, else a line every few seconds."""

from __future__ import annotations

import threading
import time
from typing import TextIO

INTERVAL_SECONDS = 3.0


class Progress:
    """Counts a build's work and reports it to ``stream`` (nothing when ``stream`` is None)."""

    def __init__(self, stream: TextIO | None, tty: bool = False, interval: float = INTERVAL_SECONDS) -> None:
        self._stream = stream
        self._tty = tty
        self._interval = interval
        self._lock = threading.Lock()
        self._started = time.monotonic()
        self._last = self._started
        self._drawn = False
        self.files_total = 0
        self.files_done = 0
        self.chunks_total = 0
        self.chunks_done = 0
        self.reading: tuple[str, int, int] | None = None  # a PDF being read: (file name, page, pages)

    def add_files(self, count: int) -> None:
        """Announce ``count`` more files to read."""
        with self._lock:
            self.files_total += count

    def file_read(self, count: int = 1) -> None:
        with self._lock:
            self.files_done += count
            self.reading = None
            self._maybe_report()

    def page_read(self, name: str, page: int, pages: int) -> None:
        """A page of a (long) PDF was read."""
        with self._lock:
            self.reading = (name, page, pages)
            self._maybe_report()

    def add_chunks(self, count: int) -> None:
        """Announce ``count`` more chunks to embed."""
        with self._lock:
            self.chunks_total += count
            self._maybe_report()

    def chunks_embedded(self, count: int) -> None:
        with self._lock:
            self.chunks_done += count
            self._maybe_report()

    def line(self) -> str:
        """The progress line as it stands."""
        chunks = (
            f"{self.chunks_done:,}/{self.chunks_total:,} chunks embedded" if self.chunks_total else "0 chunks to embed"
        )
        elapsed = time.monotonic() - self._started
        reading = f" (page {self.reading[1]}/{self.reading[2]} of {self.reading[0]})" if self.reading else ""
        files = f"{self.files_done:,}/{self.files_total:,} files read{reading}"
        return f"progress: {files}, {chunks} ({elapsed:.0f}s)"

    def close(self) -> None:
        """End a terminal's redrawn line."""
        with self._lock:
            if self._stream is not None and self._tty and self._drawn:
                self._stream.write(f"\r{self.line()}\n")
                self._stream.flush()
                self._drawn = False

    def _maybe_report(self) -> None:
        if self._stream is None:
            return
        now = time.monotonic()
        if self._tty:
            if now - self._last >= 0.2:
                self._stream.write(f"\r{self.line()}")
                self._stream.flush()
                self._last, self._drawn = now, True
        elif now - self._last >= self._interval:
            self._stream.write(self.line() + "\n")
            self._stream.flush()
            self._last = now
