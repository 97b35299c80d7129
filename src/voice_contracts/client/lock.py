"""Waiting out Palabra's regeneration lock (403) with bounded, jittered backoff."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class LockWait:
    """The pauses between attempts while a voice is locked: ``first`` seconds, growing by
    ``factor`` up to ``max_delay``, each drawn between half and all of that. The caller's
    ``wait_for_lock`` deadline bounds the total; the last pause is cut to fit it."""

    first: float = 0.25
    factor: float = 2.0
    max_delay: float = 5.0

    def delays(self, rng: random.Random | None = None) -> Iterator[float]:
        """An endless series of pauses."""
        ceiling = self.first
        while True:
            yield (rng or random).uniform(ceiling / 2, ceiling)
            ceiling = min(self.max_delay, ceiling * self.factor)
