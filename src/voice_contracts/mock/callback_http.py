"""One callback on the wire: a one-shot HTTP/1.1 POST that reports the receiver's final status.

A callback needs no redirects (they could lead past the allow-list), no keep-alive and no
response body, so a small client is enough and keeps every step under the mock's control.
"""

from __future__ import annotations

import asyncio
import ssl
from urllib.parse import quote, urlsplit

import orjson

from voice_contracts.errors import VoiceContractsError

MAX_STATUS_LINE = 8192
MAX_INTERIM_RESPONSES = 10
# Characters a request target may carry as they are; anything else is percent-encoded.
_TARGET_SAFE = "/?&=%:@!$'()*+,;-._~[]"


class DeliveryError(VoiceContractsError, OSError):
    """Raised when a callback attempt gets no usable HTTP status line back."""


async def post_bytes(url: str, body: bytes, *, timeout: float, tls: ssl.SSLContext | None = None) -> int:
    """POST ``body`` (JSON) to ``url`` on a fresh connection and return the final status code.

    Interim 1xx answers are skipped: only a final status says whether the receiver took the
    callback. ``timeout`` bounds the whole exchange, connecting included.
    """
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    return await post_to(parts.hostname or "", parts.port or (443 if secure else 80), secure, url, body, timeout, tls)


async def post_to(
    host: str, port: int, secure: bool, url: str, body: bytes, timeout: float, tls: ssl.SSLContext | None = None
) -> int:
    """``post_bytes`` for a URL already split into ``host``, ``port`` and scheme (callbacks are)."""
    async with asyncio.timeout(timeout):
        context = (tls or ssl.create_default_context()) if secure else None
        loop = asyncio.get_running_loop()
        transport, exchange = await loop.create_connection(
            _Exchange, host, port, ssl=context, server_hostname=host if secure else None
        )
        try:
            # The request is formatted once connected: a receiver that is down costs no parsing.
            transport.write(_request_head(url, len(body)) + body)
            outcome = await exchange.outcome
        finally:
            transport.close()
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


class _Exchange(asyncio.Protocol):
    """Reads a receiver's answer up to its first final status line; nothing else is kept.

    A plain protocol rather than asyncio's streams: a callback reads one line or a few, and a
    receiver that is down costs only this object, not a reader and a writer. A failure is the
    future's result, not its exception: if the caller was cancelled while connecting, nobody
    awaits the future, and an exception left in it would be logged as never retrieved.
    """

    def __init__(self) -> None:
        self.outcome: asyncio.Future[int | Exception] = asyncio.get_running_loop().create_future()
        self._buffer = bytearray()
        self._interim = 0
        self._in_interim_headers = False

    def data_received(self, data: bytes) -> None:
        if self.outcome.done():
            return  # the body after the status line is of no interest
        self._buffer += data
        while (end := self._buffer.find(b"\n")) >= 0:
            if end >= MAX_STATUS_LINE:
                break
            line = bytes(self._buffer[: end + 1])
            del self._buffer[: end + 1]
            if self._line(line):
                return
        if len(self._buffer) >= MAX_STATUS_LINE:
            self._settle(DeliveryError(f"a line of the answer is longer than {MAX_STATUS_LINE} bytes"))

    def eof_received(self) -> None:
        # A status line cut short by the end of the stream still says what the receiver did.
        if self._buffer and not self.outcome.done():
            self._line(bytes(self._buffer))

    def connection_lost(self, exc: Exception | None) -> None:
        self._settle(exc or DeliveryError("the receiver closed the connection without a status"))

    def _line(self, line: bytes) -> bool:
        """Take one line of the answer; whether the exchange is settled."""
        if self._in_interim_headers:
            self._in_interim_headers = bool(line.strip())  # an empty line ends them
            return False
        code = _status(line)
        if code is None:
            self._settle(DeliveryError(f"not an HTTP response: {line[:60]!r}"))
        elif code >= 200:
            self._settle(code)
        else:
            self._interim += 1
            if self._interim >= MAX_INTERIM_RESPONSES:
                self._settle(DeliveryError("too many interim responses"))
            self._in_interim_headers = True
        return self.outcome.done()

    def _settle(self, outcome: int | Exception) -> None:
        if not self.outcome.done():
            self.outcome.set_result(outcome)


async def post_json(url: str, payload: object, *, timeout: float, tls: ssl.SSLContext | None = None) -> int:
    """POST ``payload`` serialised as JSON; see ``post_bytes``."""
    return await post_bytes(url, orjson.dumps(payload), timeout=timeout, tls=tls)


def _request_head(url: str, length: int) -> bytes:
    parts = urlsplit(url)
    host = parts.hostname or ""
    target = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), safe=_TARGET_SAFE)
    authority = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        authority += f":{parts.port}"
    head = (
        f"POST {target} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {length}\r\nConnection: close\r\nUser-Agent: voice-api-mock\r\n\r\n"
    )
    return head.encode("latin-1")


def _status(line: bytes) -> int | None:
    """The code of an HTTP/1.x status line, or ``None`` when ``line`` is not one."""
    version, _, rest = line.decode("latin-1").partition(" ")
    code = rest[:3]
    # isdigit() alone lets through digits int() refuses, such as a superscript two.
    if not version.startswith("HTTP/1.") or not (code.isascii() and code.isdigit()) or not 100 <= int(code) <= 599:
        return None
    return int(code)


__all__ = ["DeliveryError", "post_bytes", "post_json", "post_to"]
