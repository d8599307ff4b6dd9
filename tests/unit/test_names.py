"""Name resolution: aliases in English and Chinese, free-text mentions, editions and periods."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assistant import names
from assistant.config import PROJECT_ROOT
from assistant.errors import InputError, UnknownNameError
from assistant.tables import load_tables

TABLES = load_tables(PROJECT_ROOT / "corpus" / "data")
KINDS = {
    "city": (names.CITIES, names.resolve_city),
    "index": (names.INDICES, names.resolve_index),
    "metric": (names.METRICS, names.resolve_metric),
}
ALIASES = [
    (kind, canonical, alias)
    for kind, (table, _) in KINDS.items()
    for canonical, joined in table.items()
    for alias in (canonical, *joined)
]
SEPARATORS = [" ", "  ", "-", "_", ".", ",", "/", "·", "、", "'", "\t"]


def test_every_city_and_geography_in_the_tables_resolves_to_itself() -> None:
    for city in set(TABLES.rankings["city"]):
        assert names.resolve_city(city) == city
    for geography in set(TABLES.metrics["geography"]):
        assert names.resolve_geography(geography) == geography


def test_metric_ids_match_metrics_csv_and_the_series_notes_state_exactly() -> None:
    stated = {note["states"]["metric"] for note in names.SOURCE_NOTES.values() if "states" in note}
    assert set(names.METRICS) == set(TABLES.metrics["metric"]) | stated
    for metric in names.METRICS:
        assert names.resolve_metric(metric) == metric


def test_every_edition_resolves_to_itself_and_latest_is_newest() -> None:
    for family, group in TABLES.rankings.groupby("index_family"):
        editions = names.known_editions(str(family))
        assert set(editions) == set(group["edition"])
        for edition in editions:
            assert names.resolve_edition(str(family), edition) == edition
        assert names.resolve_edition(str(family), "latest") == editions[-1]
        assert names.resolve_edition(str(family), "最新") == editions[-1]
    assert names.known_editions("gfci_fintech")[0] == "GFCI 26 (2019-09)"


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("纽约", "New York"),
        ("NYC", "New York"),
        ("旧金山", "San Francisco"),
        ("SF", "San Francisco"),
        ("S.F.", "San Francisco"),
        ("San Francisco Bay", "San Francisco"),
        ("san-francisco", "San Francisco"),
        ("香港", "Hong Kong"),
        ("HK", "Hong Kong"),
        ("hong  kong", "Hong Kong"),
        ("上海市", "Shanghai"),
        ("New York City", "New York"),
        ("Washington D.C.", "Washington DC"),
        ("ＬＯＮＤＯＮ", "London"),
    ],
)
def test_resolve_city(text: str, city: str) -> None:
    assert names.resolve_city(text) == city


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("GFCI fintech", "gfci_fintech"),
        ("GFCI 金融科技", "gfci_fintech"),
        ("gfci_fintech", "gfci_fintech"),
        ("GFCI overall", "gfci_overall"),
        ("GFCI", "gfci_overall"),
        ("全球金融中心指数", "gfci_overall"),
        ("全球金融科技中心发展指数", "gfcdi"),
        ("GFCDI", "gfcdi"),
        ("Global Fintech Center Development Index", "gfcdi"),
        ("浙大", "fhi"),
        ("Zhejiang University FinTech Hub", "fhi"),
        ("Global FinTech Hub Report", "fhi"),
        ("全球金融科技中心指数", "fhi"),
        ("FHI", "fhi"),
    ],
)
def test_resolve_index(text: str, family: str) -> None:
    assert names.resolve_index(text) == family


def test_bare_gfci_is_flagged_as_ambiguous() -> None:
    assert names.index_candidates("GFCI") == ["gfci_overall", "gfci_fintech"]
    assert names.index_candidates("全球金融中心指数") == ["gfci_overall", "gfci_fintech"]
    assert names.index_candidates("GFCI FinTech") == ["gfci_fintech"]
    assert names.index_candidates("浙大") == ["fhi"]


@pytest.mark.parametrize(
    ("family", "text", "edition"),
    [
        ("gfci_fintech", "GFCI 38", "GFCI 38 (2025-09)"),
        ("gfci_fintech", "GFCI38", "GFCI 38 (2025-09)"),
        ("gfci_fintech", "the 38th GFCI", "GFCI 38 (2025-09)"),
        ("gfci_fintech", "第38期", "GFCI 38 (2025-09)"),
        ("GFCI FinTech", "38", "GFCI 38 (2025-09)"),
        ("gfci_overall", "2025-09", "GFCI 38 (2025-09)"),
        ("gfci_overall", "March 2025", "GFCI 37 (2025-03)"),
        ("gfci_overall", "2025年3月", "GFCI 37 (2025-03)"),
        ("gfcdi", "2024", "2024"),
        ("全球金融科技中心发展指数", "2024年", "2024"),
        ("fhi", "the 2019 report", "2019"),
    ],
)
def test_resolve_edition(family: str, text: str, edition: str) -> None:
    assert names.resolve_edition(family, text) == edition


def test_edition_errors_explain_why() -> None:
    with pytest.raises(names.ExplainedNameError, match="2021 edition is left out") as left_out:
        names.resolve_edition("fhi", "2021")
    assert left_out.value.suggestions[:2] == ["2020", "2022"]
    with pytest.raises(names.ExplainedNameError, match="twice a year") as twice:
        names.resolve_edition("gfci_fintech", "2025")
    assert twice.value.suggestions == ["GFCI 37 (2025-03)", "GFCI 38 (2025-09)"]
    with pytest.raises(names.ExplainedNameError, match="no GFCI 30 edition") as missing:
        names.resolve_edition("gfci_fintech", "GFCI 30")
    assert missing.value.suggestions[0] == "GFCI 31 (2022-03)"
    with pytest.raises(names.ExplainedNameError, match="named by year"):
        names.resolve_edition("gfcdi", "第2期")
    with pytest.raises(UnknownNameError) as unknown:
        names.resolve_edition("gfcdi", "whenever")
    assert unknown.value.suggestions[0] == "2025"
    with pytest.raises(UnknownNameError, match="index"):
        names.resolve_edition("no such index", "2024")


def test_editions_given_explicitly_override_the_tables() -> None:
    assert names.resolve_edition("gfci_fintech", "GFCI 40", editions=["GFCI 40 (2026-09)"]) == "GFCI 40 (2026-09)"
    with pytest.raises(names.ExplainedNameError, match="no edition"):
        names.resolve_edition("gfcdi", "2024", editions=[])


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2024-H1", "2024-H1"),
        ("H1 2024", "2024-H1"),
        ("1H 2024", "2024-H1"),
        ("2024 H2", "2024-H2"),
        ("2024年上半年", "2024-H1"),
        ("2024年下半年", "2024-H2"),
        ("first half of 2024", "2024-H1"),
        ("second half 2023", "2023-H2"),
        ("2024", "2024"),
        ("2024年", "2024"),
        ("FY 2024", "2024"),
        ("2022-04", "2022-04"),
        ("2022年4月", "2022-04"),
        ("April 2022", "2022-04"),
        ("2022-2024", "2022-2024"),
        ("2022 to 2024", "2022-2024"),
        ("2022年至2024年", "2022-2024"),
        ("between 2022 and 2024", "2022-2024"),
        ("baseline", names.BASELINE_PERIOD),
        ("baseline (year not stated)", names.BASELINE_PERIOD),
    ],
)
def test_resolve_period(text: str, period: str) -> None:
    assert names.resolve_period(text) == period


def test_period_errors() -> None:
    with pytest.raises(names.ExplainedNameError, match="needs a year"):
        names.resolve_period("上半年")
    with pytest.raises(names.ExplainedNameError, match="more than one period") as many:
        names.resolve_period("2023 and 2024")
    assert many.value.suggestions == ["2023", "2024"]
    with pytest.raises(UnknownNameError) as unknown:
        names.resolve_period("someday")
    assert unknown.value.suggestions


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("KPMG fintech investment", "fintech_investment_kpmg"),
        ("金融科技投资", "fintech_investment_kpmg"),
        ("deals", "fintech_deals_kpmg"),
        ("交易数量", "fintech_deals_kpmg"),
        ("industry size", "fintech_industry_size"),
        ("产业规模", "fintech_industry_size"),
        ("AI penetration", "ai_penetration_finance"),
        ("AI渗透率", "ai_penetration_finance"),
        ("venture capital (Innovate Finance)", "fintech_vc_innovate_finance"),
        ("风险投资", "fintech_vc_innovate_finance"),
        ("R&D spending", "rd_spend_share_of_gdp"),
        ("VC deals", "fintech_vc_deals_innovate_finance"),
    ],
)
def test_resolve_metric(text: str, metric: str) -> None:
    assert names.resolve_metric(text) == metric


def test_find_cities_whole_tokens_longest_first_in_order() -> None:
    text = "Compare SF, 纽约 and Hong Kong with the SFTIA comparison; 上海和北京; LAX; Paris's rank"
    assert names.find_cities(text) == [
        "San Francisco",
        "New York",
        "Hong Kong",
        "Shanghai",
        "Beijing",
        "Paris",
    ]
    assert names.find_cities("Shanghai Financial Technology Industry Alliance") == ["Shanghai"]
    assert names.find_cities("旧金山湾区和香港特别行政区, 香港") == ["San Francisco", "Hong Kong"]
    assert names.find_cities("nothing here: comparison, prosperity, lasso") == []


def test_find_indices() -> None:
    text = "GFCI 38 FinTech vs GFCI overall vs 全球金融科技中心发展指数, 浙大 report and GFCI"
    assert names.find_indices(text) == ["gfci_fintech", "gfci_overall", "gfcdi", "fhi"]
    assert names.find_indices("全球金融中心指数 and 全球金融科技中心指数") == ["gfci_overall", "fhi"]
    assert names.find_indices("the GFCI 金融科技 ranking") == ["gfci_fintech"]


def test_find_editions() -> None:
    text = "GFCI 37 and the 38th GFCI, 第36期, GFCI 30"
    assert names.find_editions(text) == [
        "GFCI 37 (2025-03)",
        "GFCI 38 (2025-09)",
        "GFCI 36 (2024-09)",
        "GFCI 30",
    ]
    assert names.find_editions("FHI 2019 vs 2024 and 2021", "fhi") == ["2019", "2024", "2021"]
    assert names.find_editions("FHI 2019 vs 2024") == []
    assert names.find_editions("2025-09 vs March 2025", "gfci_fintech") == [
        "GFCI 38 (2025-09)",
        "GFCI 37 (2025-03)",
    ]
    assert names.find_editions("GFCI 2025 rankings", "gfci_fintech") == []


def test_find_periods_attach_bare_halves_to_a_year() -> None:
    assert names.find_periods("KPMG 2024年上半年和下半年 vs 2023") == ["2024-H1", "2024-H2", "2023"]
    assert names.find_periods("上半年 investment in 2024") == ["2024-H1"]
    assert names.find_periods("from 2022 to 2024, and H2 2023") == ["2022-2024", "2023-H2"]
    assert names.find_periods("上半年的投资") == []
    assert names.find_periods("440.5 billion, 4405亿元") == []


def test_find_metrics_and_geographies() -> None:
    text = "VC deals vs deals vs KPMG fintech investment; 风险投资交易数量, R&D spending"
    assert names.find_metrics(text) == [
        "fintech_vc_deals_innovate_finance",
        "fintech_deals_kpmg",
        "fintech_investment_kpmg",
        "rd_spend_share_of_gdp",
    ]
    text = "全球金融科技中心发展指数: global investment in China vs Chinese cities and Shanghai"
    assert names.find_geographies(text) == ["Global", "China", "Chinese cities", "Shanghai"]


def test_display_name() -> None:
    assert names.display_name("city", "New York", "zh") == "纽约"
    assert names.display_name("city", "New York", "en") == "New York"
    assert names.display_name("geography", "Global", "zh") == "全球"
    assert names.display_name("index", "gfcdi", "en") == "Global Fintech Center Development Index"
    assert names.display_name("index", "gfcdi", "zh") == "全球金融科技中心发展指数"
    assert names.display_name("metric", "fintech_deals_kpmg", "zh") == "金融科技交易数量（毕马威）"
    assert names.display_name("city", "Atlantis", "zh") == "Atlantis"


def _variant(alias: str, data: st.DataObject) -> str:
    out = []
    for char in alias:
        if char.isascii() and char.isalpha() and data.draw(st.booleans()):
            char = char.swapcase()
        out.append(char)
        if data.draw(st.integers(0, 4)) == 0:
            out.append(data.draw(st.sampled_from(SEPARATORS)))
    return data.draw(st.sampled_from(["", " ", "  "])) + "".join(out) + data.draw(st.sampled_from(["", " ", "."]))


@settings(max_examples=300, deadline=None)
@given(entry=st.sampled_from(ALIASES), data=st.data())
def test_case_spacing_punctuation_variants_resolve_alike(entry: tuple[str, str, str], data: st.DataObject) -> None:
    kind, canonical, alias = entry
    _, resolve = KINDS[kind]
    assert resolve(_variant(alias, data)) == canonical


def _known_keys(kind: str) -> set[str]:
    table, _ = KINDS[kind]
    keys = {names.normalise(alias) for canonical, joined in table.items() for alias in (canonical, *joined)}
    if kind == "city":
        keys |= {key + suffix for key in keys for suffix in ("市", "city", "特别行政区")}
    return keys


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(sorted(KINDS)), junk=st.text(max_size=30))
def test_junk_raises_unknown_name_with_suggestions(kind: str, junk: str) -> None:
    assume(names.normalise(junk) not in _known_keys(kind))
    _, resolve = KINDS[kind]
    with pytest.raises(UnknownNameError) as raised:
        resolve(junk)
    assert raised.value.kind == kind
    assert 1 <= len(raised.value.suggestions) <= 5
    table, _ = KINDS[kind]
    assert set(raised.value.suggestions) <= set(table)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=60))
def test_free_text_never_crashes(text: str) -> None:
    for find in (
        names.find_cities,
        names.find_indices,
        names.find_metrics,
        names.find_periods,
        names.find_geographies,
    ):
        assert isinstance(find(text), list)
    assert isinstance(names.find_editions(text, "fhi"), list)
    try:
        assert names.resolve_period(text) in names.find_periods(text)
    except InputError as error:
        assert str(error)
    try:
        names.resolve_edition("gfci_fintech", text)
    except InputError as error:
        assert str(error)


def test_find_editions_context() -> None:
    assert names.find_editions("第2期全球金融科技中心发展指数") == []
    assert names.find_editions("GFCI 金融科技 第38期") == ["GFCI 38 (2025-09)"]
    assert names.find_editions("FHI 2024 vs GFCI 38 (2025-09)", "fhi") == ["2024"]
    assert names.find_editions("GFCI 38 (2025-09)", "gfci_overall") == ["GFCI 38 (2025-09)"]


def test_mask_names_hides_names_years_and_editions() -> None:
    masked = names.mask_names("Shanghai's rank in GFCI 38 FinTech vs 2024 KPMG fintech investment in 纽约")
    for name in ("shanghai", "gfci", "38", "2024", "kpmg", "纽约"):
        assert name not in masked
    assert masked.count("city") == 2 and "index" in masked and "year" in masked and "metric" in masked
    assert "rank" in masked


def test_every_source_note_shown_is_a_note_of_the_tables_and_states_only_its_figures() -> None:
    notes = set(TABLES.metrics["note"].dropna()) | set(TABLES.rankings["note"].dropna())
    for text, shown in names.SOURCE_NOTES.items():
        assert text in notes, text
        assert shown["en"] and shown["zh"]
        for figure in shown.get("states", {}).get("values", {}).values():
            assert str(figure) in text  # a stated series holds only figures the note itself writes
        if "earlier" in shown:
            assert str(shown["earlier"]) in text


def test_asking_words_around_a_window_are_no_misspelt_chinese_name() -> None:
    assert names.find_cities_in_order("一页最多放多少张图？") == []
    assert names.find_cities_in_order("多仑多排第几？") == ["Toronto"]  # one character wrong, no asking word
