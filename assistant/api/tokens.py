"""Token counts for OpenAI's ``usage`` field.

There is no language model behind the offline analyst, so there is no model tokenizer to count with.
The counts are instead deterministic and documented: a token is a run of letters and digits (a word or
a number), one CJK character, or one other character that is not a space (a punctuation mark).
``prompt_tokens`` counts the text of every message of the request (system prompt and history included),
``completion_tokens`` the answer's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.api.schemas import Usage

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+|[^\w\s]")


def count_tokens(text: str) -> int:
    """The number of tokens in ``text`` (see the module docstring)."""
    return sum(1 for _ in TOKEN.finditer(text))


def usage(prompt_texts: Iterable[str], completion: str) -> Usage:
    """OpenAI's usage object for a request whose messages hold ``prompt_texts`` and its answer ``completion``."""
    prompt = sum(count_tokens(text) for text in prompt_texts)
    answer = count_tokens(completion)
    return Usage(prompt_tokens=prompt, completion_tokens=answer, total_tokens=prompt + answer)
