"""The Slack event ledger on SQLite and PostgreSQL: each event is taken once, whoever asks at the same time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from assistant.db.engine import create_database_engine
from assistant.slack.seen import SeenEvents


def _keys(event: int, copy: int) -> list[str]:
    """A Slack delivery: copy 0 is the event, its retries repeat the event id, other copies repeat the message."""
    return [f"event:{event}" if copy < 2 else f"event:{event}-copy{copy}", f"message:C1:{event}.0001"]


def test_each_event_is_answered_once_when_servers_claim_it_at_the_same_time(database_url: str) -> None:
    SeenEvents(database_url)  # brings a SQLite file to the current schema
    servers = [SeenEvents(create_database_engine(database_url)) for _ in range(4)]  # own connections, as hosts
    deliveries = [(event, copy) for event in range(15) for copy in range(4)]

    def deliver(server: int) -> list[int]:
        return [event for event, copy in deliveries if servers[server].claim(_keys(event, copy))]

    with ThreadPoolExecutor(4) as pool:
        taken = [event for events in pool.map(deliver, range(4)) for event in events]
    assert sorted(taken) == list(range(15))
    assert not servers[0].claim(["event:99", "message:C1:3.0001"])  # a copy of an answered message
    assert servers[1].claim(["event:99", "message:C1:99.0001"])  # nothing of the refused copy was kept
