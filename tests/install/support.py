"""A fresh virtual environment that reuses the installed dependencies, for install tests.

Installing the dependencies (torch, chromadb, ...) into every test venv would take minutes and a network.
Instead the new venv's site-packages holds a ``.pth`` line naming the running venv's site-packages: the
dependencies import from there, while the package under test is installed into the new venv itself
(whose own site-packages comes first on ``sys.path``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.conftest import ROOT

# What an installation is made from: the same files the Dockerfile copies into the image.
SOURCES = ("pyproject.toml", "README.md", "assistant", "index_tools", "corpus", "tests/eval")


def reusing_venv(path: Path) -> Path:
    """Create a venv at ``path`` that reuses this interpreter's installed packages; returns its bin dir."""
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, capture_output=True)
    python = path / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "_reuse_installed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return path / "bin"


def copy_sources(target: Path) -> Path:
    """Copy :data:`SOURCES` of the checkout to ``target`` (symbolic links kept, caches left out)."""
    for name in SOURCES:
        source, destination = ROOT / name, target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination)
    return target


def outside_env(env: dict[str, str], bin_dir: Path) -> dict[str, str]:
    """``env`` for commands of the venv in ``bin_dir``: its bin first on PATH, and no PYTHONPATH (which
    would import the checkout instead of the installed package)."""
    clean = {key: value for key, value in env.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return {**clean, "PATH": f"{bin_dir}{os.pathsep}{clean.get('PATH', '')}", "VIRTUAL_ENV": str(bin_dir.parent)}


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    """Run ``command``; fail with its output when it exits non-zero."""
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{command} exited {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done
