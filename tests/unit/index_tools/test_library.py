"""The document library: added files survive plain builds, changes are re-indexed, vanished originals are kept,
`list` and `remove` work, titles and pages come from the documents, and the exit codes of `index-tools build`."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from index_samples import ALPHA, pdf_bytes

from assistant.config import Settings, get_settings
from assistant.retrieval import open_retriever
from assistant.retrieval.store import connect, find_collection, iter_records
from index_tools.builder import build_index
from index_tools.chunking import chunk_document, is_contents
from index_tools.cli import main
from index_tools.documents import list_documents, remove_document
from index_tools.loaders import load_document
from index_tools.progress import Progress

DOCUMENTS = Path(__file__).resolve().parents[2] / "eval" / "documents"


def metas(settings: Settings) -> list[dict]:
    collection = find_collection(connect(settings), settings.collection)
    assert collection is not None
    return [meta for _, _, meta in iter_records(collection, ["metadatas"])]


def test_titles_come_from_metadata_then_the_large_line_then_the_name(tmp_path: Path) -> None:
    with_metadata = load_document(DOCUMENTS / "debian-project-history.pdf", "k", 10**8)
    assert with_metadata.title == "A Brief History of Debian" and with_metadata.pages == 27
    cover_line = load_document(DOCUMENTS / "fhs-3.0.pdf", "k", 10**8)  # no metadata title
    assert cover_line.title == "Filesystem Hierarchy Standard" and cover_line.pages == 50
    chinese = load_document(DOCUMENTS / "maint-guide-zh-cn-ch1-2.pdf", "k", 10**8)
    assert chinese.title == "Debian 新维护者手册" and chinese.language == "zh"
    assert load_document(DOCUMENTS / "debian-faq-basic-defs.html", "k", 10**8).title == (
        "Chapter 1. Definitions and overview"
    )
    h1_only = tmp_path / "page.html"
    h1_only.write_text("<html><body><h1>Press release</h1><p>Text.</p></body></html>", encoding="utf-8")
    assert load_document(h1_only, "k", 10**8).title == "Press release"
    markdown = tmp_path / "note.md"
    markdown.write_text("# Broker note\n\nBody text.\n", encoding="utf-8")
    assert load_document(markdown, "k", 10**8).title == "Broker note"
    bare = tmp_path / "plain-notes.txt"
    bare.write_text("no title line here, just text that goes on\nand on\n", encoding="utf-8")
    assert load_document(bare, "k", 10**8).title == "plain-notes"


def test_added_files_survive_a_plain_build_and_keep_pages_and_names(
    corpus: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = corpus({"alpha-en.md": ALPHA})
    outside = tmp_path / "inbox"
    outside.mkdir()
    shutil.copy(DOCUMENTS / "debian-project-history.pdf", outside / "history.pdf")
    first = build_index(settings, [outside / "history.pdf"])
    assert first.files == 2 and not first.failed

    again = build_index(settings)  # plain build: nothing is dropped
    assert again.removed == 0 and again.added == 0 and again.files == 2
    pdf_chunks = [m for m in metas(settings) if m["document_id"] == "history"]
    assert pdf_chunks and {m["source"] for m in pdf_chunks} == {"history.pdf"}
    assert all(str(tmp_path) not in json.dumps(m) for m in pdf_chunks)
    assert {m["title"] for m in pdf_chunks} == {"A Brief History of Debian"}
    assert max(m["page"] for m in pdf_chunks) == 27

    hit = open_retriever(settings).search("Who founded the Debian Project on August 16th, 1993?", k=3)[0]
    assert hit.document_id == "history" and hit.page is not None and hit.source == "history.pdf"

    listed = {d.id: d for d in list_documents(settings)}
    assert listed["history"].pages == 27 and listed["history"].file_name == "history.pdf"
    assert listed["history"].chunks == len(pdf_chunks) and listed["history"].added
    assert listed["alpha-en"].origin == "bundled"


def test_a_changed_original_is_reindexed_and_a_vanished_one_kept(
    corpus: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = corpus({"alpha-en.md": ALPHA})
    note = tmp_path / "note.md"
    note.write_text("# Broker note\n\n## Outlook\n\nLisbon payments volumes grew 12% in 2024.\n", encoding="utf-8")
    build_index(settings, [note])
    note.write_text("# Broker note\n\n## Outlook\n\nLisbon payments volumes grew 15% in 2024.\n", encoding="utf-8")
    changed = build_index(settings)
    assert changed.added >= 1 and changed.removed >= 1
    texts = [
        text
        for _, text, meta in iter_records(
            find_collection(connect(settings), settings.collection), ["documents", "metadatas"]
        )
        if meta["document_id"] == "note"
    ]
    assert texts and all("15%" in text for text in texts)

    note.unlink()
    kept = build_index(settings)
    assert kept.removed == 0 and kept.files == 2
    (entry,) = [d for d in list_documents(settings) if d.id == "note"]
    assert entry.status == "original missing (indexed copy kept)"


def test_a_folder_is_remembered_and_its_new_files_added(corpus: Callable[..., Settings], tmp_path: Path) -> None:
    settings = corpus({"alpha-en.md": ALPHA})
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "one.md").write_text("# One\n\nFirst note about Oslo.\n", encoding="utf-8")
    (folder / "slides.pptx").write_bytes(b"PK\x03\x04")
    report = build_index(settings, [folder])
    assert report.files == 2 and not report.failed
    assert ("unsupported file type '.pptx'") in dict(report.skipped).values()
    (folder / "two.md").write_text("# Two\n\nSecond note about Bergen.\n", encoding="utf-8")
    assert build_index(settings).files == 3


def test_remove_by_id_path_or_name(corpus: Callable[..., Settings], tmp_path: Path) -> None:
    settings = corpus({"alpha-en.md": ALPHA})
    one, two = tmp_path / "one.md", tmp_path / "two.md"
    one.write_text("# One\n\nOslo fintech note.\n", encoding="utf-8")
    two.write_text("# Two\n\nBergen fintech note.\n", encoding="utf-8")
    build_index(settings, [one, two])
    assert remove_document(settings, str(one)).id == "one"
    assert remove_document(settings, "two").id == "two"
    assert {m["document_id"] for m in metas(settings)} == {"alpha-en"}
    assert build_index(settings).files == 1  # removed documents stay removed
    assert open_retriever(settings).status()["documents"] == 1


def test_progress_lines_when_not_on_a_terminal(corpus: Callable[..., Settings], tmp_path: Path) -> None:
    import io

    settings = corpus({"alpha-en.md": ALPHA})
    stream = io.StringIO()
    progress = Progress(stream, tty=False, interval=0.0)
    build_index(settings, [DOCUMENTS / "debian-faq-basic-defs.html"], progress=progress)
    lines = stream.getvalue().splitlines()
    assert lines and lines[-1].startswith("progress: 2/2 files read, ")
    assert lines[-1].split(", ")[1].split("/")[0] == lines[-1].split("/")[2].split(" ")[0]  # all chunks embedded


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    reports = tmp_path / "corpus" / "reports"
    reports.mkdir(parents=True)
    (reports / "alpha-en.md").write_text(ALPHA, encoding="utf-8")
    (reports / "stray.pptx").write_bytes(b"PK\x03\x04")  # an unsupported bundled file does not fail the build
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(tmp_path / "corpus"))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_build_exit_codes_list_and_remove(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build"]) == 0
    capsys.readouterr()

    broken = cli_env / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    slides = cli_env / "deck.pptx"
    slides.write_bytes(b"PK\x03\x04")
    assert main(["build", str(broken)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("Indexed 1 files, ") and "broken.pdf: not a readable PDF" in err
    assert main(["build", str(slides), str(cli_env / "missing.md")]) == 1
    err = capsys.readouterr().err
    assert "deck.pptx: unsupported file type" in err and "missing.md: no such file or directory" in err

    folder = cli_env / "folder"
    folder.mkdir()
    (folder / "deck.pptx").write_bytes(b"PK\x03\x04")
    (folder / "pages.pdf").write_bytes(pdf_bytes(["Quarterly note on Zurich", "Second page on Geneva"]))
    assert main(["build", str(folder)]) == 0
    assert "deck.pptx: unsupported file type" in capsys.readouterr().err

    assert main(["list"]) == 0
    listing = capsys.readouterr().out
    assert listing.splitlines()[0].split() == ["ID", "TITLE", "PAGES", "CHUNKS", "ADDED", "FILE", "STATUS"]
    row = next(line for line in listing.splitlines() if line.startswith("pages "))
    assert "Quarterly note on Zurich" in row and " 2 " in row and "pages.pdf" in row and row.endswith("ok")
    assert "broken" not in listing  # an unreadable file is not kept

    assert main(["remove", "pages"]) == 0
    assert "Removed pages (pages.pdf" in capsys.readouterr().out
    assert main(["remove", "alpha-en"]) == 2
    assert "bundled report" in capsys.readouterr().err


def test_tables_of_contents_are_not_indexed() -> None:
    pdf = load_document(DOCUMENTS / "fhs-3.0.pdf", "k", 10**8)
    chunks = chunk_document(pdf, 700)
    assert not any(". . . . ." in c.text or "........" in c.text for c in chunks)
    assert {c.metadata["page"] for c in chunks} >= set(range(8, 51))  # every content page is kept
    html = load_document(DOCUMENTS / "debian-faq-ftparchives.html", "k", 10**8)
    assert not any(c.text.startswith("Table of Contents") for c in chunk_document(html, 700))
    assert is_contents("目录\n\n2.1. Debian 的最新版本是哪个？\n\n2.2. 在“稳定版”中会有软件包的升级吗？")
    assert not is_contents("Contents\n\nThe archive holds the packages. It is mirrored.\nEach mirror syncs daily.")
