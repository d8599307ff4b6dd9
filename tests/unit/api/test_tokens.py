"""The documented token count behind OpenAI's ``usage``."""

from __future__ import annotations

import pytest

from assistant.api.tokens import count_tokens, usage


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("", 0),
        ("Be brief.", 3),  # two words and a full stop
        ("GDP grew 3.5%", 6),  # GDP, grew, 3, ., 5, %
        ("上海排名第2。", 7),  # five CJK characters, a digit, a full stop
        ("Shanghai 第2名", 4),
    ],
)
def test_count_tokens(text: str, tokens: int) -> None:
    assert count_tokens(text) == tokens


def test_usage_adds_up() -> None:
    counted = usage(["Be brief.", "Who is first?"], "New York.")
    assert (counted.prompt_tokens, counted.completion_tokens, counted.total_tokens) == (7, 3, 10)
