"""The error types every layer raises; the API maps them to HTTP status codes in one place."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class: the message is written for the user and safe to show."""

    status_code = 500


class InputError(AssistantError, ValueError):
    """The request itself is wrong (bad value, out of range): HTTP 422."""

    status_code = 422


class UnknownNameError(InputError):
    """A city, index, edition, metric or period that is not known; lists the closest matches."""

    def __init__(self, kind: str, value: str, suggestions: list[str] | None = None) -> None:
        self.kind, self.value, self.suggestions = kind, value, suggestions or []
        hint = f" Closest matches: {', '.join(self.suggestions)}." if self.suggestions else ""
        super().__init__(f"Unknown {kind} {value!r}.{hint}")


class NotFoundError(AssistantError):
    """A referenced object (conversation, document) does not exist: HTTP 404."""

    status_code = 404


class ServiceUnavailableError(AssistantError):
    """The service cannot answer until an operator acts (index missing, wrong model): HTTP 503."""

    status_code = 503


class ConfigurationError(AssistantError):
    """An ``ASSISTANT_*`` setting has a value the settings reject: the operator must fix the environment."""
