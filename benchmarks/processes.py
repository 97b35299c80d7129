"""Servers the benchmark starts in child processes: our mock and Stoplight Prism.

Each child is wrapped in coreutils ``timeout``, so it stops by itself even if the benchmark
is killed before it can clean up; a ``with`` block stops it earlier.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

from voice_contracts.settings import MockSettings, Resources, variables

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
PRISM_BIN = ROOT / "node_modules" / ".bin" / "prism"


class ServerError(RuntimeError):
    """Raised when a benchmarked server cannot be found, does not start, or exits early."""


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


class ServerProcess:
    """One server in its own process group on 127.0.0.1, with a bounded life."""

    def __init__(
        self,
        name: str,
        command: Sequence[str],
        port: int,
        *,
        env: Mapping[str, str] | None = None,
        startup_seconds: float = 60.0,
        max_seconds: float = 3600.0,
    ) -> None:
        self.name = name
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.startup_seconds = startup_seconds
        self._command = ["timeout", "--kill-after=5", str(int(max_seconds)), *command]
        self._env = dict(env) if env is not None else None
        self._log: IO[bytes] | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        """The process id of the wrapper (the server is in its process group)."""
        if self._process is None:
            raise ServerError(f"{self.name} is not running")
        return self._process.pid

    def log_tail(self, limit: int = 2000) -> str:
        """The end of what the server wrote to stdout and stderr."""
        if self._log is None or self._log.closed:
            return ""
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-limit:]

    def start(self) -> ServerProcess:
        """Start the server and wait until its port accepts connections."""
        # Kept open for the server's whole life; stop() closes it.
        self._log = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen(
            self._command, env=self._env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + self.startup_seconds
        while not _accepts(self.port):
            problem = None
            if self._process.poll() is not None:
                problem = f"{self.name} exited with {self._process.returncode}:\n{self.log_tail()}"
            elif time.monotonic() > deadline:
                problem = (
                    f"{self.name} did not listen on {self.port} within {self.startup_seconds}s:\n{self.log_tail()}"
                )
            if problem is not None:
                self.stop()
                raise ServerError(problem)
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        """Stop the whole process group (politely, then by force after five seconds); close the log."""
        process = self._process
        if process is not None and process.poll() is None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(process.pid, sig)
                    process.wait(5)
                    break
                except ProcessLookupError:
                    break
                except subprocess.TimeoutExpired:
                    continue
        if self._log is not None:
            self._log.close()

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def mock_environment(**mock_variables: str) -> dict[str, str]:
    """This environment without any resource or MOCK_* override, plus ``mock_variables``.

    The benchmark always measures the documented default resources, whatever the caller exported.
    """
    ours = {var.env for model in (MockSettings, Resources) for var in variables(model)}
    env = {k: v for k, v in os.environ.items() if k not in ours}
    env.update(mock_variables)
    return env


def mock_process(port: int, **mock_variables: str) -> ServerProcess:
    """Our mock as ``python -m voice_contracts.mock`` logging only errors, like Prism below."""
    command = [sys.executable, "-m", "voice_contracts.mock", "--port", str(port), "--log-level", "error"]
    return ServerProcess("mock", command, port, env=mock_environment(**mock_variables), startup_seconds=30)


def prism_server(port: int, prism: Path = PRISM_BIN) -> ServerProcess:
    """Prism mocking the same openapi.yaml, silent so that logging costs it nothing."""
    if not prism.exists():
        found = shutil.which("prism")
        if found is None:
            raise ServerError(f"Prism is not installed at {prism}; run `make venv`")
        prism = Path(found)
    command = [str(prism), "mock", str(SPEC), "--host", "127.0.0.1", "--port", str(port), "-v", "silent"]
    return ServerProcess("prism", command, port, startup_seconds=90)
