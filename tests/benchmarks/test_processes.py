"""Benchmarked servers: started on loopback, failures explained, always stopped."""

from __future__ import annotations

import os
import sys

import pytest

from benchmarks.processes import ServerError, ServerProcess, mock_environment
from voice_contracts.serving import free_port


def test_a_server_that_exits_at_once_is_reported_with_its_output() -> None:
    command = [sys.executable, "-c", "print('cannot start'); raise SystemExit(4)"]
    with pytest.raises(ServerError, match="cannot start"), ServerProcess("broken", command, free_port()):
        pass


def test_a_server_runs_until_the_block_ends() -> None:
    port = free_port()
    command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)]
    with ServerProcess("http.server", command, port, startup_seconds=30) as server:
        assert server.url == f"http://127.0.0.1:{port}"
        pid = server.pid
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_mock_environment_drops_the_callers_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PALABRA_VOICE_ID", "someone-elses")
    monkeypatch.setenv("MOCK_FAULT", "palabra_bad_lang")
    env = mock_environment(MOCK_SYNTH_SECONDS="0")
    assert "PALABRA_VOICE_ID" not in env and "MOCK_FAULT" not in env
    assert env["MOCK_SYNTH_SECONDS"] == "0"
