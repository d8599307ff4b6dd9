"""One Chroma server, the index built into it by `index-tools build`, and four `assistant serve` processes
using it, all started together once per session (their start-ups overlap):

* ``main``: LLM mode against a scripted LLM on loopback, API keys, a rate limit, CORS open to one origin;
* ``workers``: ``--workers 2 --host 0.0.0.0`` with an API key, the offline analyst;
* ``lifecycle``: LLM mode, no keys, a tool timeout too short for any tool; killed and restarted by tests;
* ``insecure``: ``--host 0.0.0.0 --insecure`` without keys, configured for another embedding model than
  the index was built with, with a per-IP rate limit and CORS closed.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from tests.conftest import ROOT, VENV_BIN, isolated_env
from tests.hardening.support import LLM_TEXT, TOOL_CALL, ChromaServer, FaultyLLM, ServeProcess

MAIN_KEYS = ("k-faults", "k-obs", "k-rate", "k-other", "k-cors", "k-limits", "k-concurrency")
WORKERS_KEY = "k-workers"
MAIN_RATE = {"ASSISTANT_RATE_LIMIT_PER_MINUTE": "60", "ASSISTANT_RATE_LIMIT_BURST": "8"}
INSECURE_RATE = {"ASSISTANT_RATE_LIMIT_PER_MINUTE": "60", "ASSISTANT_RATE_LIMIT_BURST": "5"}
ALLOWED_ORIGIN = "https://research.example"


@dataclass
class Cluster:
    chroma: ChromaServer
    main: ServeProcess
    workers: ServeProcess
    lifecycle: ServeProcess
    insecure: ServeProcess
    main_llm: FaultyLLM
    lifecycle_llm: FaultyLLM


def _llm_env(llm: FaultyLLM, timeout: str) -> dict[str, str]:
    return {
        "ASSISTANT_LLM": "openai:scripted-model",
        "ASSISTANT_LLM_BASE_URL": llm.base_url,
        "ASSISTANT_LLM_API_KEY": "test",
        "ASSISTANT_LLM_TIMEOUT": timeout,
    }


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("hardening")
    chroma = ChromaServer(root / "chroma-server", root / "chroma.log")
    main_llm, lifecycle_llm = FaultyLLM([TOOL_CALL, LLM_TEXT]), FaultyLLM([TOOL_CALL, LLM_TEXT])
    shared = {"ASSISTANT_CHROMA_URL": chroma.url}
    running = Cluster(
        chroma=chroma,
        main=ServeProcess(
            isolated_env(
                root / "main",
                **shared,
                **_llm_env(main_llm, "1.5"),
                **MAIN_RATE,
                ASSISTANT_API_KEYS=",".join(MAIN_KEYS),
                ASSISTANT_CORS_ORIGINS=ALLOWED_ORIGIN,
            ),
            root / "main.log",
        ),
        workers=ServeProcess(
            isolated_env(root / "workers", **shared, ASSISTANT_API_KEYS=WORKERS_KEY),
            root / "workers.log",
            "--workers",
            "2",
            host="0.0.0.0",
        ),
        lifecycle=ServeProcess(
            isolated_env(root / "lifecycle", **shared, **_llm_env(lifecycle_llm, "10"), ASSISTANT_TOOL_TIMEOUT="1e-6"),
            root / "lifecycle.log",
        ),
        insecure=ServeProcess(
            isolated_env(root / "insecure", **shared, **INSECURE_RATE, ASSISTANT_EMBEDDING_MODEL="minilm"),
            root / "insecure.log",
            "--insecure",
            host="0.0.0.0",
        ),
        main_llm=main_llm,
        lifecycle_llm=lifecycle_llm,
    )
    servers = (running.main, running.workers, running.lifecycle, running.insecure)
    try:
        for server in servers:
            server.launch()
        chroma.wait_ready()
        build = subprocess.run(
            [str(VENV_BIN / "index-tools"), "build"],
            env=isolated_env(root / "build", **shared),
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert build.returncode == 0, build.stderr
        # Every server is asked /healthz at once, so that they load their models at the same time.
        with ThreadPoolExecutor(len(servers)) as pool:
            waits = [pool.submit(server.wait_ready, 503 if server is running.insecure else 200) for server in servers]
            for wait in waits:
                wait.result()
        yield running
    finally:
        for server in servers:
            if server.running():
                server.terminate()
        chroma.stop()
        main_llm.close()
        lifecycle_llm.close()


@pytest.fixture
def lifecycle(cluster: Cluster) -> ServeProcess:
    """The lifecycle server, started again if an earlier test stopped it; its LLM answers normally."""
    cluster.lifecycle_llm.mode = "ok"
    if not cluster.lifecycle.running():
        cluster.lifecycle.launch()
        cluster.lifecycle.wait_ready()
    return cluster.lifecycle


@pytest.fixture
def main_llm(cluster: Cluster) -> Iterator[FaultyLLM]:
    """The main server's scripted LLM, back to answering normally after the test."""
    yield cluster.main_llm
    cluster.main_llm.mode = "ok"
