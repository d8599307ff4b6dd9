"""`assistant eval --documents` on a small evaluation directory of its own: index, extractive answers, figures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.agent.evaluate_documents import build_eval_index, run_document_eval, splits
from assistant.cli import main
from assistant.config import PROJECT_ROOT, Settings, get_settings

SOURCE = PROJECT_ROOT / "tests" / "eval" / "documents"


@pytest.fixture
def eval_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "eval"
    (directory / "documents").mkdir(parents=True)
    shutil.copy(SOURCE / "debian-faq-ftparchives.html", directory / "documents")
    shutil.copy(SOURCE / "LICENSES.md", directory / "documents")  # never indexed
    questions = [
        ("en", "fact", "Who chose to name Debian releases after Toy Story characters?", ["Bruce Perens"], True),
        ("en", "why", "Why does a Debian distribution under development get a codename?", ["mirroring"], True),
        ("en", "unanswerable", "How much does the Debian Project Leader earn per year?", [], False),
    ]
    with (directory / "documents-dev.jsonl").open("w", encoding="utf-8") as out:
        for number, (language, kind, question, expect, answered) in enumerate(questions, start=1):
            turn = {"question": question, "kind": kind, "expect": expect, "answered": answered}
            out.write(json.dumps({"id": f"t{number}", "language": language, "turns": [turn]}) + "\n")
    (tmp_path / "corpus" / "reports").mkdir(parents=True)
    (tmp_path / "corpus" / "data").symlink_to(PROJECT_ROOT / "corpus" / "data", target_is_directory=True)
    return directory


def test_the_extractive_engine_answers_cites_and_refuses(eval_dir: Path) -> None:
    root = eval_dir.parent
    settings = build_eval_index(Settings(data_dir=root / "data", corpus_dir=root / "corpus", eval_dir=eval_dir))
    assert settings.data_dir == root / "data" / "eval-documents"
    result = run_document_eval(settings, splits(eval_dir)["dev"], "extractive")
    summary = result.summary()
    assert summary["turns"] == 3 and summary["unanswerable"] == 1
    assert summary["refused_share"] == 1.0 and summary["grounding_violations"] == 0
    assert summary["answerable_accuracy"] == 1.0 and summary["located_share"] == 1.0  # cited by its section
    assert "Bruce Perens" in result.report.turns[0].answer


def test_the_command_reports_each_split_apart(
    eval_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = eval_dir.parent
    for name, value in (("DATA_DIR", root / "data"), ("CORPUS_DIR", root / "corpus"), ("EVAL_DIR", eval_dir)):
        monkeypatch.setenv(f"ASSISTANT_{name}", str(value))
    get_settings.cache_clear()
    try:
        assert main(["eval", "--documents", "--engine", "extractive"]) == 0
    finally:
        get_settings.cache_clear()
    out = capsys.readouterr().out
    assert "== dev (documents-dev.jsonl, engine: extractive)" in out and "unanswerable refused: 1.000 of 1" in out
    assert "== held-out: documents-heldout.jsonl is missing" in out


def test_failures_are_listed_for_dev_splits_never_for_the_held_out_one(
    eval_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = eval_dir.parent
    turn = {"question": "Which colour is the archive's logo?", "kind": "fact", "expect": ["teal"], "answered": True}
    for name in ("documents-dev2.jsonl", "documents-heldout.jsonl"):  # a question no document answers: it fails
        (eval_dir / name).write_text(json.dumps({"id": "f1", "language": "en", "turns": [turn]}) + "\n")
    for name, value in (("DATA_DIR", root / "data"), ("CORPUS_DIR", root / "corpus"), ("EVAL_DIR", eval_dir)):
        monkeypatch.setenv(f"ASSISTANT_{name}", str(value))
    get_settings.cache_clear()
    try:
        assert (
            main(
                [
                    "eval",
                    "--documents",
                    "--engine",
                    "extractive",
                    "--split",
                    "dev2",
                    "--split",
                    "held-out",
                    "--failures",
                ]
            )
            == 0
        )
    finally:
        get_settings.cache_clear()
    dev2, held_out = capsys.readouterr().out.split("== held-out")
    assert turn["question"] in dev2
    assert turn["question"] not in held_out and "failures are not listed" in held_out
