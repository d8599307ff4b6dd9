"""The LLM budget settings: read from the environment, bad values are one clear error."""

from __future__ import annotations

import pytest

from assistant.config import get_settings
from assistant.errors import ConfigurationError


def test_budget_settings_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_LLM_MAX_TOKENS", "200")
    monkeypatch.setenv("ASSISTANT_LLM_MAX_STEPS", "3")
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "12.5")
    monkeypatch.setenv("ASSISTANT_LLM_TOOL_CHOICE", "required")
    get_settings.cache_clear()
    try:
        settings = get_settings()
        assert (settings.llm_max_tokens, settings.llm_max_steps, settings.llm_timeout) == (200, 3, 12.5)
        assert settings.llm_tool_choice == "required"
        monkeypatch.setenv("ASSISTANT_LLM_TOOL_CHOICE", "")
        get_settings.cache_clear()
        assert get_settings().llm_tool_choice is None
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize(
    ("name", "value"),
    [("LLM_TOOL_CHOICE", "always"), ("LLM_MAX_STEPS", "0"), ("LLM_MAX_TOKENS", "many"), ("LLM_TIMEOUT", "0")],
)
def test_a_bad_budget_value_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(f"ASSISTANT_{name}", value)
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigurationError, match=f"ASSISTANT_{name}="):
            get_settings()
    finally:
        get_settings.cache_clear()
