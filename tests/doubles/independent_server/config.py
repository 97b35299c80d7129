"""Settings of the independent double, and the catalogue of its deliberately broken variants."""

from __future__ import annotations

from dataclasses import dataclass

# Each variant breaks exactly one promise of openapi.yaml; everything else stays conforming, so a
# contract tool that notices the break is noticing that one promise and nothing else.
VARIANTS: dict[str, str] = {
    "palabra_error_item_without_code": "Palabra error items omit the required `error_code` property.",
    "palabra_lock_never_held": "Concurrent regenerations of one voice all succeed; the 403 lock never happens.",
    "palabra_sample_duration_mismatch": "The served sample lasts twice as long as its audio_metadata.duration says.",
    "resemble_accepts_any_sample_rate": "Resemble accepts any integer sample_rate (e.g. 48000), not just the enum.",
    "resemble_timestamps_always_sent": "Callbacks carry audio_timestamps even when include_timestamps was not true.",
}


@dataclass(frozen=True, kw_only=True)
class Config:
    """Credentials the double accepts and the timings it uses.

    The defaults are the shared test credentials; the timings are chosen to differ from whatever a
    typical mock uses while staying legal (the spec fixes none of them).
    """

    palabra_client_id: str = "mock-client-id"
    palabra_client_secret: str = "mock-client-secret"
    palabra_api_key: str = "mock-palabra-key"
    resemble_token: str = "mock-resemble-token"

    # A voice, project and clip that exist from the start. Other ids are accepted too (see below).
    voice_id: str = "voice_demo"
    project_uuid: str = "6d7e8f90"
    clip_uuid: str = "3f2b9c1d"

    # OpenAPI lets any one satisfied security requirement authorise a request, so by default a valid
    # Bearer key wins even beside a wrong ClientID. True: any credential that is sent must be valid.
    reject_any_bad_credential: bool = False

    # None: every voice id names an existing voice. A set: only `voice_id` and these exist; others get 404.
    known_voices: frozenset[str] | None = None

    # How long a regeneration holds its voice's lock (the window in which a second attempt gets 403).
    lock_seconds: float = 0.18
    # Delay between the 200 of a clip update and the first callback attempt.
    callback_delay_seconds: float = 0.04
    callback_attempts: int = 3
    callback_timeout_seconds: float = 2.0
    callback_backoff_seconds: float = 0.1
    # The callback promises that its audio URL works for one hour.
    clip_audio_ttl_seconds: float = 3600.0
    # How many audio files are kept at once; the oldest go first (URLs may expire per the spec).
    max_stored_audio: int = 256
    max_body_bytes: int = 1 << 20
    # When set, audio URLs use this base instead of the one derived from the request's Host header.
    public_base_url: str | None = None
