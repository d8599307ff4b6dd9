"""The page's files: nothing loaded from another host, every local reference present, no HTML-parsing sink."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

WEB_DIR = ROOT / "assistant" / "web" / "static"
SCRIPTS = sorted(WEB_DIR.glob("*.js"))
SINKS = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment"
                   r"|\beval\(|new Function|srcdoc")  # fmt: skip


def test_the_page_references_only_its_own_files() -> None:
    html = (WEB_DIR / "index.html").read_text(encoding="utf-8")
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "main.js" in references and "style.css" in references
    for reference in references:
        if reference.startswith("#"):
            continue
        assert not re.match(r"[a-z]+:|//", reference), f"{reference} is not a local file"
        assert reference.startswith("v1/") or (WEB_DIR / reference).is_file(), reference


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_scripts_import_only_local_modules_and_never_parse_html(script: Path) -> None:
    source = script.read_text(encoding="utf-8")
    for module in re.findall(r'^import .* from "([^"]+)";$', source, flags=re.MULTILINE):
        assert module.startswith("./") and (script.parent / module).is_file(), module
    assert not SINKS.findall(source)
    assert not re.findall(r"https?://(?!www\.w3\.org/2000/svg)", source)
