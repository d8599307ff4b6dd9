"""The documents panel in a real Chromium against its own real server: upload a PDF with the button and a file
by drag-and-drop, see progress and the list, ask a question that the new PDF's passages serve, and remove it."""

from __future__ import annotations

import base64
import subprocess
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import ROOT, VENV_BIN, isolated_env
from tests.server import AppServer
from tests.web.support import ask, screenshot

pytestmark = pytest.mark.browser

PDF = ROOT / "tests" / "eval" / "documents" / "debian-project-history.pdf"
NOTE = "# Quokka Bay payments note\n\nThe Quokka Bay regulator licensed 14 payment start-ups in 2024.\n"


@pytest.fixture(scope="module")
def library_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """A server over a small index of its own (one note, no bundled report), so uploads touch no other test."""
    root = tmp_path_factory.mktemp("documents-web")
    (root / "corpus" / "reports").mkdir(parents=True)
    (root / "corpus" / "data").symlink_to(ROOT / "corpus" / "data", target_is_directory=True)
    (root / "seed.md").write_text(NOTE, encoding="utf-8")
    env = isolated_env(root / "data", ASSISTANT_CORPUS_DIR=str(root / "corpus"))
    server = AppServer(env, root / "server.log")
    server.launch()
    try:
        build = subprocess.run(
            [str(VENV_BIN / "index-tools"), "build", str(root / "seed.md")],
            env=env, cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        assert build.returncode == 0, build.stderr
        server.wait_ready()
        yield server
    finally:
        server.stop()


def test_upload_a_pdf_then_ask_about_it_then_remove_it(library_server: AppServer, page: Page) -> None:
    page.goto(library_server.url)
    panel = page.locator("#documents")
    expect(panel.locator(".document-title")).to_have_text(["Quokka Bay payments note"])

    page.locator("#document-file").set_input_files(str(PDF))
    expect(page.locator("#upload-status")).to_contain_text("Added “A Brief History of Debian”", timeout=120_000)
    expect(page.locator("#upload-progress")).to_be_hidden()
    row = panel.locator(".document", has_text="A Brief History of Debian")
    expect(row).to_contain_text("debian-project-history.pdf · 27 pages")
    screenshot(page, "documents-uploaded")

    ask(page, "When was the Debian Project officially founded by Ian Murdock?")
    turn = page.locator(".turn").last
    searched = turn.locator(".tool-search_reports")
    expect(searched).to_contain_text("A Brief History of Debian")
    screenshot(page, "documents-answer")

    row.get_by_role("button", name="Remove “A Brief History of Debian”").click()
    expect(panel.locator(".document-title")).to_have_text(["Quokka Bay payments note"])


def test_drop_a_file_on_the_page_and_a_refused_file_says_why(library_server: AppServer, page: Page) -> None:
    page.goto(library_server.url)
    expect(page.locator("#documents .document-title")).to_have_text(["Quokka Bay payments note"])  # loaded
    drop = """([name, type, data]) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type }));
      for (const kind of ["dragenter", "dragover", "drop"]) {
        document.body.dispatchEvent(new DragEvent(kind, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    }"""
    note = "# Lisbon card note\n\nLisbon card payments grew in 2024.\n"
    page.evaluate(drop, ["lisbon.md", "text/markdown", base64.b64encode(note.encode()).decode()])
    expect(page.locator("#upload-status")).to_contain_text("Added “Lisbon card note”")
    row = page.locator("#documents .document", has_text="Lisbon card note")
    expect(row).to_contain_text("lisbon.md")

    page.evaluate(drop, ["deck.pptx", "application/octet-stream", base64.b64encode(b"PK\x03\x04").decode()])
    status = page.locator("#upload-status")
    expect(status).to_contain_text("deck.pptx was not added: deck.pptx: unsupported file type '.pptx'")
    expect(status).to_have_class("upload-status error")
    row.get_by_role("button", name="Remove “Lisbon card note”").click()
    expect(row).to_have_count(0)
