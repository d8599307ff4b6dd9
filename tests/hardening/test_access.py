"""Who may reach the server: `assistant serve` will not listen publicly without keys unless told to."""

from __future__ import annotations

import subprocess

import httpx

from tests.conftest import ROOT, VENV_BIN, isolated_env
from tests.hardening.conftest import WORKERS_KEY, Cluster
from tests.hardening.support import auth
from tests.server import free_port


def test_serve_refuses_a_public_address_without_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    command = [str(VENV_BIN / "assistant"), "serve", "--host", "0.0.0.0", "--port", str(free_port())]
    refused = subprocess.run(command, env=isolated_env(tmp_path), cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2
    assert "refusing to listen on 0.0.0.0 without API keys" in refused.stderr
    assert "ASSISTANT_API_KEYS" in refused.stderr and "--insecure" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_public_address_is_served_with_keys_or_with_insecure(cluster: Cluster) -> None:
    # `--host 0.0.0.0` with ASSISTANT_API_KEYS set: it listens, and /v1 needs the key.
    keyed = f"{cluster.workers.url}/v1/models"
    assert httpx.get(keyed).status_code == 401
    assert httpx.get(keyed, headers=auth(WORKERS_KEY)).status_code == 200
    # `--host 0.0.0.0 --insecure` without keys: it listens, and anyone may ask.
    assert httpx.get(f"{cluster.insecure.url}/v1/models").status_code == 200
