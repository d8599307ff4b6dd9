"""The Dockerfile's steps, run as written in a clean venv (docker itself is not available here).

Every instruction is carried out but FROM: ARG defaults and ENV are the commands' environment (absolute
paths moved under a temporary root), COPY copies from the checkout into WORKDIR, RUN runs with bash in
WORKDIR, and CMD is started with API keys set, as the image would be run. The venv reuses the installed
dependencies (tests/install/support.py), so the torch step finds CPU torch already there instead of
downloading it; everything else (building and installing the package, building the index into the image's
index directory, serving) happens as in the image.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.install.support import outside_env, reusing_venv, run
from tests.server import AppServer

API_KEY = "k-docker"


@dataclass
class Image:
    """What the Dockerfile's instructions did, in a temporary root standing for the image's file system."""

    root: Path
    bin_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    args: dict[str, str] = field(default_factory=dict)
    workdir: Path | None = None
    base: str = ""
    volumes: list[str] = field(default_factory=list)
    cmd: list[str] = field(default_factory=list)

    def path(self, value: str) -> str:
        """A path of the image, under the temporary root."""
        return str(self.root / value.lstrip("/")) if value.startswith("/") else value

    def environment(self) -> dict[str, str]:
        base = {key: value for key, value in os.environ.items() if not key.startswith("ASSISTANT_")}
        return outside_env({**base, **self.args, **self.env}, self.bin_dir)


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments left out."""
    joined, current = [], ""
    for line in dockerfile.read_text(encoding="utf-8").splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        current += line.rstrip().removesuffix("\\") + " " if line.rstrip().endswith("\\") else line.strip()
        if not line.rstrip().endswith("\\"):
            joined.append(current.strip())
            current = ""
    return [(text.split(None, 1)[0].upper(), text.split(None, 1)[1] if " " in text else "") for text in joined]


def carry_out(dockerfile: Path, image: Image) -> None:
    for name, arguments in instructions(dockerfile):
        if name == "FROM":
            image.base = arguments
        elif name == "ARG":
            key, _, default = arguments.partition("=")
            image.args[key] = default
        elif name == "ENV":
            for pair in shlex.split(arguments):
                key, _, value = pair.partition("=")
                image.env[key] = image.path(value)
        elif name == "WORKDIR":
            image.workdir = Path(image.path(arguments))
            image.workdir.mkdir(parents=True, exist_ok=True)
        elif name == "COPY":
            *sources, target = shlex.split(arguments)
            assert image.workdir is not None
            for source in sources:
                destination = image.workdir / target if target != "./" else image.workdir / Path(source).name
                if (ROOT / source).is_dir():
                    ignore = shutil.ignore_patterns("__pycache__")
                    shutil.copytree(ROOT / source, destination, symlinks=True, ignore=ignore)
                else:
                    shutil.copy2(ROOT / source, destination)
        elif name == "RUN":
            assert image.workdir is not None
            run(["bash", "-ec", arguments], cwd=image.workdir, env=image.environment(), timeout=900)
        elif name == "VOLUME":
            image.volumes = json.loads(arguments)
        elif name == "CMD":
            image.cmd = json.loads(arguments)
        elif name != "EXPOSE":
            raise AssertionError(f"the test does not know the Dockerfile instruction {name}")


class ImageCommand(AppServer):
    """The image's CMD, on a free port."""

    def __init__(self, cmd: list[str], env: dict[str, str], log: Path) -> None:
        super().__init__(env, log)
        port = cmd.index("--port") + 1
        self.cmd = [*cmd[:port], str(self.port), *cmd[port + 1 :]]

    def command_line(self) -> list[str]:
        return self.cmd


@pytest.mark.slow
def test_the_dockerfile_steps_build_an_image_that_serves_with_keys(tmp_path: Path) -> None:
    image = Image(root=tmp_path / "image", bin_dir=reusing_venv(tmp_path / "venv"))
    carry_out(ROOT / "Dockerfile", image)

    assert image.base.startswith("python:3.11")
    assert image.args["TORCH_INDEX_URL"].endswith("/whl/cpu")  # CPU torch, through a build argument
    index_dir = Path(image.env["ASSISTANT_CHROMA_PATH"])
    assert index_dir.is_dir() and any(index_dir.iterdir())  # the index is part of the image...
    assert not any(Path(image.path(volume)).is_relative_to(index_dir) for volume in image.volumes)  # ...not a volume

    env = image.environment()
    refused = subprocess.run(image.cmd, env=env, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "ASSISTANT_API_KEYS" in refused.stderr  # keys are needed on 0.0.0.0

    server = ImageCommand(image.cmd, {**env, "ASSISTANT_API_KEYS": API_KEY}, tmp_path / "serve.log")
    server.launch()
    try:
        server.wait_ready(200, "/healthz")
        health = httpx.get(f"{server.url}/healthz").json()
        assert health["ok"] and health["index"]["documents"] == len(list((ROOT / "corpus" / "reports").iterdir()))
        assert httpx.get(f"{server.url}/v1/models").status_code == 401
        keyed = httpx.get(f"{server.url}/v1/models", headers={"Authorization": f"Bearer {API_KEY}"})
        assert keyed.status_code == 200
    finally:
        server.stop()
    assert "Traceback" not in server.log_text()
