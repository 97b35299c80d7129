"""Deliver Resemble callbacks: bounded queues, bounded connections, bounded retries.

A receiver that accepts connections and never answers must not take the mock down with it, so:

- at most ``max_pending`` callbacks wait at once; beyond that an update is answered with 503 and
  ``Retry-After`` (see ``Resemble.update``) instead of queueing more work;
- at most ``per_host`` connections are open to one receiver host and ``max_connections`` in all,
  so file descriptors stay free for the mock's own clients;
- a pending callback keeps only what is needed to build its body; the body (timestamps can be
  megabytes for a long clip) is built when it is sent, off the event loop when it is large;
- every callback ends in exactly one counted, logged outcome, and the logs name the receiver
  by scheme, host and port only (URLs can carry credentials and signed query strings).
"""

from __future__ import annotations

import asyncio
import collections
import logging
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import orjson

from voice_contracts.errors import VoiceContractsError
from voice_contracts.mock.allowlist import Target

log = logging.getLogger("voice_contracts.mock.callbacks")

MAX_BACKOFF_SECONDS = 2.0
# Bodies built from longer texts than this are built in a worker thread.
BUILD_IN_THREAD_CHARS = 2000
MAX_STATUS_LINE = 8192
MAX_INTERIM_RESPONSES = 10
# Characters a request target may carry as they are; anything else is percent-encoded.
_TARGET_SAFE = "/?&=%:@!$'()*+,;-._~[]"

PayloadBuilder = Callable[[], bytes]


@dataclass
class DeliveryStats:
    """Counters a test can read to see what happened to callbacks; each callback ends in one of them."""

    delivered: int = 0
    abandoned: int = 0
    rejected: int = 0
    failed: int = 0
    dropped: int = 0
    attempts: int = 0
    refused_full: int = 0


class DeliveryError(VoiceContractsError, OSError):
    """Raised when a callback attempt gets no usable HTTP status line back."""


