"""Timing whole commands: every run must succeed, or there is no time to report."""

from __future__ import annotations

import sys

import pytest

from benchmarks.commands import CommandError, time_command


def test_time_command_keeps_every_run_and_the_last_output() -> None:
    timing = time_command([sys.executable, "-c", "print('hello')"], rounds=2)
    assert len(timing.seconds) == 2 and timing.output == "hello\n"
    assert timing.median > 0


def test_a_failing_command_is_an_error_with_its_output() -> None:
    with pytest.raises(CommandError, match="exited with 3"):
        time_command([sys.executable, "-c", "import sys; print('boom'); sys.exit(3)"], rounds=1)
