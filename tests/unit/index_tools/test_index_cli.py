"""The `index-tools` command line, run in-process against a temporary corpus and data directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from index_samples import ALPHA

from assistant.config import get_settings
from index_tools.cli import main


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    reports = tmp_path / "corpus" / "reports"
    reports.mkdir(parents=True)
    (reports / "alpha-en.md").write_text(ALPHA, encoding="utf-8")
    (reports / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(tmp_path / "corpus"))
    get_settings.cache_clear()
    yield reports
    get_settings.cache_clear()


def test_build_and_status(env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["status"]) == 1
    assert "Run `index-tools build`" in capsys.readouterr().err

    assert main(["build"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Indexed 1 files, 1 skipped: ") and " 0 unchanged, 0 removed " in out
    assert "skipped " in err and "broken.pdf: not a readable PDF" in err

    assert main(["build"]) == 0
    assert "Indexed 1 files, 1 skipped: 0 chunks added" in capsys.readouterr().out

    assert main(["status"]) == 0
    status = capsys.readouterr().out
    assert "documents:       1" in status and "embedding model: use-multilingual (512 dimensions)" in status

    monkeypatch.setenv("ASSISTANT_EMBEDDING_MODEL", "minilm")
    get_settings.cache_clear()
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: The index was built with embedding model 'use-multilingual'")
    assert "Traceback" not in err


def test_build_with_nothing_to_index_fails_and_keeps_the_index(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (env / "broken.pdf").unlink()
    (env / "alpha-en.md").unlink()
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: nothing to index: no reports in ") and "ASSISTANT_CORPUS_DIR" in err
    assert main(["status"]) == 1  # no empty index was made

    (env / "alpha-en.md").write_text(ALPHA, encoding="utf-8")
    assert main(["build"]) == 0
    (env / "alpha-en.md").unlink()
    assert main(["build"]) == 2  # the built index is not emptied
    capsys.readouterr()
    assert main(["status"]) == 0 and "documents:       1" in capsys.readouterr().out
