"""Who the rate limit applies to: everyone when keys are configured; without keys, everyone but local users."""

from __future__ import annotations

import pytest

from assistant.api.deps import rate_limited
from assistant.config import Settings


@pytest.mark.parametrize(
    ("keys", "client", "limited"),
    [
        ([], "127.0.0.1", False),
        ([], "127.0.0.2", False),
        ([], "::1", False),
        ([], "192.168.1.20", True),
        ([], "203.0.113.7", True),
        ([], None, True),  # unknown client: limited
        (["k1"], "127.0.0.1", True),
        (["k1"], "10.0.0.3", True),
    ],
)
def test_rate_limited(keys: list[str], client: str | None, limited: bool) -> None:
    assert rate_limited(Settings(api_keys=keys), client) is limited
