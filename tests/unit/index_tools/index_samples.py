"""Sample report files for the index builder tests."""

from __future__ import annotations

ALPHA = """---
id: alpha-en
title: Alpha Fintech Review 2024
publisher: Example Institute
published: 2024-05-01
language: en
source: "example.org/alpha"
confidence: high
---

# Alpha Fintech Review 2024

## Rankings

Singapore ranked third in the 2024 Alpha ranking,
behind New York and London.

## Investment

Fintech venture funding in Toronto reached 1.2 billion USD in 2023, the highest total recorded for the city.
"""

BETA = """---
id: beta-zh
title: 贝塔金融科技观察（2025）
publisher: 示例研究院
published: 2025-03-01
language: zh
source: "示例来源"
---

# 贝塔金融科技观察（2025）

## 人才

杭州的金融科技人才储备在2025年位居全国第二，
仅次于北京。
"""

GAMMA_HTML = """<!doctype html><html lang="en"><head><title>Gamma Payments Brief</title>
<meta name="author" content="Gamma Research"></head><body>
<h1>Gamma Payments Brief</h1><p>Intro paragraph about <b>payments</b> in Europe.</p>
<h2>Instant payments</h2><p>Instant payments in Amsterdam grew by 40 percent in 2022.</p>
<script>var ignored = "script text";</script></body></html>"""


def pdf_bytes(pages: list[str]) -> bytes:
    """A minimal valid PDF with one line of Helvetica text per page (ASCII only)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    font_id = 3
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for text in pages:
        content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
        objects.append(f"<< /Length {len(content)} >>\nstream\n{content.decode()}\nendstream")
        content_id = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_id} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
