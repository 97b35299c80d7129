"""HTTP limits uvicorn's httptools protocol does not enforce: header size, read timeouts, connections.

httptools buffers a header of any size (a 300 MB one was accepted) and uvicorn never times out
a client that sends its request slowly or not at all, so a few sockets could hold the mock. This
protocol subclass adds, at the cost of a counter and a clock read or two per request:

- a cap on the request line and headers (``max_header_bytes``): beyond it, 431 and close;
- a header timeout from the first byte of a request (or from connecting) until its headers are in,
  and a body timeout from then until the body is in: past either, 408 and close;
- a cap on open connections: beyond it, each new one gets 503 and is closed;
- a request httptools cannot parse gets 400 in the envelope too (uvicorn answers in plain text);
- a client that leaves with requests pipelined stops the one being served, not only the newest.

The errors come in the vendor's envelope, picked by the request path when it is known.
"""

from __future__ import annotations

import resource
from dataclasses import dataclass
from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from voice_contracts.errors import VoiceContractsError
from voice_contracts.mock.envelopes import Envelopes
from voice_contracts.mock.faults import Fault

# File descriptors kept free for the listening socket, logs, callbacks and the worker threads.
RESERVED_DESCRIPTORS = 64
SWEEP_SECONDS = 0.25
# The bytes of a request line and head besides the method, target and header fields: the spaces,
# " HTTP/1.1", the line ends and the blank line (``_header_size`` counts ": " and CRLF per field).
HEAD_FRAMING = 14
# The fewest bytes that frame one chunk of a chunked body: a size digit and CRLF, then CRLF. Never
# more than the client sent, so the count of a read's earlier requests never runs ahead of it.
CHUNK_FRAMING = 5


class HeadersTooLarge(VoiceContractsError, ValueError):
    """Raised inside the parser to stop it at a request whose headers exceed the limit."""


@dataclass(frozen=True)
class HttpLimits:
    """The limits one server enforces."""

    max_header_bytes: int = 32768
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    max_connections: int = 1000
    # Descriptors the server must leave for its own outgoing connections (callbacks).
    outgoing_connections: int = 0

    def effective_max_connections(self) -> int:
        """``max_connections``, lowered to stay under the process's open-files limit."""
        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft == resource.RLIM_INFINITY:
            return self.max_connections
        return max(1, min(self.max_connections, soft - RESERVED_DESCRIPTORS - self.outgoing_connections))


def error_response(status: int, detail: str, path: str, fault: Fault | None = None) -> bytes:
    """A complete HTTP/1.1 response that closes the connection, in the envelope of ``path``'s vendor."""
    vendor = "resemble" if path.startswith("/api/") else "palabra"
    reply = Envelopes(vendor, fault).error(status, detail, path or "/")
    body = reply.body()
    head = f"HTTP/1.1 {status} {_PHRASES.get(status, 'Error')}\r\ncontent-type: {reply.content_type}\r\n"
    head += f"content-length: {len(body)}\r\nconnection: close\r\n"
    if status == 503:
        head += "retry-after: 1\r\n"
    return head.encode("latin-1") + b"\r\n" + body


_PHRASES = {
    400: "Bad Request",
    408: "Request Timeout",
    431: "Request Header Fields Too Large",
    503: "Service Unavailable",
}


def _path_of(url: bytes) -> str:
    path = url.split(b"?", 1)[0]
    return path.decode("latin-1") if path.startswith(b"/") else "/"


