"""Answer small, complete requests from the parser's callbacks, without an ASGI task.

Serving a request through uvicorn's ASGI cycle (an event, a task, two ``send`` messages whose
headers are checked by regular expressions) costs about as much CPU as the mock's own work.
Most requests need none of it: the body is small and in, and the answer needs no waiting. For
those, this protocol asks the app for its reply synchronously (``MockApp.respond_now``) and
writes the response itself. Everything else goes the ASGI way, as before:

- a request whose body is chunked, larger than ``MAX_DIRECT_BODY`` (uvicorn's own buffer mark,
  so no connection holds more than it would) or over the app's limit, or that expects
  ``100 Continue`` or an upgrade;
- a request on a connection that still has an ASGI response under way (pipelining keeps order),
  or whose writes are paused because the client is not reading (back-pressure stays uvicorn's);
- a request the app cannot answer at once (synthesis time, audio to render): the app says so
  before changing anything, and the request is handed to the ASGI cycle with its body.

The bytes on the wire are the ones the ASGI path would send: the same status line, uvicorn's
``server`` and ``date`` headers, then the reply's own.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from typing import Any

import httptools
from uvicorn.protocols.http.flow_control import HIGH_WATER_LIMIT
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from voice_contracts.mock.envelopes import Reply

MAX_DIRECT_BODY = HIGH_WATER_LIMIT

# (method, path, headers with lower-case names, body, server address) -> (reply, body bytes),
# or None when the request must be served through ASGI.
Responder = Callable[[str, str, dict[str, str], bytes, Any], tuple[Reply, bytes] | None]


def direct_protocol(base: type[HttpToolsProtocol], respond: Responder, max_body: int) -> type[HttpToolsProtocol]:
    """A subclass of ``base`` (a guarded protocol) answering eligible requests through ``respond``."""
    body_limit = min(max_body, MAX_DIRECT_BODY)

    class DirectHttpToolsProtocol(base):  # type: ignore[misc, valid-type]
        """See the module docstring."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # The body read so far while this request is answered directly; None otherwise.
            self._direct_body: list[bytes] | None = None
            # Set by a graceful shutdown that found a direct request still arriving.
            self._last_request = False

        def _begin_message(self) -> None:
            # What uvicorn's on_message_begin resets, without the ASGI scope: most requests never
            # need one, and the ASGI path builds it in _to_asgi.
            self.url = b""
            self.expect_100_continue = False
            headers: list[tuple[bytes, bytes]] = []
            self.headers = headers
            self._direct_body = None

        def _to_asgi(self) -> None:
            """Give the request, headers in, to uvicorn's ASGI cycle."""
            url, headers, expect_100_continue = self.url, self.headers, self.expect_100_continue
            super()._begin_message()
            self.url, self.headers, self.expect_100_continue = url, headers, expect_100_continue
            self.scope["headers"] = headers
            super()._start_request()

        def _start_request(self) -> None:
            if self._answerable_directly():
                self._direct_body = []
            else:
                self._to_asgi()

        def on_body(self, body: bytes) -> None:
            if self._direct_body is None:
                super().on_body(body)
            else:
                self._direct_body.append(body)

        def _end_request(self) -> None:
            chunks = self._direct_body
            if chunks is None:
                super()._end_request()
                return
            self._direct_body = None
            body = b"".join(chunks)
            if not self._answer(body):
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
            if self._direct_body is None:
                super().shutdown()
            else:
                self._last_request = True

        def _detach_request(self) -> bool:
            if self._direct_body is not None:
                # Refused while its body was arriving: the app never saw it, so nothing else answers.
                self._direct_body = None
                return True
            return bool(super()._detach_request())

        def _answerable_directly(self) -> bool:
            cycle = self.cycle
            if (cycle is not None and not cycle.response_complete) or self.pipeline:
                return False
            if self.expect_100_continue or self.flow.write_paused or self.transport.is_closing():
                return False
            if self.parser.should_upgrade():
                return False
            for name, value in self.headers:
                if name == b"transfer-encoding":
                    return False
                if name == b"content-length" and not (value.isdigit() and int(value) <= body_limit):
                    return False
            return True

        def _answer(self, body: bytes) -> bool:
            """Write the app's answer; False (nothing written) when the app needs to await."""
            parser = self.parser
            method = parser.get_method().decode("ascii")
            try:
                # As uvicorn builds the ASGI scope's path.
                path = httptools.parse_url(self.url).path.decode("ascii")
            except (httptools.HttpParserInvalidURLError, UnicodeDecodeError):
                return False  # uvicorn's own handling of such a URL applies
            if "%" in path:
                path = urllib.parse.unquote(path)
            headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in self.headers}
            answered = respond(method, path, headers, body, self.server)
            if answered is None:
                return False
            reply, payload = answered
            closes = bool(reply.headers) and any(
                name == "connection" and "close" in value.lower() for name, value in reply.headers
            )
            keep_alive = (
                not (closes or self._last_request) and parser.get_http_version() != "1.0" and parser.should_keep_alive()
            )
            self.transport.write(self._response(reply, payload, method, add_close=not (keep_alive or closes)))
            if not keep_alive:
                self.transport.close()
            self._await_next_request()
            return True

        def _response(self, reply: Reply, payload: bytes, method: str, *, add_close: bool) -> bytes:
            content = [STATUS_LINE[reply.status]]
            for name, value in self.server_state.default_headers:
                content += [name, b": ", value, b"\r\n"]
            content.append(b"content-type: %s\r\ncontent-length: %d\r\n" % (reply.content_type.encode(), len(payload)))
            content += [f"{name}: {value}\r\n".encode("latin-1") for name, value in reply.headers]
            if add_close:
                content.append(b"connection: close\r\n")
            content.append(b"\r\n")
            if method != "HEAD":
                content.append(payload)
            return b"".join(content)

    return DirectHttpToolsProtocol


__all__ = ["MAX_DIRECT_BODY", "direct_protocol"]
