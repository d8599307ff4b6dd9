"""Scale words of written numbers (440.5 billion = 4405亿), shared by the grounding check and the corpus check."""

from __future__ import annotations

import re

SCALES = {
    "trillion": 1e12,
    "万亿": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "十亿": 1e9,
    "亿": 1e8,
    "million": 1e6,
    "mn": 1e6,
    "百万": 1e6,
    "万": 1e4,
    "thousand": 1e3,
}
# the words as one regex alternation, longest first (万亿 before 万)
SCALE_WORDS = "|".join(sorted((re.escape(word) for word in SCALES), key=len, reverse=True))
