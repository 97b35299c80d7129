"""Answer small requests from the parser's callbacks, without an ASGI task.

Serving a request through uvicorn's ASGI cycle (an event, a task, two ``send`` messages whose
headers are checked by regular expressions) costs about as much CPU as the mock's own work.
Most requests need none of it: the body is small, and the answer needs no waiting. For those,
this protocol asks the app for its reply synchronously (``MockApp.respond_now``) as soon as the
headers are in, and writes the response itself: at once when the head decides it (401, 404,
405), as the ASGI path answers before reading the body, otherwise once the body is in.
Everything else goes the ASGI way, as before:

- a request whose body is chunked, larger than ``MAX_DIRECT_BODY`` (uvicorn's own buffer mark,
  so no connection holds more than it would) or over the app's limit, or that expects
  ``100 Continue`` or an upgrade;
- a request on a connection that still has an ASGI response under way (pipelining keeps order),
  or whose writes are paused because the client is not reading (back-pressure stays uvicorn's);
- a request the app cannot answer at once (synthesis time, audio to render): the app says so
  before changing anything, and the request is handed to the ASGI cycle with its body.

The bytes on the wire are the ones the ASGI path would send: the same status line, uvicorn's
``server`` and ``date`` headers, then the reply's own. Once an answer closes the connection,
whatever the client pipelined after it is parsed and dropped: it never reaches the app.
"""

from __future__ import annotations

import math
import urllib.parse
from collections.abc import Callable
from typing import Any

import httptools
from uvicorn.protocols.http.flow_control import HIGH_WATER_LIMIT
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from voice_contracts.mock.limits import SWEEP_SECONDS
from voice_contracts.mock.replies import BodyResponder, HeadAnswer, Reply

MAX_DIRECT_BODY = HIGH_WATER_LIMIT

# (method, path, headers with lower-case names, server address) -> see ``replies.HeadAnswer``.
Responder = Callable[[str, str, dict[str, str], Any], HeadAnswer]


