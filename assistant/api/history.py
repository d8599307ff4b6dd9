"""The history of an OpenAI-style ``messages`` array, and the conversation it continues.

Stateless clients (the ``openai`` SDK, LangChain, Open WebUI, LibreChat) resend the whole history with
every request, often changed: an assistant reply trimmed or edited, two user messages in a row, a history
another tool wrote. The messages are the truth. They continue the stored conversation whose turns are
exactly their (question, answer) pairs; any other history becomes a new conversation seeded with those
pairs as text-only turns, so that a follow-up ("And Beijing?", "那北京呢？") is read against them.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.agent.language import detect_language
from assistant.answer import Answer
from assistant.api.schemas import OpenAIMessage
from assistant.conversations import ConversationStore
from assistant.errors import InputError

SEEDED_TURNS = 100  # at most this many of the latest earlier turns seed a new conversation
CLIENT_ENGINE = "client history"  # the ``engine`` of a seeded turn: its answer is the client's text


@dataclass
class Transcript:
    """The question (the last message) and the earlier (question, answer) turns, oldest first."""

    question: str
    turns: list[tuple[str, str]]


def read_messages(messages: list[OpenAIMessage]) -> Transcript:
    """The question and the earlier turns of ``messages``.

    System, developer and tool messages are not turns. Consecutive user messages are one question (joined
    by a line break), consecutive assistant messages one answer; an assistant message before any question
    (a greeting) is left out, and a question that got no answer has the answer "". Parts of an earlier
    message that are not text (images) are left out; the question itself must be text.
    """
    if messages[-1].role != "user":
        raise InputError("The last message must be the user's question (role 'user').")
    turns: list[tuple[str, str]] = []
    for message in messages[:-1]:
        if message.role not in ("user", "assistant"):
            continue
        text = message.text(strict=False).strip()
        if not text:
            continue
        if message.role == "user":
            if turns and not turns[-1][1]:
                turns[-1] = (f"{turns[-1][0]}\n{text}", "")
            else:
                turns.append((text, ""))
        elif turns:
            question, answer = turns[-1]
            turns[-1] = (question, f"{answer}\n{text}" if answer else text)
    return Transcript(messages[-1].text(), turns)


def conversation_for(store: ConversationStore, turns: list[tuple[str, str]]) -> str | None:
    """The conversation the earlier ``turns`` continue: the stored one whose turns are exactly these,
    else a new one seeded with them; None when there are none."""
    if not turns:
        return None
    return store.find_by_transcript(turns) or seed_conversation(store, turns[-SEEDED_TURNS:])


def seed_conversation(store: ConversationStore, turns: list[tuple[str, str]]) -> str:
    """A new conversation holding ``turns`` as text-only turns (no tool calls, not grounding-checked)."""
    conversation_id = store.create()
    for question, text in turns:
        answer = Answer(
            conversation_id=conversation_id,
            answer=text,
            language=detect_language(question),
            grounded=False,
            answered=bool(text),
            engine=CLIENT_ENGINE,
        )
        store.append_turn(conversation_id, question, answer)
    return conversation_id