def guarded_protocol(limits: HttpLimits, fault: Fault | None = None) -> type[HttpToolsProtocol]:
    """An httptools protocol class enforcing ``limits`` (``fault`` bends the error envelopes)."""
    max_connections = limits.effective_max_connections()

    class GuardedHttpToolsProtocol(HttpToolsProtocol):
        """uvicorn's httptools protocol with the limits above; see the module docstring."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._in_head = True
            self._head_bytes = 0
            self._deadline: float | None = None
            self._phase = "headers"
            self._over_capacity = False
            self._too_large = False
            self._chunk = 0
            # Whether a request began in the current read, and how many of the read's bytes the
            # requests before it took (counted only in a read larger than the header limit).
            self._began = False
            self._consumed = 0
            self._estimated = False
            # The ASGI cycle whose task was started last: the one being served.
            self._serving: Any = None
            self.url = b""

        def _header_size(self) -> int:
            return len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)

        @property
        def _too_large_detail(self) -> str:
            return f"The request line and headers are larger than {limits.max_header_bytes} bytes."

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._deadline = self.loop.time() + limits.header_timeout
            if len(self.connections) > max_connections:
                # Answer (once the path is known, for the envelope) and close; the deadline
                # closes it anyway if the client sends nothing.
                self._over_capacity = True
                self._deadline = self.loop.time() + min(1.0, limits.header_timeout)
            _ensure_sweeper(self)

        def _start_asgi_task(self, cycle: Any, app: Any) -> None:
            self._serving = cycle
            super()._start_asgi_task(cycle, app)

        def connection_lost(self, exc: Exception | None) -> None:
            # uvicorn tells only the newest cycle; with requests pipelined, the one being served is
            # older, and would go on writing to the closed transport ("Exception in ASGI application").
            serving = self._serving
            if serving is not None and not serving.response_complete:
                serving.disconnected = True
                serving.message_event.set()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            # uvicorn's own, plus the header accounting (its parser callbacks see ``_chunk``).
            if self._over_capacity:
                self._refuse(503, "The mock has too many open connections; retry shortly.", _path_of(data[:2048]))
                return
            self._unset_keepalive_if_required()
            self._chunk = len(data)
            self._began = False
            self._consumed = 0
            try:
                self.parser.feed_data(data)
            except httptools.HttpParserError:
                if self._too_large:
                    self._refuse(431, self._too_large_detail)
                    return
                self.logger.warning("Invalid HTTP request received.")
                self._refuse(400, "The request is not valid HTTP/1.1.")
                return
            except httptools.HttpParserUpgrade:
                if self.transport.is_closing():
                    return  # an upgrade pipelined after an answer that closed: nobody serves it
                if self._should_upgrade():
                    self.handle_websocket_upgrade()
                else:
                    self._unsupported_upgrade_warning()
            if self._in_head and not self.transport.is_closing():
                # A header still incomplete: httptools would buffer it whatever its size.
                if self._began:
                    self._head_bytes = self._head_bytes_in(data)
                    # Only an estimate: the head is measured exactly once it is complete.
                    self._estimated = len(data) > limits.max_header_bytes
                else:
                    self._head_bytes += len(data)
                if self._head_bytes > limits.max_header_bytes:
                    self._refuse(431, self._too_large_detail)

        def _head_bytes_in(self, data: bytes) -> int:
            """How much of ``data`` the head under way takes up: it began in this read.

            Requests pipelined before it share the read and are not part of it. httptools gives no
            offsets, so their share is counted from what the parser reported of them (see
            ``on_headers_complete`` and ``on_body``); a client that ends lines with a bare LF gains
            a byte per line of those requests, no more.
            """
            if len(data) <= limits.max_header_bytes:
                return len(data)
            return max(0, len(data) - self._consumed)

        def on_message_begin(self) -> None:
            self._begin_message()
            self._began = True
            self._in_head = True
            self._phase = "headers"
            self._deadline = self.loop.time() + limits.header_timeout

        def on_headers_complete(self) -> None:
            # Cheap test first: only a request whose bytes so far exceed the limit (or whose count
            # so far was an estimate) is measured.
            if (
                self._estimated or self._head_bytes + self._chunk > limits.max_header_bytes
            ) and self._header_size() > limits.max_header_bytes:
                self._too_large = True
                raise HeadersTooLarge(self._too_large_detail)
            if self._chunk > limits.max_header_bytes:
                # A large read may hold several requests: what this head took of it, at CRLF sizes.
                head = self._header_size() + len(self.parser.get_method()) + HEAD_FRAMING
                self._consumed += max(0, head - self._head_bytes)
            self._in_head = False
            self._head_bytes = 0
            self._estimated = False
            self._phase = "body"
            self._deadline = self.loop.time() + limits.body_timeout
            self._start_request()

        def on_body(self, body: bytes) -> None:
            if self._chunk > limits.max_header_bytes:
                self._consumed += len(body)
            self._take_body(body)

        def on_chunk_header(self) -> None:
            if self._chunk > limits.max_header_bytes:
                self._consumed += CHUNK_FRAMING  # at least a digit and CRLF before, CRLF after

        def _take_body(self, body: bytes) -> None:
            """Part of the body is in (subclasses may keep it themselves)."""
            HttpToolsProtocol.on_body(self, body)

        def on_message_complete(self) -> None:
            self._deadline = None
            self._end_request()
            cycle = self.cycle
            if self._deadline is None and cycle is not None and cycle.response_complete:
                # The app answered before the body was in (401, 404…): uvicorn's keep-alive timer,
                # armed then, was cancelled by the body's arrival, so the idle limit is ours to set.
                self._idle()

        def _begin_message(self) -> None:
            """A request starts: reset the per-request state (subclasses may defer the ASGI scope)."""
            HttpToolsProtocol.on_message_begin(self)

        def _start_request(self) -> None:
            """Headers are in and within limits: hand the request to the app (subclasses may not)."""
            HttpToolsProtocol.on_headers_complete(self)

        def _end_request(self) -> None:
            """The body is in."""
            HttpToolsProtocol.on_message_complete(self)

        def _await_next_request(self) -> None:
            """A response is complete: count it and give the client ``timeout_keep_alive`` to send more.

            What uvicorn's ``on_response_complete`` does for a connection with nothing queued, with
            the idle limit kept by the sweeper instead of a timer per response.
            """
            self.server_state.total_requests += 1
            self._idle()

        def _idle(self) -> None:
            """Wait for the next request on this connection, for at most ``timeout_keep_alive``."""
            if not self.transport.is_closing():
                self._phase = "idle"
                self._deadline = self.loop.time() + self.timeout_keep_alive

        def _detach_request(self) -> bool:
            """Stop the request being refused from reaching the app; whether its answer may be written."""
            cycle = self.cycle
            if self._phase != "body" or self._over_capacity or cycle is None or cycle.scope is not self.scope:
                # The request has no cycle (yet, or ever: uvicorn refused its URL); answer unless an
                # earlier (pipelined) one still runs.
                return cycle is None or cycle.response_complete
            # The app may still be reading this body: it sees a disconnect and sends nothing.
            cycle.disconnected = True
            return not cycle.response_started

        def expire(self, now: float) -> None:
            """Close the connection if the phase it is in has run out of time."""
            if self._deadline is None or now < self._deadline or self.transport.is_closing():
                return
            if self._over_capacity or self._phase == "idle":
                self.transport.close()
                return
            timeout = limits.header_timeout if self._phase == "headers" else limits.body_timeout
            detail = f"The request's {self._phase} did not arrive within {timeout:g} s."
            self._refuse(408, detail)

        def _refuse(self, status: int, detail: str, path: str | None = None) -> None:
            """Answer ``status`` in the envelope of ``path`` (by default the request's) and close."""
            self._deadline = None
            if self._detach_request():
                where = _path_of(self.url) if path is None else path
                self.transport.write(error_response(status, detail, where, fault))
            self.transport.close()

    return GuardedHttpToolsProtocol


def _ensure_sweeper(protocol: Any) -> None:
    """One timer per server checks every connection's deadline a few times a second."""
    state = protocol.server_state
    if getattr(state, "_mock_sweeping", False):
        return
    state._mock_sweeping = True
    loop = protocol.loop
    connections = protocol.connections

    def sweep() -> None:
        now = loop.time()
        for connection in list(connections):
            expire = getattr(connection, "expire", None)
            if expire is not None:
                expire(now)
        if connections:
            loop.call_later(SWEEP_SECONDS, sweep)
        else:
            state._mock_sweeping = False

    loop.call_later(SWEEP_SECONDS, sweep)


__all__ = ["HttpLimits", "error_response", "guarded_protocol"]
