"""Bad input never gets a 5xx and never changes state; a value the spec accepts is served end to end."""

from __future__ import annotations

import dataclasses
import json
import uuid
from typing import Any

import httpx
import pytest

from tests.mock.test_app import PALABRA, PALABRA_AUTH, RESEMBLE, RESEMBLE_AUTH, call, clip_body, palabra_error
from tests.mock.test_app import resemble_error as resemble_error_message
from tests.support import RESOURCES
from voice_contracts.mock import MockApp
from voice_contracts.mock.state import Clip
from voice_contracts.serving import RunningServer
from voice_contracts.spec import Spec
from voice_contracts.suite.audio_probe import probe
from voice_contracts.suite.receiver import CallbackReceiver

JSON_HEADERS = {"content-type": "application/json"}
CLIP_KEY = (RESOURCES.resemble_project_uuid, RESOURCES.resemble_clip_uuid)

# Each is refused by RFC 8259 (or, for 1e999, cannot be represented) although Python's json reads it.
NOT_JSON = {
    "nan": "NaN",
    "infinity": "Infinity",
    "minus_infinity": "-Infinity",
    "overflow": "1e999",
    "negative_overflow": "-1e999",
}
LONE_SURROGATES = ['"\\ud800"', '"\\udfff"', '"x\\ud83dy"']


def _clip(app: MockApp) -> Clip:
    return dataclasses.replace(app.store.clips[CLIP_KEY])


def _resemble_raw(app: MockApp, raw: str) -> httpx.Response:
    return call(app, "PUT", RESEMBLE, {**RESEMBLE_AUTH, **JSON_HEADERS}, content=raw.encode())


def _palabra_raw(app: MockApp, raw: str) -> httpx.Response:
    return call(app, "POST", PALABRA, {**PALABRA_AUTH, **JSON_HEADERS}, content=raw.encode())


def _clip_json_with(field: str, raw_value: str) -> str:
    """A valid update body whose ``field`` holds ``raw_value`` verbatim (JSON text, not a Python value)."""
    body = clip_body(title="Before")
    body[field] = "__HOLE__"
    return json.dumps(body).replace('"__HOLE__"', raw_value)


@pytest.mark.parametrize("field", ["title", "body", "voice_uuid", "callback_uri"])
@pytest.mark.parametrize("surrogate", LONE_SURROGATES)
def test_a_lone_surrogate_in_a_clip_update_is_400_and_changes_nothing(
    mock_app: MockApp, field: str, surrogate: str
) -> None:
    before = _clip(mock_app)
    response = _resemble_raw(mock_app, _clip_json_with(field, surrogate))
    assert "not valid JSON" in resemble_error_message(response, 400)
    assert _clip(mock_app) == before
    assert mock_app.store.blobs == {}
    # The clip is still usable: an update without a title is served.
    assert call(mock_app, "PUT", RESEMBLE, RESEMBLE_AUTH, json=clip_body()).status_code == 200
    assert mock_app.response_violations == []


@pytest.mark.parametrize("surrogate", LONE_SURROGATES)
def test_a_lone_surrogate_anywhere_in_a_palabra_body_is_400(mock_app: MockApp, spec: Spec, surrogate: str) -> None:
    for raw in (f'{{"data": {{"lang_code": {surrogate}}}}}', f'{{"data": {{"lang_code": "en", {surrogate}: 1}}}}'):
        palabra_error(_palabra_raw(mock_app, raw), 400, spec)
    assert mock_app.store.voices[RESOURCES.palabra_voice_id].samples == []


@pytest.mark.parametrize("constant", NOT_JSON.values(), ids=NOT_JSON.keys())
def test_non_finite_numbers_are_400_in_both_envelopes(mock_app: MockApp, spec: Spec, constant: str) -> None:
    before = _clip(mock_app)
    for field in ("sample_rate", "title", "extra"):
        response = _resemble_raw(mock_app, _clip_json_with(field, constant))
        assert "not valid JSON" in resemble_error_message(response, 400)
    assert _clip(mock_app) == before
    palabra_error(_palabra_raw(mock_app, f'{{"data": {{"lang_code": "en", "x": {constant}}}}}'), 400, spec)
    palabra_error(_palabra_raw(mock_app, constant), 400, spec)
    assert mock_app.store.blobs == {}


