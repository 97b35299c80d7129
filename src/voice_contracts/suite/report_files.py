"""Writing a report file so that a reader never sees half of it, nor a previous run's."""

from __future__ import annotations

import stat
from pathlib import Path


def write_report(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole: through a sibling temporary file renamed over it.

    A path that exists and is not a regular file (``/dev/null``, a pipe, a terminal) is written
    in place instead: renaming over it would replace the device or pipe with a plain file.
    """
    try:
        special = not stat.S_ISREG(path.stat().st_mode)
    except FileNotFoundError:
        special = False
    if special:
        with path.open("wb") as target:
            target.write(data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    partial.replace(path)
