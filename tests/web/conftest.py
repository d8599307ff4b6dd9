"""Real uvicorn servers on 127.0.0.1 and a real headless Chromium (Debian's, driven by Playwright).

Four servers start together, once per session, so their model loading overlaps:
``main`` (the bundled corpus, offline analyst), ``xss`` (a small index of one document carrying HTML
and script payloads), ``keyed`` (no index, API keys required) and ``llm`` (LLM mode against a scripted
OpenAI-compatible server on loopback, whose answer carries a number the reports do not support).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.agent.scripted_llm import ScriptedLLM
from tests.conftest import ROOT, VENV_BIN, isolated_env
from tests.server import AppServer
from tests.web.support import (
    API_KEY,
    CHROMIUM,
    CHROMIUM_ARGS,
    LLM_TEXT,
    LLM_TOOL_CALL,
    XSS_DOCUMENT,
    Servers,
)


@pytest.fixture(scope="session")
def servers(indexed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """The four servers, started together; the xss index is built while the others load their models."""
    root = tmp_path_factory.mktemp("web")
    shared_index = str(indexed_data_dir / "chroma")
    scripted = ScriptedLLM([LLM_TOOL_CALL, LLM_TEXT])
    llm_env = {"ASSISTANT_LLM": "openai:scripted-model", "ASSISTANT_LLM_BASE_URL": scripted.base_url,
               "ASSISTANT_LLM_API_KEY": "test"}  # fmt: skip
    unlimited = {"ASSISTANT_RATE_LIMIT_PER_MINUTE": "0"}  # every page in the suite comes from one IP

    def env(name: str, **extra: str) -> dict[str, str]:
        return isolated_env(root / name, **unlimited, **extra)

    running = Servers(
        main=AppServer(env("main", ASSISTANT_CHROMA_PATH=shared_index), root / "main.log"),
        xss=AppServer(env("xss", ASSISTANT_CORPUS_DIR=str(root / "corpus")), root / "xss.log"),
        keyed=AppServer(env("keyed", ASSISTANT_API_KEYS=API_KEY), root / "keyed.log"),
        llm=AppServer(env("llm", ASSISTANT_CHROMA_PATH=shared_index, **llm_env), root / "llm.log"),
        scripted_llm=scripted,
    )
    try:
        for server in (running.main, running.keyed, running.llm):
            server.launch()
        # A small index: no bundled report, only the payload document (the tables stay the project's).
        (root / "corpus" / "reports").mkdir(parents=True)
        (root / "corpus" / "data").symlink_to(ROOT / "corpus" / "data", target_is_directory=True)
        extra = root / "extra"
        extra.mkdir()
        (extra / "quokka-bay-sandbox-en.md").write_text(XSS_DOCUMENT, encoding="utf-8")
        build = subprocess.run(
            [str(VENV_BIN / "index-tools"), "build", str(extra)],
            env=running.xss.env, cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        assert build.returncode == 0, build.stderr
        running.xss.launch()
        running.keyed.wait_ready(503)
        for server in (running.main, running.llm, running.xss):
            server.wait_ready()
        yield running
    finally:
        for server in (running.main, running.xss, running.keyed, running.llm):
            server.stop()
        scripted.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium (scripts/test.sh does this)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (own storage) at a desktop size; fails the test on any uncaught page error.

    Reduced motion turns the sidebar's slide off, so screenshots never catch it halfway.
    """
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, accept_downloads=True, reduced_motion="reduce"
    )
    context.set_default_timeout(30_000)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == [], errors
