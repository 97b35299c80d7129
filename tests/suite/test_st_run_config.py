"""``st run`` from the project root loads schemathesis.toml, and with it our custom checks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import RESOURCES, make_settings
from voice_contracts.mock import create_app
from voice_contracts.serving import RunningServer

ROOT = Path(__file__).resolve().parents[2]


def st_run(url: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(Path(sys.executable).with_name("st")),
        "--no-color",
        "run",
        "openapi.yaml",
        "--url",
        url,
        "--max-examples",
        "3",
        "--include-operation-id",
        "regenerate_tts_sample",
        "-H",
        f"ClientID: {RESOURCES.palabra_client_id}",
        "-H",
        f"ClientSecret: {RESOURCES.palabra_client_secret}",
    ]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.slow
def test_st_run_reports_a_custom_check_failure_only_when_the_mock_breaks_it() -> None:
    # palabra_error_ok_true is invisible to the built-in checks: only palabra_ok_flag catches it.
    with RunningServer(create_app(make_settings(fault="palabra_error_ok_true")), max_seconds=300) as server:
        broken = st_run(server.url)
    assert broken.returncode == 1, broken.stdout[-3000:]
    assert "ok: true with status" in broken.stdout

    with RunningServer(create_app(make_settings()), max_seconds=300) as server:
        clean = st_run(server.url)
    assert clean.returncode == 0, clean.stdout[-3000:]
    assert "ok: true with status" not in clean.stdout
