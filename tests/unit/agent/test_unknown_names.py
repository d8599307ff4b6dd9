"""Names the bundled reports never mention send a question to the library's passages, not to the tables."""

from __future__ import annotations

import pytest

from assistant.agent.questions import detect_ask
from assistant.agent.reading.detectors import read_fields
from assistant.agent.reading.unknown import unknown_names


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("How much fintech investment did the Vestmark region get in 2025?", ["Vestmark"]),
        ("What about Arkholm?", ["Arkholm"]),
        ("Where does Singapore rank in GFCI 38?", []),  # a city of the tables
        ("Show me where Hong Kogn sits in GFCI 38", []),  # a misspelt city
        ("Top cities of the Fintech Centre Developmnt Index, please", []),  # a misspelt word
        ("Where does Hangzhou sit in the Zhejiang Univ ranking?", []),  # a shortened word
        ("Arkholm: how many deals?", []),  # a sentence's first word may be any word
        ("在亚洲办的第一场 HackWeek 在哪个城市？", ["HackWeek"]),  # a name written in camel case
        ("What was the YoY change of KPMG's figure?", []),  # an abbreviation in camel case is no name
    ],
)
def test_unknown_names(question: str, unknown: list[str]) -> None:
    assert unknown_names(question) == unknown


def test_a_table_question_about_an_unknown_place_asks_the_passages() -> None:
    question = "How much fintech investment did the Vestmark region get in H1 2025?"
    assert detect_ask(question, read_fields(question), None) == "passage"
    known = "How much fintech investment was there globally in H1 2025?"
    assert detect_ask(known, read_fields(known), None) == "value"
