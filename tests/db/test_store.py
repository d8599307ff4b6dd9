"""The conversation store on its own, on SQLite and on PostgreSQL: concurrency, durability, feedback, export."""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import signal
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection

import pytest

from assistant.answer import Answer
from assistant.conversations import ConversationStore
from assistant.db.engine import create_database_engine
from assistant.errors import InputError, NotFoundError


def _answer(conversation_id: str, text: str) -> Answer:
    return Answer(conversation_id=conversation_id, answer=text, language="en", grounded=True)


def _append_many(url: str, conversation_id: str, worker: int, count: int) -> None:
    store = ConversationStore(url)
    for n in range(count):
        store.append_turn(conversation_id, f"q{worker}-{n}", _answer(conversation_id, f"a{worker}-{n}"))


def test_concurrent_appends_from_threads_and_processes_lose_nothing(database_url: str) -> None:
    store = ConversationStore(database_url)
    cid = store.create()
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_append_many, args=(database_url, cid, w, 10)) for w in (100, 101)]
    for process in processes:
        process.start()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda w: _append_many(database_url, cid, w, 10), range(4)))
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    turns = store.turns(cid)
    assert [t.index for t in turns] == list(range(60))
    assert {t.question for t in turns} == {f"q{w}-{n}" for w in (0, 1, 2, 3, 100, 101) for n in range(10)}
    assert all(t.answer.answer == "a" + t.question[1:] for t in turns)


def _append_until_killed(url: str, conversation_id: str, committed: Connection) -> None:
    store = ConversationStore(url)
    for n in range(100_000):
        index = store.append_turn(conversation_id, f"q{n}", _answer(conversation_id, f"a{n}"))
        committed.send((index, n))  # only after the commit


def test_a_writer_killed_in_the_middle_of_writes_loses_no_committed_turn(database_url: str) -> None:
    store = ConversationStore(database_url)
    cid = store.create()
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    writer = context.Process(target=_append_until_killed, args=(database_url, cid, sender))
    writer.start()
    committed = []
    while len(committed) < 40 and receiver.poll(120):
        committed.append(receiver.recv())
    os.kill(writer.pid, signal.SIGKILL)  # the writer appends without pause: this lands in or between writes
    writer.join(60)
    while receiver.poll(0):
        committed.append(receiver.recv())
    assert len(committed) >= 40
    turns = store.turns(cid)
    questions = {turn.index: turn.question for turn in turns}
    assert all(questions.get(index) == f"q{n}" for index, n in committed)
    assert [turn.index for turn in turns] == list(range(len(turns)))
    assert len(turns) in (len(committed), len(committed) + 1)  # + the turn committed just before the kill
    assert store.append_turn(cid, "after", _answer(cid, "after")) == len(turns)  # no lock was left behind


def test_a_second_host_continuing_a_conversation_sees_every_earlier_turn(database_url: str) -> None:
    cid = ConversationStore(database_url).create()
    hosts = [ConversationStore(create_database_engine(database_url)) for _ in range(2)]  # own pools, as two hosts
    asked: list[str] = []
    for n in range(6):
        host = hosts[n % 2]
        assert [turn.question for turn in host.turns(cid)] == asked
        assert host.append_turn(cid, f"q{n}", _answer(cid, f"a{n}")) == n
        asked.append(f"q{n}")
    assert [summary.turns for summary in hosts[0].list() if summary.id == cid] == [6]


def test_titles_listing_and_transcript_lookup(database_url: str) -> None:
    store = ConversationStore(database_url)
    first, second = store.create(), store.create(title="Mine")
    long_question = "Which fintech centre ranks first in the 2025 edition of the index, and why? " * 2
    store.append_turn(first, long_question, _answer(first, "New York [1]"))
    summaries = {s.id: s for s in store.list()}
    assert summaries[first].title.endswith("…") and len(summaries[first].title) <= 80
    assert summaries[first].turns == 1 and summaries[second].title == "Mine" and summaries[second].turns == 0
    assert store.list()[0].id == first  # most recently updated first
    assert store.find_by_transcript([(long_question, " New York [1] ")]) == first
    assert store.find_by_transcript([(long_question, "Shanghai")]) is None
    with pytest.raises(InputError):
        store.rename(first, "   ")
    with pytest.raises(InputError):
        store.create(conversation_id=first)
    with pytest.raises(NotFoundError):
        store.turns("nope")


def test_feedback_replaces_exports_quoted_and_goes_with_its_conversation(database_url: str) -> None:
    store = ConversationStore(database_url)
    cid = store.create()
    store.append_turn(cid, '=HYPERLINK("x")', _answer(cid, "Shanghai ranks second [1]."))
    store.add_feedback(cid, 0, "up", None)
    store.add_feedback(cid, 0, "down", "  +wrong  ")
    for missing_turn in (1, -1, 2**70):
        with pytest.raises(NotFoundError, match=f"no turn {missing_turn}"):
            store.add_feedback(cid, missing_turn, "up", None)
    with pytest.raises(NotFoundError):
        store.add_feedback("nope", 0, "up", None)
    rows = list(csv.DictReader(io.StringIO(store.export_feedback_csv())))
    assert len(rows) == 1
    assert rows[0]["rating"] == "down" and rows[0]["comment"] == "'+wrong"
    assert rows[0]["question"] == '\'=HYPERLINK("x")' and rows[0]["answer"] == "Shanghai ranks second [1]."
    store.delete(cid)
    assert not store.exists(cid)
    assert list(csv.DictReader(io.StringIO(store.export_feedback_csv()))) == []
