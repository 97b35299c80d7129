"""Synthesize real, playable audio for the mock: a tone per character, in WAV or MP3.

The "voice" is a sequence of short tones, one per character of the text, so the audio is
deterministic, cheap to make and easy to verify: its length, sample rate, bit depth and the
timing of every character are known exactly.
"""

from __future__ import annotations

import functools
import io
import unicodedata
import wave
from dataclasses import dataclass
from typing import Literal, NamedTuple

import lameenc
import numpy as np

OutputFormat = Literal["wav", "mp3"]
Precision = Literal["PCM_16", "PCM_32"]

# Seconds of audio per character. A long text is squeezed into MAX_SECONDS so that one request
# can never make the mock render minutes of audio.
SECONDS_PER_CHAR = 0.06
MAX_SECONDS = 20.0
LEAD_SECONDS = 0.05

MP3_BITRATE_KBPS = 64

# The media type each format is served as, and the extension its links end in (one per type).
MEDIA_TYPES: dict[str, str] = {"wav": "audio/wav", "mp3": "audio/mpeg"}
EXTENSIONS: dict[str, str] = {media_type: extension for extension, media_type in MEDIA_TYPES.items()}
AUDIO_PREFIX = "/audio/"


def audio_path(blob_id: str, media_type: str) -> str:
    """The path audio of ``media_type`` is served under: the extension always matches the content."""
    return f"{AUDIO_PREFIX}{blob_id}.{EXTENSIONS[media_type]}"


@dataclass(frozen=True)
class CharSpan:
    """When one character is spoken, in seconds from the start of the audio."""

    char: str
    start: float
    end: float


@dataclass(frozen=True)
class SpeechPlan:
    """The timing of a text: one span per character and the total duration."""

    spans: tuple[CharSpan, ...]
    duration: float


class AudioRequest(NamedTuple):
    """What to render: the text and the audio format it should have.

    A named tuple rather than a frozen dataclass: one is made per request, and it is a cache key.
    """

    text: str
    output_format: OutputFormat = "wav"
    sample_rate: int = 22050
    precision: Precision = "PCM_16"


def _seconds_per_char(length: int) -> float:
    return min(SECONDS_PER_CHAR, (MAX_SECONDS - 2 * LEAD_SECONDS) / max(length, 1))


@functools.lru_cache(maxsize=1024)
def speech_duration(text: str) -> float:
    """The duration ``plan_speech(text)`` would report, without laying out every character.

    Responses only need the duration, and building the full plan cost most of a request's time.
    """
    length = max(len(text), 1)
    end = round(LEAD_SECONDS + length * _seconds_per_char(length), 6)
    return round(end + LEAD_SECONDS, 6)


def plan_speech(text: str) -> SpeechPlan:
    """Lay the characters of ``text`` out on a timeline; the audio ends after the last one."""
    chars = list(text) or [" "]
    per_char = _seconds_per_char(len(chars))
    spans = tuple(
        CharSpan(char, round(LEAD_SECONDS + i * per_char, 6), round(LEAD_SECONDS + (i + 1) * per_char, 6))
        for i, char in enumerate(chars)
    )
    return SpeechPlan(spans=spans, duration=round(spans[-1].end + LEAD_SECONDS, 6))


def timestamps(text: str) -> dict[str, list[str] | list[list[float]]]:
    """The ``audio_timestamps`` object for ``text``: graphemes and a crude phoneme reading."""
    plan = plan_speech(text)
    # A "phoneme" here is a letter stripped of its accents; the mock has no real phonetics.
    phonemes = [
        (unicodedata.normalize("NFKD", span.char)[0].lower(), span) for span in plan.spans if span.char.isalpha()
    ]
    return {
        "graph_chars": [span.char for span in plan.spans],
        "graph_times": [[span.start, span.end] for span in plan.spans],
        "phon_chars": [phoneme for phoneme, _ in phonemes],
        "phon_times": [[span.start, span.end] for _, span in phonemes],
    }


def _samples(plan: SpeechPlan, sample_rate: int) -> np.ndarray:
    total = round(plan.duration * sample_rate)
    signal = np.zeros(total, dtype=np.float64)
    for span in plan.spans:
        if span.char.isspace():
            continue
        begin, end = round(span.start * sample_rate), round(span.end * sample_rate)
        t = np.arange(end - begin) / sample_rate
        frequency = 180.0 + (ord(span.char) % 40) * 12.0
        envelope = np.minimum(1.0, np.minimum(t, t[::-1]) * 200.0) if len(t) else t
        signal[begin:end] = 0.4 * np.sin(2 * np.pi * frequency * t) * envelope
    return signal


def render(request: AudioRequest) -> bytes:
    """Encode the speech of ``request.text`` in the requested container, rate and depth."""
    signal = _samples(plan_speech(request.text), request.sample_rate)
    if request.output_format == "mp3":
        return _mp3(signal, request.sample_rate)
    return _wav(signal, request.sample_rate, request.precision)


def _wav(signal: np.ndarray, sample_rate: int, precision: Precision) -> bytes:
    if precision == "PCM_32":
        pcm, width = (signal * (2**31 - 1)).astype("<i4"), 4
    else:
        pcm, width = (signal * (2**15 - 1)).astype("<i2"), 2
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(width)
        out.setframerate(sample_rate)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def _mp3(signal: np.ndarray, sample_rate: int) -> bytes:
    # MP3 has no integer bit depth, so `precision` does not apply to it (see the README).
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(MP3_BITRATE_KBPS)
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(7)
    pcm = (signal * (2**15 - 1)).astype("<i2").tobytes()
    return bytes(encoder.encode(pcm) + encoder.flush())


def codec_name(output_format: OutputFormat, precision: Precision) -> str:
    """The codec name ffprobe would report for audio rendered with these settings."""
    if output_format == "mp3":
        return "mp3"
    return "pcm_s32le" if precision == "PCM_32" else "pcm_s16le"
