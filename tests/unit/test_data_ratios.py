"""The data agrees with itself: a stated average equals amount ÷ count, or its note says why not."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.corpus_check.ratios import amount_count_pairs, stated_ratios, unexplained
from assistant.tables import load_tables

HEADER = "metric,geography,period,value,unit,kind,confidence,source,note\n"


def _metrics(tmp_path: Path, rows: str):
    for name, text in (
        ("rankings.csv", "index_family,edition,publisher,city,rank,score,tier,confidence,source,note\n"),
        ("statements.csv", "topic,claim,period,confidence,source\n"),
        ("metrics.csv", HEADER + rows),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return load_tables(tmp_path).metrics


SHANGHAI = (
    "amount,Shanghai,2024,96.638,billion CNY,actual,low,paper,{note}\n"
    "deals,Shanghai,2024,997,deals,actual,low,paper,{deals_note}\n"
)


def test_bundled_stated_ratios_equal_amount_over_count_or_say_why() -> None:
    metrics = load_tables(Settings().tables_dir).metrics
    problems = "\n".join(ratio.describe() for ratio in unexplained(metrics))
    if problems:
        pytest.fail(f"stated ratios unequal to amount ÷ count whose note does not say why:\n{problems}", pytrace=False)


def test_bundled_amounts_are_paired_with_their_deal_counts() -> None:
    metrics = load_tables(Settings().tables_dir).metrics
    pairs = {(str(pair.amount.metric), str(pair.amount.period)): pair.deals for pair in amount_count_pairs(metrics)}
    assert pairs[("tech_venture_amount_all_sectors", "2024")] == 997
    assert pairs[("fintech_investment_kpmg", "2018")] == 2196


def test_a_stated_average_that_is_not_amount_over_count_is_named_with_its_line(tmp_path: Path) -> None:
    note = "15.4% of China's total; average deal 233 million CNY"
    metrics = _metrics(tmp_path, SHANGHAI.format(note=note, deals_note=""))
    (ratio,) = unexplained(metrics)
    assert ratio.line == 2 and ratio.stated.text == "233 million"
    assert ratio.describe() == (
        "metrics.csv line 2 (amount): stated ratio 233 million but amount ÷ count = 9.6638e+10 ÷ 997 = 9.693e+07"
    )


def test_a_note_that_says_why_the_ratio_differs_is_accepted(tmp_path: Path) -> None:
    note = "average deal 233 million CNY as stated by the source; it does not equal amount/deals"
    metrics = _metrics(tmp_path, SHANGHAI.format(note=note, deals_note=""))
    (ratio,) = stated_ratios(metrics)
    assert not ratio.consistent and ratio.explained
    assert unexplained(metrics) == []


def test_a_ratio_rounded_to_its_shown_precision_is_consistent(tmp_path: Path) -> None:
    metrics = _metrics(tmp_path, SHANGHAI.format(note="average deal about 96.9 million CNY", deals_note=""))
    (ratio,) = stated_ratios(metrics)
    assert ratio.consistent and unexplained(metrics) == []


def test_a_ratio_in_the_count_rows_note_is_checked_too(tmp_path: Path) -> None:
    metrics = _metrics(tmp_path, SHANGHAI.format(note="", deals_note="平均单笔2.33亿元"))
    (ratio,) = unexplained(metrics)
    assert ratio.line == 3 and ratio.stated.text == "2.33亿"


def test_a_count_written_in_the_amount_note_is_used(tmp_path: Path) -> None:
    rows = (
        "vc,China,2024-H1,0.589,billion USD,actual,medium,outlet,30 deals; average deal 19.6 million USD\n"
        "vc,China,2023,1.8,billion USD,actual,medium,outlet,120 deals; average deal 20 million USD; growth 5%\n"
    )
    metrics = _metrics(tmp_path, rows)
    assert [(ratio.line, ratio.consistent) for ratio in stated_ratios(metrics)] == [(2, True), (3, False)]
    assert [ratio.line for ratio in unexplained(metrics)] == [3]


def test_rows_without_a_count_or_a_stated_ratio_are_not_ratios(tmp_path: Path) -> None:
    rows = (
        "size,Shanghai,2024,440.5,billion CNY,actual,high,seed,average of nothing here\n"
        "share,Shanghai,2024,40,percent,actual,medium,shine,average share 40%\n"
    )
    assert stated_ratios(_metrics(tmp_path, rows)) == []
