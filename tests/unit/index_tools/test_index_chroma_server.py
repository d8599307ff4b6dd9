"""Building and searching through a real Chroma server (`chroma run`) on 127.0.0.1 via `chroma_url`."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from index_samples import ALPHA, BETA

from assistant.config import Settings
from assistant.retrieval import open_retriever
from index_tools.builder import build_index


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    executable = shutil.which("chroma", path=str(Path(sys.executable).parent))
    assert executable is not None, "the chroma command comes with the chromadb package"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [executable, "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "chroma server did not start"
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_build_search_and_rebuild_over_http(corpus: Callable[..., Settings], chroma_url: str) -> None:
    settings = corpus({"alpha-en.md": ALPHA, "beta-zh.md": BETA}, chroma_url=chroma_url)
    first = build_index(settings)
    assert first.added == first.chunks > 0
    assert build_index(settings).added == 0
    retriever = open_retriever(settings)
    assert retriever.search("多伦多的金融科技风险投资", k=1)[0].section == "Investment"
    assert not settings.chroma_dir.exists()

    rebuilt = build_index(settings, rebuild=True)

    assert rebuilt.added == first.chunks
    assert retriever.search("杭州金融科技人才", k=1)[0].document_id == "beta-zh"
    assert retriever.status()["chunks"] == first.chunks
