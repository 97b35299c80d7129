"""Deliver Resemble callbacks: an allow-list against SSRF, and bounded retries with backoff."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

log = logging.getLogger("mock_server.callbacks")

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


class CallbackSender:
    """Sends callbacks in background tasks so that the update's response never waits for them."""

    def __init__(self, *, attempts: int, timeout: float, backoff: float) -> None:
        self.attempts = attempts
        self.backoff = backoff
        self.timeout = timeout
        self.stats = DeliveryStats()
        self._client: httpx.AsyncClient | None = None
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
        if self._client is None:
            # Redirects are not followed: a redirect could lead past the allow-list.
            self._client = httpx.AsyncClient(timeout=self.timeout, follow_redirects=False)
        for attempt in range(self.attempts):
            self.stats.attempts += 1
            try:
                response = await self._client.post(url, json=payload)
            except httpx.HTTPError as exc:
                outcome = f"{type(exc).__name__}"
            else:
                if response.status_code < 300:
                    self.stats.delivered += 1
                    return
                outcome = f"HTTP {response.status_code}"
                # A 4xx says the receiver rejects this payload; sending it again will not help.
                if response.status_code < 500 and response.status_code not in {408, 429}:
                    break
            if attempt + 1 < self.attempts:
                await asyncio.sleep(min(self.backoff * 2**attempt, MAX_BACKOFF_SECONDS))
        self.stats.abandoned += 1
        log.warning("callback to %s abandoned after %d attempt(s): %s", url, attempt + 1, outcome)

    async def aclose(self, grace: float = 2.0) -> None:
        """Give pending deliveries ``grace`` seconds, cancel the rest and close the HTTP client."""
        if self._tasks:
            _, still_pending = await asyncio.wait(set(self._tasks), timeout=grace)
            for task in still_pending:
                task.cancel()
            await asyncio.gather(*still_pending, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
            self._client = None
