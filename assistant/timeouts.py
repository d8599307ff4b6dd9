"""Run a call with a time limit: the caller gets :class:`CallTimeoutError` instead of waiting for ever."""

from __future__ import annotations

import contextvars
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from assistant.errors import AssistantError

T = TypeVar("T")


class CallTimeoutError(AssistantError):
    """A call did not finish in time (a tool on a stalled index, for example): HTTP 504 if it reaches the API."""

    status_code = 504


def call_with_timeout(function: Callable[..., T], timeout: float, /, **kwargs: Any) -> T:
    """``function(**kwargs)`` in a daemon thread (with the caller's context variables), waited for at most
    ``timeout`` seconds. Its exceptions are re-raised here. A call that times out cannot be stopped: it goes
    on in the background and its result is dropped; being a daemon thread, it never delays process exit."""
    outcome: queue.SimpleQueue[tuple[bool, Any]] = queue.SimpleQueue()
    context = contextvars.copy_context()

    def target() -> None:
        try:
            outcome.put((True, context.run(function, **kwargs)))
        except BaseException as error:  # handed to the caller, who re-raises it
            outcome.put((False, error))

    threading.Thread(target=target, name=f"timed-{getattr(function, '__name__', 'call')}", daemon=True).start()
    try:
        ok, value = outcome.get(timeout=timeout)
    except queue.Empty:
        raise CallTimeoutError(f"did not finish within {timeout:g} seconds") from None
    if ok:
        return value
    raise value