async def post_bytes(url: str, body: bytes, *, timeout: float, tls: ssl.SSLContext | None = None) -> int:
    """POST ``body`` (JSON) to ``url`` on a fresh connection and return the final status code.

    A one-shot HTTP/1.1 exchange is all a callback needs: no redirects (they could lead past the
    allow-list), no keep-alive, no response body. Interim 1xx answers are skipped: only a final
    status says whether the receiver took the callback.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    target = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), safe=_TARGET_SAFE)
    authority = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        authority += f":{parts.port}"
    head = (
        f"POST {target} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\nUser-Agent: voice-api-mock\r\n\r\n"
    )
    async with asyncio.timeout(timeout):
        context = (tls or ssl.create_default_context()) if secure else None
        reader, writer = await asyncio.open_connection(
            host, port, ssl=context, server_hostname=host if secure else None, limit=MAX_STATUS_LINE
        )
        try:
            writer.write(head.encode("latin-1") + body)
            for _ in range(MAX_INTERIM_RESPONSES):
                code = _status(await reader.readline())
                if code >= 200:
                    return code
                while (await reader.readline()).strip():
                    pass  # the interim response's headers
            raise DeliveryError("too many interim responses")
        finally:
            writer.close()


async def post_json(url: str, payload: object, *, timeout: float, tls: ssl.SSLContext | None = None) -> int:
    """POST ``payload`` serialised as JSON; see ``post_bytes``."""
    return await post_bytes(url, orjson.dumps(payload), timeout=timeout, tls=tls)


def _status(line: bytes) -> int:
    version, _, rest = line.decode("latin-1").partition(" ")
    code = rest[:3]
    if not version.startswith("HTTP/1.") or not code.isdigit() or not 100 <= int(code) <= 599:
        raise DeliveryError(f"not an HTTP response: {line[:60]!r}")
    return int(code)


@dataclass
class _Job:
    url: str
    target: Target
    build: PayloadBuilder
    size_hint: int


@dataclass
class _Slots:
    """Connection slots per receiver host; entries disappear when nobody uses them."""

    per_host: int
    users: collections.Counter[str] = field(default_factory=collections.Counter)
    semaphores: dict[str, asyncio.Semaphore] = field(default_factory=dict)

    def acquire(self, host: str) -> asyncio.Semaphore:
        self.users[host] += 1
        if host not in self.semaphores:
            self.semaphores[host] = asyncio.Semaphore(self.per_host)
        return self.semaphores[host]

    def release(self, host: str) -> None:
        self.users[host] -= 1
        if self.users[host] <= 0:
            del self.users[host]
            del self.semaphores[host]


class CallbackSender:
    """Sends callbacks in background tasks so that the update's response never waits for them."""

    def __init__(
        self,
        *,
        attempts: int,
        timeout: float,
        backoff: float,
        max_pending: int = 1000,
        per_host: int = 64,
        max_connections: int = 256,
    ) -> None:
        self.attempts = attempts
        self.backoff = backoff
        self.timeout = timeout
        self.max_pending = max_pending
        self.stats = DeliveryStats()
        self._tls: ssl.SSLContext | None = None
        self._tasks: dict[asyncio.Task[None], _Job] = {}
        self._slots = _Slots(per_host)
        self._connections = max_connections
        self._all: asyncio.Semaphore | None = None

    @property
    def full(self) -> bool:
        """Whether another callback would exceed ``max_pending``."""
        return len(self._tasks) >= self.max_pending

    @property
    def pending(self) -> int:
        """Callbacks not yet delivered or given up."""
        return len(self._tasks)

    def schedule(self, url: str, target: Target, build: PayloadBuilder, delay: float, *, size_hint: int = 0) -> bool:
        """Send the body ``build()`` makes to ``url`` after ``delay`` seconds; False when full.

        ``size_hint`` (characters of text behind the body) decides whether it is built in a thread.
        """
        if self.full:
            self.stats.refused_full += 1
            return False
        job = _Job(url, target, build, size_hint)
        task = asyncio.get_running_loop().create_task(self._deliver(job, delay))
        self._tasks[task] = job
        task.add_done_callback(self._forget)
        return True

    def _forget(self, task: asyncio.Task[None]) -> None:
        self._tasks.pop(task, None)
        if not task.cancelled() and task.exception() is not None:
            # _deliver catches everything; this is a last line so nothing is ever "never retrieved".
            self.stats.failed += 1
            log.error("callback task crashed: %s", type(task.exception()).__name__)

    async def _deliver(self, job: _Job, delay: float) -> None:
        label = job.target.label
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            if job.size_hint > BUILD_IN_THREAD_CHARS:
                body = await asyncio.to_thread(job.build)
            else:
                body = job.build()
            outcome, final = await self._attempts(job, body)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self.stats.failed += 1
            log.error("callback to %s failed inside the mock: %s", label, type(exc).__name__)
            return
        if outcome is None:
            self.stats.delivered += 1
            log.info("callback to %s delivered", label)
        elif final:
            self.stats.rejected += 1
            log.warning("callback to %s rejected by the receiver: %s", label, outcome)
        else:
            self.stats.abandoned += 1
            log.warning("callback to %s abandoned after %d attempt(s): %s", label, self.attempts, outcome)

    async def _attempts(self, job: _Job, body: bytes) -> tuple[str | None, bool]:
        """Try up to ``attempts`` times: (None, True) when delivered, else the last outcome and
        whether the receiver's answer was final (a redirect or a 4xx other than 408 and 429)."""
        if self._tls is None and job.target.scheme == "https":
            self._tls = ssl.create_default_context()
        if self._all is None:
            self._all = asyncio.Semaphore(self._connections)
        outcome = "not attempted"
        host = job.target.host
        for attempt in range(self.attempts):
            self.stats.attempts += 1
            per_host = self._slots.acquire(host)
            try:
                async with per_host, self._all:
                    status = await post_bytes(job.url, body, timeout=self.timeout, tls=self._tls)
            # OSError covers refused connections, timeouts, TLS failures and DeliveryError.
            except (OSError, UnicodeError, ValueError) as exc:
                outcome = type(exc).__name__
            else:
                if 200 <= status < 300:
                    return None, True
                outcome = f"HTTP {status}"
                # A 4xx says the receiver rejects this payload, and redirects are never followed
                # (they could lead past the allow-list): sending it again will not help.
                if status < 500 and status not in {408, 429}:
                    return outcome, True
            finally:
                self._slots.release(host)
            if attempt + 1 < self.attempts:
                await asyncio.sleep(min(self.backoff * 2**attempt, MAX_BACKOFF_SECONDS))
        return outcome, False

    async def aclose(self, grace: float = 2.0) -> None:
        """Give pending deliveries ``grace`` seconds, cancel the rest and log where they were going."""
        if self._tasks:
            log.info("shutdown: waiting up to %.1f s for %d pending callback(s)", grace, len(self._tasks))
            _, still_pending = await asyncio.wait(set(self._tasks), timeout=grace)
            hosts = collections.Counter(self._tasks[task].target.label for task in still_pending if task in self._tasks)
            for task in still_pending:
                task.cancel()
            await asyncio.gather(*still_pending, return_exceptions=True)
            if still_pending:
                self.stats.dropped += len(still_pending)
                where = ", ".join(f"{label} ({count})" for label, count in hosts.most_common())
                log.warning(
                    "shutdown: %d callback(s) not delivered within %.1f s: %s", len(still_pending), grace, where
                )
                return
        log.info("shutdown: no callback left undelivered")