def test_body_that_is_not_utf8_is_400(mock_app: MockApp, spec: Spec) -> None:
    raw = json.dumps({"data": {"lang_code": "en"}}).encode("utf-16")
    response = call(mock_app, "POST", PALABRA, {**PALABRA_AUTH, **JSON_HEADERS}, content=raw)
    palabra_error(response, 400, spec)


@pytest.mark.parametrize("output_format", ["wav", "mp3"])
def test_an_integral_float_sample_rate_is_served_as_that_rate(
    live_mock: RunningServer, receiver: tuple[CallbackReceiver, str], output_format: str
) -> None:
    # JSON Schema counts 22050.0 as the integer 22050, so the spec accepts it; its audio must render.
    recorder, url = receiver
    token = uuid.uuid4().hex
    raw = _clip_json_with("sample_rate", "22050.0").replace("http://127.0.0.1:9/cb", f"{url}/callbacks/{token}")
    raw = raw.replace('"title"', f'"output_format": "{output_format}", "title"')
    headers = {**RESEMBLE_AUTH, **JSON_HEADERS}
    response = httpx.put(live_mock.url + RESEMBLE, content=raw, headers=headers, timeout=10)
    assert response.status_code == 200
    (delivery,) = recorder.wait(token, timeout=15)
    for _ in range(2):  # the second download comes from the render cache
        audio = httpx.get(delivery.payload["url"], timeout=10)
        assert audio.status_code == 200
        assert probe(audio.content).sample_rate == 22050


def _update_with_callback(app: MockApp, **extra: Any) -> httpx.Response:
    return call(app, "PUT", RESEMBLE, RESEMBLE_AUTH, json=clip_body(**extra))


def test_audio_is_served_only_under_the_extension_of_its_format(mock_app: MockApp) -> None:
    response = call(mock_app, "POST", PALABRA, PALABRA_AUTH, json={"data": {"lang_code": "en"}})
    path = httpx.URL(response.json()["data"]["url"]).path
    assert path.endswith(".wav")
    assert call(mock_app, "GET", path).status_code == 200
    stem = path.rsplit(".", 1)[0]
    for wrong in (f"{stem}.mp3", stem, f"{stem}.wav.mp3", f"{stem}.WAV"):
        assert call(mock_app, "GET", wrong).status_code == 404, wrong


def test_an_unexpected_error_in_a_clip_update_is_a_500_envelope_and_changes_nothing(
    mock_app: MockApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("payload failed")

    # The payload is prepared after the audio is stored: the failure must take the audio back too.
    monkeypatch.setattr("voice_contracts.mock.resemble.Resemble._payload", broken)
    before = _clip(mock_app)
    response = _update_with_callback(mock_app, title="Never stored", include_timestamps=True)
    assert "failed unexpectedly" in resemble_error_message(response, 500)
    assert mock_app.response_violations == [f"PUT {RESEMBLE}: RuntimeError"]
    assert _clip(mock_app) == before
    assert mock_app.store.blobs == {} and mock_app.sender.pending == 0
    monkeypatch.undo()
    assert _update_with_callback(mock_app).status_code == 200


def test_an_unexpected_error_in_a_regeneration_is_a_500_envelope_and_changes_nothing(
    mock_app: MockApp, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert call(mock_app, "POST", PALABRA, PALABRA_AUTH, json={"data": {"lang_code": "en"}}).status_code == 200
    voice = mock_app.store.voices[RESOURCES.palabra_voice_id]
    samples, blobs = list(voice.samples), dict(mock_app.store.blobs)

    def broken(text: str) -> float:
        raise RuntimeError("duration failed")

    monkeypatch.setattr("voice_contracts.mock.palabra.speech_duration", broken)
    response = call(mock_app, "POST", PALABRA, PALABRA_AUTH, json={"data": {"lang_code": "fr"}})
    palabra_error(response, 500, spec)
    assert mock_app.response_violations == [f"POST {PALABRA}: RuntimeError"]
    assert voice.samples == samples and dict(mock_app.store.blobs) == blobs
    assert voice.voice_id not in mock_app.store.locked_voices
