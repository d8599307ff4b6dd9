"""The chat page in a real Chromium against the real server: streaming, citations, tables, charts, conversations."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.web.support import Servers, ask, screenshot

pytestmark = pytest.mark.browser

RANKING_QUESTION = "Who ranks first in the GFCI 38 FinTech ranking?"
FORECAST_QUESTION = "Forecast global fintech investment (KPMG) for 2025-H2"
CHINESE_QUESTION = "2025年全球金融科技中心发展指数排名第二的是哪个城市？"

RECORD_PIECES = """() => {
  window.__pieces = [];
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) {
      if (node.nodeType === Node.TEXT_NODE && node.parentElement.classList.contains("streaming")) {
        window.__pieces.push(node.data);
      }
    }
  }).observe(document.getElementById("messages"), { childList: true, subtree: true });
}"""


def conversation_id(page: Page) -> str:
    return parse_qs(urlparse(page.url).fragment)["c"][0]


def shown(value: float) -> str:
    """A number as the page shows it: 2 decimals at most, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def stored_turns(servers: Servers, cid: str) -> list[dict]:
    response = httpx.get(f"{servers.main.url}/v1/conversations/{cid}", timeout=10)
    response.raise_for_status()
    return response.json()["turns"]


def test_streamed_answer_ranking_table_and_citation(servers: Servers, page: Page) -> None:
    page.goto(servers.main.url)
    page.evaluate(RECORD_PIECES)
    ask(page, RANKING_QUESTION)

    answer = stored_turns(servers, conversation_id(page))[0]["answer"]
    shown = page.locator(".turn .answer-text").first
    assert shown.text_content() == answer["answer"]
    pieces = page.evaluate("window.__pieces")
    assert len(pieces) > 5 and "".join(pieces) == answer["answer"]  # the delta events, one text node each
    expect(page.locator(".turn .engine")).to_have_text("Offline analyst")

    rows = page.locator(".tool-ranking tbody tr")
    expect(rows.first.locator("td")).to_have_text(["1", "—", "Hong Kong", "not published"])
    assert rows.count() == len(answer["tool_calls"][0]["result"]["rows"])
    expect(page.locator(".tool-ranking thead th")).to_have_text(["Rank", "Tier", "City", "Score"])

    citation = answer["citations"][0]
    passage = page.locator(".passage").first
    expect(passage).to_be_hidden()
    page.locator(".answer-text .cite").first.click()
    expect(passage).to_be_visible()
    expect(passage.locator(".passage-title")).to_have_text(citation["title"])
    expect(passage.locator(".passage-section")).to_have_text(citation["section"])
    expect(passage.locator(".passage-source")).to_have_text(citation["source"])
    expect(passage.locator(".passage-snippet")).to_have_text(citation["snippet"])
    expect(page.locator(".answer-text .cite").first).to_have_attribute("aria-expanded", "true")
    screenshot(page, "ranking-citation")


def test_forecast_chart_shows_interval_and_method(servers: Servers, page: Page) -> None:
    page.goto(servers.main.url)
    ask(page, FORECAST_QUESTION)
    chart = page.locator(".turn .chart")
    expect(chart.locator("figcaption")).to_contain_text("KPMG")
    svg = chart.locator("svg")
    expect(svg).to_be_visible()
    forecast = stored_turns(servers, conversation_id(page))[0]["answer"]["chart"]["series"][0]["points"][-1]
    assert forecast["forecast"] and forecast["lower"] < forecast["y"] < forecast["upper"]
    interval = svg.locator(".interval")
    expect(interval).to_have_count(1)
    box = interval.locator(".interval-band").bounding_box()
    assert box is not None and box["height"] > 20  # drawn from lower to upper, not a dot
    expect(svg.locator(".interval-label")).to_have_text([shown(forecast["upper"]), shown(forecast["lower"])])
    expect(svg.locator(".forecast-point")).to_have_count(1)
    expect(svg.locator(".x-labels text").last).to_have_text("2025-H2")
    expect(chart.locator(".chart-note")).to_be_visible()
    expect(chart.locator(".chart-note")).to_contain_text("Linear trend")
    expect(page.locator(".tool-forecast tbody tr").last).to_contain_text("prediction interval")
    chart.scroll_into_view_if_needed()
    screenshot(page, "forecast-chart")


