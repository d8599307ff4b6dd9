"""Fixtures for the index builder tests: a small corpus written per test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.config import Settings


@pytest.fixture
def corpus(tmp_path: Path) -> Callable[..., Settings]:
    """Write ``{name: text or bytes}`` into a fresh reports directory and return Settings pointing at it."""

    def write(files: dict[str, str | bytes], **overrides: object) -> Settings:
        reports = tmp_path / "corpus" / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            path = reports / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus", **overrides)

    return write
