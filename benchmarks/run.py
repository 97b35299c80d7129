"""Run every benchmark in one go, with the same settings, and write the results."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import client_overhead, mock_vs_prism, suite_speed
from benchmarks.commands import time_command
from benchmarks.load import wrk_path
from benchmarks.processes import PRISM_BIN, ROOT
from benchmarks.report import Results, write

RESULTS_FOLDER = ROOT / "benchmarks" / "results"


@dataclass(frozen=True)
class BenchConfig:
    """How long and how often to measure; ``quick()`` is the smoke-test size."""

    load_seconds: float = 4.0
    load_rounds: int = 5
    warmup_seconds: float = 2.0
    max_examples: int = 25
    seed: int = 20261121
    suite_rounds: int = 3
    contract_rounds: int = 3
    client_calls: int = 50
    client_rounds: int = 41
    generate_rounds: int = 3
    contract_command: Sequence[str] = ("make", "--no-print-directory", "contract")
    contract_env: dict[str, str] = field(default_factory=dict)
    generate_command: Sequence[str] = ("make", "--no-print-directory", "generate")

    @classmethod
    def quick(cls) -> BenchConfig:
        """Every code path with the smallest sizes: for tests, never for figures."""
        return cls(
            load_seconds=1,
            load_rounds=1,
            warmup_seconds=0,
            max_examples=2,
            suite_rounds=1,
            contract_rounds=1,
            client_calls=5,
            client_rounds=1,
            generate_rounds=1,
            contract_command=(sys.executable, "-m", "voice_contracts.suite"),
            contract_env={"CONTRACT_MAX_EXAMPLES": "2", "CONTRACT_LOCK_REQUESTS": "2"},
            generate_command=(sys.executable, "-c", "pass"),
        )


def _version(command: Sequence[str]) -> str:
    try:
        done = subprocess.run(list(command), capture_output=True, text=True, timeout=60, check=False)
    except OSError:
        return "unknown"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else "unknown"


def _machine() -> str:
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        memory = 0.0
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, {platform.machine()}"


def run_bench(
    config: BenchConfig, out: Path = RESULTS_FOLDER, *, progress: Callable[[str], None] = print
) -> tuple[Results, dict[str, Path]]:
    """Measure everything, print progress, write the results into ``out`` and return them."""
    settings = {
        **{k: v for k, v in asdict(config).items() if not k.endswith(("_command", "_env"))},
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": _machine(),
        "python": platform.python_version(),
        "wrk": " ".join(_version([wrk_path(), "-v"]).split()[:2]),
        "prism": _version([str(PRISM_BIN), "--version"]),
    }
    results = Results(settings)
    progress("Mock vs Prism (wrk)…")
    results.load = mock_vs_prism.compare(
        seconds=config.load_seconds,
        rounds=config.load_rounds,
        warmup_seconds=config.warmup_seconds,
        progress=progress,
    )
    progress("Contract run speed…")
    results.suite = suite_speed.compare(
        max_examples=config.max_examples, seed=config.seed, rounds=config.suite_rounds, progress=progress
    )
    progress(f"Wall time of {' '.join(config.contract_command)}…")
    env = suite_speed.contract_environment(**config.contract_env)
    results.contract = time_command(config.contract_command, rounds=config.contract_rounds, env=env)
    results.contract_cases = suite_speed.contract_cases(results.contract.output)
    progress("Client overhead…")
    results.client = client_overhead.compare(calls=config.client_calls, rounds=config.client_rounds, progress=progress)
    progress(f"Wall time of {' '.join(config.generate_command)}…")
    results.generate = time_command(config.generate_command, rounds=config.generate_rounds)
    return results, write(results, out)
