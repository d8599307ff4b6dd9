"""Settings from ASSISTANT_* variables: a bad value is one clear error line from either command, no traceback."""

from __future__ import annotations

import pytest

from assistant import cli as assistant_cli
from assistant.config import get_settings
from assistant.errors import ConfigurationError
from index_tools import cli as index_cli


@pytest.fixture
def bad_env(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ASSISTANT_INDEX_WORKERS", "0")
    monkeypatch.setenv("ASSISTANT_PORT", "eighty")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.usefixtures("bad_env")
def test_get_settings_names_every_bad_variable() -> None:
    with pytest.raises(ConfigurationError) as caught:
        get_settings()
    message = str(caught.value)
    assert "ASSISTANT_INDEX_WORKERS='0': Input should be greater than or equal to 1" in message
    assert "ASSISTANT_PORT='eighty'" in message


@pytest.mark.usefixtures("bad_env")
@pytest.mark.parametrize(
    ("main", "argv"), [(index_cli.main, ["status"]), (assistant_cli.main, ["ask", "Who ranked first?"])]
)
def test_the_commands_print_the_error_and_exit_2(main, argv, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: Invalid setting: ") and "ASSISTANT_INDEX_WORKERS" in err


def test_a_database_or_redis_url_of_another_kind_is_refused_with_the_accepted_forms(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", "mysql://db.internal/assistant")
    monkeypatch.setenv("ASSISTANT_REDIS_URL", "memcached://cache.internal")
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigurationError) as caught:
            get_settings()
    finally:
        get_settings.cache_clear()
    message = str(caught.value)
    assert "ASSISTANT_DATABASE_URL='mysql://db.internal/assistant'" in message
    assert "must be sqlite:///PATH or postgresql://USER:PASSWORD@HOST/DB" in message
    assert "ASSISTANT_REDIS_URL='memcached://cache.internal'" in message and "must be redis://HOST:PORT/DB" in message


@pytest.mark.parametrize("url", ["postgresql://u@h/db", "postgresql+psycopg://u@h/db", "sqlite:///data/c.sqlite3"])
def test_both_postgres_url_forms_and_sqlite_are_accepted(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.db.engine import parse_url

    monkeypatch.setenv("ASSISTANT_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        assert get_settings().database == url
    finally:
        get_settings.cache_clear()
    assert parse_url(url).drivername in ("postgresql+psycopg", "sqlite")
