"""Incremental builds against a real persistent Chroma store with the real default embedder."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np
import pytest
from index_samples import ALPHA, BETA, GAMMA_HTML, pdf_bytes

from assistant.config import Settings
from assistant.retrieval import EmbeddingModelMismatchError, SearchFilters, get_embedder, open_retriever
from assistant.retrieval.store import connect, find_collection, iter_records
from index_tools import builder
from index_tools.builder import build_index
from index_tools.embed_workers import embedded_in_workers


def chunks_by_path(settings: Settings) -> dict[str, set[str]]:
    collection = find_collection(connect(settings), settings.collection)
    assert collection is not None
    found: dict[str, set[str]] = defaultdict(set)
    for chunk_id, _, meta in iter_records(collection, ["metadatas"]):
        found[meta["path"]].add(chunk_id)
    return found


@pytest.fixture
def embed_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the texts the (real, cached) default embedder is asked to embed."""
    embedder = get_embedder(Settings().embedding_model)
    calls: list[int] = []
    original = embedder.embed_documents

    def counting(texts: list[str]):  # type: ignore[no-untyped-def]
        calls.append(len(texts))
        return original(texts)

    monkeypatch.setattr(embedder, "embed_documents", counting)
    return calls


def test_build_indexes_every_format(corpus: Callable[..., Settings]) -> None:
    settings = corpus(
        {
            "alpha-en.md": ALPHA,
            "beta-zh.md": BETA,
            "gamma.html": GAMMA_HTML,
            "delta.txt": "Plain notes: Zurich wealth platforms expanded in 2021.\n",
            "epsilon.pdf": pdf_bytes(["Dublin payments grew in 2020.", "Madrid lending slowed in 2021."]),
        }
    )
    report = build_index(settings)
    assert (report.files, report.skipped, report.unchanged, report.removed) == (5, [], 0, 0)
    assert report.added == report.chunks == sum(len(ids) for ids in chunks_by_path(settings).values())
    assert "5 files" in report.summary() and f"{report.chunks} chunks added" in report.summary()

    retriever = open_retriever(settings)
    assert retriever.status()["documents"] == 5
    assert retriever.status()["embedding_model"] == settings.embedding_model
    html = retriever.search("instant payments Amsterdam", k=1)[0]
    assert (html.document_id, html.title, html.section, html.publisher) == (
        "gamma",
        "Gamma Payments Brief",
        "Instant payments",
        "Gamma Research",
    )
    assert "script text" not in html.text
    pdf_hits = retriever.search("Madrid lending", k=2, filters=SearchFilters(document_id="epsilon"))
    assert [(h.page, h.document_id) for h in pdf_hits] == [(2, "epsilon"), (1, "epsilon")]
    text = retriever.search("Zurich wealth platforms", k=1)[0]
    assert (text.document_id, text.section, text.page) == ("delta", None, None)


def test_unchanged_rebuild_embeds_nothing(corpus: Callable[..., Settings], embed_calls: list[int]) -> None:
    settings = corpus({"alpha-en.md": ALPHA, "beta-zh.md": BETA})
    first = build_index(settings)
    assert sum(embed_calls) == first.added > 0
    embed_calls.clear()
    second = build_index(settings)
    assert embed_calls == []
    assert (second.added, second.removed, second.unchanged) == (0, 0, first.chunks)


def test_editing_a_file_replaces_only_its_chunks(corpus: Callable[..., Settings], embed_calls: list[int]) -> None:
    settings = corpus({"alpha-en.md": ALPHA, "beta-zh.md": BETA})
    build_index(settings)
    before = chunks_by_path(settings)
    embed_calls.clear()
    corpus({"alpha-en.md": ALPHA.replace("1.2 billion USD", "1.4 billion USD")})

    report = build_index(settings)

    after = chunks_by_path(settings)
    assert after["reports/beta-zh.md"] == before["reports/beta-zh.md"]
    new_alpha = after["reports/alpha-en.md"] - before["reports/alpha-en.md"]
    assert len(new_alpha) == 1 and report.added == 1 and report.removed == 1 and sum(embed_calls) == 1
    hit = open_retriever(settings).search("Toronto fintech venture funding", k=1)[0]
    assert "1.4 billion USD" in hit.text


def test_deleting_a_file_removes_its_chunks(corpus: Callable[..., Settings]) -> None:
    settings = corpus({"alpha-en.md": ALPHA, "beta-zh.md": BETA})
    build_index(settings)
    beta_chunks = len(chunks_by_path(settings)["reports/beta-zh.md"])
    (settings.reports_dir / "beta-zh.md").unlink()

    report = build_index(settings)

    assert report.removed == beta_chunks and report.added == 0
    assert set(chunks_by_path(settings)) == {"reports/alpha-en.md"}
    assert open_retriever(settings).status()["documents"] == 1


def test_extra_paths_are_indexed_and_kept_by_a_plain_build(corpus: Callable[..., Settings], tmp_path: Path) -> None:
    settings = corpus({"alpha-en.md": ALPHA})
    extra = tmp_path / "elsewhere"
    extra.mkdir()
    (extra / "notes.md").write_text("# Notes\n\n## Lisbon\n\nLisbon insurtech grew.\n", encoding="utf-8")
    with_extra = build_index(settings, [extra])
    assert with_extra.files == 2
    assert set(chunks_by_path(settings)) == {"reports/alpha-en.md", "library/notes/notes.md"}
    without = build_index(settings)
    assert without.removed == 0 and set(chunks_by_path(settings)) == {"reports/alpha-en.md", "library/notes/notes.md"}


