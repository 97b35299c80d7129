"""Wall time of whole command lines, such as ``make generate`` and ``make contract``."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from benchmarks.processes import ROOT


class CommandError(RuntimeError):
    """Raised when a timed command fails: a failed run has no meaningful time."""


@dataclass(frozen=True)
class CommandTiming:
    """Wall times of one command line, run several times."""

    command: str
    seconds: list[float]
    output: str = ""

    @property
    def median(self) -> float:
        """The median wall time in seconds."""
        return statistics.median(self.seconds)


def time_command(
    command: Sequence[str], *, rounds: int, env: Mapping[str, str] | None = None, timeout: float = 1800
) -> CommandTiming:
    """Run ``command`` from the project root ``rounds`` times; it must succeed every time."""
    seconds = []
    output = ""
    for _ in range(rounds):
        started = time.perf_counter()
        done = subprocess.run(
            list(command), cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
        seconds.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise CommandError(
                f"{' '.join(command)} exited with {done.returncode}:\n{done.stdout[-2000:]}{done.stderr[-1000:]}"
            )
        output = done.stdout
    return CommandTiming(" ".join(command), seconds, output)
