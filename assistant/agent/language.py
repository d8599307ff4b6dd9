"""Which language a question is in: Chinese when it holds CJK ideographs, English otherwise."""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["en", "zh"]
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def detect_language(text: str) -> Language:
    """'zh' when at least one CJK ideograph appears, else 'en'."""
    return "zh" if CJK.search(text) else "en"
