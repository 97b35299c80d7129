"""Every reported reproduction, pasted into sh against the faulty server, gets the reported status."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.conftest import RESOURCES, make_settings
from voice_contracts.mock import create_app
from voice_contracts.serving import RunningServer
from voice_contracts.suite import Options, render_text, run_contract

CREDENTIALS = {
    "PALABRA_CLIENT_SECRET": RESOURCES.palabra_client_secret,
    "PALABRA_API_KEY": RESOURCES.palabra_api_key,
    "RESEMBLE_API_TOKEN": RESOURCES.resemble_api_token,
}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize(
    "fault",
    ["palabra_accepts_bad_lang", "palabra_errors_text_plain", "resemble_error_success_true", "resemble_500_on_mp3"],
)
def test_each_reproduction_runs_in_sh_and_gets_the_reported_status(fault: str) -> None:
    with RunningServer(create_app(make_settings(fault=fault)), max_seconds=300) as server:
        options = Options(
            palabra_url=server.url,
            resemble_url=server.url,
            resources=RESOURCES,
            max_examples=5,
            callback_timeout=4,
            junit_path=None,
            html_path=None,
        )
        report = run_contract(options)
        assert not report.passed
        replayed = 0
        for finding in report.findings:
            for secret in CREDENTIALS.values():
                assert secret not in finding.reproduce and secret not in finding.detail
            if finding.status is None or "&" in finding.reproduce:
                continue
            done = subprocess.run(
                ["sh", "-c", finding.reproduce],
                env={**os.environ, **CREDENTIALS},
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert done.stdout.strip().splitlines()[-1:] == [f"HTTP {finding.status}"], (
                finding.reproduce + "\n" + done.stdout + done.stderr + "\n" + render_text(report)
            )
            replayed += 1
    assert replayed >= 1
