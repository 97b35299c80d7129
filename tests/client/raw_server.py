"""A loopback socket server that answers each connection with the next scripted raw reply.

A reply is bytes to send (then the connection closes), ``DROP`` (close without a byte) or
``STALL`` (read the request, then send nothing until the server stops). The server lives in a
thread, listens on 127.0.0.1 on an unused port and stops by itself after ``max_seconds``.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

DROP = b"<drop>"
STALL = b"<stall>"


def http_reply(status: int, body: bytes = b"", headers: list[tuple[bytes, bytes]] | None = None) -> bytes:
    """A raw HTTP/1.1 response; headers are sent byte for byte, whatever they contain."""
    lines = [b"HTTP/1.1 %d X" % status, b"content-length: %d" % len(body), b"connection: close"]
    lines += [name + b": " + value for name, value in headers or []]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


class RawServer:
    """Serves ``replies`` in order, one per connection; the last one repeats."""

    def __init__(self, replies: list[bytes], max_seconds: float = 30.0) -> None:
        self.replies = replies
        self.connections = 0
        self.requests: list[bytes] = []
        self._stop = threading.Event()
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.05)
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._timer = threading.Timer(max_seconds, self._stop.set)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._socket.accept()
            except TimeoutError:
                continue
            reply = self.replies[min(self.connections, len(self.replies) - 1)]
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn, reply), daemon=True).start()
        self._socket.close()

    def _answer(self, conn: socket.socket, reply: bytes) -> None:
        with conn:
            conn.settimeout(2)
            try:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                self.requests.append(data)
                if reply == STALL:
                    self._stop.wait()
                elif reply != DROP:
                    conn.sendall(reply)
            except OSError:
                return

    def start(self) -> RawServer:
        self._thread.start()
        self._timer.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._timer.cancel()
        self._thread.join(5)


@contextmanager
def raw_server(replies: list[bytes], max_seconds: float = 30.0) -> Iterator[RawServer]:
    """A started ``RawServer`` that is stopped on exit."""
    server = RawServer(replies, max_seconds).start()
    try:
        yield server
    finally:
        server.stop()
