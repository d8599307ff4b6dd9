"""Helpers of the browser tests: the servers, the payloads, asking a question, screenshots."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.agent.scripted_llm import ScriptedLLM
from tests.conftest import ROOT
from tests.server import AppServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = ROOT / "test-artifacts" / "web"
API_KEY = "web-test-key"
LLM_TOOL_CALL = ("city_rank", {"city": "Shanghai", "index": "gfcdi", "edition": "2025"})
LLM_TEXT = "Shanghai ranked 2nd in the 2025 index, with a score of 87.5."
XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "<script>window.__xss=2</script>"
XSS_DOCUMENT = f"""---
id: quokka-bay-sandbox-en
title: 'Quokka Bay sandbox note {XSS_IMG}'
publisher: Test publisher
published: 2025
language: en
source: "test feed {XSS_SCRIPT}"
confidence: high
---

# Quokka Bay regulatory sandbox {XSS_SCRIPT}

## Sandbox rules {XSS_IMG}

The Quokka Bay regulatory sandbox admits fintech firms for a trial period. Its rulebook is quoted as
{XSS_IMG} and {XSS_SCRIPT} in the source text, which must be shown as plain text. The Quokka Bay
sandbox was opened to payment start-ups and lending platforms.
"""


@dataclass
class Servers:
    """The session's servers (see the ``servers`` fixture)."""

    main: AppServer
    xss: AppServer
    keyed: AppServer
    llm: AppServer
    scripted_llm: ScriptedLLM = field(repr=False)


def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot to test-artifacts/web/NAME.png (git-ignored) and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def ask(page: Page, question: str) -> None:
    """Type a question, press Enter, and wait until its answer is complete."""
    finished = page.locator(".turn .answer[aria-busy='false']")
    before = finished.count()
    page.locator("#question").fill(question)
    page.locator("#question").press("Enter")
    finished.nth(before).wait_for()
    expect(page.locator("#send")).to_be_enabled()
