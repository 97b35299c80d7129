"""A user's install: a fresh virtualenv, `pip install` of a fresh clone, then use from elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str | Path, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "PALABRA_", "RESEMBLE_"))}
    env = {k: v for k, v in env.items() if not k.startswith(("MOCK_", "CONTRACT_"))}
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.mark.slow
def test_pip_install_of_a_fresh_clone_works_from_any_directory(tmp_path: Path) -> None:
    clone, venv, elsewhere = tmp_path / "clone", tmp_path / "venv", tmp_path / "elsewhere"
    elsewhere.mkdir()
    # A clone holds exactly what is committed: a file the install needs but git lacks fails here.
    assert _run("git", "clone", "--quiet", "--no-local", ROOT, clone, cwd=tmp_path).returncode == 0
    assert _run(sys.executable, "-m", "venv", venv, cwd=tmp_path).returncode == 0
    python = venv / "bin" / "python"
    installed = _run(python, "-m", "pip", "install", "--quiet", clone, cwd=elsewhere, timeout=900)
    assert installed.returncode == 0, installed.stderr[-3000:]

    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(_run(python, "-c", purelib, cwd=elsewhere).stdout.strip())
    for pth in site.glob("*.pth"):
        assert str(clone) not in pth.read_text(encoding="utf-8"), pth

    imports = _run(
        python,
        "-c",
        "import voice_api_client, voice_contracts.client, voice_contracts.mock, voice_contracts.suite;"
        "from voice_contracts.spec import load_spec; print(load_spec().path)",
        cwd=elsewhere,
    )
    assert imports.returncode == 0, imports.stderr
    assert str(site) in imports.stdout and str(clone) not in imports.stdout

    command = venv / "bin" / "voice-contracts"
    helped = _run(command, "--help", cwd=elsewhere)
    assert helped.returncode == 0 and "check" in helped.stdout

    checked = _run(command, "check", "--max-examples", "5", "--junit", elsewhere / "junit.xml", cwd=elsewhere)
    assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-3000:]
    assert (elsewhere / "junit.xml").exists()
