"""In-memory state of the mock: voices and their samples, clips, and the audio behind URLs.

Nothing is persisted: a restart starts again from the seed resources.
"""

from __future__ import annotations

import random
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from voice_contracts.mock.audio import AudioRequest
from voice_contracts.mock.settings import MockSettings

# Audio links stay valid while at most this many newer ones exist (Resemble's expire in an hour).
MAX_BLOBS = 20_000


_second: list[tuple[int, str]] = [(-1, "")]


def utc_now() -> str:
    """The current time as an RFC 3339 string in UTC with millisecond precision and a ``Z`` suffix."""
    now = time.time()
    whole = int(now)
    second, prefix = _second[0]
    if whole != second:
        # Formatting the date part is the expensive bit, and it changes once a second.
        prefix = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole))
        _second[0] = (whole, prefix)
    return f"{prefix}.{int((now - whole) * 1000):03d}Z"


# Version-4 UUID bits: version nibble 0100 and variant bits 10.
_UUID4_CLEAR = ~((0xF << 76) | (0x3 << 62))
_UUID4_SET = (0x4 << 76) | (0x2 << 62)


def new_uuid() -> str:
    """A random version-4 UUID in canonical form.

    Not for secrets: ids only need to be unique, and this is several times cheaper than
    ``str(uuid.uuid4())``, which showed up in the benchmark's profile.
    """
    value = f"{random.getrandbits(128) & _UUID4_CLEAR | _UUID4_SET:032x}"
    return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"


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
        blob_id = new_uuid()
        self.blobs[blob_id] = blob
        while len(self.blobs) > MAX_BLOBS:
            self.blobs.popitem(last=False)
        return blob_id

    def replace_samples(self, voice: Voice, sample: Sample) -> None:
        """Make ``sample`` the voice's only sample and drop the audio of the ones it replaces."""
        for old in voice.samples:
            self.blobs.pop(old.blob_id, None)
        voice.samples = [sample]
