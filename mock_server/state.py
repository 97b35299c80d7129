"""In-memory state of the mock: voices and their samples, clips, and the audio behind URLs.

Nothing is persisted: a restart starts again from the seed resources.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from mock_server.audio import AudioRequest
from mock_server.settings import MockSettings

# Audio links stay valid while at most this many newer ones exist (Resemble's expire in an hour).
MAX_BLOBS = 20_000


def utc_now() -> str:
    """The current time as an RFC 3339 string in UTC with a ``Z`` suffix."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Sample:
    """One TTS sample of a Palabra voice."""

    blob_id: str
    lang: str
    text: str
    created_at: str


@dataclass
class Voice:
    """A Palabra voice and its TTS samples (exactly one after any regeneration)."""

    voice_id: str
    user_id: str
    display_name: str
    description: str
    samples: list[Sample] = field(default_factory=list)


@dataclass
class Clip:
    """A Resemble clip."""

    uuid: str
    project_uuid: str
    title: str
    body: str
    voice_uuid: str
    is_public: bool
    is_archived: bool
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Blob:
    """Audio reachable under /audio/<blob_id>: what to render and as which media type."""

    request: AudioRequest
    media_type: str


class Store:
    """All mutable state of one mock instance."""

    def __init__(self, settings: MockSettings) -> None:
        resources = settings.resources
        self.voices: dict[str, Voice] = {}
        voice_ids = [resources.palabra_voice_id] + [
            f"{resources.palabra_voice_id}-{n}" for n in range(1, settings.extra_voices + 1)
        ]
        for voice_id in voice_ids:
            self.voices[voice_id] = Voice(voice_id, "usr_mock", f"Mock voice {voice_id}", "A tone-based mock voice")
        self.locked_voices: set[str] = set()
        self.projects = {resources.resemble_project_uuid}
        self.resemble_voices = {resources.resemble_voice_uuid}
        created = utc_now()
        self.clips: dict[tuple[str, str], Clip] = {
            (resources.resemble_project_uuid, resources.resemble_clip_uuid): Clip(
                uuid=resources.resemble_clip_uuid,
                project_uuid=resources.resemble_project_uuid,
                title="Mock clip",
                body="Hello from the mock.",
                voice_uuid=resources.resemble_voice_uuid,
                is_public=False,
                is_archived=False,
                created_at=created,
                updated_at=created,
            )
        }
        self.blobs: OrderedDict[str, Blob] = OrderedDict()

    def add_blob(self, blob: Blob) -> str:
        """Store ``blob`` under a fresh id, forgetting the oldest blob beyond ``MAX_BLOBS``."""
        blob_id = str(uuid.uuid4())
        self.blobs[blob_id] = blob
        while len(self.blobs) > MAX_BLOBS:
            self.blobs.popitem(last=False)
        return blob_id

    def replace_samples(self, voice: Voice, sample: Sample) -> None:
        """Make ``sample`` the voice's only sample and drop the audio of the ones it replaces."""
        for old in voice.samples:
            self.blobs.pop(old.blob_id, None)
        voice.samples = [sample]
