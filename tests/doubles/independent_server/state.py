"""Mutable state shared by the handlers of one app instance (one event loop, so no locking)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from .config import Config
from .store import AudioStore


def rfc3339(moment: datetime) -> str:
    # Microseconds and a numeric offset: both legal RFC 3339, and unlike the common "...Z" form.
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Clip:
    title: str
    created_at: datetime
    # Optional in an update since the spec made them so: an omitted one keeps these.
    is_public: bool = False
    is_archived: bool = False


@dataclass
class State:
    config: Config
    variant: str | None
    store: AudioStore
    busy_voices: set[str] = field(default_factory=set)
    # voice id -> blob id of its one current sample, so regeneration can discard the previous one
    voice_samples: dict[str, str] = field(default_factory=dict)
    clips: OrderedDict[tuple[str, str], Clip] = field(default_factory=OrderedDict)
    tasks: set[asyncio.Task[None]] = field(default_factory=set)
    url_key: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    @classmethod
    def create(cls, config: Config, variant: str | None) -> State:
        state = cls(config=config, variant=variant, store=AudioStore(config.max_stored_audio))
        # The configured clip exists from the start, created a day before the server came up.
        state.clips[(config.project_uuid, config.clip_uuid)] = Clip("Greeting", now() - timedelta(days=1))
        return state

    def sign(self, name: str) -> str:
        return hmac.new(self.url_key, name.encode("utf-8"), hashlib.sha256).hexdigest()[:24]

    def clip(self, project: str, clip: str) -> Clip:
        """The stored clip, created on first sight: any project/clip pair a client names works."""
        key = (project, clip)
        found = self.clips.get(key)
        if found is None:
            found = self.clips[key] = Clip("", now())
            while len(self.clips) > 4096:  # bound memory under fuzzing
                self.clips.popitem(last=False)
        return found

    def spawn(self, task: asyncio.Task[None]) -> None:
        # Keep a strong reference until the task ends, or the loop may garbage-collect it.
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
