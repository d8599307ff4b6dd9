"""Fixtures shared by every test package: the bundled corpus indexed once per session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import Settings

VENV_BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent


def isolated_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The process environment without any ASSISTANT_* setting of the developer's, pointed at ``data_dir``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("ASSISTANT_")}
    return {**env, "ASSISTANT_DATA_DIR": str(data_dir), **extra}


@pytest.fixture(scope="session")
def indexed_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding an index of the bundled corpus, built by the real `index-tools build`."""
    path = tmp_path_factory.mktemp("indexed")
    build = subprocess.run(
        [str(VENV_BIN / "index-tools"), "build"], env=isolated_env(path), cwd=ROOT, capture_output=True, text=True
    )
    assert build.returncode == 0, build.stderr
    return path


@pytest.fixture(scope="session")
def indexed_settings(indexed_data_dir: Path) -> Settings:
    """Settings over the session's index, with no LLM configured."""
    return Settings(data_dir=indexed_data_dir, llm=None)
