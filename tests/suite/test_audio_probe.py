"""The audio probe reads what the mock writes, and refuses what is not audio."""

from __future__ import annotations

import pytest

from voice_contracts.mock.audio import AudioRequest, plan_speech, render
from voice_contracts.suite.audio_probe import AudioProbeError, probe


@pytest.mark.parametrize("rate", [16000, 22050, 44100])
@pytest.mark.parametrize(
    ("fmt", "precision", "bits"), [("wav", "PCM_16", 16), ("wav", "PCM_32", 32), ("mp3", "PCM_16", None)]
)
def test_probe_reads_rendered_audio(rate: int, fmt: str, precision: str, bits: int | None) -> None:
    info = probe(render(AudioRequest("Hello world", fmt, rate, precision)))  # type: ignore[arg-type]
    assert (info.container, info.sample_rate, info.bits_per_sample, info.channels) == (fmt, rate, bits, 1)
    # MP3 adds encoder padding; WAV is exact.
    assert info.duration == pytest.approx(plan_speech("Hello world").duration, abs=0.12 if fmt == "mp3" else 1e-3)


@pytest.mark.parametrize("data", [b"", b"RIFF\x00\x00\x00\x00WAVEjunk", b"<html></html>" * 10])
def test_probe_refuses_non_audio(data: bytes) -> None:
    with pytest.raises(AudioProbeError):
        probe(data)
