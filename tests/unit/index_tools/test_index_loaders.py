"""Reading files into sections and cutting them into chunks (no embedding involved)."""

from __future__ import annotations

from pathlib import Path

import pytest
from index_samples import ALPHA, BETA, GAMMA_HTML, pdf_bytes

from index_tools.chunking import chunk_document, split_text, weighted_length
from index_tools.loaders import UnreadableFileError, load_document
from index_tools.markdown import parse_sections
from index_tools.text import detect_language, html_to_markdown


def load(tmp_path: Path, name: str, content: str) -> object:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return load_document(path, f"reports/{name}", 1_000_000)


def test_front_matter_becomes_document_metadata(tmp_path: Path) -> None:
    doc = load(tmp_path, "alpha.md", ALPHA)
    assert (doc.document_id, doc.title, doc.publisher, doc.year, doc.language) == (
        "alpha-en",
        "Alpha Fintech Review 2024",
        "Example Institute",
        2024,
        "en",
    )
    assert (doc.source, doc.published, doc.extra) == ("example.org/alpha", "2024-05-01", {"confidence": "high"})
    assert [s.heading for s in doc.sections] == ["Rankings", "Investment"]
    assert doc.sections[0].text == "Singapore ranked third in the 2024 Alpha ranking, behind New York and London."


def test_chinese_soft_wraps_join_without_a_space(tmp_path: Path) -> None:
    doc = load(tmp_path, "beta.md", BETA)
    assert doc.sections[0].text == "杭州的金融科技人才储备在2025年位居全国第二，仅次于北京。"
    assert (doc.language, doc.year) == ("zh", 2025)


def test_headings_lists_and_code_fences() -> None:
    title, sections = parse_sections(
        "Preface line.\n\n# Title\n\n## Part A\n\n- one\n- two\n  continued\n\n"
        "### Detail\n\n```\n# not a heading\n```\n"
    )
    assert title == "Title"
    assert [(s.heading, s.text) for s in sections] == [
        (None, "Preface line."),
        ("Part A", "- one\n- two continued"),
        ("Part A / Detail", "```\n# not a heading\n```"),
    ]


def test_files_without_front_matter_use_their_name_and_detected_language(tmp_path: Path) -> None:
    doc = load(tmp_path, "notes-2021.txt", "上海金融科技企业数量持续增长。")
    assert (doc.document_id, doc.title, doc.language, doc.year, doc.source) == (
        "notes-2021",
        "notes-2021",
        "zh",
        None,
        "reports/notes-2021.txt",
    )
    assert detect_language("GFCI 38 ranks New York first") == "en"


def test_invalid_front_matter_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="invalid YAML front matter"):
        load(tmp_path, "bad.md", "---\ntitle: [unclosed\n---\n\n# T\n\ntext\n")


def test_html_keeps_headings_and_drops_scripts() -> None:
    meta, markdown = html_to_markdown(GAMMA_HTML)
    assert meta == {"title": "Gamma Payments Brief", "publisher": "Gamma Research", "language": "en"}
    assert "## Instant payments" in markdown and "Intro paragraph about payments in Europe." in markdown
    assert "script text" not in markdown


def test_split_text_respects_the_limit_and_sentence_ends() -> None:
    sentences = [f"Sentence number {i} talks about fintech hubs." for i in range(30)]
    pieces = split_text(" ".join(sentences), 200)
    assert len(pieces) > 5 and all(weighted_length(p) <= 200 for p in pieces)
    assert " ".join(pieces) == " ".join(sentences)
    chinese = "上海金融科技发展迅速。" * 40
    pieces = split_text(chinese, 100)
    assert all(weighted_length(p) <= 100 for p in pieces) and "".join(pieces) == chinese
    assert split_text("Short one.\n\nShort two.", 100) == ["Short one.\n\nShort two."]


def test_chunk_ids_are_stable_and_depend_on_path_and_content(tmp_path: Path) -> None:
    doc = load(tmp_path, "alpha.md", ALPHA)
    first = chunk_document(doc, 700)
    assert [c.id for c in first] == [c.id for c in chunk_document(doc, 700)]
    assert first[0].embed_text.startswith("Alpha Fintech Review 2024\nRankings\nSingapore ranked third")
    assert first[0].metadata["section"] == "Rankings" and first[0].metadata["document_id"] == "alpha-en"
    assert "新加坡" in first[0].metadata["aliases"] and "伦敦" in first[0].metadata["aliases"]
    moved = load_document(doc.path, "reports/other.md", 1_000_000)
    assert not {c.id for c in first} & {c.id for c in chunk_document(moved, 700)}
    twice = load(tmp_path, "twice.md", "# T\n\n## A\n\nSame text.\n\n## A\n\nSame text.\n")
    assert len({c.id for c in chunk_document(twice, 700)}) == 2


def test_split_text_never_cuts_a_hard_wrapped_sentence() -> None:
    wrapped = "\n".join(
        f"    {i}. Rule {i} says that the chair may vote\n       only when the members agree." for i in range(1, 30)
    )
    pieces = split_text(wrapped, 300)
    assert len(pieces) > 5
    for piece in pieces:  # each piece starts at a list item and ends at a sentence's end
        assert piece.lstrip()[0].isdigit() and piece.endswith("agree."), piece


def test_a_pdf_line_drawn_twice_is_read_once(tmp_path: Path) -> None:
    doubled = "6.2. 6.2. Best practices for Best practices for debian/controldebian/control"
    path = tmp_path / "chapter.pdf"
    plain = "Bora Bora is an island, and the committee committee met."
    path.write_bytes(pdf_bytes([doubled, plain]))
    pages = [section.text for section in load_document(path, "chapter.pdf", 1_000_000).sections]
    assert pages == ["6.2. Best practices for debian/control", plain]
