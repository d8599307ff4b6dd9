"""Flagging is idempotent and precise: a number is marked once, numbers of the question count as given,
and a calculation is evidence only when its inputs are."""

from __future__ import annotations

from assistant.agent.grounding import FLAG, flag_numbers, strip_flags, trusted_results, unsupported_numbers


def test_a_number_is_flagged_once_even_when_checked_twice() -> None:
    text = "Shanghai was 38th and 38th again, with 5% and 5."
    flagged = unsupported_numbers(text, [], [])
    assert flagged == ["38", "5%", "5"]  # each once, in order
    once = flag_numbers(text, flagged)
    assert once == (
        "Shanghai was 38th [unverified] and 38th [unverified] again, with 5% [unverified] and 5 [unverified]."
    )
    assert flag_numbers(once, unsupported_numbers(once, [], [])) == once
    assert once.count(FLAG) == 4 and f"{FLAG} {FLAG}" not in once


def test_marks_copied_by_a_model_are_not_doubled() -> None:
    text = "It ranked 38th [unverified] in GFCI 38."
    assert flag_numbers(text, ["38"]) == "It ranked 38th [unverified] in GFCI 38 [unverified]."
    assert strip_flags("38th [unverified] and 7 [unverified].") == "38th and 7."


def test_numbers_in_the_question_count_as_given() -> None:
    answer = "In GFCI 38 (2025), Shenzhen ranked 2nd."
    assert unsupported_numbers(answer, [{"rank": 2}], []) == ["38", "2025"]
    assert unsupported_numbers(answer, [{"rank": 2}], [], given=["Where was Shenzhen in GFCI 38 in 2025?"]) == []


def test_citation_marker_digits_are_never_flagged() -> None:
    assert flag_numbers("Rank 3 [3].", ["3"]) == "Rank 3 [unverified] [3]."


def test_a_calculation_counts_only_when_its_inputs_are_supported() -> None:
    metric = {"rows": [{"period": "2024-H1", "value": 51.9}, {"period": "2024-H2", "value": 54.2}]}
    good = {"result": 106.1, "inputs": [{"value": 51.9}, {"value": 54.2}]}
    made_up = {"result": 140.0, "inputs": [{"value": 51.9}, {"value": 88.1}]}
    trusted = trusted_results([("metric", metric), ("calculate", good), ("calculate", made_up)], [])
    assert trusted == [metric, good]
    assert unsupported_numbers("A computed total of 106.1 billion USD.", trusted, []) == []
    assert unsupported_numbers("A total of 140 billion USD.", trusted, []) == ["140 billion"]
