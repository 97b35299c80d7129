"""The README's client section runs as printed against the embedded mock, and passes mypy --strict."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import RESOURCES
from voice_contracts.serving import RunningServer

README = Path(__file__).resolve().parents[2] / "README.md"


def client_example() -> str:
    """The python code blocks of the README's "Using the client" section, joined."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Using the client\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert blocks, "the client section has no python example"
    return "\n".join(blocks)


def mock_env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "PALABRA_URL": url,
        "PALABRA_CLIENT_ID": RESOURCES.palabra_client_id,
        "PALABRA_CLIENT_SECRET": RESOURCES.palabra_client_secret,
        "RESEMBLE_URL": url,
        "RESEMBLE_API_TOKEN": RESOURCES.resemble_api_token,
    }


def test_the_readme_client_example_runs_against_the_mock(live_mock: RunningServer, tmp_path: Path) -> None:
    script = tmp_path / "example.py"
    script.write_text(client_example(), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], env=mock_env(live_mock.url), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    # The sample, the typed 404, the callback, the async regeneration: all reached and printed.
    assert lines[0].startswith("http") and lines[1].startswith("404 ")
    assert any(line.startswith(f"{live_mock.url}/audio/") for line in lines[2:])
    assert lines[-1] == "de"


@pytest.mark.slow
def test_the_readme_client_example_passes_mypy_strict(tmp_path: Path) -> None:
    script = tmp_path / "example.py"
    script.write_text(client_example(), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(script)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
