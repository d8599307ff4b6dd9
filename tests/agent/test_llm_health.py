"""/healthz says whether the LLM server is reachable, from a cheap probe made at most once a minute,
and stays 200 while it is not: the offline analyst answers."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.agent.llm import Reachable, probe_url
from assistant.config import Settings
from tests.agent.scripted_llm import ScriptedLLM
from tests.agent.test_llm_mode import QUESTION, llm_service
from tests.conftest import isolated_env
from tests.server import AppServer, free_port


def _settled(reachable: Reachable, timeout: float = 10) -> str:
    deadline = time.monotonic() + timeout
    while (value := reachable.status()) == "unchecked" and time.monotonic() < deadline:
        time.sleep(0.05)
    return value


@pytest.mark.parametrize("wire", ["openai", "ollama"])
def test_probe_is_cheap_cached_and_unchecked_until_it_returns(
    indexed_settings: Settings, tmp_path: Path, wire: str
) -> None:
    llm = ScriptedLLM(["unused"], wire=wire)
    try:
        service = llm_service(indexed_settings, llm, tmp_path)
        assert probe_url(service.settings).endswith("/v1/models" if wire == "openai" else "/api/tags")
        assert service.status()["llm"] == "unchecked"
        reachable = service._reachable
        assert reachable is not None and _settled(reachable) == "reachable"
        for _ in range(5):
            assert service.status()["llm"] == "reachable"
        assert llm.probes == 1 and llm.requests == []  # no generation, one probe a minute
    finally:
        llm.close()


def test_a_dead_server_is_unreachable_and_questions_are_answered_offline(
    indexed_settings: Settings, tmp_path: Path
) -> None:
    settings = indexed_settings.model_copy(
        update={"llm": "openai:gone", "llm_base_url": f"http://127.0.0.1:{free_port()}/v1", "llm_timeout": 5.0}
    )
    reachable = Reachable(settings, ttl=0.0)
    assert _settled(reachable) == "unreachable"
    llm = ScriptedLLM(["unused"])
    llm.close()  # nothing listens on its port any more
    answer = llm_service(indexed_settings, llm, tmp_path).answer(QUESTION)
    assert answer.engine == "offline (LLM failed)" and "2nd" in answer.answer


@pytest.fixture(scope="module")
def app_without_llm(indexed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    env = isolated_env(
        indexed_data_dir,
        ASSISTANT_LLM="openai:gone",
        ASSISTANT_LLM_BASE_URL=f"http://127.0.0.1:{free_port()}/v1",
    )
    server = AppServer(env, tmp_path_factory.mktemp("health") / "server.log")
    server.launch()
    server.wait_ready()
    yield server
    server.stop()


def test_healthz_stays_200_and_reports_the_llm_unreachable(app_without_llm: AppServer) -> None:
    deadline, body = time.monotonic() + 15, {}
    while time.monotonic() < deadline:
        response = httpx.get(app_without_llm.url + "/healthz", timeout=10)
        assert response.status_code == 200
        body = response.json()
        if body["llm"] != "unchecked":
            break
        time.sleep(0.1)
    assert body["ok"] is True and body["engine"] == "openai:gone" and body["llm"] == "unreachable"
