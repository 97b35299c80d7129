"""A loopback HTTP server that records the raw requests it gets and answers a fixed status."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Captured:
    """What one request carried on the wire."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Capture:
    """The requests received so far, and the status every answer gets."""

    url: str
    status: int = 418
    requests: list[Captured] = field(default_factory=list)


@contextmanager
def capture_server(status: int = 418) -> Iterator[Capture]:
    """Serve on an unused loopback port until the block ends."""
    capture = Capture("", status)

    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            capture.requests.append(Captured(self.command, self.path, dict(self.headers.items()), body))
            self.send_response(capture.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _any

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    capture.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield capture
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