def test_bad_files_are_skipped_by_name_and_the_build_goes_on(corpus: Callable[..., Settings]) -> None:
    settings = corpus(
        {
            "alpha-en.md": ALPHA,
            "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "latin1.md": "# Caf\xe9\n\nPrix en euros.".encode("latin-1"),
            "empty.md": "",
            "blank.md": "---\nid: blank\n---\n\n   \n",
            "broken.pdf": b"%PDF-1.4\nthis is not really a pdf\n%%EOF",
            "huge.txt": "word " * 400,
            "slides.pptx": b"PK\x03\x04 not indexed",
        },
        index_max_file_mb=0.001,
    )
    report = build_index(settings)
    reasons = {Path(path).name: reason for path, reason in report.skipped}
    assert report.files == 1 and report.chunks > 0
    assert reasons["binary.txt"].startswith("binary file")
    assert reasons["latin1.md"].startswith("not UTF-8 text")
    assert reasons["empty.md"] == "empty file"
    assert reasons["blank.md"] == "no text to index"
    assert reasons["broken.pdf"].startswith("not a readable PDF")
    assert "over the 0.001 MB limit" in reasons["huge.txt"]
    assert reasons["slides.pptx"] == "unsupported file type '.pptx'"
    assert len(reasons) == 7


def test_duplicate_document_ids_keep_the_first_file(corpus: Callable[..., Settings]) -> None:
    settings = corpus({"a.md": ALPHA, "b.md": ALPHA.replace("Singapore", "Seoul")})
    report = build_index(settings)
    assert report.files == 1
    assert [Path(path).name for path, _ in report.skipped] == ["b.md"]
    assert "duplicate document id 'alpha-en'" in report.skipped[0][1]


def test_index_built_with_another_model_must_be_rebuilt(corpus: Callable[..., Settings]) -> None:
    settings = corpus({"alpha-en.md": ALPHA})
    build_index(settings)
    other = settings.model_copy(update={"embedding_model": "minilm"})

    with pytest.raises(EmbeddingModelMismatchError) as error:
        build_index(other)
    assert "index-tools build --rebuild" in str(error.value) and settings.embedding_model in str(error.value)
    with pytest.raises(EmbeddingModelMismatchError):
        open_retriever(other)


def test_rebuild_switches_the_model(corpus: Callable[..., Settings]) -> None:
    settings = corpus({"alpha-en.md": ALPHA})
    build_index(settings)
    e5 = settings.model_copy(update={"embedding_model": "e5"})

    report = build_index(e5, rebuild=True)

    assert report.added == report.chunks > 0
    assert open_retriever(e5).status()["embedding_model"] == "e5"
    assert open_retriever(e5).search("Toronto venture funding", k=1)[0].document_id == "alpha-en"
    collection = find_collection(connect(e5), e5.collection)
    assert collection is not None and collection.configuration_json["hnsw"]["space"] == "cosine"


def test_a_failed_build_leaves_the_old_index_answering(
    corpus: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = corpus({"alpha-en.md": ALPHA})
    build_index(settings)
    before = chunks_by_path(settings)
    corpus({"alpha-en.md": ALPHA.replace("third", "fourth"), "beta-zh.md": BETA})
    embedder = get_embedder(settings.embedding_model)

    def broken(texts: list[str]):  # type: ignore[no-untyped-def]
        raise RuntimeError("embedding failed")

    monkeypatch.setattr(embedder, "embed_documents", broken)
    for rebuild in (False, True):
        with pytest.raises(RuntimeError):
            build_index(settings, rebuild=rebuild)
        assert chunks_by_path(settings) == before
        assert "third" in open_retriever(settings).search("Singapore Alpha ranking", k=1)[0].text


def test_an_unchanged_build_keeps_the_build_time(corpus: Callable[..., Settings]) -> None:
    settings = corpus({"alpha-en.md": ALPHA})
    build_index(settings)
    built_at = open_retriever(settings).status()["built_at"]
    time.sleep(1.1)
    build_index(settings)
    assert open_retriever(settings).status()["built_at"] == built_at
    corpus({"beta-zh.md": BETA})
    time.sleep(1.1)
    build_index(settings)
    assert open_retriever(settings).status()["built_at"] > built_at


def stored_vectors(settings: Settings) -> dict[str, np.ndarray]:
    collection = find_collection(connect(settings), settings.collection)
    assert collection is not None
    page = collection.get(include=["embeddings"])
    return dict(zip(page["ids"], np.asarray(page["embeddings"]), strict=True))


def test_a_large_build_embeds_in_worker_processes_to_the_same_vectors(
    corpus: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(builder, "PARALLEL_MIN_CHUNKS", 1)
    monkeypatch.setattr(builder, "EMBED_BATCH", 1)  # several batches in flight, so their order is checked
    pools: list[int] = []

    def counting(model: str, batches: Iterable[list[str]], workers: int) -> Iterator[np.ndarray]:
        pools.append(workers)
        return embedded_in_workers(model, batches, workers)

    monkeypatch.setattr(builder, "embedded_in_workers", counting)
    parallel = corpus({"alpha.md": ALPHA, "beta.md": BETA}, index_workers=2)
    serial = parallel.model_copy(update={"data_dir": tmp_path / "serial", "index_workers": 1})
    assert build_index(parallel).added == build_index(serial).added > 2
    assert pools == [2]
    by_workers, in_process = stored_vectors(parallel), stored_vectors(serial)
    assert by_workers.keys() == in_process.keys()
    for chunk_id, vector in by_workers.items():
        np.testing.assert_allclose(vector, in_process[chunk_id], atol=1e-6)
