"""Formatting for Slack: mrkdwn, the ranking table, sources, and Slack's size limits."""

from __future__ import annotations

from assistant.answer import Answer, Citation, ToolCall
from assistant.slack.blocks import MESSAGE_BLOCKS, MESSAGE_CHARS, SECTION_CHARS, answer_messages, chunks
from assistant.slack.mrkdwn import question_from, to_mrkdwn

GFCI_38_TOP = [  # GFCI 38 overall, as corpus/data holds it
    {"city": "New York", "rank": 1, "score": 766.0},
    {"city": "London", "rank": 2, "score": 765.0},
    {"city": "Hong Kong", "rank": 3, "score": 764.0},
]


def _answer(text: str, language: str = "en", **extra: object) -> Answer:
    return Answer(conversation_id="c", answer=text, language=language, grounded=True, **extra)


def _sections(message: dict) -> list[str]:
    return [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]


def test_question_from_removes_the_mention_and_slack_markup() -> None:
    text = "<@UBOT> how does <@U2|alice>'s city in <#C1|general> rank? see <https://x.example/a?b=1&amp;c=2|this> &lt;3"
    assert question_from(text, "UBOT") == "how does @alice's city in #general rank? see this <3"
    assert question_from("<@UBOT>", "UBOT") == ""
    assert question_from("<!here> 香港排名", None) == "@here 香港排名"


def test_to_mrkdwn_escapes_and_converts_markdown() -> None:
    markdown = "## Top\n**Hong Kong** ranks 1st & London < 3 [report](https://example.org/r)"
    assert to_mrkdwn(markdown) == "*Top*\n*Hong Kong* ranks 1st &amp; London &lt; 3 <https://example.org/r|report>"


def test_ranking_table_and_numbered_sources() -> None:
    citation = Citation(
        number=1, document_id="gfci", title="GFCI overall ratings", source="wikimili", section="GFCI 38", snippet="."
    )
    call = ToolCall(name="ranking", arguments={}, result={"rows": [*GFCI_38_TOP, {"city": "Seoul", "tier": 2}]})
    [message] = answer_messages(_answer("1st New York [1]", tool_calls=[call], citations=[citation]))
    sections = _sections(message)
    assert sections[0] == "1st New York [1]"
    assert sections[1].splitlines() == [
        "```", "Rank    City       Rating", "1       New York   766", "2       London     765",
        "3       Hong Kong  764", "tier 2  Seoul      —", "```",
    ]  # fmt: skip
    assert sections[2] == "*Sources*\n[1] *GFCI overall ratings* — GFCI 38\n      _wikimili_"
    assert message["blocks"][-1]["elements"][0]["text"] == "Answered by: offline"


def test_chinese_table_aligns_wide_characters() -> None:
    call = ToolCall(name="ranking", arguments={}, result={"rows": GFCI_38_TOP})
    [message] = answer_messages(_answer("纽约第1名", language="zh", tool_calls=[call]))
    lines = _sections(message)[1].splitlines()[1:-1]
    assert lines[0].startswith("名次  城市")
    widths = {line.index("76") + sum(1 for ch in line[: line.index("76")] if ord(ch) > 0x2E80) for line in lines[1:]}
    assert len(widths) == 1  # the ratings start in one column, counting a CJK character as two


def test_unchecked_numbers_are_shown() -> None:
    [message] = answer_messages(_answer("About 42 centres.", flagged_numbers=["42"]))
    assert any("42" in b["elements"][0]["text"] for b in message["blocks"] if b["type"] == "context")


def test_a_long_answer_is_split_within_slack_limits() -> None:
    paragraphs = [f"Paragraph {n}: " + "fintech & centres " * 40 for n in range(200)]
    citations = [
        Citation(number=n, document_id="d", title=f"Report {n}", source="s" * 200, section="x", snippet=".")
        for n in range(1, 60)
    ]
    messages = answer_messages(_answer("\n\n".join(paragraphs), citations=citations))
    assert len(messages) > 1
    for message in messages:
        assert len(message["blocks"]) <= MESSAGE_BLOCKS
        assert len(message["text"]) <= MESSAGE_CHARS
        assert all(len(text) <= SECTION_CHARS for text in _sections(message))
    shown = "\n".join("\n".join(_sections(m)) for m in messages)
    assert shown.split("*Sources*")[0].split() == to_mrkdwn("\n\n".join(paragraphs)).split()
    assert all(f"*Report {n}*" in shown for n in range(1, 60))


def test_chunks_prefer_paragraph_then_line_then_word_breaks() -> None:
    assert chunks("aaaa bbbb\ncccc\n\ndddd", 16) == ["aaaa bbbb\ncccc", "dddd"]
    assert chunks("aaaa bbbb cccc", 10) == ["aaaa bbbb", "cccc"]
    assert chunks("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
