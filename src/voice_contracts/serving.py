"""Serving plumbing shared by the mock, the suite, the benchmarks and the tests.

The ASGI type names every hand-written app uses, and ``RunningServer``: any ASGI app under
uvicorn on 127.0.0.1, in a background thread with a bounded life.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from types import TracebackType
from typing import Any

import uvicorn

from voice_contracts.errors import VoiceContractsError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

STARTUP_TIMEOUT = 15.0


async def answer_lifespan(receive: Receive, send: Send) -> None:
    """Take an ASGI app with no start-up work through the lifespan protocol: started, then stopped."""
    while (await receive())["type"] != "lifespan.shutdown":
        await send({"type": "lifespan.startup.complete"})
    await send({"type": "lifespan.shutdown.complete"})


async def read_body(receive: Receive, limit: int) -> bytes:
    """A request's body, read until it ends or passes ``limit`` bytes (the caller decides what then)."""
    body = bytearray()
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body") or len(body) > limit:
            return bytes(body)


STOP_TIMEOUT = 10.0


class ServerStartError(VoiceContractsError, RuntimeError):
    """Raised when the server thread did not start listening within the startup timeout."""


class RunningServer:
    """A uvicorn server listening on a loopback port; stop it with ``stop()`` or a ``with`` block.

    A watchdog stops it after ``max_seconds`` even if the caller forgets to.
    """

    def __init__(self, app: Any, *, port: int = 0, max_seconds: float = 900.0, access_log: bool = False) -> None:
        self.app = app
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", port))
        self.port: int = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        options: dict[str, Any] = {"http": "httptools", "timeout_graceful_shutdown": 2}
        # An app may bring its own protocol (HTTP limits) and timeouts: the mock does.
        server_options = getattr(app, "server_options", None)
        if callable(server_options):
            options.update(server_options())
        config = uvicorn.Config(
            app,
            loop="uvloop",
            lifespan="on",
            access_log=access_log,
            # Fuzzers send malformed requests on purpose; uvicorn's warnings about them are noise.
            log_level="error",
            # Only loopback clients reach the mock, and X-Forwarded-* headers must not change it.
            proxy_headers=False,
            **options,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, name=f"mock-server-{self.port}", daemon=True)
        self._watchdog = threading.Timer(max_seconds, self.stop)
        self._watchdog.daemon = True

    def _run(self) -> None:
        self._server.run(sockets=[self._socket])

    def start(self) -> RunningServer:
        """Start serving and wait until the port accepts connections."""
        self._thread.start()
        self._watchdog.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise ServerStartError(f"server on port {self.port} did not start within {STARTUP_TIMEOUT}s")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Ask the server to exit and wait (bounded) for its thread."""
        self._watchdog.cancel()
        self._server.should_exit = True
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(STOP_TIMEOUT)
        self._socket.close()

    def __enter__(self) -> RunningServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def free_port() -> int:
    """A loopback port nothing listens on at the moment of the call (nor, usually, soon after)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve_in_thread(app: Any, *, port: int = 0, max_seconds: float = 900.0) -> RunningServer:
    """Start ``app`` on 127.0.0.1 (an unused port unless ``port`` is given) and return the handle."""
    return RunningServer(app, port=port, max_seconds=max_seconds).start()
