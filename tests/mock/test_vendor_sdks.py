"""The vendors' own SDKs (pinned in the dev extra) against the mock on a loopback port.

What an official SDK sends is the best evidence of what the real servers accept, so the spec
and the mock must take every legitimate request these SDKs make.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from palabra_ai import ApiError, VoicesAPI
from resemble import Resemble

from tests.support import RESOURCES
from voice_contracts.mock import MockApp
from voice_contracts.serving import RunningServer
from voice_contracts.spec import Spec
from voice_contracts.suite.audio_probe import probe
from voice_contracts.suite.receiver import CallbackReceiver

CALLBACK_WAIT_SECONDS = 15


@pytest.fixture
def resemble_sdk(live_mock: RunningServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The Resemble SDK pointed at the mock; its settings are class-level, so they are restored after."""
    # The SDK joins its base URL (default https://app.resemble.ai/api/) with "v2/<endpoint>".
    monkeypatch.setattr(Resemble, "_base_url", f"{live_mock.url}/api/")
    # api_key() rewrites these header dicts in place: give it copies so the originals come back.
    for name in ("_headers", "_syn_server_headers", "_direct_syn_server_headers"):
        monkeypatch.setattr(Resemble, name, dict(getattr(Resemble, name)))
    Resemble.api_key(RESOURCES.resemble_api_token)
    yield Resemble.v2.clips


def _clip_schema_violations(spec: Spec, answer: Any) -> list[str]:
    validator = spec.validator(spec.operations["update_clip"].response_schema(200))
    return [str(v) for v in validator.violations(answer)]


def _callback(receiver: CallbackReceiver, token: str) -> dict[str, Any]:
    (delivery,) = receiver.wait(token, timeout=CALLBACK_WAIT_SECONDS)
    assert isinstance(delivery.payload, dict)
    return delivery.payload


def test_resemble_update_async_with_only_the_required_arguments(
    resemble_sdk: Any, mock_app: MockApp, receiver: tuple[CallbackReceiver, str], spec: Spec
) -> None:
    recorder, receiver_url = receiver
    stored = mock_app.store.clips[(RESOURCES.resemble_project_uuid, RESOURCES.resemble_clip_uuid)]
    token = uuid.uuid4().hex
    answer = resemble_sdk.update_async(
        RESOURCES.resemble_project_uuid,
        RESOURCES.resemble_clip_uuid,
        RESOURCES.resemble_voice_uuid,
        f"{receiver_url}/callbacks/{token}",
        "Sent by the vendor's SDK.",
    )
    assert answer["success"] is True, answer
    assert _clip_schema_violations(spec, answer) == []
    item = answer["item"]
    assert item["body"] == "Sent by the vendor's SDK."
    # Left out by the SDK, so the stored values are kept, and the item still carries both.
    assert (item["is_public"], item["is_archived"], item["title"]) == (
        stored.is_public,
        stored.is_archived,
        stored.title,
    )
    payload = _callback(recorder, token)
    assert payload["id"] == RESOURCES.resemble_clip_uuid and "audio_timestamps" not in payload
    audio = httpx.get(payload["url"], timeout=10)
    info = probe(audio.content)
    assert (audio.status_code, info.container, info.sample_rate) == (200, "wav", 22050)


def test_resemble_update_async_with_every_option(
    resemble_sdk: Any, mock_app: MockApp, receiver: tuple[CallbackReceiver, str], spec: Spec
) -> None:
    recorder, receiver_url = receiver
    token = uuid.uuid4().hex
    answer = resemble_sdk.update_async(
        RESOURCES.resemble_project_uuid,
        RESOURCES.resemble_clip_uuid,
        RESOURCES.resemble_voice_uuid,
        f"{receiver_url}/callbacks/{token}",
        "Every option the SDK offers.",
        title="From the SDK",
        sample_rate=16000,
        output_format="mp3",
        precision="PCM_32",
        include_timestamps=True,
        is_archived=True,
    )
    assert answer["success"] is True, answer
    assert _clip_schema_violations(spec, answer) == []
    item = answer["item"]
    assert (item["title"], item["is_archived"], item["is_public"]) == ("From the SDK", True, False)
    stored = mock_app.store.clips[(RESOURCES.resemble_project_uuid, RESOURCES.resemble_clip_uuid)]
    assert stored.is_archived is True
    payload = _callback(recorder, token)
    assert payload["url"].endswith(".mp3")
    assert len(payload["audio_timestamps"]["graph_chars"]) == len("Every option the SDK offers.")
    audio = httpx.get(payload["url"], timeout=10)
    info = probe(audio.content)
    assert (audio.headers["content-type"], info.container, info.sample_rate) == ("audio/mpeg", "mp3", 16000)


def test_resemble_sdk_sees_errors_in_the_envelope(resemble_sdk: Any, receiver: tuple[CallbackReceiver, str]) -> None:
    _, receiver_url = receiver
    answer = resemble_sdk.update_async(
        RESOURCES.resemble_project_uuid, "no-such-clip", RESOURCES.resemble_voice_uuid, f"{receiver_url}/cb", "Hi"
    )
    assert answer["success"] is False and "no-such-clip" in answer["message"]


def _palabra_request(base_url: str, voice_id: str, payload: dict[str, Any], spec: Spec) -> Any:
    # The SDK has no method for this operation; its generic request is what a user would call.
    api = VoicesAPI(RESOURCES.palabra_api_key, api_url=base_url)
    path = spec.operations["regenerate_tts_sample"].url("", voice_id=voice_id)
    return asyncio.run(api.request("POST", path, payload=payload))


def test_palabra_generic_request_regenerates_the_sample(live_mock: RunningServer, spec: Spec) -> None:
    data = _palabra_request(live_mock.url, RESOURCES.palabra_voice_id, {"lang_code": "fr"}, spec)
    # The SDK unwraps the "data" envelope itself.
    assert spec.validator(spec.schema("TTSSample")).violations(data) == []
    assert data["text"]["lang"] == "fr"
    info = probe(httpx.get(data["url"], timeout=10).content)
    assert info.duration == pytest.approx(data["audio_metadata"]["duration"], abs=0.01)


@pytest.mark.parametrize(
    ("voice_id", "payload", "status"),
    [("no-such-voice", {"lang_code": "fr"}, 404), (RESOURCES.palabra_voice_id, {"lang_code": "xx"}, 422)],
)
def test_palabra_generic_request_raises_the_envelope_error(
    live_mock: RunningServer, spec: Spec, voice_id: str, payload: dict[str, Any], status: int
) -> None:
    with pytest.raises(ApiError) as raised:
        _palabra_request(live_mock.url, voice_id, payload, spec)
    assert raised.value.status == status
    # The SDK reads the details out of the RFC 9457 items of the envelope.
    assert f"HTTP {status} - " in str(raised.value)
