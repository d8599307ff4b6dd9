"""Fixtures shared by every test package: the bundled corpus indexed once per session.

With ``ASSISTANT_TEST_CHROMA_URL=http://127.0.0.1:PORT`` (a running ``chroma run`` server), every index the
tests build or open goes to that server instead of a local directory: each would-be index directory
becomes its own collection there, so tests that share a directory share a collection and no others do.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from assistant.config import Settings

if TYPE_CHECKING:
    from tests.databases import PostgresServer, RedisServer

VENV_BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
TEST_CHROMA_URL = os.environ.get("ASSISTANT_TEST_CHROMA_URL")


def chroma_server_settings(chroma_dir: Path | str) -> dict[str, str]:
    """With ASSISTANT_TEST_CHROMA_URL: ``chroma_url`` and a ``collection`` named after ``chroma_dir``; else {}."""
    if not TEST_CHROMA_URL:
        return {}
    digest = hashlib.sha256(str(Path(chroma_dir).resolve()).encode()).hexdigest()[:16]
    return {"chroma_url": TEST_CHROMA_URL, "collection": f"test-{digest}"}


def isolated_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The process environment without any ASSISTANT_* setting of the developer's, pointed at ``data_dir``,
    without a rate limit (tests send bursts), and at the test Chroma server when there is one."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("ASSISTANT_")}
    env = {**env, "ASSISTANT_DATA_DIR": str(data_dir), "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0", **extra}
    if "ASSISTANT_CHROMA_URL" not in extra:
        chroma_dir = extra.get("ASSISTANT_CHROMA_PATH") or data_dir / "chroma"
        env.update({f"ASSISTANT_{key.upper()}": value for key, value in chroma_server_settings(chroma_dir).items()})
    return env


@pytest.fixture(scope="session")
def indexed_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding an index of the bundled corpus, built by the real `index-tools build`."""
    path = tmp_path_factory.mktemp("indexed")
    build = subprocess.run(
        [str(VENV_BIN / "index-tools"), "build"], env=isolated_env(path), cwd=ROOT, capture_output=True, text=True
    )
    assert build.returncode == 0, build.stderr
    return path


@pytest.fixture(scope="session")
def indexed_settings(indexed_data_dir: Path) -> Settings:
    """Settings over the session's index, with no LLM configured."""
    return Settings(data_dir=indexed_data_dir, llm=None, **chroma_server_settings(indexed_data_dir / "chroma"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the session (fsync off: the tests kill clients, never the machine)."""
    from tests.databases import PostgresServer

    server = PostgresServer("-c fsync=off")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A real Redis server for the session."""
    from tests.databases import RedisServer

    server = RedisServer()
    yield server
    server.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new database at the current schema: a SQLite file, or a database in the session's PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'conversations.sqlite3'}"
    from assistant.db.engine import create_database_engine
    from assistant.db.migrate import upgrade

    url = request.getfixturevalue("postgres").create_database()
    engine = create_database_engine(url)
    upgrade(engine)
    engine.dispose()
    return url
