"""``st run`` from the project root loads schemathesis.toml, and with it our custom checks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support import RESOURCES, make_settings
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


class StatusRecorder:
    """Wraps an ASGI app and records the status of each answer, by vendor path prefix."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.statuses: list[tuple[str, int]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        prefix = "/" + scope["path"].strip("/").split("/")[0]

        async def recording_send(message: Any) -> None:
            if message["type"] == "http.response.start":
                self.statuses.append((prefix, message["status"]))
            await send(message)

        await self.app(scope, receive, recording_send)


@pytest.mark.slow
def test_plain_st_run_reaches_both_operations_with_the_config_alone() -> None:
    recorder = StatusRecorder(create_app(make_settings()))
    with RunningServer(recorder, max_seconds=300) as server:
        command = [str(Path(sys.executable).with_name("st")), "--no-color", "run", "openapi.yaml", "--url", server.url]
        command += ["--max-examples", "3", "--phases", "examples,fuzzing"]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-3000:]
    assert ("/saas", 200) in recorder.statuses and ("/api", 200) in recorder.statuses, recorder.statuses
