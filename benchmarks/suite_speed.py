"""How fast the contract suite runs: per test case against plain schemathesis, and end to end."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.processes import SPEC, mock_environment, mock_process
from voice_contracts.serving import free_port
from voice_contracts.settings import Resources
from voice_contracts.suite.fuzz import run_fuzz
from voice_contracts.suite.receiver import start_receiver
from voice_contracts.suite.runner import palabra_fuzz_target, resemble_fuzz_target

_GENERATED = re.compile(r"(\d+) generated")
_DURATION = re.compile(r" in ([0-9.]+)s ")


class SuiteBenchError(RuntimeError):
    """Raised when a measured run fails or prints something the benchmark cannot read."""


@dataclass(frozen=True)
class EngineRun:
    """One fuzzing run: how many cases were sent and how long the engine took."""

    cases: int
    seconds: float

    @property
    def ms_per_case(self) -> float:
        """Milliseconds per generated test case."""
        return self.seconds / self.cases * 1000 if self.cases else float("inf")


@dataclass(frozen=True)
class SuiteSpeed:
    """Medians of our suite's fuzzing and of plain ``st run`` with the same inputs."""

    ours: EngineRun
    plain: EngineRun

    @property
    def cost_ratio(self) -> float:
        """Our cost per test case over plain schemathesis' cost per test case."""
        return self.ours.ms_per_case / self.plain.ms_per_case


def _median_run(runs: Sequence[EngineRun]) -> EngineRun:
    # The low median of an even count: a run that really happened, not an average of two.
    return sorted(runs, key=lambda run: run.ms_per_case)[(len(runs) - 1) // 2]


def plain_config(resources: Resources) -> str:
    """A schemathesis.toml that gives plain ``st run`` our credentials and path parameters only."""
    return f"""\
[headers]
ClientID = "{resources.palabra_client_id}"
ClientSecret = "{resources.palabra_client_secret}"
Authorization = "Bearer {resources.resemble_api_token}"

[parameters]
voice_id = "{resources.palabra_voice_id}"
project_uuid = "{resources.resemble_project_uuid}"
clip_uuid = "{resources.resemble_clip_uuid}"
"""


def parse_plain(output: str) -> EngineRun:
    """Cases and engine seconds from the summary that ``st run`` prints."""
    cases, seconds = _GENERATED.search(output), _DURATION.search(output)
    if cases is None or seconds is None:
        raise SuiteBenchError(f"cannot read the summary of st run:\n{output[-2000:]}")
    return EngineRun(int(cases.group(1)), float(seconds.group(1)))


def plain_run(base_url: str, *, max_examples: int, seed: int, resources: Resources) -> EngineRun:
    """``st run openapi.yaml`` in an empty folder, so our schemathesis.toml and checks stay out."""
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "schemathesis.toml"
        config.write_text(plain_config(resources))
        command = [
            str(Path(sys.executable).with_name("st")),
            "--config-file",
            str(config),
            "--no-color",
            "run",
            str(SPEC),
            "--url",
            base_url,
            "--max-examples",
            str(max_examples),
            "--seed",
            str(seed),
        ]
        done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=900, check=False)
    if done.returncode != 0:
        raise SuiteBenchError(
            f"plain st run exited with {done.returncode}:\n{done.stdout[-2000:]}{done.stderr[-1000:]}"
        )
    return parse_plain(done.stdout)


def our_run(base_url: str, receiver_url: str, *, max_examples: int, seed: int, resources: Resources) -> EngineRun:
    """Our fuzzing phase (all built-in checks plus ours) on both operations, in this process."""
    targets = [palabra_fuzz_target(base_url, resources), resemble_fuzz_target(base_url, resources, receiver_url)]
    cases = 0
    started = time.perf_counter()
    for target in targets:
        findings, sent = run_fuzz(target, max_examples=max_examples, seed=seed, rate_limit=None)
        if findings:
            raise SuiteBenchError(f"the suite found broken promises in the benchmark's mock: {findings[0].title}")
        cases += sent
    return EngineRun(cases, time.perf_counter() - started)


def compare(*, max_examples: int, seed: int, rounds: int, progress: Callable[[str], None] = print) -> SuiteSpeed:
    """Alternate our fuzzing and plain ``st run`` against one mock; keep the medians.

    The mock synthesizes instantly, so the time measured is the tools' own, not the server's.
    """
    resources = Resources.from_env({}).with_mock_defaults()
    ours: list[EngineRun] = []
    plain: list[EngineRun] = []
    _, receiver_server = start_receiver(max_seconds=3600)
    try:
        with mock_process(free_port(), MOCK_SYNTH_SECONDS="0") as mock:
            for _ in range(rounds):
                ours.append(
                    our_run(mock.url, receiver_server.url, max_examples=max_examples, seed=seed, resources=resources)
                )
                plain.append(plain_run(mock.url, max_examples=max_examples, seed=seed, resources=resources))
                progress(
                    f"  suite {ours[-1].cases} cases {ours[-1].ms_per_case:.2f} ms/case · "
                    f"plain st {plain[-1].cases} cases {plain[-1].ms_per_case:.2f} ms/case"
                )
    finally:
        receiver_server.stop()
    return SuiteSpeed(_median_run(ours), _median_run(plain))


_CASES = re.compile(r"(\d+) generated cases against")


def contract_cases(output: str) -> int:
    """The number of generated cases a contract report lists, over every operation."""
    return sum(int(found) for found in _CASES.findall(output))


def contract_environment(**overrides: str) -> dict[str, str]:
    """The mock's clean environment, also without server URLs or CONTRACT_* settings, so that
    the embedded mock runs with the documented defaults; ``overrides`` are added last."""
    env = {
        k: v
        for k, v in mock_environment().items()
        if k not in {"PALABRA_URL", "RESEMBLE_URL"} and not k.startswith("CONTRACT_")
    }
    env.update(overrides)
    return env
