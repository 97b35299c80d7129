"""Report files are written whole, and a special file named as the target is written, never replaced."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

from voice_contracts.suite.report_files import write_report


def test_a_report_replaces_the_previous_one_whole(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "report.xml"
    write_report(target, b"first")
    write_report(target, b"second")
    assert target.read_bytes() == b"second"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.xml"]


def test_a_pipe_stays_a_pipe(tmp_path: Path) -> None:
    # As /dev/null would: renaming a temporary file over it would turn it into a plain file.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_report(fifo, b"<report/>")
    reader.join(10)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received == [b"<report/>"]
