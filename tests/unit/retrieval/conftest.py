"""One index of the sample corpus, built once per test session with the default embedding model."""

from __future__ import annotations

import pytest
from retrieval_samples import write_corpus

from assistant.config import Settings
from assistant.retrieval import Retriever, open_retriever
from index_tools.builder import build_index


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = write_corpus(tmp_path_factory.mktemp("retrieval"))
    report = build_index(settings)
    assert report.files == 5 and not report.skipped
    return settings


@pytest.fixture(scope="session")
def retriever(built: Settings) -> Retriever:
    return open_retriever(built)
