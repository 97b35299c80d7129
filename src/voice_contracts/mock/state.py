"""In-memory state of the mock: voices and their samples, clips, and the audio behind URLs.

Nothing is persisted: a restart starts again from the seed resources.
"""

from __future__ import annotations

import random
import sys
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import NamedTuple

from voice_contracts.mock.audio import AudioRequest
from voice_contracts.settings import MockSettings

# Audio links stay valid while at most this many newer ones exist (Resemble's expire in an hour),
# and while the texts behind them stay under MOCK_MAX_STORED_BYTES.
MAX_BLOBS = 20_000
# RSS of a running mock before it stores anything, rounded up generously (about 60 MB measured),
# plus room for the allocator's slack under load.
BASELINE_BYTES = 128 * 1024 * 1024
# What one stored blob costs beside its text: the dict slot, the id, the Blob and its request.
BLOB_OVERHEAD_BYTES = 600


def memory_ceiling_bytes(settings: MockSettings) -> int:
    """The RSS the mock stays under, by its settings (documented in the README).

    Stored clip texts, the rendered-audio cache and the texts of waiting callbacks are the only
    things that grow with traffic; everything else is fixed in size.
    """
    pending = settings.callback_max_pending * settings.max_body_bytes
    return BASELINE_BYTES + settings.max_stored_bytes + settings.audio_cache_bytes + pending


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


class Blob(NamedTuple):
    """Audio reachable under /audio/<blob_id>: what to render and as which media type."""

    request: AudioRequest
    media_type: str

    @property
    def cost(self) -> int:
        """Bytes this blob keeps alive, by a conservative estimate."""
        return BLOB_OVERHEAD_BYTES + sys.getsizeof(self.request.text)


class AudioCache:
    """Rendered audio of recently fetched links, most recent last, capped in bytes.

    A 20-second clip at 48 kHz in 32 bits is almost 4 MB, so a cap by count would not bound memory.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[AudioRequest, bytes] = OrderedDict()

    def get(self, request: AudioRequest) -> bytes | None:
        """The cached audio for ``request``, if any (and mark it recently used)."""
        audio = self._entries.get(request)
        if audio is not None:
            self._entries.move_to_end(request)
        return audio

    def put(self, request: AudioRequest, audio: bytes) -> None:
        """Keep ``audio`` unless it alone is larger than the cap; evict the oldest beyond the cap."""
        if len(audio) > self.max_bytes or request in self._entries:
            return
        self._entries[request] = audio
        self.bytes += len(audio)
        while self.bytes > self.max_bytes:
            _, old = self._entries.popitem(last=False)
            self.bytes -= len(old)


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
        self.blob_bytes = 0
        self.max_blob_bytes = settings.max_stored_bytes
        self.audio_cache = AudioCache(settings.audio_cache_bytes)

    def add_blob(self, blob: Blob) -> str:
        """Store ``blob`` under a fresh id, forgetting the oldest blobs beyond ``MAX_BLOBS`` or the byte cap."""
        blob_id = new_uuid()
        self.blobs[blob_id] = blob
        self.blob_bytes += blob.cost
        while len(self.blobs) > 1 and (len(self.blobs) > MAX_BLOBS or self.blob_bytes > self.max_blob_bytes):
            _, old = self.blobs.popitem(last=False)
            self.blob_bytes -= old.cost
        return blob_id

    def drop_blob(self, blob_id: str) -> None:
        """Forget one blob, if it is still stored."""
        old = self.blobs.pop(blob_id, None)
        if old is not None:
            self.blob_bytes -= old.cost

    def replace_samples(self, voice: Voice, sample: Sample) -> None:
        """Make ``sample`` the voice's only sample and drop the audio of the ones it replaces."""
        for old in voice.samples:
            self.drop_blob(old.blob_id)
        voice.samples = [sample]
