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

from voice_contracts.mock.allowlist import Target
from voice_contracts.mock.callback_http import post_to

log = logging.getLogger("voice_contracts.mock.callbacks")

MAX_BACKOFF_SECONDS = 2.0
# Bodies built from longer texts than this are built in a worker thread.
BUILD_IN_THREAD_CHARS = 2000
# Receiver hosts whose connection slots are kept while unused.
IDLE_HOSTS = 64

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


@dataclass
class _Job:
    url: str
    target: Target
    build: PayloadBuilder
    size_hint: int


@dataclass
class _Slots:
    """Connection slots per receiver host.

    A host's entry is kept while nobody uses it, so that a busy receiver does not cost a new
    semaphore per callback; unused entries are dropped once more than ``IDLE_HOSTS`` pile up.
    """

    per_host: int
    users: collections.Counter[str] = field(default_factory=collections.Counter)
    semaphores: dict[str, asyncio.Semaphore] = field(default_factory=dict)

    def acquire(self, host: str) -> asyncio.Semaphore:
        self.users[host] += 1
        semaphore = self.semaphores.get(host)
        if semaphore is None:
            semaphore = self.semaphores[host] = asyncio.Semaphore(self.per_host)
        return semaphore

    def release(self, host: str) -> None:
        self.users[host] -= 1
        if self.users[host] <= 0:
            del self.users[host]
            if len(self.semaphores) > IDLE_HOSTS:
                self.semaphores = {name: slot for name, slot in self.semaphores.items() if name in self.users}


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
        label = job.target  # formatted as scheme://host:port, and only when a log line is written
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
                    target = job.target
                    secure = target.scheme == "https"
                    status = await post_to(target.host, target.port, secure, job.url, body, self.timeout, self._tls)
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