def direct_protocol(base: type[HttpToolsProtocol], respond: Responder, max_body: int) -> type[HttpToolsProtocol]:
    """A subclass of ``base`` (a guarded protocol) answering eligible requests through ``respond``."""
    body_limit = min(max_body, MAX_DIRECT_BODY)

    class DirectHttpToolsProtocol(base):  # type: ignore[misc, valid-type]
        """See the module docstring."""

        # The guard's (limits.py): which part of a request the connection waits for, and until when.
        _phase: str
        _deadline: float | None

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # While a direct request's body arrives: what gives its reply once the body is in.
            self._finish: BodyResponder | None = None
            self._direct_body: list[bytes] = []
            # The request's answer is out already (or nobody will answer it): drop its body.
            self._answered = False
            # Set by a graceful shutdown that found a direct request still arriving.
            self._last_request = False
            self._stop_by = math.inf

        def _begin_message(self) -> None:
            # What uvicorn's on_message_begin resets, without the ASGI scope: most requests never
            # need one, and the ASGI path builds it in _to_asgi.
            self.url = b""
            self.expect_100_continue = False
            headers: list[tuple[bytes, bytes]] = []
            self.headers = headers
            self._finish = None
            self._answered = False

        def _to_asgi(self) -> None:
            """Give the request, headers in, to uvicorn's ASGI cycle."""
            url, headers, expect_100_continue = self.url, self.headers, self.expect_100_continue
            super()._begin_message()
            self.url, self.headers, self.expect_100_continue = url, headers, expect_100_continue
            self.scope["headers"] = headers
            super()._start_request()

        def _start_request(self) -> None:
            if self.transport.is_closing():
                # An answer earlier in this read closed the connection, and httptools goes on
                # parsing what followed it: nothing after a close may reach the app.
                self._answered = True
                return
            if not self._answerable_directly():
                self._to_asgi()
                return
            answer = self._ask()
            if answer is None:
                self._to_asgi()
            elif isinstance(answer, tuple):
                # Decided by the head alone (401, 404, 405…), answered before the body as the ASGI
                # path does; the body is read and dropped, within the body timeout still.
                self._answered = True
                deadline = self._deadline
                self._send(*answer)
                if not self.transport.is_closing():
                    self._phase, self._deadline = "body", deadline
            else:
                self._finish = answer
                self._direct_body.clear()

        def _take_body(self, body: bytes) -> None:
            if self._finish is not None:
                self._direct_body.append(body)
            elif not self._answered:
                super()._take_body(body)

        def _end_request(self) -> None:
            if self._answered:
                self._answered = False
                self._idle()
                return
            finish = self._finish
            if finish is None:
                super()._end_request()
                return
            self._finish = None
            body = b"".join(self._direct_body)
            self._direct_body.clear()  # an idle connection holds no body
            answer = finish(body)
            if answer is not None:
                self._send(*answer)
                return
            # The app needs to await: serve it through ASGI, the body already in hand.
            self._to_asgi()
            if self._last_request:
                self.cycle.keep_alive = False
            if body:
                HttpToolsProtocol.on_body(self, body)
            super()._end_request()

        def shutdown(self) -> None:
            # uvicorn closes a connection with no ASGI request under way; a direct request whose
            # body is still arriving is in flight too: answer it, then close.
            if self._finish is None:
                super().shutdown()
                return
            self._last_request = True
            grace = self.config.timeout_graceful_shutdown
            if grace is not None:
                # Answered before uvicorn stops waiting (the sweeper looks every SWEEP_SECONDS).
                self._stop_by = self.loop.time() + max(0.0, grace - SWEEP_SECONDS)

        def expire(self, now: float) -> None:
            if self._finish is not None and now >= self._stop_by and not self.transport.is_closing():
                self._refuse(503, "The mock shut down before the request's body arrived; send it again.")
                return
            super().expire(now)

        def _detach_request(self) -> bool:
            if self._finish is not None:
                # Refused while its body was arriving: the app never saw it, so nothing else answers.
                self._finish = None
                return True
            if self._answered:
                return False  # its answer is out: the connection just closes
            return bool(super()._detach_request())

        def _answerable_directly(self) -> bool:
            cycle = self.cycle
            if (cycle is not None and not cycle.response_complete) or self.pipeline:
                return False
            if self.expect_100_continue or self.flow.write_paused or self.parser.should_upgrade():
                return False
            for name, value in self.headers:
                if name == b"transfer-encoding":
                    return False
                if name == b"content-length" and not (value.isdigit() and int(value) <= body_limit):
                    return False
            return True

        def _ask(self) -> HeadAnswer:
            """The app's answer to the request whose head is in (see ``replies.HeadAnswer``)."""
            try:
                # As uvicorn builds the ASGI scope's path.
                path = httptools.parse_url(self.url).path.decode("ascii")
            except (httptools.HttpParserInvalidURLError, UnicodeDecodeError):
                return None  # uvicorn's own handling of such a URL applies
            if "%" in path:
                path = urllib.parse.unquote(path)
            method = self.parser.get_method().decode("ascii")
            headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in self.headers}
            return respond(method, path, headers, self.server)

        def _send(self, reply: Reply, payload: bytes) -> None:
            """Write the reply, close the connection unless it stays open, and wait for the next request."""
            parser = self.parser
            closes = bool(reply.headers) and any(
                name == "connection" and "close" in value.lower() for name, value in reply.headers
            )
            keep_alive = (
                not (closes or self._last_request) and parser.get_http_version() != "1.0" and parser.should_keep_alive()
            )
            head_only = parser.get_method() == b"HEAD"
            self.transport.write(self._response(reply, payload, head_only, add_close=not (keep_alive or closes)))
            if not keep_alive:
                self.transport.close()
            self._await_next_request()

        def _response(self, reply: Reply, payload: bytes, head_only: bool, *, add_close: bool) -> bytes:
            content = [STATUS_LINE[reply.status]]
            for name, value in self.server_state.default_headers:
                content += [name, b": ", value, b"\r\n"]
            content.append(b"content-type: %s\r\ncontent-length: %d\r\n" % (reply.content_type.encode(), len(payload)))
            content += [f"{name}: {value}\r\n".encode("latin-1") for name, value in reply.headers]
            if add_close:
                content.append(b"connection: close\r\n")
            content.append(b"\r\n")
            if not head_only:
                content.append(payload)
            return b"".join(content)

    return DirectHttpToolsProtocol


__all__ = ["MAX_DIRECT_BODY", "direct_protocol"]
