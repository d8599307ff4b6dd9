"""All settings in one place: environment variables with the prefix ``ASSISTANT_``."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from assistant.errors import ConfigurationError

PROJECT_ROOT = Path(__file__).resolve().parent.parent  # the source checkout (benchmarks and tests)
# Shipped inside the package (links to corpus/ and tests/eval/ in a checkout), so any install finds them.
BUNDLED_DIR = Path(__file__).resolve().parent / "bundled"
ENV_PREFIX = "ASSISTANT_"


class Settings(BaseSettings):
    """Runtime configuration. Every field is read from ``ASSISTANT_<FIELD>`` (case-insensitive)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    data_dir: Path = Field(Path("data"), description="Index, conversations and other state (git-ignored).")
    corpus_dir: Path = Field(
        (BUNDLED_DIR / "corpus").resolve(),
        description="Corpus: reports/ and data/; default: the one shipped with the package (corpus/ in a checkout).",
    )
    eval_dir: Path = Field(
        (BUNDLED_DIR / "eval").resolve(),
        description="Evaluation sets (dev.jsonl, heldout.jsonl, retrieval.jsonl); default: the ones shipped with "
        "the package (tests/eval/ in a checkout).",
    )
    embedding_model: str = Field(
        "use-multilingual",
        description=(
            "Index embedding model: 'use-multilingual' (default: English and Chinese in one space, fast on CPU; "
            "chosen on tests/eval/retrieval.jsonl, see docs/benchmarks.md), 'e5' (multilingual-e5-small, slower), "
            "'minilm' (English only) or a local sentence-transformers model directory. Changing it needs "
            "`index-tools build --rebuild`."
        ),
    )
    chroma_path: Path | None = Field(None, description="Persistent Chroma directory; default DATA_DIR/chroma.")
    chroma_url: str | None = Field(None, description="A Chroma server (http://host:port) instead of a local path.")
    collection: str = Field("reports", description="Chroma collection name.")
    chunk_chars: int = Field(
        700, ge=100, description="Target chunk length in characters (a CJK character counts as two)."
    )
    index_workers: int = Field(
        default_factory=lambda: os.cpu_count() or 1,
        ge=1,
        description="Processes that embed chunks in a large `index-tools build` (1000+ new chunks); default: cores.",
    )
    index_max_file_mb: float = Field(
        20.0, gt=0, description="`index-tools build` skips (and names) files larger than this."
    )

    database_url: str | None = Field(
        None,
        description=(
            "Database of conversations, feedback and Slack event keys: sqlite:///PATH or "
            "postgresql://USER:PASSWORD@HOST/DB (several hosts); default: DATA_DIR/conversations.sqlite3."
        ),
    )
    redis_url: str | None = Field(
        None,
        description="Redis (redis://HOST:6379/0) keeping the rate limits that all servers share; default: none.",
    )

    llm: str | None = Field(
        None, description="Chat model, e.g. 'openai:gpt-4o-mini' or 'ollama:qwen2.5'. Unset: offline analyst."
    )
    llm_base_url: str | None = Field(None, description="Base URL of an OpenAI-compatible server.")
    llm_api_key: str | None = Field(None, description="API key for the LLM server.")
    llm_timeout: float = Field(
        30.0,
        gt=0,
        description="Deadline in seconds for the LLM's whole answer to one question (every model call and tool "
        "round); when it passes, the connection is closed and the offline analyst answers.",
    )
    llm_max_tokens: int = Field(
        1024, ge=1, description="Most tokens the LLM may generate in one call (sent as max_tokens / num_predict)."
    )
    llm_max_steps: int = Field(
        6, ge=1, le=50, description="Most tool rounds the LLM may take for one question before the offline answer."
    )
    llm_tool_choice: Literal["auto", "required"] | None = Field(
        None,
        description="tool_choice sent with the tools to an OpenAI-compatible server: 'auto', 'required' (a tool "
        "call in the first round, then 'auto'), or unset (not sent). llama-cpp-python ignores tools without it.",
    )

    max_message_chars: int = Field(4000, description="Longest accepted chat message.")
    host: str = Field("127.0.0.1", description="Address `assistant serve` listens on.")
    port: int = Field(8000, description="Port `assistant serve` listens on.")

    slack_bot_token: str | None = Field(None, description="Slack bot token (xoxb-...).")
    slack_signing_secret: str | None = Field(None, description="Slack signing secret.")
    slack_api_url: str = Field("https://slack.com/api/", description="Slack Web API base URL.")
    slack_command_response: Literal["ephemeral", "in_channel"] = Field(
        "ephemeral",
        description="How the slash command answers: 'ephemeral' (only the asker sees it) or 'in_channel' (everyone).",
    )

    api_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Comma-separated API keys; when set, /v1/* needs a Bearer key."
    )
    rate_limit_per_minute: int = Field(
        120, ge=0, description="Requests per minute to /v1/* per API key (per client IP without keys); 0: no limit."
    )
    rate_limit_burst: int = Field(
        30, ge=1, description="Requests a key (or IP) may send at once before the per-minute rate applies."
    )
    tool_timeout: float = Field(
        20.0, gt=0, description="Seconds before a search or analytics tool call is abandoned with an error result."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated origins whose web pages may call the API (CORS); empty: none, '*': any.",
    )
    workers: int = Field(
        1, ge=1, description="Worker processes of `assistant serve`; with more than one, use a Chroma server."
    )
    shutdown_timeout: int = Field(
        30, ge=1, description="On SIGTERM, seconds `assistant serve` lets in-flight requests finish."
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        "info", description="Level of the server's JSON log lines (one per request, plus warnings and errors)."
    )

    @field_validator("llm_tool_choice", mode="before")
    @classmethod
    def _unset_tool_choice(cls, value: object) -> object:
        """An empty ASSISTANT_LLM_TOOL_CHOICE means unset (tool_choice is not sent)."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("api_keys", "cors_origins", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return [key.strip() for key in value.split(",") if key.strip()]
        return value

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str | None) -> str | None:
        scheme = (value or "sqlite:").partition(":")[0]
        if scheme not in ("sqlite", "sqlite+pysqlite", "postgresql", "postgresql+psycopg"):
            raise ValueError("must be sqlite:///PATH or postgresql://USER:PASSWORD@HOST/DB")
        return value

    @field_validator("redis_url")
    @classmethod
    def _known_redis(cls, value: str | None) -> str | None:
        if value is not None and value.partition(":")[0] not in ("redis", "rediss", "unix"):
            raise ValueError("must be redis://HOST:PORT/DB (rediss:// with TLS)")
        return value

    @property
    def chroma_dir(self) -> Path:
        """Where the persistent Chroma index lives."""
        return self.chroma_path or self.data_dir / "chroma"

    @property
    def library_dir(self) -> Path:
        """The document library: copies of added and uploaded files and their manifest."""
        return self.data_dir / "library"

    @property
    def reports_dir(self) -> Path:
        return self.corpus_dir / "reports"

    @property
    def tables_dir(self) -> Path:
        return self.corpus_dir / "data"

    @property
    def figure_allowlist(self) -> Path:
        """Report figures the data tables need not hold, each with a reason (see ``assistant.corpus_check``)."""
        return self.corpus_dir / "figure_allowlist.csv"

    @property
    def conversations_db(self) -> Path:
        return self.data_dir / "conversations.sqlite3"

    @property
    def database(self) -> str:
        """The URL of the database of conversations, feedback and Slack event keys."""
        return self.database_url or f"sqlite:///{self.conversations_db}"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment; a bad value raises ``ConfigurationError``."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{ENV_PREFIX}{'_'.join(str(part) for part in error['loc']).upper()}={error.get('input')!r}: {error['msg']}"
            for error in exc.errors()
        )
        raise ConfigurationError(f"Invalid setting: {problems}.") from None
