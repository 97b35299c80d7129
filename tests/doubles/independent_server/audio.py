"""Synthesises real, decodable audio: a plain tone of an exact length, as WAV or MP3."""

from __future__ import annotations

import importlib
import io
import math
import sys
import wave
from array import array

# A single 0.3-amplitude period is computed once and tiled, which keeps even ten seconds of
# 44.1 kHz audio cheap enough to build inside the event loop's worker thread.
_AMPLITUDE = 0.3
_TONE_HZ = 440.0


def _period(rate: int, sampwidth: int) -> bytes:
    length = max(8, round(rate / _TONE_HZ))
    peak = (1 << (8 * sampwidth - 1)) - 1
    code = "h" if sampwidth == 2 else "i"
    samples = array(code, (round(_AMPLITUDE * peak * math.sin(2 * math.pi * i / length)) for i in range(length)))
    if samples.itemsize != sampwidth:
        raise RuntimeError(f"platform array '{code}' is not {sampwidth} bytes wide")
    if sys.byteorder == "big":
        samples.byteswap()  # WAV and LAME both want little-endian samples
    return samples.tobytes()


def pcm(frames: int, rate: int, sampwidth: int) -> bytes:
    """`frames` mono samples of a tone, little-endian signed integers of `sampwidth` bytes."""
    period = _period(rate, sampwidth)
    wanted = frames * sampwidth
    return (period * (wanted // len(period) + 1))[:wanted]


def wav(frames: int, rate: int, sampwidth: int = 2) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(sampwidth)
        out.setframerate(rate)
        out.writeframes(pcm(frames, rate, sampwidth))
    return buffer.getvalue()


def mp3(frames: int, rate: int) -> bytes:
    # Imported lazily and untyped: lameenc ships no stubs, and only MP3 clips need it.
    lameenc = importlib.import_module("lameenc")
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(64)
    encoder.set_in_sample_rate(rate)
    # Without this LAME may pick its own output rate; the caller asked for this one.
    encoder.set_out_sample_rate(rate)
    encoder.set_channels(1)
    encoder.set_quality(5)
    data = bytes(encoder.encode(pcm(frames, rate, 2))) + bytes(encoder.flush())
    return data


def frames_for(seconds: float, rate: int) -> int:
    return max(1, round(seconds * rate))
