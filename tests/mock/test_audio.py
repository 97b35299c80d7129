"""The speech timeline: the cheap duration must agree with the full plan."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from voice_contracts.mock.audio import MAX_SECONDS, plan_speech, speech_duration


@given(st.text(max_size=3000))
def test_speech_duration_equals_the_planned_duration(text: str) -> None:
    assert speech_duration(text) == plan_speech(text).duration


def test_long_texts_are_squeezed_into_the_maximum() -> None:
    assert speech_duration("x" * 10_000) <= MAX_SECONDS + 1e-6
    assert speech_duration("") == plan_speech(" ").duration
