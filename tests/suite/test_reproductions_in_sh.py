"""Every reported reproduction, pasted into sh against the faulty server, gets the reported status;
credentials with quotes and dollar signs in them never show in the text, JUnit or HTML report."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import RESOURCES, make_settings
from voice_contracts.mock import create_app
from voice_contracts.serving import RunningServer
from voice_contracts.suite import Options, render_html, render_text, run_contract, write_junit
from voice_contracts.suite.reproduce import secret_forms

NASTY = RESOURCES.model_copy(
    update={
        "palabra_client_secret": 'it\'s "pal" $HOME `x` \\ %41',
        "palabra_api_key": "key'with'quotes",
        "resemble_api_token": "tok'en $PATH & ;",
    }
)
CREDENTIALS = {
    "PALABRA_CLIENT_SECRET": NASTY.palabra_client_secret,
    "PALABRA_API_KEY": NASTY.palabra_api_key,
    "RESEMBLE_API_TOKEN": NASTY.resemble_api_token,
}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize(
    "fault",
    ["palabra_accepts_bad_lang", "palabra_errors_text_plain", "resemble_error_success_true", "resemble_500_on_mp3"],
)
def test_each_reproduction_runs_in_sh_and_gets_the_reported_status(fault: str, tmp_path: Path) -> None:
    settings = make_settings(fault=fault, resources=NASTY)
    with RunningServer(create_app(settings), max_seconds=300) as server:
        options = Options(
            palabra_url=server.url,
            resemble_url=server.url,
            resources=NASTY,
            max_examples=5,
            callback_timeout=4,
            junit_path=None,
            html_path=None,
        )
        report = run_contract(options)
        assert not report.passed
        write_junit(report, tmp_path / "j.xml")
        outputs = render_text(report) + render_html(report) + (tmp_path / "j.xml").read_text(encoding="utf-8")
        for secret in CREDENTIALS.values():
            for form in secret_forms(secret):
                assert form not in outputs, form
        replayed = 0
        for finding in report.findings:
            if finding.status is None or finding.reproduce.endswith("& wait"):
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
