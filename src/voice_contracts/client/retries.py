"""Retries with jittered exponential backoff, as httpx transports the facade installs.

Only what is safe and useful to repeat is retried: a connection that could not be opened or was
dropped before an answer, and the statuses 408, 429 and 5xx. A server's ``Retry-After`` (seconds
or an HTTP date) or ``retry-after-ms`` is honoured. Everything is bounded twice: by the number of
attempts and by the total time, waits included. A read timeout is not retried: the server may be
working on the request, and waiting again would double the caller's wait.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

import httpx

RETRY_STATUSES = frozenset({408, 429, *range(500, 600)})

# Failures before the server could have seen the request, or where it dropped the connection
# without an answer.
RETRY_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
    httpx.PoolTimeout,
)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry.

    ``attempts`` counts the first try (1 means no retries). Waits grow as ``backoff * 2**n`` up to
    ``max_backoff``, each drawn uniformly between half and all of that ("equal jitter"). A server's
    ``Retry-After`` replaces the computed wait. No retry starts once ``total_seconds`` (waits and
    attempts together) would be exceeded; the last response or error is returned then.
    """

    attempts: int = 3
    backoff: float = 0.5
    max_backoff: float = 8.0
    total_seconds: float = 60.0
    statuses: frozenset[int] = field(default=RETRY_STATUSES)

    def wait(self, retry: int, headers: Mapping[str, str] | None = None, *, rng: random.Random | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (1 for the first retry)."""
        hinted = retry_after(headers) if headers is not None else None
        if hinted is not None:
            return hinted
        ceiling = min(self.max_backoff, self.backoff * 2 ** (retry - 1))
        return (rng or random).uniform(ceiling / 2, ceiling)


NO_RETRIES = RetryPolicy(attempts=1)
"""A policy that never retries."""


def retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """The wait a server asks for, in seconds (``retry-after-ms`` or ``Retry-After``); None if absent or unreadable."""
    lowered = {key.lower(): value for key, value in headers.items()}
    millis = lowered.get("retry-after-ms")
    if millis is not None:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = lowered.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass
class _Attempts:
    """The bookkeeping both transports share: may another attempt start, and after what wait."""

    policy: RetryPolicy
    clock: Callable[[], float]
    started: float = 0.0
    made: int = 0

    def next_wait(self, headers: Mapping[str, str] | None) -> float | None:
        if self.made >= self.policy.attempts:
            return None
        wait = self.policy.wait(self.made, headers)
        if self.clock() - self.started + wait > self.policy.total_seconds:
            return None
        return wait


class RetryTransport(httpx.BaseTransport):
    """A sync transport that retries ``inner`` according to ``policy``."""

    def __init__(
        self,
        policy: RetryPolicy = RetryPolicy(),
        inner: httpx.BaseTransport | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy
        self.inner = inner or httpx.HTTPTransport()
        self._sleep = sleep
        self._clock = clock

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempts = _Attempts(self.policy, self._clock, self._clock())
        while True:
            attempts.made += 1
            try:
                response = self.inner.handle_request(request)
            except RETRY_ERRORS:
                wait = attempts.next_wait(None)
                if wait is None:
                    raise
            else:
                if response.status_code not in self.policy.statuses:
                    return response
                wait = attempts.next_wait(response.headers)
                if wait is None:
                    return response
                response.close()
            self._sleep(wait)

    def close(self) -> None:
        self.inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The async twin of ``RetryTransport``."""

    def __init__(
        self,
        policy: RetryPolicy = RetryPolicy(),
        inner: httpx.AsyncBaseTransport | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy
        self.inner = inner or httpx.AsyncHTTPTransport()
        self._sleep = sleep
        self._clock = clock

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        attempts = _Attempts(self.policy, self._clock, self._clock())
        while True:
            attempts.made += 1
            try:
                response = await self.inner.handle_async_request(request)
            except RETRY_ERRORS:
                wait = attempts.next_wait(None)
                if wait is None:
                    raise
            else:
                if response.status_code not in self.policy.statuses:
                    return response
                wait = attempts.next_wait(response.headers)
                if wait is None:
                    return response
                await response.aclose()
            await self._sleep(wait)

    async def aclose(self) -> None:
        await self.inner.aclose()
