"""The suite against a server nobody on the suite's side wrote: clean when it conforms, and each
single-fault variant caught by the check for its promise."""

from __future__ import annotations

import pytest

from tests.doubles.independent_server import VARIANTS, create_app
from tests.support import RESOURCES
from voice_contracts.serving import RunningServer
from voice_contracts.suite import Options, Report, render_text, run_contract

# The promise each variant breaks, as the check that watches it.
CAUGHT_BY = {
    "palabra_error_item_without_code": "response_schema_conformance",
    "palabra_lock_never_held": "lock_exclusive",
    "palabra_sample_duration_mismatch": "palabra_audio_matches_metadata",
    "resemble_accepts_any_sample_rate": "near_miss_rejected",
    "resemble_timestamps_always_sent": "callback_timestamps_presence",
}


def run_against(variant: str | None, **changes: object) -> Report:
    with RunningServer(create_app(variant=variant), max_seconds=600) as server:
        options = Options(
            palabra_url=server.url,
            resemble_url=server.url,
            resources=RESOURCES,
            max_examples=10,
            callback_timeout=4,
            junit_path=None,
            html_path=None,
        )
        for name, value in changes.items():
            setattr(options, name, value)
        return run_contract(options)


def test_every_variant_has_an_expected_check() -> None:
    assert set(CAUGHT_BY) == set(VARIANTS)


@pytest.mark.slow
def test_the_conforming_independent_server_passes_clean() -> None:
    report = run_against(None)
    assert report.findings == [], render_text(report)
    assert all(run.cases > 50 for run in report.operations)


@pytest.mark.slow
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_each_variant_is_caught_by_its_check(variant: str) -> None:
    report = run_against(variant)
    assert CAUGHT_BY[variant] in report.failed_checks, render_text(report)
    for finding in report.findings:
        assert "curl " in finding.reproduce, finding