def test_rank_chart_puts_first_place_on_top(servers: Servers, page: Page) -> None:
    page.goto(servers.main.url)
    ask(page, "How has Shenzhen ranked in the GFCI FinTech ranking over time?")
    svg = page.locator(".turn .chart svg")
    expect(svg).to_have_class("rank-chart")
    ticks = svg.locator(".grid text")
    first, last = ticks.first.bounding_box(), ticks.last.bounding_box()
    assert ticks.first.text_content() == "1" and first is not None and last is not None
    assert first["y"] < last["y"]  # rank 1 at the top: the axis is inverted
    expect(page.locator(".tool-rank_history tbody tr").first.locator("td").nth(1)).to_have_text("ranked")


TOOL_QUESTIONS = [
    ("Compare Shanghai and London in the GFCI 38 FinTech ranking", "compare", "entries",
     ["City", "Status", "Rank", "Tier", "Score", "Places behind best"]),
    ("Which cities moved the most between GFCI 37 and GFCI 38 in the FinTech ranking?", "movers", None,
     ["City", "Movement", "From", "To", "Change"]),
    ("How many global fintech deals did KPMG count?", "metric", "rows",
     ["Geography", "Period", "Value", "Unit", "Kind", "Source"]),
    ("Where does Singapore rank in every index?", "city_rank", "rows", ["Index", "Edition", "Rank", "Tier", "Score"]),
]  # fmt: skip


def test_every_analytics_result_is_a_table(servers: Servers, page: Page) -> None:
    page.goto(servers.main.url)
    for question, tool, key, headers in TOOL_QUESTIONS:
        ask(page, question)
        calls = stored_turns(servers, conversation_id(page))[-1]["answer"]["tool_calls"]
        result = next(call["result"] for call in calls if call["name"] == tool)
        expected = len(result[key]) if key else len(result["rises"] + result["falls"] + result["unchanged"])
        block = page.locator(f".turn >> nth=-1 >> .tool-{tool}")
        expect(block.locator("thead th")).to_have_text(headers)
        expect(block.locator("tbody tr")).to_have_count(expected)
        if tool == "metric":  # a bar chart, one bar per point of the answer's chart series
            stored = stored_turns(servers, conversation_id(page))[-1]["answer"]["chart"]
            bars = page.locator(".turn >> nth=-1 >> .chart svg .bar")
            expect(bars).to_have_count(len(stored["series"][0]["points"]))
            assert {point["x"] for point in stored["series"][0]["points"]} == {"2024-H1", "2024-H2", "2025-H1"}
        if tool == "movers":
            top = result["rises"][0]
            cells = [top["city"], "rise", str(top["from_rank"]), str(top["to_rank"]), f"+{top['change']}"]
            expect(block.locator("tbody tr").first.locator("td")).to_have_text(cells)
    expect(page.locator(".raw-result")).to_have_count(0)  # no result fell back to raw JSON


def test_follow_up_reload_rename_and_delete(servers: Servers, page: Page) -> None:
    page.goto(servers.main.url)
    question = page.locator("#question")
    question.type("first line")
    question.press("Shift+Enter")
    question.type("second line")
    assert question.input_value() == "first line\nsecond line"
    expect(page.locator(".turn")).to_have_count(0)  # Shift+Enter did not send

    ask(page, RANKING_QUESTION)
    ask(page, "What about GFCI 37?")
    cid = conversation_id(page)
    expect(page.locator(".turn")).to_have_count(2)
    expect(page.locator(".turn").nth(1).locator(".tool-ranking .tool-args")).to_contain_text("GFCI 37")
    assert [turn["question"] for turn in stored_turns(servers, cid)] == [RANKING_QUESTION, "What about GFCI 37?"]

    page.goto(servers.main.url)  # a fresh load without the conversation in the address
    expect(page.locator(".turn")).to_have_count(0)
    item = page.locator(f".conversation[data-id='{cid}']")
    expect(item.locator(".conversation-title")).to_have_text(RANKING_QUESTION)
    expect(item.locator(".conversation-count")).to_have_text("2 turns")
    item.locator(".conversation-open").click()
    expect(page.locator(".turn .question-text")).to_have_text([RANKING_QUESTION, "What about GFCI 37?"])
    expect(page.locator(".turn").nth(1).locator(".tool-ranking tbody tr").first).to_contain_text("1")
    page.reload()
    expect(page.locator(".turn")).to_have_count(2)  # the address keeps the open conversation

    item.locator(".conversation-rename").click()
    rename = item.locator(".rename-input")
    expect(rename).to_be_focused()
    rename.fill("GFCI FinTech 排名")
    rename.press("Enter")
    expect(item.locator(".conversation-title")).to_have_text("GFCI FinTech 排名")
    assert httpx.get(f"{servers.main.url}/v1/conversations/{cid}").json()["title"] == "GFCI FinTech 排名"
    screenshot(page, "conversation-renamed")

    item.locator(".conversation-delete").click()
    item.locator(".confirm-delete").click()
    expect(item).to_have_count(0)
    expect(page.locator(".turn")).to_have_count(0)
    expect(page.locator("#welcome")).to_be_visible()
    assert httpx.get(f"{servers.main.url}/v1/conversations/{cid}").status_code == 404


