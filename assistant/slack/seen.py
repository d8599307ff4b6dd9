"""Which Slack events were already taken for answering, so a retry or a second copy never gets a second reply.

The keys live in one SQLite file in the data directory, so several server workers share them; a claim is
atomic (``BEGIN IMMEDIATE``). Keys older than a day are dropped: Slack retries within minutes.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from pathlib import Path

KEEP_SECONDS = 24 * 3600

_SCHEMA = "CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, at REAL NOT NULL)"


class SeenEvents:
    """A shared set of event keys (event ids, message ids) with an atomic check-and-add."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30, isolation_level=None)

    def claim(self, keys: list[str]) -> bool:
        """Record ``keys`` and return True when none was recorded before; False means a duplicate."""
        keys = list(dict.fromkeys(keys))
        now = time.time()
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM seen WHERE at < ?", (now - KEEP_SECONDS,))
            marks = ",".join("?" * len(keys))
            duplicate = db.execute(f"SELECT 1 FROM seen WHERE key IN ({marks})", keys).fetchone() is not None
            if not duplicate:
                db.executemany("INSERT INTO seen (key, at) VALUES (?, ?)", [(key, now) for key in keys])
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            db.close()
        return not duplicate
