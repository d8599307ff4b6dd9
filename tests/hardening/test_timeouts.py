"""`call_with_timeout`, which bounds every tool call: a hung call is abandoned, not waited for."""

from __future__ import annotations

import threading
import time

import pytest

from assistant.observability import REQUEST_ID
from assistant.timeouts import CallTimeoutError, call_with_timeout


def test_a_hung_call_is_abandoned_after_the_timeout() -> None:
    never = threading.Event()
    started = time.monotonic()
    with pytest.raises(CallTimeoutError, match=r"did not finish within 0\.2 seconds"):
        call_with_timeout(never.wait, 0.2)
    assert 0.2 <= time.monotonic() - started < 5
    never.set()


def test_results_errors_and_the_request_id_pass_through() -> None:
    token = REQUEST_ID.set("req-7")
    try:
        assert call_with_timeout(lambda *, x: (x, REQUEST_ID.get()), 5, x=3) == (3, "req-7")
    finally:
        REQUEST_ID.reset(token)
    with pytest.raises(ZeroDivisionError):
        call_with_timeout(lambda: 1 / 0, 5)