def test_copy_and_thumbs_down_with_comment_reach_the_csv_export(servers: Servers, page: Page) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=servers.main.url)
    page.goto(servers.main.url)
    ask(page, RANKING_QUESTION)
    cid = conversation_id(page)
    answer_text = page.locator(".turn .answer-text").text_content() or ""

    page.locator(".turn .copy").click()
    expect(page.locator(".turn .action-status")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(answer_text) and "Sources:" in copied

    comment = f"Missing the overall GFCI score, 缺少来源 {cid[:6]}"
    page.locator(".turn .thumb-down").click()
    expect(page.locator(".turn .thumb-down")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".turn .action-status")).to_have_text("Thanks, your rating was saved.")
    page.locator(".turn .feedback-form textarea").fill(comment)
    page.locator(".turn .feedback-form button").click()
    expect(page.locator(".turn .action-status")).to_have_text("Comment saved.")

    with page.expect_download() as download:
        page.locator("#export-feedback").click()
    assert download.value.suggested_filename == "feedback.csv"
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    mine = [row for row in rows if row["conversation_id"] == cid]
    assert len(mine) == 1 and mine[0]["rating"] == "down" and mine[0]["comment"] == comment
    assert mine[0]["turn_index"] == "0" and mine[0]["question"] == RANKING_QUESTION


def test_chinese_question_gets_chinese_answer_and_labels(servers: Servers, page: Page) -> None:
    page.goto(servers.main.url)
    ask(page, CHINESE_QUESTION)
    answer = page.locator(".turn .answer")
    expect(answer).to_have_attribute("lang", "zh-CN")
    expect(answer.locator(".answer-text")).to_contain_text("排名第2的是上海")
    expect(answer.locator(".engine")).to_have_text("离线分析引擎")
    expect(answer.locator(".tool-ranking thead th")).to_have_text(["名次", "梯队", "城市", "分数"])
    expect(answer.locator(".tool-ranking tbody tr").nth(4).locator("td").first).to_have_text("未公布")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("#send")).to_have_text("发送")
    expect(page.locator("#new-conversation")).to_have_text("新对话")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "WenQuanYi Micro Hei" in font and "Noto Sans CJK SC" in font
    screenshot(page, "chinese")


def test_narrow_screen_has_no_horizontal_scroll(servers: Servers, page: Page) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(servers.main.url)
    expect(page.locator("#sidebar")).to_be_hidden()
    ask(page, FORECAST_QUESTION)
    ask(page, RANKING_QUESTION)
    overflow = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    scroll_width, client_width = page.evaluate(overflow)
    assert scroll_width <= client_width == 375
    # The page itself does not scroll either: only the message list does, so the header stays in view.
    assert page.evaluate("document.documentElement.scrollHeight <= document.documentElement.clientHeight")
    expect(page.locator("#toggle-sidebar")).to_be_in_viewport()
    chart = page.locator(".turn .chart")
    chart.scroll_into_view_if_needed()
    assert (chart.locator("svg").bounding_box() or {})["width"] <= 375
    screenshot(page, "narrow-answer")
    page.locator("#toggle-sidebar").click()
    expect(page.locator("#sidebar")).to_be_visible()
    expect(page.locator("#toggle-sidebar")).to_have_attribute("aria-expanded", "true")
    scroll_width, client_width = page.evaluate(overflow)
    assert scroll_width <= client_width
    screenshot(page, "narrow-sidebar")
