"""Helpers for the reliability tests: the mock in its own process, a receiver that never answers,
and a small HTTP client that reports what the server did (answered, closed, reset)."""

from __future__ import annotations

import http.client
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import orjson

from tests.support import RESOURCES
from voice_contracts.serving import free_port

RESEMBLE = f"/api/v2/projects/{RESOURCES.resemble_project_uuid}/clips/{RESOURCES.resemble_clip_uuid}"
PALABRA = f"/saas/voice/m/{RESOURCES.palabra_voice_id}/tts-sample"
RESEMBLE_HEADERS = {"Authorization": f"Bearer {RESOURCES.resemble_api_token}", "Content-Type": "application/json"}
PALABRA_HEADERS = {
    "ClientID": RESOURCES.palabra_client_id,
    "ClientSecret": RESOURCES.palabra_client_secret,
    "Content-Type": "application/json",
}
STARTUP_SECONDS = 30.0


def update_body(callback: str, text: str = "Hello there", **extra: Any) -> bytes:
    """A valid Resemble update body, serialised."""
    body = {
        "body": text,
        "voice_uuid": RESOURCES.resemble_voice_uuid,
        "is_public": False,
        "is_archived": False,
        "callback_uri": callback,
        **extra,
    }
    return orjson.dumps(body)


class MockProcess:
    """``python -m voice_contracts.mock`` on an unused loopback port, with its output in a file.

    ``nofile`` lowers the process's open-files limit (soft and hard) right after it starts, before
    it serves anything. Leaving the ``with`` block kills the process if it is still running.
    """

    def __init__(self, env: dict[str, str], *, nofile: int | None = None, log_level: str = "info") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = tempfile.NamedTemporaryFile(prefix="mock-", suffix=".log", delete=False)  # noqa: SIM115
        self.log_path = Path(self._log.name)
        process_env = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": os.pathsep.join(path for path in sys.path if path),
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        command = [sys.executable, "-m", "voice_contracts.mock", "--port", str(self.port), "--log-level", log_level]
        self.process = subprocess.Popen(command, env=process_env, stdout=self._log, stderr=subprocess.STDOUT)
        if nofile is not None:
            resource.prlimit(self.process.pid, resource.RLIMIT_NOFILE, (nofile, nofile))

    def __enter__(self) -> MockProcess:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"mock exited at start:\n{self.output()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"mock did not listen within {STARTUP_SECONDS}s")

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.kill()
        self._log.close()
        self.log_path.unlink(missing_ok=True)

    def kill(self) -> None:
        """Stop the process at once if it still runs."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def terminate(self, timeout: float = 30.0) -> int:
        """Send SIGTERM and wait (bounded) for the exit code."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout)

    def rss_bytes(self) -> int:
        """The process's resident set size, from /proc."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmRSS line")

    def output(self) -> str:
        """Everything the process printed and logged so far."""
        self._log.flush()
        return self.log_path.read_text(errors="replace")


class SilentReceiver:
    """Accepts every connection and never reads or answers; counts the connections it holds."""

    def __init__(self) -> None:
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(4096)
        self._listener.settimeout(0.1)
        self.port: int = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/cb"
        self.held: list[socket.socket] = []
        self.accepted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="silent-receiver", daemon=True)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            self.held.append(connection)

    def __enter__(self) -> SilentReceiver:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join(5)
        for connection in self.held:
            connection.close()
        self._listener.close()


def request(
    port: int, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None, timeout: float = 10
) -> tuple[int, dict[str, str], bytes]:
    """One request on a fresh connection: status, headers (lower-case names) and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def serve_once(reply: bytes) -> tuple[int, threading.Thread, list[bytes]]:
    """A one-connection server on loopback: it records what it receives, then sends ``reply``."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(10)
    received: list[bytes] = []

    def answer() -> None:
        with listener:
            connection, _ = listener.accept()
            with connection:
                received.append(connection.recv(65536))
                if reply:
                    connection.sendall(reply)

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    return listener.getsockname()[1], thread, received


def read_until_closed(sock: socket.socket, limit: int = 1 << 20) -> bytes:
    """Everything the peer sends until it closes (or resets) the connection, or ``limit`` bytes."""
    data = b""
    while len(data) < limit:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return data
