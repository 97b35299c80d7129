"""A hard cap on the requests a run sends to each server, fuzzing, probes and flows together.

Schemathesis sends requests from places no hook sees (its own probes, the ``ignored_auth`` and
``unsupported_method`` checks call the transport directly), so the count is kept where every
``requests`` call ends up: ``HTTPAdapter.send``. The suite's own requests (probes, flows) use httpx
and ask the budget first through ``take``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from voice_contracts.errors import VoiceContractsError


class RequestCapReached(VoiceContractsError, requests.RequestException):
    """Raised instead of sending a request once a server's request cap is spent.

    It is a ``requests`` exception so that schemathesis treats it as a network failure of that one
    case; the suite then stops the engine and reports what was left untested.
    """


def origin(url: str) -> str:
    """``scheme://host:port`` of ``url``: the unit the cap counts per."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


class RequestBudget:
    """Counts requests per vendor server; with ``cap`` set, refuses the ones beyond it.

    ``classify`` names the vendor a URL belongs to, or None for requests the cap does not cover
    (the suite's own callback receiver, the audio files a server links to).
    """

    def __init__(self, cap: int | None = None, classify: Callable[[str], str | None] = origin) -> None:
        self.cap = cap
        self.classify = classify
        self._sent: dict[str, int] = {}
        self._refused: dict[str, int] = {}
        self._guard = threading.Lock()

    def take(self, url: str) -> None:
        """Count one request to ``url``'s server, or raise ``RequestCapReached`` if none is left."""
        key = self.classify(url)
        if key is None:
            return
        with self._guard:
            sent = self._sent.get(key, 0)
            if self.cap is not None and sent >= self.cap:
                self._refused[key] = self._refused.get(key, 0) + 1
                exhausted = True
            else:
                self._sent[key] = sent + 1
                exhausted = False
        if exhausted:
            raise RequestCapReached(f"the cap of {self.cap} requests to the {key} server is spent")

    def left(self, vendor: str) -> int | None:
        """Requests still allowed to ``vendor``'s server (None: no cap)."""
        if self.cap is None:
            return None
        with self._guard:
            return max(0, self.cap - self._sent.get(vendor, 0))

    def sent(self) -> dict[str, int]:
        """Requests counted so far, per vendor."""
        with self._guard:
            return dict(self._sent)

    def refused(self) -> int:
        """Requests not sent because of the cap, all servers together."""
        with self._guard:
            return sum(self._refused.values())


_active: list[RequestBudget] = []
_lock = threading.Lock()
_original_send = HTTPAdapter.send


def _counting_send(self: HTTPAdapter, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
    for budget in list(_active):
        budget.take(str(request.url))
    return _original_send(self, request, *args, **kwargs)


def take_if_counting(url: str) -> None:
    """Count a request the suite sends itself (httpx) against every active budget."""
    for budget in list(_active):
        budget.take(url)


@contextmanager
def counting_requests(budget: RequestBudget) -> Iterator[RequestBudget]:
    """Count (and cap) every ``requests`` request sent while the block runs."""
    with _lock:
        _active.append(budget)
        if len(_active) == 1:
            HTTPAdapter.send = _counting_send  # type: ignore[method-assign]
    try:
        yield budget
    finally:
        with _lock:
            _active.remove(budget)
            if not _active:
                HTTPAdapter.send = _original_send  # type: ignore[method-assign]
