"""The suite tested against itself: it passes on the faultless mock and catches every fault."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tests.support import RESOURCES, make_settings
from voice_contracts.mock import FAULTS, Fault
from voice_contracts.suite import Options, render_text, run_contract
from voice_contracts.suite.findings import Finding, Report, redact

ROOT = Path(__file__).resolve().parents[2]


def quick_options() -> Options:
    return Options(resources=RESOURCES, max_examples=10, callback_timeout=4, junit_path=None)


@pytest.mark.slow
def test_the_faultless_mock_passes_with_schemathesis_fuzzing() -> None:
    settings = make_settings(validate_responses=True)
    report = run_contract(quick_options(), mock_settings=settings)
    assert report.findings == [], render_text(report)
    assert all(run.cases > 50 for run in report.operations)


@pytest.mark.slow
@pytest.mark.parametrize("fault", sorted(Fault))
def test_every_fault_is_caught_by_its_check(fault: Fault) -> None:
    report = run_contract(quick_options(), mock_settings=make_settings(fault=fault.value, callback_attempts=2))
    assert not report.passed
    assert FAULTS[fault].caught_by in report.failed_checks, render_text(report)
    for finding in report.findings:
        assert "curl " in finding.reproduce, finding


def test_findings_never_show_secrets_and_junit_is_written(tmp_path: Path) -> None:
    from voice_contracts.suite import write_junit

    report = Report()
    report.add(
        [Finding("op", "check", "Title", "received a / documented b", "curl -H 'Authorization: Bearer s3cret-token'")]
    )
    report.add([Finding("op", "check", "Title", "received a / documented b", "duplicate")])
    assert len(report.findings) == 1
    assert "s3cret" not in redact(report.findings[0].reproduce, {"RESEMBLE_API_TOKEN": "s3cret-token"})
    write_junit(report, tmp_path / "junit.xml")
    suite = ET.parse(tmp_path / "junit.xml").getroot()
    assert suite.get("failures") == "1"


@pytest.mark.slow
@pytest.mark.parametrize(("fault", "status"), [("", 0), (Fault.PALABRA_NO_LOCK.value, 1)])
def test_the_command_line_exit_status_and_report(tmp_path: Path, fault: str, status: int) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PALABRA_", "RESEMBLE_", "MOCK_", "CONTRACT_"))}
    env.update(MOCK_FAULT=fault, CONTRACT_MAX_EXAMPLES="5", CONTRACT_JUNIT=str(tmp_path / "j.xml"))
    env.update(CONTRACT_HTML=str(tmp_path / "r.html"))
    done = subprocess.run(
        [sys.executable, "-m", "voice_contracts.suite"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == status, done.stdout + done.stderr
    assert (tmp_path / "j.xml").exists() and (tmp_path / "r.html").exists()
    assert "seed: 20261121" in done.stderr
    if status:
        assert "lock_exclusive" in done.stdout and "received 200 twice" in done.stdout and " -X POST " in done.stdout
    else:
        assert "PASSED" in done.stdout


def test_a_skipped_vendor_is_reported() -> None:
    from voice_contracts.mock import create_app
    from voice_contracts.serving import RunningServer

    with RunningServer(create_app(make_settings())) as mock:
        options = quick_options()
        options.resemble_url = mock.url
        report = run_contract(options)
    assert report.passed, render_text(report)
    skipped = {run.operation: run.skipped for run in report.operations}
    assert skipped == {"regenerate_tts_sample": "PALABRA_URL is not set", "update_clip": None}
    assert "skipped: PALABRA_URL is not set" in render_text(report)
