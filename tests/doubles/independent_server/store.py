"""A bounded, expiring in-memory store for the audio files the double serves."""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class Audio:
    data: bytes
    mime_type: str
    expires_at: float  # time.monotonic() deadline


class AudioStore:
    """Keeps at most `capacity` files; the oldest are dropped first, expired ones on access.

    Dropping is legal: the spec lets sample URLs expire and gives clip URLs one hour, and a
    fuzzer hitting thousands of voices must not grow the process without bound.
    """

    def __init__(self, capacity: int) -> None:
        self._capacity = max(1, capacity)
        self._items: OrderedDict[str, Audio] = OrderedDict()

    def put(self, key: str, data: bytes, mime_type: str, ttl_seconds: float) -> None:
        self._items[key] = Audio(data, mime_type, time.monotonic() + ttl_seconds)
        self._items.move_to_end(key)
        while len(self._items) > self._capacity:
            self._items.popitem(last=False)

    def get(self, key: str) -> Audio | None:
        item = self._items.get(key)
        if item is None:
            return None
        if item.expires_at <= time.monotonic():
            del self._items[key]
            return None
        return item

    def discard(self, key: str) -> None:
        self._items.pop(key, None)
