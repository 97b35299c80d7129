"""Deliver Resemble callbacks: an allow-list against SSRF, and bounded retries with backoff."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import orjson

from voice_contracts.errors import VoiceContractsError

log = logging.getLogger("voice_contracts.mock.callbacks")

MAX_BACKOFF_SECONDS = 2.0


class AllowList:
    """Hosts and networks that callbacks may reach; names are never resolved through DNS."""

    def __init__(self, entries: Iterable[str]) -> None:
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        self.names: set[str] = set()
        for entry in entries:
            try:
                self.networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                self.names.add(entry.lower())

    def permits(self, url: str) -> bool:
        """Whether ``url`` is an http(s) URL whose host is on the list."""
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            _ = parts.port  # raises ValueError on a malformed port
        except ValueError:
            return False
        if parts.scheme not in {"http", "https"} or not host:
            return False
        if host in self.names:
            return True
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            # A name that is not listed could resolve anywhere: refuse it rather than look it up.
            return False
        return any(address in network for network in self.networks)


@dataclass
class DeliveryStats:
    """Counters a test can read to see what happened to callbacks."""

    delivered: int = 0
    abandoned: int = 0
    attempts: int = 0


class DeliveryError(VoiceContractsError, OSError):
    """Raised when a callback attempt gets no usable HTTP status line back."""


async def post_json(url: str, payload: Any, *, timeout: float, tls: ssl.SSLContext | None = None) -> int:
    """POST ``payload`` as JSON to ``url`` on a fresh connection and return the status code.

    A one-shot HTTP/1.1 exchange is all a callback needs: no redirects (they could lead past the
    allow-list), no keep-alive, no response body. It costs a fraction of a general HTTP client,
    which matters when the mock takes thousands of updates a second.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    authority = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        authority += f":{parts.port}"
    body = orjson.dumps(payload)
    head = (
        f"POST {target} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\nUser-Agent: voice-api-mock\r\n\r\n"
    )
    async with asyncio.timeout(timeout):
        context = (tls or ssl.create_default_context()) if secure else None
        reader, writer = await asyncio.open_connection(
            host, port, ssl=context, server_hostname=host if secure else None
        )
        try:
            writer.write(head.encode("latin-1") + body)
            status_line = await reader.readline()
        finally:
            writer.close()
    version, _, rest = status_line.decode("latin-1").partition(" ")
    code = rest[:3]
    if not version.startswith("HTTP/1.") or not code.isdigit():
        raise DeliveryError(f"not an HTTP response: {status_line[:60]!r}")
    return int(code)


class CallbackSender:
    """Sends callbacks in background tasks so that the update's response never waits for them."""

    def __init__(self, *, attempts: int, timeout: float, backoff: float) -> None:
        self.attempts = attempts
        self.backoff = backoff
        self.timeout = timeout
        self.stats = DeliveryStats()
        self._tls: ssl.SSLContext | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def schedule(self, url: str, payload: dict[str, Any], delay: float) -> None:
        """Send ``payload`` to ``url`` after ``delay`` seconds, retrying as configured."""
        task = asyncio.get_running_loop().create_task(self._deliver(url, payload, delay))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @property
    def pending(self) -> int:
        """Callbacks not yet delivered or abandoned."""
        return len(self._tasks)

    async def _deliver(self, url: str, payload: dict[str, Any], delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        if self._tls is None and url.startswith("https:"):
            self._tls = ssl.create_default_context()
        for attempt in range(self.attempts):
            self.stats.attempts += 1
            try:
                status = await post_json(url, payload, timeout=self.timeout, tls=self._tls)
            # OSError covers refused connections, timeouts, TLS failures and DeliveryError.
            except (OSError, UnicodeError) as exc:
                outcome = f"{type(exc).__name__}"
            else:
                if status < 300:
                    self.stats.delivered += 1
                    return
                outcome = f"HTTP {status}"
                # A 4xx says the receiver rejects this payload; sending it again will not help.
                if status < 500 and status not in {408, 429}:
                    break
            if attempt + 1 < self.attempts:
                await asyncio.sleep(min(self.backoff * 2**attempt, MAX_BACKOFF_SECONDS))
        self.stats.abandoned += 1
        log.warning("callback to %s abandoned after %d attempt(s): %s", url, attempt + 1, outcome)

    async def aclose(self, grace: float = 2.0) -> None:
        """Give pending deliveries ``grace`` seconds and cancel the rest."""
        if self._tasks:
            _, still_pending = await asyncio.wait(set(self._tasks), timeout=grace)
            for task in still_pending:
                task.cancel()
            await asyncio.gather(*still_pending, return_exceptions=True)
