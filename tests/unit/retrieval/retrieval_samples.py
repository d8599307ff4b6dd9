"""A small bilingual corpus for the search tests; each fact lives in exactly one passage."""

from __future__ import annotations

from pathlib import Path

from assistant.config import Settings

HUBS_EN = """---
id: hubs-en
title: Example Fintech Hub Index 2024
publisher: Example Institute
published: 2024-06-01
language: en
source: "example.org/hubs-2024"
---

# Example Fintech Hub Index 2024

## Rankings

Singapore ranked third in the 2024 Example Fintech Hub Index, behind New York in first place and London in second.

## Venture funding

Fintech venture capital funding in Toronto reached 1.2 billion USD in 2023, up from 0.9 billion USD in 2022.

## Talent

Dublin reported 12,000 fintech employees in 2024, the largest workforce among mid-sized hubs.
"""

MARKETS_ZH = """---
id: markets-zh
title: 示例金融科技市场观察（2025）
publisher: 示例研究院
published: 2025-01-10
language: zh
source: "示例来源"
---

# 示例金融科技市场观察（2025）

## 人才

杭州的金融科技人才储备在2025年位居全国第二，仅次于北京。

## 支付

深圳的移动支付交易笔数在2024年增长了百分之三十，
增速位居各城市之首。
"""

PAYMENTS_EN = """---
id: payments-en
title: Gamma Payments Brief
publisher: Gamma Research
published: 2022-09-15
language: en
source: "gamma.example/brief"
---

# Gamma Payments Brief

## Instant payments

Instant payments in Amsterdam grew by 40 percent in 2022, driven by retail adoption.

## Regulation

Lisbon introduced a fintech regulatory sandbox in 2021 for early-stage firms.
"""

FILLER_EN = """---
id: filler-en
title: Notes on European and Pacific Fintech
publisher: Example Institute
published: 2023-02-01
language: en
---

# Notes on European and Pacific Fintech

## Lending

Paris fintech lenders focused on small businesses and consumer credit in 2023.

## Insurance

Berlin insurtech start-ups raised several funding rounds for digital policies.

## Wealth

Sydney wealth management platforms added robo-advice features for retail investors.
"""

FILLER_ZH = """---
id: filler-zh
title: 中国城市金融科技简报
publisher: 示例研究院
published: 2023-08-01
language: zh
---

# 中国城市金融科技简报

## 企业

成都的金融科技企业数量稳步增长，主要集中在供应链金融领域。

## 规划

武汉发布了金融科技发展规划，提出建设区域金融科技中心。
"""

REPORTS = {
    "hubs-en.md": HUBS_EN,
    "markets-zh.md": MARKETS_ZH,
    "payments-en.md": PAYMENTS_EN,
    "filler-en.md": FILLER_EN,
    "filler-zh.md": FILLER_ZH,
}


def write_corpus(root: Path, reports: dict[str, str] = REPORTS) -> Settings:
    """Write ``reports`` under ``root``/corpus/reports and return Settings using ``root``/data."""
    directory = root / "corpus" / "reports"
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in reports.items():
        (directory / name).write_text(text, encoding="utf-8")
    return Settings(data_dir=root / "data", corpus_dir=root / "corpus")
