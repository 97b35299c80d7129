"""Reading the outputs of plain schemathesis and of the contract suite."""

from __future__ import annotations

import tomllib

import pytest

from benchmarks.suite_speed import SuiteBenchError, contract_cases, parse_plain, plain_config
from tests.support import RESOURCES

PLAIN_SUMMARY = """
Test cases:
  267 generated, 267 passed, 7 skipped

Seed: 20261121

=========================== No issues found in 3.94s ===========================
"""


def test_parse_plain_reads_cases_and_engine_seconds() -> None:
    run = parse_plain(PLAIN_SUMMARY)
    assert (run.cases, run.seconds) == (267, 3.94)
    assert run.ms_per_case == pytest.approx(3940 / 267)


def test_parse_plain_fails_loudly_on_an_unknown_summary() -> None:
    with pytest.raises(SuiteBenchError, match="cannot read"):
        parse_plain("Error: connection refused")


def test_plain_config_carries_only_credentials_and_path_parameters() -> None:
    config = tomllib.loads(plain_config(RESOURCES))
    assert set(config) == {"headers", "parameters"}
    assert config["headers"]["ClientSecret"] == RESOURCES.palabra_client_secret
    assert config["parameters"] == {
        "voice_id": RESOURCES.palabra_voice_id,
        "project_uuid": RESOURCES.resemble_project_uuid,
        "clip_uuid": RESOURCES.resemble_clip_uuid,
    }


def test_contract_cases_adds_up_every_operation() -> None:
    report = (
        "- regenerate_tts_sample: 145 generated cases against http://127.0.0.1:1\n"
        "- update_clip: 122 generated cases against http://127.0.0.1:1\n"
    )
    assert contract_cases(report) == 267
