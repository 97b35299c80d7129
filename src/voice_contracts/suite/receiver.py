"""A loopback HTTP server that records the callbacks a server under test POSTs to it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from voice_contracts.serving import RunningServer

Message = MutableMapping[str, Any]
MAX_CALLBACK_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Delivery:
    """One callback as received: when, its raw body and the JSON parsed from it (or None)."""

    token: str
    received_at: float
    body: bytes
    payload: Any


class CallbackReceiver:
    """ASGI app: ``POST /callbacks/<token>`` is recorded under ``token``; anything else is 404.

    With ``fail_first`` the first attempt for each token is answered 503, to exercise retries.
    """

    def __init__(self, *, fail_first: bool = False) -> None:
        self.fail_first = fail_first
        self._deliveries: dict[str, list[Delivery]] = {}
        self._attempts: dict[str, int] = {}
        self._changed = threading.Condition()

    async def __call__(
        self, scope: Message, receive: Callable[[], Awaitable[Message]], send: Callable[[Message], Awaitable[None]]
    ) -> None:
        if scope["type"] == "lifespan":
            while (message := await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        path: str = scope["path"]
        body = bytearray()
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body") or len(body) > MAX_CALLBACK_BYTES:
                break
        status = 404
        if scope["method"] == "POST" and path.startswith("/callbacks/"):
            status = self._record(path[len("/callbacks/") :], bytes(body))
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})

    def _record(self, token: str, body: bytes) -> int:
        with self._changed:
            attempt = self._attempts[token] = self._attempts.get(token, 0) + 1
            if self.fail_first and attempt == 1:
                return 503
            try:
                payload = json.loads(body)
            except ValueError:
                payload = None
            self._deliveries.setdefault(token, []).append(Delivery(token, time.monotonic(), body, payload))
            self._changed.notify_all()
        return 200

    def deliveries(self, token: str) -> list[Delivery]:
        """Everything received for ``token`` so far."""
        with self._changed:
            return list(self._deliveries.get(token, []))

    def attempts(self, token: str) -> int:
        """How many POSTs arrived for ``token``, failed ones included."""
        with self._changed:
            return self._attempts.get(token, 0)

    def wait(self, token: str, timeout: float, count: int = 1) -> list[Delivery]:
        """Wait until ``count`` callbacks arrived for ``token`` or ``timeout`` passed."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self._deliveries.get(token, [])) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._changed.wait(remaining)
            return list(self._deliveries.get(token, []))

    def total(self) -> int:
        """Number of callbacks recorded under any token."""
        with self._changed:
            return sum(len(items) for items in self._deliveries.values())


def start_receiver(
    *, fail_first: bool = False, max_seconds: float = 900.0, port: int = 0
) -> tuple[CallbackReceiver, RunningServer]:
    """Start a receiver on loopback (``port``, or an unused one when 0); stop the returned server when done."""
    receiver = CallbackReceiver(fail_first=fail_first)
    return receiver, RunningServer(receiver, port=port, max_seconds=max_seconds).start()
