"""Progress while the suite runs: one live line on a terminal, plain timestamped lines in CI logs."""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO


class ProgressPrinter:
    """Call it with a line of progress; call ``done`` before printing anything else."""

    def __init__(self, stream: TextIO | None = None, *, live: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.started = time.monotonic()
        self._dirty = False

    def __call__(self, line: str) -> None:
        stamp = f"[{time.monotonic() - self.started:6.1f}s] {line}"
        if self.live:
            width = shutil.get_terminal_size((100, 20)).columns - 1
            self.stream.write("\r\033[K" + stamp[:width])
            self._dirty = True
        else:
            self.stream.write(stamp + "\n")
        self.stream.flush()

    def done(self) -> None:
        """End the live line, so the next output starts on a fresh one."""
        if self._dirty:
            self.stream.write("\n")
            self.stream.flush()
            self._dirty = False
