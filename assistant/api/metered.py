"""The chat service as the API runs it: every answer is also counted in the metrics."""

from __future__ import annotations

from assistant.agent.service import ChatService
from assistant.answer import Answer
from assistant.metrics import record_answer


class MeteredChatService(ChatService):
    """:class:`ChatService` that records each answer's engine, LLM fallback and grounding in ``/metrics``."""

    def answer(self, message: str, conversation_id: str | None = None) -> Answer:
        answer = super().answer(message, conversation_id)
        record_answer(answer)
        return answer
