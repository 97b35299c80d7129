"""Ids and timestamps the mock hands out."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime

from voice_contracts.mock.state import new_uuid, utc_now


def test_new_uuid_is_a_canonical_random_version_4_uuid() -> None:
    ids = [new_uuid() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    for value in ids:
        parsed = uuid.UUID(value)
        assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122)
        assert str(parsed) == value


def test_utc_now_is_rfc3339_with_milliseconds_and_tracks_the_clock() -> None:
    for _ in range(3):
        before = datetime.now(UTC)
        stamp = utc_now()
        after = datetime.now(UTC)
        assert len(stamp) == len("2026-11-21T10:00:00.000Z") and stamp.endswith("Z")
        parsed = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        # Truncated to milliseconds, so it may sit up to 1 ms before ``before``.
        assert before.replace(microsecond=before.microsecond // 1000 * 1000) <= parsed <= after
        time.sleep(0.6)  # cross a second boundary: the cached date part must move on
