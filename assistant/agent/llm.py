"""Chat model factory: the offline analyst by default, an LLM when ``ASSISTANT_LLM`` names one."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from assistant.config import Settings
from assistant.errors import InputError

PROVIDERS = ("openai", "ollama")


def create_llm(settings: Settings) -> BaseChatModel | None:
    """The configured LLM, or None when the offline analyst answers alone.

    ``ASSISTANT_LLM`` is ``provider:model``: ``openai:gpt-4o-mini`` (any OpenAI-compatible server with
    ``ASSISTANT_LLM_BASE_URL`` and ``ASSISTANT_LLM_API_KEY``) or ``ollama:qwen2.5``.
    """
    if not settings.llm:
        return None
    provider, _, model = settings.llm.partition(":")
    if provider not in PROVIDERS or not model:
        raise InputError(f"ASSISTANT_LLM must be 'openai:MODEL' or 'ollama:MODEL', not {settings.llm!r}.")
    if provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=model,
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key or "unused",
            timeout=settings.llm_timeout,
            max_retries=0,
            temperature=0,
        )
    from langchain_ollama import ChatOllama

    return ChatOllama(
        model=model,
        base_url=settings.llm_base_url,
        temperature=0,
        client_kwargs={"timeout": settings.llm_timeout},
    )
