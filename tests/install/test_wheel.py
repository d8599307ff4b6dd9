"""A wheel of the package, installed in a fresh venv, builds its index and answers from its bundled corpus
when run from another directory (no checkout on the path)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, isolated_env
from tests.install.support import copy_sources, outside_env, reusing_venv, run

QUESTION = "Which city ranks first in the 2025 GFCDI?"


@pytest.mark.slow
def test_an_installed_wheel_answers_from_its_bundled_corpus(tmp_path: Path) -> None:
    source = copy_sources(tmp_path / "source")
    built = run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"), "."],
        cwd=source,
        env=isolated_env(tmp_path / "unused"),
    )
    wheels = list((tmp_path / "dist").glob("fintech_report_assistant-*.whl"))
    assert len(wheels) == 1, built.stdout
    bin_dir = reusing_venv(tmp_path / "venv")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = outside_env(isolated_env(tmp_path / "data"), bin_dir)
    python = str(bin_dir / "python")
    install = [python, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--ignore-installed"]
    run([*install, str(wheels[0])], cwd=elsewhere, env=env)

    code = "import assistant.config as c; print(c.__file__); print(c.Settings().corpus_dir)"
    where = run([python, "-c", code], cwd=elsewhere, env=env).stdout.split()
    site = tmp_path / "venv" / "lib"
    assert all(Path(line).is_relative_to(site) for line in where), where  # the installed copy, not the checkout

    build = run([str(bin_dir / "index-tools"), "build"], cwd=elsewhere, env=env)
    reports = len(list((ROOT / "corpus" / "reports").iterdir()))
    assert f"Indexed {reports} files" in build.stdout

    answer = json.loads(run([str(bin_dir / "assistant"), "ask", QUESTION, "--json"], cwd=elsewhere, env=env).stdout)
    bundled = {path.stem for path in (ROOT / "corpus" / "reports").iterdir()}
    assert "New York" in answer["answer"] and answer["grounded"]  # from the bundled data tables
    searched = {
        hit["document_id"]
        for call in answer["tool_calls"]
        if call["name"] == "search_reports"
        for hit in call["result"]["hits"]
    }
    assert searched and searched <= bundled  # passages of the index built from the bundled reports
    assert {citation["document_id"] for citation in answer["citations"]} <= bundled

    retrieval = run([str(bin_dir / "assistant"), "eval-retrieval"], cwd=elsewhere, env=env)
    assert str(site) in retrieval.stdout and "retrieval.jsonl" in retrieval.stdout  # the bundled eval set
