"""Honest outcomes: exit statuses, the request cap counted at the server, the same seed the same run."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from tests.support import RESOURCES, make_settings
from voice_contracts.mock import create_app
from voice_contracts.serving import RunningServer, free_port
from voice_contracts.settings import SettingsError
from voice_contracts.suite import Options, Report, ServerUnreachable, render_text, run_contract

ROOT = Path(__file__).resolve().parents[2]
Message = MutableMapping[str, Any]
App = Callable[[Message, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]


class CountingApp:
    """Wraps an ASGI app and counts the HTTP requests it serves, by first path segment."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.counts: Counter[str] = Counter()
        self._guard = threading.Lock()

    async def __call__(
        self, scope: Message, receive: Callable[[], Awaitable[Message]], send: Callable[[Message], Awaitable[None]]
    ) -> None:
        if scope["type"] == "http":
            with self._guard:
                self.counts["/" + scope["path"].strip("/").split("/")[0]] += 1
        await self.app(scope, receive, send)


def run_module(env_changes: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PALABRA_", "RESEMBLE_", "MOCK_", "CONTRACT_"))}
    # A server that is set gets exactly the credentials given: give the mock's.
    env.update(
        PALABRA_CLIENT_ID=RESOURCES.palabra_client_id,
        PALABRA_CLIENT_SECRET=RESOURCES.palabra_client_secret,
        RESEMBLE_API_TOKEN=RESOURCES.resemble_api_token,
    )
    env.update(env_changes)
    command = [sys.executable, "-m", "voice_contracts.suite", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.parametrize(
    ("name", "value"),
    [("CONTRACT_RATE_LIMIT", "fast"), ("CONTRACT_MAX_REQUESTS", "lots"), ("CONTRACT_PROFILE", "huge")],
)
def test_a_bad_setting_is_a_usage_error_without_a_traceback(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Options.from_env({name: value})
    done = run_module({name: value, "CONTRACT_JUNIT": str(tmp_path / "j.xml")})
    assert done.returncode == 2, done.stdout + done.stderr
    assert name in done.stderr and "Traceback" not in done.stderr


def test_an_unreachable_server_exits_3_and_still_writes_the_reports(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ServerUnreachable) as caught:
        run_contract(Options(palabra_url=url, resources=RESOURCES, junit_path=None, html_path=None))
    assert isinstance(caught.value, ConnectionError) and url in str(caught.value)
    junit, html = tmp_path / "j.xml", tmp_path / "r.html"
    junit.write_text("the previous run's file")
    done = run_module({"PALABRA_URL": url, "CONTRACT_JUNIT": str(junit), "CONTRACT_HTML": str(html)})
    assert done.returncode == 3, done.stdout + done.stderr
    assert "cannot be reached" in done.stderr and "Traceback" not in done.stderr
    assert ET.parse(junit).getroot().get("errors") == "1"
    assert "CRASHED" in html.read_text(encoding="utf-8")


def test_a_dry_run_prints_the_plan_and_sends_nothing(tmp_path: Path) -> None:
    counting = CountingApp(create_app(make_settings()))
    with RunningServer(counting, max_seconds=120) as server:
        done = run_module(
            {"PALABRA_URL": server.url, "RESEMBLE_URL": server.url, "CONTRACT_MAX_REQUESTS": "40"}, "--dry-run"
        )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "seed: 20261121" in done.stderr
    assert "at most 40 regenerations" in done.stderr and "at most 40 clip updates" in done.stderr
    assert sum(counting.counts.values()) == 0


@pytest.mark.slow
def test_the_request_cap_is_counted_at_the_server_and_a_faultless_run_still_passes() -> None:
    counting = CountingApp(create_app(make_settings()))
    with RunningServer(counting, max_seconds=300) as server:
        options = Options(
            palabra_url=server.url,
            resemble_url=server.url,
            resources=RESOURCES,
            max_requests=60,
            callback_timeout=4,
            junit_path=None,
            html_path=None,
        )
        report = run_contract(options)
    assert report.passed, render_text(report)
    assert counting.counts["/saas"] <= 60 and counting.counts["/api"] <= 60, counting.counts
    # Root probes count for a vendor too; audio downloads are free and not capped.
    assert sum(n for path, n in counting.counts.items() if path != "/audio") <= 120, counting.counts
    assert counting.counts["/saas"] >= 40 and counting.counts["/api"] >= 40, counting.counts
    assert any("request cap" in note for note in report.notes)
    assert {"regenerate_tts_sample lock", "update_clip callback"} <= set(report.flows)


Summary = tuple[list[tuple[str, int]], list[tuple[str, str, str, int]], list[tuple[tuple[str, str], int, int]]]


def summary(report: Report) -> Summary:
    return (
        [(run.operation, run.cases) for run in report.operations],
        sorted((f.operation, f.check, f.cause, f.count) for f in report.findings),
        sorted((key, tally.passed, tally.failed) for key, tally in report.checks.items()),
    )


@pytest.mark.slow
def test_two_runs_with_one_seed_send_the_same_cases_and_find_the_same() -> None:
    runs: list[Summary] = []
    for _ in range(2):
        settings = make_settings(fault="palabra_error_ok_true")
        options = Options(
            resources=RESOURCES, max_examples=8, seed=4242, callback_timeout=4, junit_path=None, html_path=None
        )
        runs.append(summary(run_contract(options, mock_settings=settings)))
    assert runs[0] == runs[1]
    assert any(check == "palabra_ok_flag" for _, check, _, _ in runs[0][1])


@pytest.mark.slow
def test_the_smoke_profile_passes_the_faultless_mock_with_a_few_dozen_requests() -> None:
    counting = CountingApp(create_app(make_settings()))
    with RunningServer(counting, max_seconds=300) as server:
        options = Options(
            palabra_url=server.url,
            resemble_url=server.url,
            resources=RESOURCES,
            profile="smoke",
            callback_timeout=4,
            junit_path=None,
            html_path=None,
        )
        report = run_contract(options)
    assert report.passed, render_text(report)
    assert {"regenerate_tts_sample lock", "update_clip callback"} <= set(report.flows)
    assert 0 < counting.counts["/saas"] <= 60 and 0 < counting.counts["/api"] <= 60, counting.counts
