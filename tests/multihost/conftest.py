"""Two hosts, as far as one machine can show it: two `assistant serve` processes on different ports, each
with its own data directory (nothing shared on disk), sharing one PostgreSQL database, one Redis and one
Chroma server, with the Slack bot talking to a fake Slack. Started once for the package.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, VENV_BIN, isolated_env
from tests.databases import PostgresServer, RedisServer
from tests.hardening.support import ChromaServer, ServeProcess
from tests.slack.fake_slack import BOT_TOKEN, FakeSlack
from tests.slack.slack_requests import SIGNING_SECRET

KEYS = ("k-chat", "k-rate", "k-slack", "k-index", "k-redis", "k-writes")
RATE_PER_MINUTE, RATE_BURST = 1, 40  # each key: 40 requests at once, then one a minute, whichever host


@dataclass
class Hosts:
    a: ServeProcess
    b: ServeProcess
    chroma: ChromaServer
    redis: RedisServer
    slack: FakeSlack
    database_url: str
    shared: dict[str, str]
    operator: Path  # the data dir of the one machine that runs `assistant db upgrade` and `index-tools build`

    def env(self, data_dir: Path, **extra: str) -> dict[str, str]:
        """The environment of another process of the deployment (a build, a third host)."""
        return isolated_env(data_dir, **self.shared, **extra)


@pytest.fixture(scope="package")
def hosts(
    postgres: PostgresServer, redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Hosts]:
    root = tmp_path_factory.mktemp("multihost")
    chroma = ChromaServer(root / "chroma-server", root / "chroma.log")
    slack = FakeSlack()
    slack.start()
    database_url = postgres.create_database()
    shared = {
        "ASSISTANT_CHROMA_URL": chroma.url,
        "ASSISTANT_DATABASE_URL": database_url,
        "ASSISTANT_REDIS_URL": redis_server.url,
        "ASSISTANT_API_KEYS": ",".join(KEYS),
        "ASSISTANT_RATE_LIMIT_PER_MINUTE": str(RATE_PER_MINUTE),
        "ASSISTANT_RATE_LIMIT_BURST": str(RATE_BURST),
        "ASSISTANT_SLACK_BOT_TOKEN": BOT_TOKEN,
        "ASSISTANT_SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "ASSISTANT_SLACK_API_URL": slack.api_url,
    }
    running = Hosts(
        a=ServeProcess(isolated_env(root / "host-a", **shared), root / "host-a.log"),
        b=ServeProcess(isolated_env(root / "host-b", **shared), root / "host-b.log"),
        chroma=chroma,
        redis=redis_server,
        slack=slack,
        database_url=database_url,
        shared=shared,
        operator=root / "operator",
    )
    try:
        # The operator's steps: create the tables, build the index into the Chroma server, start the hosts.
        upgrade = subprocess.run(
            [str(VENV_BIN / "assistant"), "db", "upgrade"],
            env=running.env(running.operator),
            capture_output=True,
            text=True,
        )
        assert upgrade.returncode == 0, upgrade.stderr
        chroma.wait_ready()
        running.a.launch()
        running.b.launch()
        build = subprocess.run(
            [str(VENV_BIN / "index-tools"), "build"],
            env=running.env(running.operator),
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert build.returncode == 0, build.stderr
        with ThreadPoolExecutor(2) as pool:
            for wait in [pool.submit(host.wait_ready) for host in (running.a, running.b)]:
                wait.result()
        yield running
    finally:
        for host in (running.a, running.b):
            if host.running():
                host.terminate()
        chroma.stop()
        slack.stop()
