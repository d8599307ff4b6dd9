"""A tool's error reaches a user without the hints meant for a model, without internal ids, and never as
English sentences inside a Chinese answer."""

from __future__ import annotations

from assistant.agent.questions.base import public_reason

HINTED = "2029 already has a figure in the data (45 percent, forecast); use the metric tool instead of a forecast."
UNKNOWN_EDITION = "There is no GFCI 35 edition of gfci_overall in the data (known: GFCI 36 (2024-09))."


def test_hints_for_a_model_and_internal_ids_are_dropped() -> None:
    assert public_reason(HINTED, "en") == "2029 already has a figure in the data (45 percent, forecast)"
    shown = public_reason(UNKNOWN_EDITION, "en")
    assert "gfci_overall" not in shown and "Global Financial Centres Index" in shown


def test_a_chinese_answer_gets_a_chinese_reason() -> None:
    shown = public_reason(UNKNOWN_EDITION, "zh")
    assert shown and not any("a" <= ch.lower() <= "z" for ch in shown)
