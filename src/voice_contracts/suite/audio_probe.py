"""Decode audio downloaded from a server far enough to check its documented properties."""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass

import miniaudio

from voice_contracts.errors import VoiceContractsError


class AudioProbeError(VoiceContractsError, ValueError):
    """Raised when bytes are neither a readable WAV nor a readable MP3 file."""


@dataclass(frozen=True)
class AudioInfo:
    """What a file really holds: container, sample rate, bit depth (WAV only) and length."""

    container: str
    sample_rate: int
    channels: int
    duration: float
    bits_per_sample: int | None

    @property
    def codec(self) -> str:
        """The codec name ffprobe would print for this stream."""
        if self.container == "mp3":
            return "mp3"
        return f"pcm_s{self.bits_per_sample}le"


def probe(data: bytes) -> AudioInfo:
    """Identify and decode ``data``; raise ``AudioProbeError`` if it is not WAV or MP3 audio."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        try:
            with wave.open(io.BytesIO(data)) as wav:
                frames, rate = wav.getnframes(), wav.getframerate()
                return AudioInfo("wav", rate, wav.getnchannels(), frames / rate, wav.getsampwidth() * 8)
        except (wave.Error, EOFError, ZeroDivisionError) as exc:
            raise AudioProbeError(f"unreadable WAV: {exc}") from exc
    try:
        info = miniaudio.mp3_get_info(data)
    except miniaudio.DecodeError as exc:
        raise AudioProbeError(f"neither WAV nor MP3 ({len(data)} bytes, starts {data[:8]!r})") from exc
    if info.sample_rate <= 0 or info.num_frames <= 0:
        raise AudioProbeError("MP3 stream with no audio frames")
    return AudioInfo("mp3", info.sample_rate, info.nchannels, info.num_frames / info.sample_rate, None)
