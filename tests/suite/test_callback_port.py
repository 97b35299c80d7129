"""The callback receiver listens where a tunnel can be pointed, and the run says where."""

from __future__ import annotations

from tests.support import RESOURCES
from voice_contracts.serving import free_port
from voice_contracts.suite import Options, run_contract


def test_the_receiver_uses_the_asked_port_and_the_run_prints_it() -> None:
    port = free_port()
    said: list[str] = []
    options = Options(
        resources=RESOURCES, profile="smoke", callback_port=port, callback_timeout=4, junit_path=None, html_path=None
    )
    report = run_contract(options, say=said.append)
    assert any(f"callback receiver: http://127.0.0.1:{port}/callbacks/" in line for line in said), said
    # The callbacks went through that port: the callback flow's checks all held.
    assert report.passed, [f.title for f in report.findings]
