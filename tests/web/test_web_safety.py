"""Untrusted text stays text (questions and indexed documents); API keys; ungrounded LLM answers are flagged."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.web.support import API_KEY, LLM_TEXT, XSS_IMG, XSS_SCRIPT, Servers, ask, screenshot

pytestmark = pytest.mark.browser

INJECTED = "document.querySelectorAll('body img, #messages script, #sidebar script, body iframe').length"


def assert_inert(page: Page) -> None:
    """No payload ran and no element was made from it."""
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.evaluate(INJECTED) == 0


def test_html_in_a_question_is_shown_as_text(servers: Servers, page: Page) -> None:
    question = f"{XSS_IMG}{XSS_SCRIPT} Who ranks first in the GFCI 38 FinTech ranking?"
    page.goto(servers.main.url)
    ask(page, question)
    expect(page.locator(".turn .question-text")).to_have_text(question)
    expect(page.locator(".conversation-title").first).to_have_text(question[:79].rstrip() + "…")  # derived title
    page.reload()  # and again when the stored conversation is drawn from the API
    expect(page.locator(".turn .question-text")).to_have_text(question)
    assert_inert(page)


def test_html_in_a_cited_document_is_shown_as_text(servers: Servers, page: Page) -> None:
    page.goto(servers.xss.url)
    ask(page, "What are the rules of the Quokka Bay regulatory sandbox?")
    cite = page.locator(".answer-text .cite").first
    expect(cite).to_have_attribute("aria-label", f"Source 1: Quokka Bay sandbox note {XSS_IMG}")
    cite.click()
    passage = page.locator(".passage").first
    expect(passage.locator(".passage-title")).to_have_text(f"Quokka Bay sandbox note {XSS_IMG}")
    expect(passage.locator(".passage-section")).to_have_text(f"Sandbox rules {XSS_IMG}")
    expect(passage.locator(".passage-source")).to_have_text(f"test feed {XSS_SCRIPT}")
    expect(passage.locator(".passage-snippet")).to_contain_text(f"quoted as {XSS_IMG} and {XSS_SCRIPT} in the source")
    page.locator(".tool-search_reports summary").first.click()  # the search hits table holds the title too
    expect(page.locator(".tool-search_reports tbody td").first).to_have_text(f"Quokka Bay sandbox note {XSS_IMG}")
    assert_inert(page)
    screenshot(page, "xss-document")


def test_api_key_is_asked_for_stored_and_sent(servers: Servers, page: Page) -> None:
    sent: list[str | None] = []
    page.on("request", lambda r: sent.append(r.headers.get("authorization")) if "/v1/conversations" in r.url else None)
    page.goto(servers.keyed.url)
    dialog = page.locator("#key-dialog")
    expect(dialog).to_be_visible()
    expect(page.locator("#key-reason")).to_contain_text("needs an API key")
    page.locator("#api-key").fill("wrong-key")
    page.locator("#api-key").press("Enter")
    expect(dialog).to_be_visible()  # refused: asked again
    page.locator("#api-key").fill(API_KEY)
    page.locator("#key-form button[value='save']").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#conversation-empty")).to_be_visible()  # the list loaded
    assert page.evaluate("localStorage.getItem('fintech-assistant.api-key')") == API_KEY
    assert sent == [None, "Bearer wrong-key", f"Bearer {API_KEY}"]

    page.reload()  # the stored key is sent at once: no prompt
    expect(page.locator("#conversation-empty")).to_be_visible()
    expect(dialog).to_be_hidden()
    assert sent[-1] == f"Bearer {API_KEY}"
    with page.expect_download() as download:
        page.locator("#export-feedback").click()  # the export link sends the key too
    assert download.value.path().read_text(encoding="utf-8").startswith("conversation_id,turn_index,rating")


LLM_QUESTION = "How does Shanghai rank in the 2025 Global Fintech Center Development Index?"


def test_ungrounded_llm_answer_shows_a_warning_and_the_engine(servers: Servers, page: Page) -> None:
    page.goto(servers.llm.url)
    ask(page, LLM_QUESTION)
    answer = page.locator(".turn .answer")
    expect(answer.locator(".engine")).to_have_text("LLM: openai:scripted-model")
    warning = answer.locator(".warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("87.5")
    expect(answer.locator(".answer-text")).to_contain_text(LLM_TEXT.split(", with")[0])
    expect(answer.locator(".tool-city_rank tbody tr").first).to_contain_text("Global Fintech Center Development Index")
    screenshot(page, "ungrounded-llm")


def test_failed_llm_shows_the_offline_fallback(servers: Servers, page: Page) -> None:
    page.goto(servers.llm.url)
    servers.scripted_llm.fail = True  # the scripted server answers HTTP 500
    try:
        ask(page, LLM_QUESTION)
    finally:
        servers.scripted_llm.fail = False
    answer = page.locator(".turn .answer")
    expect(answer.locator(".engine")).to_have_text("Offline analyst (fallback: the LLM failed)")
    expect(answer.locator(".warning")).to_have_count(0)
    expect(answer.locator(".answer-text")).to_contain_text("2nd")
