"""The command: complete help, one exit code per outcome, flags over the environment."""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from tests.cli.recording import RecordingApp
from voice_contracts.cli.exit_codes import MEANINGS, ExitCode
from voice_contracts.cli.main import build_parser, main
from voice_contracts.serving import RunningServer, free_port
from voice_contracts.settings import ContractSettings, MockSettings, Resources, variables

OUR_VARIABLES = {var.env for model in (ContractSettings, MockSettings, Resources) for var in variables(model)}


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """No setting of the caller's environment leaks into the command under test."""
    for name in OUR_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    yield monkeypatch


def _subcommands() -> list[str]:
    actions = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return [name for action in actions for name in action.choices]


def _help(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "voice_contracts", *args, "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_each_subcommand_documents_every_setting_it_reads_and_every_exit_code() -> None:
    assert {"check", "mock", "lint", "faults", "settings"} <= set(_subcommands())
    top = _help()
    for code, meaning in MEANINGS.items():
        assert f"{code.value}  {meaning}" in top
    commands: dict[str, tuple[type[BaseModel], ...]] = {
        "check": (ContractSettings, Resources),
        "mock": (MockSettings, Resources),
    }
    for command, models in commands.items():
        text = " ".join(_help(command).split())
        for model in models:
            for var in variables(model):
                assert var.env in text, (command, var.env)
                if not var.secret:
                    assert "--" + var.field.replace("_", "-") in text
        assert "exit codes:" in text


def test_a_bad_setting_exits_2_with_one_line(clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    clean_env.setenv("MOCK_CALLBACK_ATTEMPTS", "1.9")
    assert main(["mock"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err == "voice-contracts: MOCK_CALLBACK_ATTEMPTS='1.9': must be a whole number\n"
    assert main(["check", "--seed", "soon"]) == ExitCode.USAGE
    assert capsys.readouterr().err == "voice-contracts: --seed='soon': must be a whole number\n"


def test_an_unknown_fault_exits_2(clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    clean_env.setenv("MOCK_FAULT", "no_such_fault")
    assert main(["mock", "--port", "0"]) == ExitCode.USAGE
    assert "no_such_fault" in capsys.readouterr().err


def test_missing_credentials_for_a_set_server_exit_2_before_any_request(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    app = RecordingApp()
    with RunningServer(app, max_seconds=60) as server:
        assert main(["check", "--palabra-url", server.url]) == ExitCode.USAGE
        clean_env.setenv("PALABRA_API_KEY", "k")
        assert main(["check", "--palabra-url", server.url, "--resemble-url", server.url]) == ExitCode.USAGE
    assert "RESEMBLE_API_TOKEN" in capsys.readouterr().err
    assert app.requests == []


def test_an_unreachable_server_exits_3(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    clean_env.setenv("PALABRA_API_KEY", "k")
    clean_env.setenv("CONTRACT_JUNIT", str(tmp_path / "j.xml"))
    clean_env.setenv("CONTRACT_HTML", str(tmp_path / "r.html"))
    port = free_port()
    assert main(["check", "--palabra-url", f"http://127.0.0.1:{port}"]) == ExitCode.UNREACHABLE
    assert f"http://127.0.0.1:{port} cannot be reached" in capsys.readouterr().err


def test_a_port_in_use_exits_3(clean_env: pytest.MonkeyPatch) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert main(["mock", "--port", str(taken.getsockname()[1])]) == ExitCode.UNREACHABLE


def test_settings_and_faults_print(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["settings"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert all(name in out for name in OUR_VARIABLES)
    assert main(["faults"]) == ExitCode.OK
    assert "palabra_bad_lang" in capsys.readouterr().out


@pytest.mark.slow
def test_an_api_key_alone_is_sent_as_bearer_and_no_mock_credential_reaches_a_real_server(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clean_env.setenv("PALABRA_API_KEY", "the-users-key")
    app = RecordingApp()
    with RunningServer(app, max_seconds=300) as server:
        code = main(["check", "--palabra-url", server.url, "--max-examples", "2", "--junit", str(tmp_path / "j.xml")])
    assert code == ExitCode.BROKEN  # the recorder answers 401 to everything, which breaks promises
    assert app.requests, "the suite sent nothing"
    assert any(h.get("authorization") == "Bearer the-users-key" for h in app.requests)
    for headers in app.requests:
        values = " ".join(headers.values())
        for made_up in ("mock-client-id", "mock-client-secret", "mock-palabra-key"):
            assert made_up not in values, headers
