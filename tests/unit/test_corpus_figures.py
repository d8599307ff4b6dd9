"""Every figure in the bundled reports is a value of the data tables, so a corrected fact cannot live on in prose."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.corpus_check.figures import check_reports, read_allowlist, report_figures
from assistant.corpus_check.quantities import matches, quantities
from assistant.tables import load_tables

SETTINGS = Settings()

RANKINGS = """index_family,edition,publisher,city,rank,score,tier,confidence,source,note
gfci_overall,GFCI 38 (2025-09),Z/Yen,London,1,765,,high,longfinance.net,
"""
METRICS = """metric,geography,period,value,unit,kind,confidence,source,note
fintech_industry_size,Shanghai,2024,440.5,billion CNY,actual,high,seed,written 4405亿元 in Chinese
tech_venture_amount,Shanghai,2024,96.638,billion CNY,actual,low,paper,15.4% of China's; average deal 233 million CNY
tech_venture_deals,Shanghai,2024,997,deals,actual,low,paper,
"""
STATEMENTS = """topic,claim,period,confidence,source
coverage,The index covers 121 cities.,2025,high,seed
"""
REPORT = """---
id: test-report
source: "Reportify news 1181047865858985984; published 2025-12-01"
---

# Test report

Shanghai's fintech industry reached 4405亿元 (440.5 billion CNY) in 2024, the 2025 White Paper says.
Venture deals: 997 deals worth about 97 billion CNY (96.638 billion), 15.4% of China's amount.
London rated 765 in GFCI 38; the index covers 121 cities, see rengbang.com/2023_9557.
The average deal was 233 million CNY, or 2.33亿元.
In 2018 there were 2,196 deals (Reportify news 1181047865858985984).
"""


def _corpus(tmp_path: Path, report: str = REPORT, metrics: str = METRICS) -> tuple[Path, Path]:
    data, reports = tmp_path / "data", tmp_path / "reports"
    data.mkdir(parents=True)
    reports.mkdir()
    for name, text in (("rankings.csv", RANKINGS), ("metrics.csv", metrics), ("statements.csv", STATEMENTS)):
        (data / name).write_text(text, encoding="utf-8")
    (reports / "test-en.md").write_text(report, encoding="utf-8")
    return data, reports


def _allowlist(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "figure_allowlist.csv"
    path.write_text("file,figure,reason\n" + rows, encoding="utf-8")
    return path


def test_bundled_reports_hold_only_figures_of_the_data() -> None:
    found = check_reports(
        SETTINGS.reports_dir, load_tables(SETTINGS.tables_dir), read_allowlist(SETTINGS.figure_allowlist)
    )
    if found.unsupported:
        offending = "\n".join(figure.describe() for figure in found.unsupported)
        pytest.fail(f"report figures that corpus/data does not hold:\n{offending}", pytrace=False)
    if found.unused_allowances:
        stale = "\n".join(f"{entry.file}: {entry.figure}" for entry in found.unused_allowances)
        pytest.fail(f"allow-list entries that match no report figure:\n{stale}", pytrace=False)


def test_bundled_reports_have_figures_to_check() -> None:
    figures = [figure for path in sorted(SETTINGS.reports_dir.glob("*.md")) for figure in report_figures(path)]
    assert len({figure.file for figure in figures}) >= 10
    assert any("亿" in figure.quantity.text for figure in figures)
    assert any("billion" in figure.quantity.text for figure in figures)


def test_figures_missing_from_the_data_are_listed_with_file_and_line(tmp_path: Path) -> None:
    data, reports = _corpus(tmp_path)
    found = check_reports(reports, load_tables(data), [])
    listed = [(figure.file, figure.line, figure.quantity.text) for figure in found.unsupported]
    assert listed == [
        ("test-en.md", 11, "233 million"),
        ("test-en.md", 11, "2.33亿"),
        ("test-en.md", 12, "2,196"),
        ("test-en.md", 12, "1181047865858985984"),
    ]
    assert found.unsupported[0].describe() == (
        "test-en.md:11: '233 million' in 'The average deal was 233 million CNY, or 2.33亿元.'"
    )


def test_a_stated_ratio_that_contradicts_amount_over_count_is_not_a_value_prose_may_repeat(tmp_path: Path) -> None:
    data, reports = _corpus(tmp_path, report="The average deal was 233 million CNY.\n")
    assert [f.quantity.text for f in check_reports(reports, load_tables(data), []).unsupported] == ["233 million"]
    explained = METRICS.replace("average deal 233 million CNY", "average deal 233 million CNY does not equal amount")
    data, reports = _corpus(tmp_path / "explained", report="The average deal was 233 million CNY.\n", metrics=explained)
    assert [f.quantity.text for f in check_reports(reports, load_tables(data), []).unsupported] == ["233 million"]
    consistent = METRICS.replace("average deal 233 million CNY", "average deal about 96.9 million CNY")
    data, reports = _corpus(tmp_path / "consistent", report="About 96.9 million CNY per deal.\n", metrics=consistent)
    assert check_reports(reports, load_tables(data), []).unsupported == []


def test_allowlist_exempts_a_figure_of_one_file_and_reports_entries_that_match_nothing(tmp_path: Path) -> None:
    data, reports = _corpus(tmp_path)
    rows = 'test-en.md,1181047865858985984,a news article id\nother-en.md,"2,196",another file\n'
    allowlist = read_allowlist(_allowlist(tmp_path, rows))
    found = check_reports(reports, load_tables(data), allowlist)
    assert "1181047865858985984" not in [figure.quantity.text for figure in found.unsupported]
    assert "2,196" in [figure.quantity.text for figure in found.unsupported]
    assert [(entry.file, entry.figure) for entry in found.unused_allowances] == [("other-en.md", "2,196")]


@pytest.mark.parametrize("rows", ["test-en.md,997,\n", "test-en.md,997\n", "test-en.md,997,why,extra\n"])
def test_allowlist_entry_without_a_reason_is_rejected(tmp_path: Path, rows: str) -> None:
    with pytest.raises(ValueError, match="line 2: needs a file, a figure and a reason"):
        read_allowlist(_allowlist(tmp_path, rows))


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("in 2024 and 2025年", []),
        ("2,024 deals and 2196 deals", ["2,024", "2196"]),
        ("22 cities, 22.8 points, 40% and 13.2%", ["22.8", "13.2%"]),
        ("47万人 and 4405亿元 and 92 billion USD", ["47万", "4405亿", "92 billion"]),
        ("GFCI 38, rengbang.com/2023_9557, 66eb4_6mqm4, 1st, 2025-12-01", []),
        ("43.5B USD, the 101st city", ["43.5", "101"]),
    ],
)
def test_what_counts_as_a_figure(text: str, figures: list[str]) -> None:
    assert [quantity.text for quantity in quantities(text) if quantity.is_figure] == figures


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        ("4405亿", 440.5e9, True),
        ("about 97 billion", 96.638e9, True),
        ("96.9 million", 96.638e9 / 997, True),
        ("2.33亿", 96.638e9 / 997, False),
        ("233 million", 96.638e9 / 997, False),
        ("470,000", 470000, True),
        ("754.6 million", 0.7546e9, True),
        ("754.7 million", 0.7546e9, False),
    ],
)
def test_a_figure_matches_a_value_at_the_precision_it_shows(text: str, value: float, expected: bool) -> None:
    (quantity,) = quantities(text)
    assert matches(quantity, value) is expected
