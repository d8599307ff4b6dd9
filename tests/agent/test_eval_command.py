"""`assistant eval --failures` over the session's index: dev failures are listed, held-out ones never."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.config import get_settings
from tests.conftest import isolated_env


def test_failures_are_listed_for_dev_never_for_held_out(
    indexed_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    turn = {"question": "Which city ranked 99th in the 2025 index?", "kind": "rank", "expect": ["Atlantis"]}
    files = [tmp_path / "dev.jsonl", tmp_path / "heldout.jsonl"]
    for path in files:  # a turn that fails: no city is called Atlantis
        path.write_text(json.dumps({"id": "f1", "language": "en", "turns": [{**turn, "answered": True}]}) + "\n")
    for key, value in isolated_env(indexed_data_dir).items():  # the session's index (in the test Chroma server, if any)
        if key.startswith("ASSISTANT_"):
            monkeypatch.setenv(key, value)
    monkeypatch.delenv("ASSISTANT_LLM", raising=False)
    get_settings.cache_clear()
    try:
        assert main(["eval", "--file", str(files[0]), "--file", str(files[1]), "--failures"]) == 0
    finally:
        get_settings.cache_clear()
    dev, held_out = capsys.readouterr().out.split("== heldout.jsonl")
    assert "accuracy: 0.000" in dev and turn["question"] in dev
    assert "accuracy: 0.000" in held_out and turn["question"] not in held_out and "not listed" in held_out
